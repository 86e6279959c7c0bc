"""Reminders people do not learn to ignore: one digest per person and day, never empty, sorted by due date.

- Officers: their agency's warnings (overdue, due soon with low progress, not reported, returned) and, in
  the days before the due day, the tasks not reported yet this period.
- Agency heads: escalation of what stays stuck (overdue for more than ESCALATE_AFTER_DAYS days, returned
  and not resubmitted).
- The standing office: a daily digest of every warning.
Each digest is recorded in ReminderLog; a second run the same day sends nothing again.

The standing office also reminds the lead agencies of late tasks by hand ("Gửi nhắc việc" on the overview and the
warnings page): `late_tasks_remind`, the same digests, recorded as a ReminderSent (who, when, which agencies and
tasks).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from giamsat.accounts.choices import Role
from giamsat.accounts.models import User
from giamsat.agencies.models import Agency
from giamsat.directives import policy as task_policy
from giamsat.directives.models import Task
from giamsat.reporting.models import ProgressReport, ReportingPeriod

from . import policy
from .choices import TaskStatus
from .history import on_day, part_statuses
from .models import ReminderLog, ReminderSent, StatusSpan
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
    # A task no longer carried out (stopped, merged, no longer needed) owes no report.
    closed = StatusSpan.objects.filter(on_day(as_of), agency__isnull=True, status=TaskStatus.CLOSED).values("task_id")
    return [
        Item(
            period.due_on,
            _("- %(task)s: chưa gửi báo cáo kỳ %(period)s, hạn nộp %(due)s")
            % {"task": task, "period": period, "due": period.due_on.strftime("%d/%m/%Y")},
        )
        for task in tasks.exclude(pk__in=reported).exclude(pk__in=closed)
    ]


def _send_once(user: User, kind: str, subject: str, items: list[Item], as_of: datetime.date, intro: str = "") -> bool:
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
            *([intro, ""] if intro else []),
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


@dataclass
class RemindResult:
    reminder: ReminderSent
    task_count: int
    mailed: list[Agency]  # the lead agencies e-mailed
    unreachable: list[Agency]  # late lead agencies with nobody to e-mail (no active officer or head with an address)


@transaction.atomic
def late_tasks_remind(*, task_ids: Iterable[int], acting_user: User, as_of: datetime.date) -> RemindResult:
    """The standing office reminds the lead agencies of late tasks: each agency whose own part of one of these tasks
    is overdue on `as_of` gets one digest per officer and head (`_send_once`), listing its late tasks by due date.
    Tasks the user may not see and parts not overdue are left out. Recorded as one ReminderSent (who, when, the
    agencies e-mailed, the tasks). Raises ValidationError, recording nothing, when no task is late or nobody could be
    e-mailed."""
    policy.require_sends_reminders(acting_user)
    tasks = task_policy.restrict(Task.objects.filter(pk__in=list(task_ids)), acting_user, task_policy.VIEW)
    late = {
        task_id: {agency_id: part for agency_id, part in parts.items() if part.status == TaskStatus.OVERDUE}
        for task_id, parts in part_statuses(tasks, as_of).items()
    }
    late = {task_id: parts for task_id, parts in late.items() if parts}
    if not late:
        raise ValidationError(_("Không có nhiệm vụ nào đang quá hạn trong các nhiệm vụ đã chọn."))
    by_pk = Task.objects.select_related("directive").in_bulk(list(late))
    items: dict[int, list[Item]] = defaultdict(list)
    for task_id, parts in late.items():
        task = by_pk[task_id]
        for agency_id, part in parts.items():
            reason = _("Quá hạn %(days)d ngày (hạn %(deadline)s).") % {
                "days": part.overdue_days,
                "deadline": part.deadline.strftime("%d/%m/%Y") if part.deadline else "",
            }
            items[agency_id].append(Item(part.deadline, f"- {task}: {task.title[:90]} — {reason}"))
    reminder = ReminderSent.objects.create(sent_by=acting_user)
    reminder.tasks.set(late)
    intro = _(
        "Cơ quan Thường trực (%(name)s) nhắc đơn vị các nhiệm vụ đang quá hạn dưới đây; đề nghị khẩn trương thực "
        "hiện và báo cáo kết quả kèm minh chứng."
    ) % {"name": acting_user.get_full_name() or acting_user.username}
    recipients = User.objects.filter(
        is_active=True, agency_id__in=list(items), role__in=(Role.AGENCY_OFFICER, Role.AGENCY_HEAD)
    ).order_by("agency_id", "pk")
    mailed: set[int] = set()
    for user in recipients:
        agency_items = items[user.agency_id]
        subject = _("[Giám sát NQ57] Cơ quan Thường trực nhắc việc: %(n)d nhiệm vụ quá hạn") % {"n": len(agency_items)}
        if _send_once(user, f"office-{reminder.pk}", subject, list(agency_items), as_of, intro=intro):
            reminder.email_count += 1
            mailed.add(user.agency_id)
    agencies = Agency.objects.in_bulk(list(items))
    unreachable = sorted((agencies[pk] for pk in items if pk not in mailed), key=lambda a: a.name)
    if not mailed:
        raise ValidationError(
            _("Chưa gửi được nhắc việc: %(names)s không có cán bộ nào có địa chỉ thư điện tử.")
            % {"names": "; ".join(a.name for a in unreachable)}
        )
    reminder.agencies.set(mailed)
    reminder.save(update_fields=["email_count"])
    return RemindResult(reminder, len(late), sorted((agencies[pk] for pk in mailed), key=lambda a: a.name), unreachable)


def reminders_of_tasks(task_ids: Iterable[int]) -> dict[int, ReminderSent]:
    """{task id: the latest reminder sent by hand about it}, with its sender: one query."""
    through = ReminderSent.tasks.through
    latest: dict[int, ReminderSent] = {}
    rows = (
        through.objects.filter(task_id__in=list(task_ids))
        .select_related("remindersent__sent_by")
        .order_by("remindersent__sent_at", "remindersent_id")
    )
    for row in rows:
        latest[row.task_id] = row.remindersent
    return latest
