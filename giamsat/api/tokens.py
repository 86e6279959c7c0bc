"""Creating, checking and revoking API tokens. A key reads `gs57_<prefix>_<secret>`; we keep its SHA-256."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from giamsat.accounts.audit import audit_record
from giamsat.accounts.choices import AuditKind, Role
from giamsat.common.history import save_as

from .choices import TokenScope
from .models import ApiToken

KEY_PREFIX = "gs57"
SCOPE_ROLES = {
    TokenScope.PUBLIC_READ: None,  # acts as an anonymous visitor
    TokenScope.AGENCY_READ: Role.AGENCY_OFFICER,  # reads what the agency's officers read; writes refused by scope
    TokenScope.AGENCY_WRITE: Role.AGENCY_OFFICER,  # drafts and submits the agency's reports, like its officers
    TokenScope.STANDING_OFFICE: Role.STANDING_OFFICE,
}
LAST_USED_GRANULARITY = 60  # seconds: do not write on every request


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str  # shown once, never stored


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, name: str, scope: str, agency=None, acting_user, rate_per_minute: int = 120) -> IssuedToken:
    """Issue a token (administrators only) with its service account; returns the key to show once."""
    if not acting_user.is_administrator:
        raise PermissionDenied(_("Chỉ quản trị hệ thống được cấp mã truy cập API."))
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        name=name,
        scope=scope,
        agency=agency,
        prefix=prefix,
        key_hash=key_hash(key),
        rate_per_minute=rate_per_minute,
        created_by=acting_user,
    )
    token.full_clean(exclude=["user"])
    role = SCOPE_ROLES[scope]
    if role is not None:
        user = get_user_model()(
            username=f"api-{prefix}", role=role, agency=agency, first_name=name[:150], last_name=_("Hệ thống")
        )
        user.set_unusable_password()
        save_as(user, acting_user)
        token.user = user
    save_as(token, acting_user)
    _audit_token(token, acting_user, "issued")
    return IssuedToken(token, key)


def _audit_token(token: ApiToken, acting_user, action: str) -> None:
    """Issuing and revoking a token changes what a system may do: a permission change in the audit trail."""
    detail = {"token": action, "scope": token.scope, "agency": token.agency.name if token.agency else ""}
    audit_record(AuditKind.PERMISSION_CHANGED, actor=acting_user, target=token, detail=detail)


@transaction.atomic
def token_revoke(*, token: ApiToken, acting_user) -> ApiToken:
    if not acting_user.is_administrator:
        raise PermissionDenied(_("Chỉ quản trị hệ thống được thu hồi mã truy cập API."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        save_as(token, acting_user)
        if token.user is not None:
            token.user.is_active = False
            save_as(token.user, acting_user)
        _audit_token(token, acting_user, "revoked")
    return token


def token_for_key(key: str) -> ApiToken | None:
    """The active token with this key, or None; records the last use (at most once a minute)."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    token = ApiToken.objects.select_related("user", "agency").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.key_hash, key_hash(key)) or token.revoked_at is not None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
