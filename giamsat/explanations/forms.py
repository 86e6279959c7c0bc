"""Forms of the requests for explanation's pages: they read what was typed; the rules (who, which agency, which due
date, which state) are the services' (services.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from giamsat.agencies.models import Agency
from giamsat.common.dates import DATE_WIDGET

from .choices import RequestState

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class AskForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Cơ quan giải trình"), queryset=Agency.objects.none(), required=False, empty_label=None
    )
    question = forms.CharField(label=_("Nội dung yêu cầu giải trình"), widget=TEXTAREA, max_length=4000)
    answer_due_on = forms.DateField(label=_("Hạn giải trình (dd/mm/yyyy)"), widget=DATE_WIDGET)

    def __init__(self, *args, agencies: list[Agency], **kwargs):
        super().__init__(*args, **kwargs)
        if len(agencies) > 1:
            self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")
            self.fields["agency"].required = True
            self.fields["agency"].help_text = _("Nhiệm vụ có nhiều cơ quan chủ trì: chọn cơ quan phải giải trình.")
        else:
            del self.fields["agency"]


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Nội dung giải trình"), widget=TEXTAREA, max_length=8000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "answer")
        super().__init__(*args, **kwargs)


class EvidenceFileForm(forms.Form):
    file = forms.FileField(label=_("Tệp minh chứng (PDF, Word, Excel, ảnh; tối đa 20 MB)"))
    description = forms.CharField(label=_("Mô tả (không bắt buộc)"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "file")
        super().__init__(*args, **kwargs)


class EvidenceLinkForm(forms.Form):
    url = forms.URLField(label=_("Đường dẫn"), max_length=1000, assume_scheme="https")
    description = forms.CharField(label=_("Mô tả (không bắt buộc)"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "link")
        super().__init__(*args, **kwargs)


class AcceptForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến (không bắt buộc)"), widget=TEXTAREA, required=False, max_length=4000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "accept")
        super().__init__(*args, **kwargs)


class ReopenForm(forms.Form):
    comment = forms.CharField(label=_("Nội dung chưa rõ, cần giải trình thêm"), widget=TEXTAREA, max_length=4000)
    new_due_on = forms.DateField(label=_("Hạn giải trình mới (dd/mm/yyyy)"), widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "reopen")
        super().__init__(*args, **kwargs)


class FilterForm(forms.Form):
    """The list's search and filters (GET)."""

    TASK, INDICATOR = "task", "indicator"
    q = forms.CharField(label=_("Tìm theo nội dung, nhiệm vụ, chỉ tiêu"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", _("Mọi trạng thái")), *RequestState.choices], required=False
    )
    agency = forms.ModelChoiceField(
        label=_("Cơ quan giải trình"), queryset=Agency.objects.none(), required=False, empty_label=_("Mọi cơ quan")
    )
    subject = forms.ChoiceField(
        label=_("Về"),
        choices=[("", _("Nhiệm vụ và chỉ tiêu")), (TASK, _("Nhiệm vụ")), (INDICATOR, _("Chỉ tiêu"))],
        required=False,
    )
    overdue = forms.BooleanField(label=_("Chỉ giải trình quá hạn"), required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies
