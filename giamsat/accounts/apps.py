from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "giamsat.accounts"
    verbose_name = _("Người dùng và vai trò")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import stamp_session_on_login

        user_logged_in.connect(stamp_session_on_login, dispatch_uid="giamsat-accounts-stamp-session")

        from axes.signals import user_locked_out

        from . import two_factor  # noqa: F401 - its sign-in receiver: every sign-in starts without a second factor
        from .audit import on_locked_out  # and the audit trail's receivers, connected on import

        user_locked_out.connect(on_locked_out, dispatch_uid="giamsat-accounts-audit-locked-out")
