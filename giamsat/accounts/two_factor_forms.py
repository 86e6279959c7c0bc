from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """One code: the six digits the authenticator app shows now or, where `recovery` allows it, a recovery code."""

    otp_token = forms.CharField(
        label=_("Mã xác thực"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, recovery: bool = True, autofocus: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["otp_token"]
        if recovery:
            field.help_text = _("6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng (8 ký tự).")
        else:
            field.help_text = _("6 chữ số đang hiển thị trong ứng dụng xác thực.")
            field.widget.attrs["inputmode"] = "numeric"
        if autofocus:
            field.widget.attrs["autofocus"] = True
