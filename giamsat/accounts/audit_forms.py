from django import forms
from django.utils.translation import gettext_lazy as _

from giamsat.common.dates import DATE_WIDGET

from .choices import AuditKind


class AuditFilterForm(forms.Form):
    """The audit trail's search and filters (GET)."""

    q = forms.CharField(label=_("Tìm theo tên đăng nhập, đối tượng, địa chỉ IP"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Loại sự kiện"), choices=[("", _("Mọi loại sự kiện")), *AuditKind.choices], required=False
    )
    since = forms.DateField(label=_("Từ ngày"), required=False, widget=DATE_WIDGET, input_formats=["%d/%m/%Y"])
    until = forms.DateField(label=_("Đến ngày"), required=False, widget=DATE_WIDGET, input_formats=["%d/%m/%Y"])
