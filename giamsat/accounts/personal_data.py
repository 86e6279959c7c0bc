"""The personal data this system holds about one user (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, in force from
01/01/2026; issue 16, item 5): read-only gathering for "Dữ liệu cá nhân của tôi" and its JSON download.

What is gathered: the account, its sign-ins (django-axes' records), its second factor (never a key or a code), the
audit trail where the user is the actor, and its entries about the user's account by others (without their name or
address), the history records of the user's own account row, the reports, report steps, evidence and reviews the
user wrote, and a count of every other record that names the user. Other people's names are left out: a history
record says only whether the user changed their own account themselves.

`accounts` sits below `reporting` (docs/decisions/0009-app-dependencies.md), so the reporting models are fetched
by name through the app registry, never imported; their foreign keys to the user have no reverse accessor
(related_name="+").
"""

import datetime

from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import AuditKind
from .models import AuditEvent, User
from .policy import must_use_two_factor
from .two_factor import recovery_codes_left, two_factor_enabled

FORMAT_VERSION = 1
LATEST_AUDIT_ENTRIES = 50  # on the page; the download holds every entry

# How the user took part in a report, in the order listed.
REPORT_ROLES = ("created", "edited", "submitted", "approved", "entered", "step", "evidence", "reviewed")

# The user's foreign keys that the download details itself; every other one is counted in "other_records".
DETAILED = {
    ("accounts", "auditevent", "actor"),
    ("reporting", "progressreport", "submitted_by"),
    ("reporting", "progressreport", "approved_by"),
    ("reporting", "progressreport", "entered_by"),
    ("reporting", "historicalprogressreport", "history_user"),
    ("reporting", "reportstep", "actor"),
    ("reporting", "evidence", "uploaded_by"),
    ("reporting", "review", "reviewer"),
    ("otp_totp", "totpdevice", "user"),
    ("otp_static", "staticdevice", "user"),
}


def report_role_labels() -> dict[str, str]:
    return {
        "created": _("tạo báo cáo"),
        "edited": _("lưu thay đổi của báo cáo"),
        "submitted": _("gửi báo cáo"),
        "approved": _("duyệt báo cáo"),
        "entered": _("nhập thay báo cáo"),
        "step": _("thực hiện một bước xử lý"),
        "evidence": _("tải lên minh chứng"),
        "reviewed": _("thẩm định báo cáo"),
    }


def iso(value) -> str | None:
    """A moment in local time with its offset ('2026-01-05T08:30:00+07:00'); a day as 'YYYY-MM-DD'."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _reporting(model_name: str) -> type[models.Model] | None:
    try:
        return apps.get_model("reporting", model_name)
    except LookupError:
        return None


# --- the parts ------------------------------------------------------------------------------------------------------


def profile(user: User) -> dict:
    agency = user.agency
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "last_name": user.last_name,
        "first_name": user.first_name,
        "position_title": user.position_title,
        "phone": user.phone,
        "email": user.email,
        "agency": {"id": agency.pk, "code": agency.code, "name": agency.name} if agency else None,
        "role": user.role,
        "role_label": str(user.get_role_display()),
        "groups": sorted(group.name for group in user.groups.all()),
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
    }


def two_factor_summary(user: User) -> dict:
    """Whether the second factor is on, and which devices exist: their names and dates, never a key or a code."""
    devices = [
        {
            "type": "authenticator" if isinstance(device, TOTPDevice) else "recovery_codes",
            "type_label": _("Ứng dụng xác thực") if isinstance(device, TOTPDevice) else _("Mã dự phòng"),
            "name": device.name,
            "confirmed": device.confirmed,
            "created_at": iso(device.created_at),
            "last_used_at": iso(device.last_used_at),
        }
        for model in (TOTPDevice, StaticDevice)
        for device in model.objects.filter(user=user).order_by("pk")
    ]
    return {
        "enabled": two_factor_enabled(user),
        "required": must_use_two_factor(user),
        "recovery_codes_left": recovery_codes_left(user),
        "devices": devices,
    }


def audit_entries(user: User) -> models.QuerySet[AuditEvent]:
    """The audit trail where the user is the actor, newest first."""
    return AuditEvent.objects.filter(actor=user).order_by("-at", "-pk")


def audit_entry(event: AuditEvent, kinds: dict) -> dict:
    return {
        "id": event.pk,
        "at": iso(event.at),
        "kind": event.kind,
        "kind_label": str(kinds.get(event.kind, event.kind)),
        "ip_address": event.ip_address,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "path": event.path,
        "detail": event.detail,
    }


def audit_entries_about_account(user: User) -> models.QuerySet[AuditEvent]:
    """The audit trail's entries about the user's account made by others or by the system (a role changed, the
    second factor reset), newest first; the user's own are in `audit_entries`."""
    return (
        AuditEvent.objects.filter(target_type=user._meta.model_name, target_id=str(user.pk))
        .exclude(actor=user)
        .order_by("-at", "-pk")
    )


