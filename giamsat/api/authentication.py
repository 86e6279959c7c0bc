"""`Authorization: Bearer gs57_…` for systems; the browser's session (with CSRF) for people, once it has passed its
second factor (giamsat/accounts/two_factor.py)."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from giamsat.accounts.audit import audit_record
from giamsat.accounts.choices import AuditKind
from giamsat.accounts.two_factor import second_factor_step

from .tokens import token_for_key


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization phải có dạng: Bearer <mã truy cập>."))
        try:
            key = header[1].decode()
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ.")) from error
        token = token_for_key(key)
        if token is None or (token.user is not None and not token.user.is_active):
            audit_token_use(request, token, accepted=False, key=key)
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ hoặc đã bị thu hồi."))
        audit_token_use(request, token, accepted=True, key=key)
        return (token.user if token.user is not None else AnonymousUser(), token)

    def authenticate_header(self, request):
        return self.keyword


def audit_token_use(request, token, *, accepted: bool, key: str) -> None:
    """Every request that presents a token is an entry of the audit trail, refused ones too (by the key's public
    prefix: the secret part is never written)."""
    prefix = token.prefix if token is not None else key.split("_")[1][:16] if key.count("_") >= 2 else ""
    audit_record(
        AuditKind.TOKEN_USED,
        request=request._request,
        actor=token.user if token is not None else None,
        actor_name=token.user.get_username() if token is not None and token.user else f"api-{prefix}",
        target=token,
        detail={"accepted": accepted, "method": request.method, "prefix": prefix},
    )


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "maTruyCap"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(_("Mã truy cập do quản trị hệ thống cấp: Authorization: Bearer gs57_…")),
        }


class SecondFactorRequired(exceptions.AuthenticationFailed):
    default_detail = _("Phiên đăng nhập chưa qua bước xác thực hai lớp. Hãy hoàn tất đăng nhập trên trang web.")
    default_code = "second_factor_required"


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, refusing (401, code second_factor_required) a session that still owes its
    second factor (the code after the password, or the enrolment its role requires): such a session reaches the
    API no further than the pages."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and second_factor_step(request._request) is not None:
            raise SecondFactorRequired()
        return result


class VerifiedSessionScheme(SessionScheme):
    target_class = VerifiedSessionAuthentication
