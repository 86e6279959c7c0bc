from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .backends import DISABLED, UNUSED


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: phân biệt chữ hoa và chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ Cơ quan Thường trực."),
        "unused": _(
            "Tài khoản này đã bị khóa vì không được sử dụng quá %(days)s ngày. "
            "Vui lòng liên hệ quản trị hệ thống để mở lại."
        ),
    }

    def get_invalid_login_error(self):
        """The right password on a disabled or long-unused account: say why (accounts/backends.py)."""
        refusal = getattr(self.request, "login_refused", None)
        if refusal == DISABLED:
            return ValidationError(self.error_messages["inactive"], code="inactive")
        if refusal == UNUSED:
            days = settings.ACCOUNT_INACTIVE_DAYS
            return ValidationError(self.error_messages["unused"], code="unused", params={"days": days})
        return super().get_invalid_login_error()