def audit_entry_about_account(event: AuditEvent, kinds: dict) -> dict:
    """Who acted and from where are left out: another person's name and address."""
    return {
        "id": event.pk,
        "at": iso(event.at),
        "kind": event.kind,
        "kind_label": str(kinds.get(event.kind, event.kind)),
        "detail": event.detail,
    }


def account_history(user: User) -> list[dict]:
    """The history records of the user's own account row, oldest first (the password and the last sign-in are not
    recorded there). Who made a change is given only as whether it was the user."""
    types = {"+": _("tạo"), "~": _("sửa"), "-": _("xóa")}
    records = user.history.select_related("agency").order_by("history_date", "history_id")
    return [
        {
            "history_id": record.history_id,
            "at": iso(record.history_date),
            "type": record.history_type,
            "type_label": str(types.get(record.history_type, record.history_type)),
            "by_self": record.history_user_id == user.pk,
            "reason": record.history_change_reason or "",
            "username": record.username,
            "last_name": record.last_name,
            "first_name": record.first_name,
            "position_title": record.position_title,
            "phone": record.phone,
            "email": record.email,
            "agency_id": record.agency_id,
            "role": record.role,
            "is_active": record.is_active,
            "is_staff": record.is_staff,
            "is_superuser": record.is_superuser,
        }
        for record in records
    ]


def sign_ins(user: User) -> dict:
    """django-axes' records under the user's name: successful sign-ins and recent failed ones (not what was typed)."""
    username = user.get_username()
    successful = AccessLog.objects.filter(username=username).order_by("-attempt_time")
    failed = AccessAttempt.objects.filter(username=username).order_by("-attempt_time")
    return {
        "successful": [
            {
                "at": iso(entry.attempt_time),
                "signed_out_at": iso(entry.logout_time),
                "ip_address": entry.ip_address,
                "user_agent": entry.user_agent,
            }
            for entry in successful
        ],
        "failed": [
            {
                "last_at": iso(entry.attempt_time),
                "ip_address": entry.ip_address,
                "user_agent": entry.user_agent,
                "failures": entry.failures_since_start,
            }
            for entry in failed
        ],
    }


def _report_links(user: User) -> dict[int, set[str]]:
    """Report id → how the user took part in it (REPORT_ROLES)."""
    links: dict[int, set[str]] = {}

    def add(report_ids, role: str) -> None:
        for report_id in report_ids:
            links.setdefault(report_id, set()).add(role)

    report_model = _reporting("ProgressReport")
    if report_model is None:
        return links
    history = report_model.history.model.objects.filter(history_user=user)
    add(history.filter(history_type="+").values_list("id", flat=True).distinct(), "created")
    add(history.filter(history_type="~").values_list("id", flat=True).distinct(), "edited")
    for field, role in (("submitted_by", "submitted"), ("approved_by", "approved"), ("entered_by", "entered")):
        add(report_model.objects.filter(**{field: user}).values_list("pk", flat=True), role)
    for model_name, field, role in (
        ("ReportStep", "actor", "step"),
        ("Evidence", "uploaded_by", "evidence"),
        ("Review", "reviewer", "reviewed"),
    ):
        model = _reporting(model_name)
        if model is not None:
            add(model.objects.filter(**{field: user}).values_list("report_id", flat=True).distinct(), role)
    return links


def report_counts(user: User) -> dict[str, int]:
    """How many reports the user took part in, in each way, and in all (a report counted once)."""
    links = _report_links(user)
    counts = {role: sum(1 for roles in links.values() if role in roles) for role in REPORT_ROLES}
    counts["total"] = len(links)
    return counts


