"""The audit trail an inspector is handed (issue 16; docs/security.md): sign-ins and their failures, views of
secret content, exports, API token use, changes of roles, permissions, tokens and second factors.

Every entry is written by `audit_record`, in the transaction of the work it records when there is one (a change
rolled back did not happen; requests are not atomic as a whole, so a refused sign-in keeps its entry). Entries are
append-only (models.AuditEvent, and in the database a trigger of migration 0003) and kept
settings.AUDIT_RETENTION_DAYS (at least 366 days), then deleted by `giamsat audit_purge`.

Who acted comes from the request being served: `AuditRequestMiddleware` keeps it for the signal receivers below,
which have no request of their own (a role changed in the admin, a token issued by a command has none: the entry
then names no actor).
"""

import contextvars
import datetime

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giamsat.agencies.models import Agency
from giamsat.common.client_ip import client_ip

from .choices import AuditKind, Role
from .models import AuditEvent, User

MINIMUM_RETENTION_DAYS = 366  # issue 16: kept at least twelve months (a leap year too); migration 0004 agrees
# The fields whose change is a change of what the account may do.
PERMISSION_FIELDS = ("role", "agency_id", "is_active", "is_staff", "is_superuser")
TWO_FACTOR_STEP = "giamsat.accounts.two_factor"  # sender of user_login_failed for a wrong second-factor code

_current_request: contextvars.ContextVar = contextvars.ContextVar("giamsat_audit_request", default=None)


class AuditRequestMiddleware:
    """Keeps the request being served for the receivers below (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        check_retention()
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def check_retention() -> None:
    if settings.AUDIT_RETENTION_DAYS < MINIMUM_RETENTION_DAYS:
        raise ImproperlyConfigured(
            f"AUDIT_RETENTION_DAYS must be at least {MINIMUM_RETENTION_DAYS} (the audit trail is kept a year), "
            f"got {settings.AUDIT_RETENTION_DAYS}."
        )


def current_request():
    return _current_request.get()


def audit_record(
    kind: AuditKind,
    *,
    request=None,
    actor=None,
    actor_name: str = "",
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Write one entry. The actor is `actor`, else the request's signed-in user; the address is the request's
    client (common/client_ip.py). `target` names the object acted on (its model name, pk and text)."""
    request = request if request is not None else current_request()
    user = getattr(request, "user", None) if request is not None else None
    if actor is None and user is not None and user.is_authenticated:
        actor = user
    if target is not None:
        target_type = target_type or target._meta.model_name
        target_label = target_label or str(target)
    event = AuditEvent(
        kind=kind,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=(actor_name or (actor.get_username() if actor is not None else ""))[:150],
        ip_address=(client_ip(request) or None) if request is not None else None,
        target_type=target_type[:40],
        target_id=str(target.pk) if target is not None and target.pk is not None else str(target_id)[:64],
        target_label=target_label[:500],
        detail=detail or {},
        path=request.get_full_path()[:500] if request is not None else "",
    )
    event.save()
    return event


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    check_retention()
    return (now or timezone.now()) - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)


def audit_purge(now: datetime.datetime | None = None) -> int:
    """Delete the entries past the retention period, and django-axes' records of sign-ins and failures as old (they
    hold usernames, addresses and browsers too); the number deleted."""
    from axes.models import AccessFailureLog, AccessLog

    cutoff = retention_cutoff(now)
    deleted = AuditEvent.objects.purge_expired(before=cutoff)
    for model in (AccessLog, AccessFailureLog):
        deleted += model.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return deleted


# --- sign-in, sign-out --------------------------------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="giamsat.accounts.audit.signed_in")
def on_signed_in(sender, request, user, **kwargs):
    audit_record(AuditKind.SIGNED_IN, request=request, actor=user)


@receiver(user_logged_out, dispatch_uid="giamsat.accounts.audit.signed_out")
def on_signed_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(AuditKind.SIGNED_OUT, request=request, actor=user)


@receiver(user_login_failed, dispatch_uid="giamsat.accounts.audit.sign_in_failed")
def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    """A wrong password (the username as typed, and the account if there is one) or a wrong second-factor code."""
    username = str((credentials or {}).get("username", ""))[:150]
    account = User.objects.filter(username=username).first() if username else None
    step = "second_factor" if sender == TWO_FACTOR_STEP else "password"
    audit_record(
        AuditKind.SIGN_IN_FAILED,
        request=request,
        actor=account,
        actor_name=username,
        detail={"step": step},
    )


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """django-axes' `user_locked_out` (connected in apps.py)."""
    account = User.objects.filter(username=username).first() if username else None
    audit_record(AuditKind.LOCKED_OUT, request=request, actor=account, actor_name=str(username or "")[:150])


# --- permission changes -------------------------------------------------------------------------------------------


