from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ProgressReport

DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}, format="%d/%m/%Y")


class ReportForm(forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["state", "progress_percent", "work_done", "product", "delivered_on", "difficulties", "proposals"]
        widgets = {
            "work_done": forms.Textarea(attrs={"rows": 4}),
            "product": forms.Textarea(attrs={"rows": 2}),
            "difficulties": forms.Textarea(attrs={"rows": 2}),
            "proposals": forms.Textarea(attrs={"rows": 2}),
            "delivered_on": DATE_INPUT,
        }


class EvidenceFileForm(forms.Form):
    file = forms.FileField(label=_("Tệp minh chứng (PDF, Word, Excel, ảnh; tối đa 20 MB)"))
    description = forms.CharField(label=_("Mô tả"), required=False, max_length=500)


class EvidenceReferenceForm(forms.Form):
    url = forms.URLField(label=_("Đường dẫn"), required=False)
    document_number = forms.CharField(label=_("Số văn bản"), required=False, max_length=64)
    document_date = forms.DateField(label=_("Ngày văn bản"), required=False, widget=DATE_INPUT)
    description = forms.CharField(label=_("Mô tả"), required=False, max_length=500)


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến thẩm định"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        if obj.kind == "file":
            label = obj.original_name
        elif obj.kind == "link":
            label = obj.url
        else:
            day = obj.document_date.strftime("%d/%m/%Y") if obj.document_date else ""
            label = " ".join(str(part) for part in (_("Văn bản"), obj.document_number, day) if part)
        return f"{label} — {obj.description}" if obj.description else label


class PublishForm(forms.Form):
    """What of an accepted report the public portal may show; the standing office ticks, the service decides."""

    result_public = forms.BooleanField(label=_("Công khai sản phẩm và ngày hoàn thành"), required=False)
    evidence = EvidenceChoiceField(
        label=_("Công khai minh chứng"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, report, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "result_public": report.result_is_public,
                "evidence": [e.pk for e in report.evidence.all() if e.is_public],
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = report.evidence.all()