def reports(user: User) -> dict:
    """The reports the user took part in, the steps they took, the evidence they uploaded and the reviews they made:
    ids, task, period, status and dates; no free text and nobody else's name."""
    links = _report_links(user)
    report_model = _reporting("ProgressReport")
    if report_model is None:
        return {"reports": [], "steps": [], "evidence": [], "reviews": []}
    role_labels = report_role_labels()
    rows = report_model.objects.filter(pk__in=links).select_related("period", "agency").order_by("pk")
    step_model, evidence_model, review_model = _reporting("ReportStep"), _reporting("Evidence"), _reporting("Review")
    steps = step_model.objects.filter(actor=user).select_related("report").order_by("at", "pk")
    evidence = evidence_model.objects.filter(uploaded_by=user).select_related("report").order_by("created_at", "pk")
    reviews = review_model.objects.filter(reviewer=user).select_related("report").order_by("created_at", "pk")
    return {
        "reports": [
            {
                "id": report.pk,
                "task_id": report.task_id,
                "period": str(report.period),
                "agency": {"id": report.agency_id, "name": report.agency.name},
                "status": report.status,
                "status_label": str(report.get_status_display()),
                "state": report.state,
                "state_label": str(report.get_state_display()),
                "progress_percent": report.progress_percent,
                "is_late": report.is_late,
                "created_at": iso(report.created_at),
                "updated_at": iso(report.updated_at),
                "submitted_at": iso(report.submitted_at),
                "approved_at": iso(report.approved_at),
                "received_at": iso(report.received_at),
                "my_roles": [role for role in REPORT_ROLES if role in links[report.pk]],
                "my_roles_labels": [str(role_labels[role]) for role in REPORT_ROLES if role in links[report.pk]],
            }
            for report in rows
        ],
        "steps": [
            {
                "id": step.pk,
                "report_id": step.report_id,
                "task_id": step.report.task_id,
                "action": step.action,
                "action_label": str(step.get_action_display()),
                "at": iso(step.at),
            }
            for step in steps
        ],
        "evidence": [
            {
                "id": item.pk,
                "report_id": item.report_id,
                "task_id": item.report.task_id,
                "kind": item.kind,
                "kind_label": str(item.get_kind_display()),
                "is_public": item.is_public,
                "created_at": iso(item.created_at),
            }
            for item in evidence
        ],
        "reviews": [
            {
                "id": review.pk,
                "report_id": review.report_id,
                "task_id": review.report.task_id,
                "decision": review.decision,
                "decision_label": str(review.get_decision_display()),
                "created_at": iso(review.created_at),
            }
            for review in reviews
        ],
    }


def _user_foreign_keys():
    """(model, field) of every foreign key to the user model outside DETAILED; of a history model only the one
    naming who made the change (its copies of the tracked row's keys are the row's, counted with the row)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models():
        historical = getattr(model, "instance_type", None) is not None
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model is not user_model:
                continue
            if historical and field.name != "history_user":
                continue
            if (model._meta.app_label, model._meta.model_name, field.name) in DETAILED:
                continue
            yield model, field


def other_records(user: User) -> list[dict]:
    """Every other record that names the user, counted by kind: who changed what (history), reminders sent to them,
    deadline changes, extension requests and closures they recorded, API tokens, entries of the admin's log."""
    counted = []
    for model, field in _user_foreign_keys():
        count = model._default_manager.filter(**{field.name: user}).count()
        if not count:
            continue
        instance_type = getattr(model, "instance_type", None)
        if instance_type is not None:  # django-simple-history's labels are English
            label = _("Lịch sử thay đổi: %(model)s") % {"model": instance_type._meta.verbose_name}
            field_label = _("Người thực hiện thay đổi")
        elif model._meta.label == "admin.LogEntry":  # Django's Vietnamese catalog calls it "đăng nhập"
            label, field_label = _("Thao tác trong trang quản trị"), _("Người thực hiện")
        else:
            label, field_label = capfirst(str(model._meta.verbose_name)), capfirst(str(field.verbose_name))
        counted.append(
            {
                "record": f"{model._meta.label}.{field.name}",
                "record_label": str(label),
                "field_label": str(field_label),
                "count": count,
            }
        )
    return sorted(counted, key=lambda row: row["record"])


# --- the whole ------------------------------------------------------------------------------------------------------


def personal_data(user: User) -> dict:
    """Everything above about `user`, as the JSON download holds it."""
    kinds = dict(AuditKind.choices)
    entries = audit_entries(user)
    return {
        "format_version": FORMAT_VERSION,
        "system": "Giám sát NQ57",
        "generated_at": iso(timezone.now()),
        "retention": {
            "audit_trail_days": settings.AUDIT_RETENTION_DAYS,
            "account_inactive_days": settings.ACCOUNT_INACTIVE_DAYS,
        },
        "profile": profile(user),
        "two_factor": two_factor_summary(user),
        "sign_ins": sign_ins(user),
        "audit_trail": {
            "count": entries.count(),
            "entries": [audit_entry(event, kinds) for event in entries.iterator(chunk_size=2000)],
        },
        "audit_trail_about_account": [
            audit_entry_about_account(event, kinds) for event in audit_entries_about_account(user).iterator()
        ],
        "account_history": account_history(user),
        "reporting": {"counts": report_counts(user), **reports(user)},
        "other_records": other_records(user),
    }


def personal_data_summary(user: User) -> dict:
    """What the page shows: the account, the second factor, the audit trail's count and latest entries, and the
    reports the user took part in, counted."""
    entries = audit_entries(user)
    return {
        "profile": profile(user),
        "two_factor": two_factor_summary(user),
        "audit_count": entries.count(),
        "audit_latest": list(entries[:LATEST_AUDIT_ENTRIES]),
        "report_counts": report_counts(user),
        "report_role_labels": report_role_labels(),
    }
