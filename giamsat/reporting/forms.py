from django import forms
from django.utils.translation import gettext_lazy as _

from .evidence_files import MAX_EVIDENCE_BYTES
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
    """A file to add to the report: part of the report's one form (prefix "file"), optional there."""

    file = forms.FileField(label=_("Tệp minh chứng (PDF, Word, Excel, ảnh; tối đa 20 MB)"), required=False)
    description = forms.CharField(label=_("Mô tả tệp"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "file")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        return _not_too_large(self.cleaned_data["file"])


def _not_too_large(upload):
    """An evidence file over the limit is refused by its size, before anything reads it into memory."""
    if upload and upload.size > MAX_EVIDENCE_BYTES:
        raise forms.ValidationError(_("Tệp minh chứng quá lớn (tối đa 20 MB)."))
    return upload


class EvidenceReferenceForm(forms.Form):
    """A link or a document cited by number and date: part of the report's one form (prefix "ref"), optional."""

    url = forms.URLField(label=_("Đường dẫn"), required=False)
    document_number = forms.CharField(label=_("Số văn bản"), required=False, max_length=64)
    document_date = forms.DateField(label=_("Ngày văn bản"), required=False, widget=DATE_INPUT)
    description = forms.CharField(label=_("Mô tả đường dẫn, văn bản"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "ref")
        super().__init__(*args, **kwargs)

    def reference(self) -> dict | None:
        """The reference to add, or None when the user filled nothing of it."""
        data = self.cleaned_data
        if not data.get("url") and not data.get("document_number"):
            if data.get("document_date") or data.get("description"):
                raise forms.ValidationError(_("Hãy nhập đường dẫn hoặc số văn bản của minh chứng."))
            return None
        return data


class HeadDecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến của lãnh đạo đơn vị (bắt buộc khi trả lại)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EnterOnBehalfForm(forms.ModelForm):
    """The standing office types a report an agency sent on paper or through the e-office system."""

    agency = forms.ModelChoiceField(label=_("Cơ quan gửi báo cáo"), queryset=None)
    scan = forms.FileField(label=_("Bản chụp báo cáo của đơn vị (PDF, ảnh)"))
    note = forms.CharField(label=_("Ghi chú (số, ngày văn bản của đơn vị)"), required=False, max_length=500)

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

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.order_fields(["agency", "scan", "note"])

    def clean_scan(self):
        return _not_too_large(self.cleaned_data["scan"])


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
