from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: phân biệt chữ hoa và chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ Cơ quan Thường trực."),
    }