@receiver(pre_save, sender=User, dispatch_uid="giamsat.accounts.audit.user_before")
def remember_permissions(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._permissions_before = None
        return
    instance._permissions_before = User.objects.filter(pk=instance.pk).values(*PERMISSION_FIELDS).first()


@receiver(post_save, sender=User, dispatch_uid="giamsat.accounts.audit.user_after")
def record_permission_change(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = {field: getattr(instance, field) for field in PERMISSION_FIELDS}
    before = getattr(instance, "_permissions_before", None)
    if created or before is None:
        changes = {field: [None, value] for field, value in after.items()}
        detail = {"created": True, "changes": changes}
    else:
        changes = {field: [before[field], after[field]] for field in PERMISSION_FIELDS if before[field] != after[field]}
        if not changes:
            return
        detail = {"changes": changes}
    if getattr(instance, "_change_reason", None):
        detail["reason"] = str(instance._change_reason)
    audit_record(AuditKind.PERMISSION_CHANGED, target=instance, target_label=instance.get_username(), detail=detail)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="giamsat.accounts.audit.groups")
@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="giamsat.accounts.audit.permissions")
def record_group_or_permission_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    relation = "groups" if sender is User.groups.through else "user_permissions"
    names = sorted(str(obj) for obj in model.objects.filter(pk__in=pk_set or ()))
    users = [instance] if not reverse else list(User.objects.filter(pk__in=pk_set or ()))
    if reverse:
        names = [str(instance)]
    for user in users:
        audit_record(
            AuditKind.PERMISSION_CHANGED,
            target=user,
            target_label=user.get_username(),
            detail={relation: {"action": action.removeprefix("post_"), "items": names}},
        )


# --- what an entry says, in the reader's language ---------------------------------------------------------------

FIELD_LABELS = {
    "role": _("vai trò"),
    "agency_id": _("cơ quan"),
    "is_active": _("đang hoạt động"),
    "is_staff": _("vào trang quản trị"),
    "is_superuser": _("toàn quyền quản trị"),
}
ACTION_LABELS = {
    "password": _("sai mật khẩu"),
    "second_factor": _("sai mã xác thực hai lớp"),
    "enrolled": _("đăng ký ứng dụng xác thực"),
    "recovery_codes_issued": _("cấp mã dự phòng mới"),
    "disabled": _("tắt xác thực hai lớp"),
    "reset_by_administrator": _("quản trị đặt lại xác thực hai lớp"),
    "issued": _("cấp mã truy cập API"),
    "revoked": _("thu hồi mã truy cập API"),
    "authenticator": _("bằng ứng dụng xác thực"),
    "recovery_code": _("bằng mã dự phòng"),
    "add": _("thêm"),
    "remove": _("bỏ"),
    "clear": _("bỏ hết"),
}


def _value_text(field: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("có") if value else _("không"))
    if field == "role":
        return str(dict(Role.choices).get(value, value))
    if field == "agency_id":
        return Agency.objects.filter(pk=value).values_list("name", flat=True).first() or str(value)
    return str(value)


def describe_detail(event: AuditEvent) -> str:
    """An entry's detail as a sentence of the current language (the page and the Excel export)."""
    detail = event.detail or {}
    parts = []
    for key, value in detail.items():
        if key == "changes":
            changes = [
                f"{FIELD_LABELS.get(field, field)}: {_value_text(field, old)} → {_value_text(field, new)}"
                for field, (old, new) in value.items()
                if not (detail.get("created") and new in (None, "", False))
            ]
            parts.append("; ".join(changes))
        elif key == "created":
            parts.append(str(_("tạo tài khoản")))
        elif key in ("step", "action", "method") and str(value) in ACTION_LABELS:
            parts.append(str(ACTION_LABELS[str(value)]))
        elif key == "token":
            parts.append(str(ACTION_LABELS.get(value, value)))
        elif key == "accepted":
            parts.append(str(_("được chấp nhận") if value else _("bị từ chối")))
        elif key == "full_text":
            parts.append(str(_("đọc toàn văn văn bản")))
        elif key in ("groups", "user_permissions"):
            label = _("nhóm quyền") if key == "groups" else _("quyền riêng")
            items = ", ".join(value.get("items", []))
            parts.append(f"{label}: {ACTION_LABELS.get(value.get('action'), value.get('action'))} {items}".strip())
        elif key == "scope":
            parts.append(f"{_('phạm vi')}: {value}")
        elif key == "query" or key == "filters":
            query = ", ".join(f"{name}={text}" for name, text in value.items())
            if query:
                parts.append(f"{_('tham số')}: {query}")
        elif key == "document":
            parts.append(str(value))
        elif key == "reason":
            parts.append(f"{_('lý do')}: {value}")
        elif key in ("agency", "prefix", "format") and value:
            parts.append(str(value))
    return "; ".join(part for part in parts if part)
