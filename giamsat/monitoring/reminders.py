"""Reminders people do not learn to ignore: one digest per person and day, never empty, sorted by due date.

- Officers: their agency's warnings (overdue, due soon with low progress, not reported, returned) and, in
  the days before the due day, the tasks not reported yet this period.
- Agency heads: escalation of what stays stuck (overdue for more than ESCALATE_AFTER_DAYS days, returned
  and not resubmitted).
- The standing office: a daily digest of every warning.
Each digest is recorded in ReminderLog; a second run the same day sends nothing again.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from giamsat.accounts.models import User
from giamsat.directives import policy as task_policy
from giamsat.directives.models import Task
from giamsat.reporting.models import ProgressReport, ReportingPeriod

from .models import ReminderLog
from .warnings import Warning, task_warnings

ESCALATE_AFTER_DAYS = 14
OFFICER_KINDS = {"overdue", "due_soon", "not_reported", "returned"}


@dataclass
class Item:
    due: datetime.date | None
    line: str


def _line(warning: Warning) -> Item:
    return Item(warning.due, f"- {warning.task}: {warning.task.title[:90]} — {warning.message}")


def _unreported_before_due(tasks, agency_id: int, as_of: datetime.date) -> list[Item]:
    period = ReportingPeriod.objects.filter(year=as_of.year, month=as_of.month).first()
    days_before = int(getattr(settings, "REMINDER_DAYS_BEFORE_DUE", 5))
    if period is None or not (0 <= (period.due_on - as_of).days <= days_before):
        return []
    reported = (
        ProgressReport.objects.filter(period=period, agency_id=agency_id).exclude(status="draft").values("task_id")
    )
    return [
        Item(
            period.due_on,
            _("- %(task)s: chưa gửi báo cáo kỳ %(period)s, hạn nộp %(due)s")
            % {"task": task, "period": period, "due": period.due_on.strftime("%d/%m/%Y")},
        )
        for task in tasks.exclude(pk__in=reported)
    ]


def _send_once(user: User, kind: str, subject: str, items: list[Item], as_of: datetime.date) -> bool:
    if not items or not user.email:
        return False
    try:
        with transaction.atomic():
            ReminderLog.objects.create(recipient=user, sent_on=as_of, kind=kind, item_count=len(items))
    except IntegrityError:
        return False  # already sent today
    items.sort(key=lambda item: (item.due or datetime.date.max, item.line))
    body = "\n".join(
        [
            _("Kính gửi %(name)s,") % {"name": user.get_full_name() or user.username},
            "",
            *[item.line for item in items],
            "",
            _("Hệ thống Giám sát NQ57 (thư tự động, ngày %(day)s).") % {"day": as_of.strftime("%d/%m/%Y")},
        ]
    )
    send_mail(subject, body, None, [user.email])
    return True


def reminders_send(*, as_of: datetime.date) -> int:
    """Send today's digests; returns how many were sent."""
    sent = 0
    agency_ids = (
        User.objects.filter(is_active=True, role__in=("agency_officer", "agency_head"))
        .exclude(agency=None)
        .values_list("agency_id", flat=True)
        .distinct()
    )
    for agency_id in agency_ids:
        tasks = Task.objects.filter(task_policy.involves_agency(agency_id, roles=task_policy.MINE_ROLES)).exclude(
            confidentiality="secret"
        )
        warnings = task_warnings(tasks=tasks, as_of=as_of)
        # Of a task led by several agencies, only what concerns this agency's own part.
        warnings = [w for w in warnings if not w.agencies or agency_id in w.agencies]
        officer_items = [_line(w) for w in warnings if w.kind in OFFICER_KINDS]
        officer_items += _unreported_before_due(tasks, agency_id, as_of)
        stuck = [
            _line(w)
            for w in warnings
            if w.kind == "returned" or (w.kind == "overdue" and w.due and (as_of - w.due).days > ESCALATE_AFTER_DAYS)
        ]
        for user in User.objects.filter(is_active=True, agency_id=agency_id, role="agency_officer"):
            sent += _send_once(
                user,
                "officer",
                _("[Giám sát NQ57] Việc cần làm của đơn vị (%(n)d mục)") % {"n": len(officer_items)},
                list(officer_items),
                as_of,
            )
        for user in User.objects.filter(is_active=True, agency_id=agency_id, role="agency_head"):
            sent += _send_once(
                user,
                "escalation",
                _("[Giám sát NQ57] Nhiệm vụ đang vướng cần lãnh đạo chỉ đạo (%(n)d)") % {"n": len(stuck)},
                list(stuck),
                as_of,
            )
    office_items = [_line(w) for w in task_warnings(tasks=Task.objects.all(), as_of=as_of)]
    for user in User.objects.filter(is_active=True, role="standing_office"):
        sent += _send_once(
            user,
            "office",
            _("[Giám sát NQ57] Tổng hợp cảnh báo ngày %(day)s (%(n)d)")
            % {"day": as_of.strftime("%d/%m/%Y"), "n": len(office_items)},
            list(office_items),
            as_of,
        )
    return sent
