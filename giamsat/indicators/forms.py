import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from giamsat.agencies.models import Agency
from giamsat.common.dates import DATE_WIDGET, AsOfField
from giamsat.common.numbers import show_number
from giamsat.directives.models import Directive, Task
from giamsat.reporting.evidence_files import MAX_EVIDENCE_BYTES

from .choices import Colour, Layer
from .models import Indicator, IndicatorValue

GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def parse_number(raw) -> Decimal:
    """A number as people type it in Vietnam ("1.234,5", "95,5") or as computers write it ("95.5", 1234.5)."""
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        return Decimal(str(raw))
    text = str(raw or "").strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif GROUPED.match(text):
        text = text.replace(".", "")
    if not NUMBER.match(text):
        raise ValidationError(_("“%(raw)s” không phải là số (ví dụ: 95,5 hoặc 1.234).") % {"raw": raw})
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("“%(raw)s” không phải là số.") % {"raw": raw}) from None


class NumberField(forms.DecimalField):
    """A decimal typed the Vietnamese way (comma before the decimals), shown back the same way."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_number(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float):
            return show_number(value)
        return value


class IndicatorForm(forms.ModelForm):
    """The standing office's indicator form; the tasks are picked by their number (STT) in the directive."""

    task_refs = forms.CharField(
        label=gettext_lazy("Nhiệm vụ liên quan (STT trong văn bản, cách nhau bởi dấu phẩy)"),
        required=False,
        help_text=gettext_lazy("Ví dụ: 10, 12, 13. Chỉ nhập khi đã chọn văn bản đặt chỉ tiêu."),
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "unit",
            "direction",
            "layer",
            "baseline_value",
            "baseline_on",
            "target_value",
            "target_on",
            "agency",
            "frequency",
            "data_source",
            "directive",
            "source_text",
            "is_public",
        ]
        field_classes = {"baseline_value": NumberField, "target_value": NumberField}
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "source_text": forms.Textarea(attrs={"rows": 2}),
            "baseline_on": DATE_WIDGET,
            "target_on": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")
        self.fields["directive"].queryset = Directive.objects.order_by("-issued_on", "number")
        if self.instance.pk and not self.is_bound:
            refs = self.instance.tasks.order_by("position", "pk").values_list("ref", flat=True)
            self.initial["task_refs"] = ", ".join(refs)

    def clean(self):
        data = super().clean()
        refs = [ref.strip() for ref in re.split(r"[,;\s]+", data.get("task_refs") or "") if ref.strip()]
        directive = data.get("directive")
        if refs and directive is None:
            self.add_error("task_refs", _("Hãy chọn văn bản đặt chỉ tiêu trước khi nhập STT nhiệm vụ."))
            return data
        tasks = list(Task.objects.filter(directive=directive, ref__in=refs)) if refs else []
        missing = sorted(set(refs) - {t.ref for t in tasks})
        if missing:
            self.add_error(
                "task_refs",
                _("Văn bản không có nhiệm vụ STT: %(refs)s.") % {"refs": ", ".join(missing)},
            )
        data["tasks"] = tasks
        return data

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MilestoneForm(forms.Form):
    due_on = forms.DateField(label=gettext_lazy("Mốc thời gian"), widget=DATE_WIDGET)
    value = NumberField(label=gettext_lazy("Giá trị phải đạt"), max_digits=20, decimal_places=4)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "moc")
        super().__init__(*args, **kwargs)


class ValueForm(forms.ModelForm):
    """The officer's value for the period, with an evidence file or link (both optional here)."""

    file = forms.FileField(label=gettext_lazy("Tệp minh chứng (PDF, Word, Excel, ảnh; tối đa 20 MB)"), required=False)
    file_description = forms.CharField(label=gettext_lazy("Mô tả tệp"), required=False, max_length=500)
    url = forms.URLField(label=gettext_lazy("Đường dẫn minh chứng"), required=False, max_length=1000)

    class Meta:
        model = IndicatorValue
        fields = ["value", "measured_on", "source", "note"]
        field_classes = {"value": NumberField}
        widgets = {"measured_on": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3})}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and upload.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(_("Tệp minh chứng quá lớn (tối đa 20 MB)."))
        return upload


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Ý kiến (bắt buộc khi trả lại)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) đã điền"))


class IndicatorFilterForm(forms.Form):
    """The list's filters; a value that is not one of the choices is ignored with an error beside its field."""

    q = forms.CharField(label=gettext_lazy("Tìm theo tên hoặc mã"), required=False)
    tang = forms.ChoiceField(label=gettext_lazy("Tầng"), required=False)
    mau = forms.ChoiceField(label=gettext_lazy("Màu đánh giá"), required=False)
    co_quan = forms.ModelChoiceField(label=gettext_lazy("Cơ quan chịu trách nhiệm"), required=False, queryset=None)
    van_ban = forms.ModelChoiceField(label=gettext_lazy("Văn bản đặt chỉ tiêu"), required=False, queryset=None)
    cong_khai = forms.ChoiceField(label=gettext_lazy("Công khai"), required=False)
    as_of = AsOfField(label=gettext_lazy("Tính đến ngày"), required=False)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tang"].choices = [("", _("Mọi tầng")), *Layer.choices]
        self.fields["mau"].choices = [("", _("Mọi màu")), *Colour.choices]
        self.fields["cong_khai"].choices = [("", _("Tất cả")), ("1", _("Công khai")), ("0", _("Nội bộ"))]
        self.fields["co_quan"].queryset = Agency.objects.filter(
            pk__in=indicators.exclude(agency=None).values("agency_id")
        ).order_by("name")
        self.fields["co_quan"].empty_label = _("Mọi cơ quan")
        self.fields["van_ban"].queryset = Directive.objects.filter(
            pk__in=indicators.exclude(directive=None).values("directive_id")
        ).order_by("-issued_on")
        self.fields["van_ban"].empty_label = _("Mọi văn bản")
