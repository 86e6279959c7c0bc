"""Reminders people do not learn to ignore: one e-mail per person and day, never empty, sorted by due date.

`reminders_send(as_of=...)`, run each morning by the worker (`daily_digest`, monitoring/jobs.py) or by hand
(`giamsat remind`):

1. makes the day's notifications (notifications app), each once whatever the number of runs (dedupe keys):
   "deadline_soon" to the officers and heads of each agency leading or coordinating a task due within
   NOTIFY_DEADLINE_DAYS days; "period_opening" to the officers when this month's reporting period is open and its
   due day not near yet; "period_closing" to officers and heads when the due day is within REMINDER_DAYS_BEFORE_DUE
   days and the agency still has tasks not reported;
2. sends each person ONE digest e-mail holding their sections:
   - officers: their agency's warnings (overdue, due soon with low progress, not reported, returned) and, in the
     days before the due day, the tasks not reported yet this period;
   - agency heads: escalation of what stays stuck (overdue for more than ESCALATE_AFTER_DAYS days, returned and not
     resubmitted);
   - the standing office: every warning;
   - everyone: their notifications not e-mailed yet, of the kinds they receive in the digest (then marked e-mailed).
   A person with nothing in any section gets no e-mail. Each digest is recorded in ReminderLog (kind "digest")
   before it is sent: a second run the same day (or a run again after a worker died) sends nobody a second one; an
   e-mail the server refuses is unrecorded again, so the next run sends it.

Only what the person may see is named: agencies' people hear of their agency's tasks that are not secret (through
`policy.restrict`), the standing office of every task.

The standing office also reminds the lead agencies of late tasks by hand ("Gửi nhắc việc" on the overview and the
warnings page): `late_tasks_remind`, recorded as a ReminderSent (who, when, which agencies and tasks).
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from giamsat.accounts.choices import Role
from giamsat.accounts.models import User
from giamsat.common.progress import progress_step
from giamsat.directives import policy as task_policy
from giamsat.directives.models import Task
from giamsat.notifications.channels import SUBJECT_PREFIX, letter, notification_lines
from giamsat.notifications.choices import NotificationKind
from giamsat.notifications.selectors import digest_pending
from giamsat.notifications.services import notifications_mark_emailed, notifications_unmark_emailed, notify
from giamsat.reporting.models import ProgressReport, ReportingPeriod

from .choices import TaskStatus
from .history import annotate_status, on_day, part_statuses
from .models import ReminderLog, StatusSpan
from .warnings import Warning, task_warnings

logger = logging.getLogger(__name__)

ESCALATE_AFTER_DAYS = 14
OFFICER_KINDS = {"overdue", "due_soon", "not_reported", "returned"}
DIGEST = "digest"


@dataclass
class Item:
    due: datetime.date | None
    line: str


def _line(warning: Warning) -> Item:
    return Item(warning.due, f"- {warning.task}: {warning.task.title[:90]} — {warning.message}")


def _closed_on(as_of: datetime.date):
    """Ids of the tasks no longer carried out (stopped, merged, no longer needed) on the day: they owe nothing."""
    return StatusSpan.objects.filter(on_day(as_of), agency__isnull=True, status=TaskStatus.CLOSED).values("task_id")


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
        for task in tasks.exclude(pk__in=reported).exclude(pk__in=_closed_on(as_of))
    ]


def _agency_people() -> dict[int, list[User]]:
    """{agency id: its active officers and heads}, for every agency that has some."""
    people: dict[int, list[User]] = defaultdict(list)
    for user in (
        User.objects.filter(is_active=True, role__in=(Role.AGENCY_OFFICER, Role.AGENCY_HEAD))
        .exclude(agency=None)
        .order_by("agency_id", "pk")
    ):
        people[user.agency_id].append(user)
    return dict(people)


def _agency_tasks(agency_id: int, people: list[User]):
    """The tasks the agency leads or coordinates that its people may see (never a secret one)."""
    tasks = Task.objects.filter(task_policy.involves_agency(agency_id, roles=task_policy.MINE_ROLES))
    return task_policy.restrict(tasks, people[0], task_policy.VIEW)


# --- 1. the day's notifications --------------------------------------------------------------------------------------


def _words(text: str, limit: int = 200) -> str:
    words = strip_tags(text).strip()
    return f"{words[:limit]}…" if len(words) > limit else words


def _deadline_notices(tasks, agency_id: int, people: list[User], as_of: datetime.date) -> int:
    """Each task whose part of this agency is in progress and due within NOTIFY_DEADLINE_DAYS days: once per
    deadline (a deadline moved by a decision is a new notice)."""
    horizon = as_of + datetime.timedelta(days=int(getattr(settings, "NOTIFY_DEADLINE_DAYS", 7)))
    soon = list(
        annotate_status(tasks, as_of=as_of)
        .filter(status=TaskStatus.ON_TIME, status_deadline__gte=as_of, status_deadline__lte=horizon)
        .select_related("directive")
    )
    if not soon:
        return 0
    parts = part_statuses(Task.objects.filter(pk__in=[task.pk for task in soon]), as_of)
    made = 0
    for task in soon:
        part = parts.get(task.pk, {}).get(agency_id)  # its own part, when it leads; the whole task otherwise
        if part is not None and part.status != TaskStatus.ON_TIME:
            continue
        deadline = part.deadline if part is not None else task.status_deadline
        if deadline is None or not as_of <= deadline <= horizon:
            continue
        days = (deadline - as_of).days
        when = _("Đến hạn hôm nay.") if days == 0 else _("Còn %(n)d ngày (tính từ %(day)s).")
        made += len(
            notify(
                people,
                NotificationKind.DEADLINE_SOON,
                _("Nhiệm vụ đến hạn ngày %(deadline)s: %(task)s")
                % {"deadline": deadline.strftime("%d/%m/%Y"), "task": task},
                reverse("directives:task_detail", args=[task.pk]),
                body="\n".join([when % {"n": days, "day": as_of.strftime("%d/%m/%Y")}, _words(task.title)]),
                key=f"deadline:{task.pk}:{deadline.isoformat()}",
            )
        )
    return made


def _period_notices(tasks, agency_id: int, people: list[User], period, as_of: datetime.date) -> int:
    """The month's period opened (officers), or its due day near with tasks not reported (officers and heads):
    each once per period."""
    if period is None or not period.is_open or as_of > period.due_on:
        return 0
    owing = tasks.exclude(pk__in=_closed_on(as_of))
    url = reverse("reporting:my_reports")
    due = period.due_on.strftime("%d/%m/%Y")
    if (period.due_on - as_of).days <= int(getattr(settings, "REMINDER_DAYS_BEFORE_DUE", 5)):
        reported = ProgressReport.objects.filter(period=period, agency_id=agency_id).exclude(status="draft")
        missing = owing.exclude(pk__in=reported.values("task_id")).count()
        if not missing:
            return 0
        return len(
            notify(
                people,
                NotificationKind.PERIOD_CLOSING,
                _("Kỳ báo cáo %(period)s hết hạn nộp ngày %(due)s") % {"period": period, "due": due},
                url,
                body=_("Đơn vị còn %(n)d nhiệm vụ chưa gửi báo cáo kỳ này.") % {"n": missing},
                key=f"period-closing:{period.pk}",
            )
        )
    count = owing.count()
    officers = [person for person in people if person.role == Role.AGENCY_OFFICER]
    if not count or not officers:
        return 0
    return len(
        notify(
            officers,
            NotificationKind.PERIOD_OPENING,
            _("Kỳ báo cáo %(period)s đã mở, hạn nộp ngày %(due)s") % {"period": period, "due": due},
            url,
            body=_("Đơn vị báo cáo tiến độ %(n)d nhiệm vụ chủ trì, phối hợp.") % {"n": count},
            key=f"period-opening:{period.pk}",
        )
    )


def day_notifications_create(*, as_of: datetime.date) -> int:
    """The day's deadline and reporting-period notifications (see the module's docstring); how many were made."""
    period = ReportingPeriod.objects.filter(year=as_of.year, month=as_of.month).first()
    made = 0
    for agency_id, people in _agency_people().items():
        tasks = _agency_tasks(agency_id, people)
        made += _deadline_notices(tasks, agency_id, people, as_of)
        made += _period_notices(tasks, agency_id, people, period, as_of)
    return made


# --- 2. one digest per person ----------------------------------------------------------------------------------------


@dataclass
class Section:
    heading: str
    items: list[Item]


def reminder_sections(*, as_of: datetime.date) -> dict[int, list[Section]]:
    """{user id: the reminder sections of their digest}: officers, heads and the standing office (no empty one)."""
    sections: dict[int, list[Section]] = defaultdict(list)
    for agency_id, people in _agency_people().items():
        tasks = _agency_tasks(agency_id, people)
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
        for user in people:
            if user.role == Role.AGENCY_OFFICER and officer_items:
                sections[user.pk].append(Section(_("Việc cần làm của đơn vị"), list(officer_items)))
            elif user.role == Role.AGENCY_HEAD and stuck:
                sections[user.pk].append(Section(_("Nhiệm vụ đang vướng cần lãnh đạo chỉ đạo"), list(stuck)))
    office = User.objects.filter(is_active=True, role=Role.STANDING_OFFICE).values_list("pk", flat=True)
    if office:
        office_items = [_line(w) for w in task_warnings(tasks=Task.objects.all(), as_of=as_of)]
        if office_items:
            for pk in office:
                sections[pk].append(Section(_("Cảnh báo sớm của các nhiệm vụ"), list(office_items)))
    return dict(sections)


@dataclass
class DigestOutcome:
    sent: int = 0  # digests e-mailed
    failed: int = 0  # digests the mail server refused (sent again by the next run)
    notifications: int = 0  # notifications e-mailed in them
    created: int = 0  # the day's notifications made (deadlines, reporting period)
    failures: list[str] = field(default_factory=list)


def _digest_body(user: User, sections: list[Section], notifications: list, as_of: datetime.date) -> str:
    lines = [_("Thư tổng hợp ngày %(day)s của Hệ thống Giám sát NQ57.") % {"day": as_of.strftime("%d/%m/%Y")}, ""]
    for section in sections:
        items = sorted(section.items, key=lambda item: (item.due or datetime.date.max, item.line))
        lines += [f"{section.heading} ({len(items)}):", *[item.line for item in items], ""]
    if notifications:
        lines += [_("Thông báo mới (%(n)d):") % {"n": len(notifications)}, *notification_lines(notifications), ""]
    return letter(user, lines[:-1], day=as_of)


def _digest_send(user: User, sections: list[Section], notifications: list, as_of: datetime.date, connection) -> bool:
    """One person's digest, recorded first (ReminderLog "digest", the notifications marked e-mailed) so that nothing
    sends it twice; unrecorded again if the server refuses it. False when already sent today or empty."""
    count = sum(len(section.items) for section in sections) + len(notifications)
    if not count or not user.email:
        return False
    sent_at = timezone.now()
    ids = [notification.pk for notification in notifications]
    try:
        with transaction.atomic():
            ReminderLog.objects.create(recipient=user, sent_on=as_of, kind=DIGEST, item_count=count)
            notifications_mark_emailed(ids, at=sent_at)
    except IntegrityError:
        return False  # already sent today
    subject = _("%(prefix)s Thư tổng hợp ngày %(day)s (%(n)d mục)") % {
        "prefix": SUBJECT_PREFIX,
        "day": as_of.strftime("%d/%m/%Y"),
        "n": count,
    }
    try:
        body = _digest_body(user, sections, notifications, as_of)
        EmailMessage(subject, body, None, [user.email], connection=connection).send()
    except Exception:
        with transaction.atomic():
            ReminderLog.objects.filter(recipient=user, sent_on=as_of, kind=DIGEST).delete()
            notifications_unmark_emailed(ids, at=sent_at)
        raise
    return True


def digests_send(*, as_of: datetime.date) -> DigestOutcome:
    """The day's notifications, then one digest per person who has something in it (see the module's docstring)."""
    outcome = DigestOutcome(created=day_notifications_create(as_of=as_of))
    sections = reminder_sections(as_of=as_of)
    reachable = User.objects.filter(is_active=True).exclude(email="")
    pending = digest_pending(reachable.values("pk"))
    already = ReminderLog.objects.filter(sent_on=as_of, kind=DIGEST).values("recipient_id")
    people = reachable.filter(pk__in=set(sections) | set(pending)).exclude(pk__in=already).order_by("pk")
    people = list(people)
    with get_connection() as connection:
        for done, user in enumerate(people, start=1):
            progress_step(done, len(people))
            mine = pending.get(user.pk, [])
            try:
                if _digest_send(user, sections.get(user.pk, []), mine, as_of, connection):
                    outcome.sent += 1
                    outcome.notifications += len(mine)
            except Exception as error:
                logger.exception("digest e-mail to user %s failed", user.pk)
                outcome.failed += 1
                outcome.failures.append(f"{user.email}: {error}")
    return outcome


def reminders_send(*, as_of: datetime.date) -> int:
    """Make the day's notifications and send the day's digests (`digests_send`); returns how many were sent."""
    return digests_send(as_of=as_of).sent


# --- the standing office's reminder of late tasks ("Gửi nhắc việc") --------------------------------------------------
