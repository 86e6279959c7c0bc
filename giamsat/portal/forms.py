"""The portal's filters: words, lead agency, status and directive, all in the address (GET)."""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from giamsat.indicators.choices import Colour, Layer
from giamsat.monitoring.choices import TaskStatus

from .selectors import public_directives, public_lead_agencies

FILTERS = ("agency", "status", "directive")


class DirectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj} · {Truncator(obj.title).chars(70)}" if obj.title else str(obj)


class PortalFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    agency = forms.ModelChoiceField(
        label=_("Cơ quan chủ trì"), queryset=public_lead_agencies(), required=False, empty_label=_("Tất cả cơ quan")
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", _("Mọi trạng thái")), *TaskStatus.choices], required=False
    )
    directive = DirectiveChoiceField(
        label=_("Văn bản chỉ đạo"), queryset=public_directives(), required=False, empty_label=_("Tất cả văn bản")
    )

    def filters(self) -> dict:
        """The valid filters' values (a wrong value is left out: the list shows the others' tasks)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": (data.get("q") or "").strip(),
            "agency": data.get("agency"),
            "status": data.get("status") or "",
            "directive": data.get("directive"),
        }


class IndicatorFilterForm(forms.Form):
    """The public indicators' filters: words, colour (`mau`, as the officials' list) and layer (`tang`)."""

    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    mau = forms.ChoiceField(label=_("Đánh giá"), choices=[("", _("Mọi mức đánh giá")), *Colour.choices], required=False)
    tang = forms.ChoiceField(label=_("Tầng chỉ tiêu"), choices=[("", _("Mọi tầng")), *Layer.choices], required=False)

    def filters(self) -> dict:
        """The valid filters' values (a wrong value is left out, and said so by the form's errors)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"q": (data.get("q") or "").strip(), "colour": data.get("mau") or "", "layer": data.get("tang") or ""}
