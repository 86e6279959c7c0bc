"""The standing office's "Gửi nhắc việc": the lead agencies of the late tasks ticked on a list (the overview, the
warnings page) are reminded of their own late tasks.

Three steps, each undoable until the last: `late_reminder_plan` says who gets what (the preview the office reads
before sending); confirming starts a `late_tasks_remind` job (the office may leave the page); the job works out the
plan again as of that day and, in one transaction, sends one e-mail per officer and head of each late lead agency,
records a ReminderSent (who, when, which agencies and tasks — shown in each task's history and on the warnings
page) and a ReminderLog per e-mail. If the mail server refuses, nothing is recorded and the job says so.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from giamsat.accounts.choices import Role
from giamsat.accounts.models import User
from giamsat.agencies.models import Agency
from giamsat.directives import policy as task_policy
from giamsat.directives.models import Task
from giamsat.jobs.registry import JobFailed, JobResult, job_handler

from . import policy
from .choices import TaskStatus
from .history import part_statuses
from .models import ReminderLog, ReminderSent


@dataclass
class LateItem:
    task: Task
    deadline: datetime.date | None
    overdue_days: int

    def line(self) -> str:
        reason = _("Quá hạn %(days)d ngày (hạn %(deadline)s).") % {
            "days": self.overdue_days,
            "deadline": self.deadline.strftime("%d/%m/%Y") if self.deadline else "",
        }
        return f"- {self.task}: {self.task.title[:90]} — {reason}"


@dataclass
class AgencyReminder:
    agency: Agency
    items: list[LateItem]
    recipients: list[User] = field(default_factory=list)  # active officers and heads with an e-mail address


@dataclass
class ReminderPlan:
    as_of: datetime.date
    task_ids: list[int]  # the late ones among those ticked
    reminders: list[AgencyReminder]  # agencies someone can be e-mailed at, by name
    unreachable: list[AgencyReminder]  # late lead agencies with nobody to e-mail

    @property
    def email_count(self) -> int:
        return sum(len(reminder.recipients) for reminder in self.reminders)


def late_reminder_plan(*, task_ids: Iterable[int], acting_user: User, as_of: datetime.date) -> ReminderPlan:
    """Who would be reminded of what: each lead agency whose own part of one of these tasks is overdue on `as_of`,
    its late tasks by due date, and its officers and heads who have an address. Tasks the user may not see and parts
    not overdue are left out. Raises ValidationError when no task is late or nobody could be e-mailed."""
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
    items: dict[int, list[LateItem]] = defaultdict(list)
    for task_id, parts in late.items():
        for agency_id, part in parts.items():
            items[agency_id].append(LateItem(by_pk[task_id], part.deadline, part.overdue_days))
    agencies = Agency.objects.in_bulk(list(items))
    recipients = User.objects.filter(
        is_active=True, agency_id__in=list(items), role__in=(Role.AGENCY_OFFICER, Role.AGENCY_HEAD)
    ).exclude(email="")
    by_agency: dict[int, list[User]] = defaultdict(list)
    for user in recipients.order_by("agency_id", "role", "last_name", "pk"):
        by_agency[user.agency_id].append(user)
    reminders = [
        AgencyReminder(
            agencies[pk],
            sorted(items[pk], key=lambda item: (item.deadline or datetime.date.max, item.task.pk)),
            by_agency[pk],
        )
        for pk in items
    ]
    reminders.sort(key=lambda reminder: reminder.agency.name)
    plan = ReminderPlan(
        as_of,
        sorted(late),
        [reminder for reminder in reminders if reminder.recipients],
        [reminder for reminder in reminders if not reminder.recipients],
    )
    if not plan.reminders:
        raise ValidationError(
            _("Chưa gửi được nhắc việc: %(names)s không có cán bộ nào có địa chỉ thư điện tử.")
            % {"names": "; ".join(reminder.agency.name for reminder in plan.unreachable)}
        )
    return plan


def _message(user: User, reminder: AgencyReminder, acting_user: User, as_of: datetime.date) -> EmailMessage:
    subject = _("[Giám sát NQ57] Cơ quan Thường trực nhắc việc: %(n)d nhiệm vụ quá hạn") % {"n": len(reminder.items)}
    intro = _(
        "Cơ quan Thường trực (%(name)s) nhắc đơn vị các nhiệm vụ đang quá hạn dưới đây; đề nghị khẩn trương thực "
        "hiện và báo cáo kết quả kèm minh chứng."
    ) % {"name": acting_user.get_full_name() or acting_user.username}
    body = "\n".join(
        [
            _("Kính gửi %(name)s,") % {"name": user.get_full_name() or user.username},
            "",
            intro,
            "",
            *[item.line() for item in reminder.items],
            "",
            _("Hệ thống Giám sát NQ57 (thư tự động, ngày %(day)s).") % {"day": as_of.strftime("%d/%m/%Y")},
        ]
    )
    return EmailMessage(subject, body, None, [user.email])


def late_tasks_remind(plan: ReminderPlan, *, acting_user: User) -> ReminderSent:
    """Send the plan's e-mails and record them; call inside a transaction (the job's commit), so that a mail server
    refusing leaves nothing recorded."""
    as_of = plan.as_of
    reminder = ReminderSent.objects.create(sent_by=acting_user)
    reminder.tasks.set(plan.task_ids)
    reminder.agencies.set([item.agency for item in plan.reminders])
    messages = []
    for item in plan.reminders:
        for user in item.recipients:
            ReminderLog.objects.create(
                recipient=user, sent_on=as_of, kind=f"office-{reminder.pk}", item_count=len(item.items)
            )
            messages.append(_message(user, item, acting_user, as_of))
    reminder.email_count = len(messages)
    reminder.save(update_fields=["email_count"])
    with get_connection() as connection:
        connection.send_messages(messages)
    return reminder


@job_handler("late_tasks_remind", title=gettext_lazy("Gửi nhắc việc các nhiệm vụ quá hạn"))
def late_tasks_remind_job(job, progress):
    as_of = datetime.date.fromisoformat(job.params["as_of"])
    task_ids = job.params["task_ids"]
    progress(20, _("Đang xác định cơ quan chủ trì cần nhắc"))

    def commit() -> JobResult:
        try:
            plan = late_reminder_plan(task_ids=task_ids, acting_user=job.owner, as_of=as_of)
            reminder = late_tasks_remind(plan, acting_user=job.owner)
        except ValidationError as error:
            raise JobFailed(" ".join(error.messages)) from None
        except OSError as error:  # the mail server refused or cannot be reached: nothing is recorded
            raise JobFailed(
                _(
                    "Không gửi được thư (máy chủ thư: %(error)s). Chưa gửi và chưa ghi nhận nhắc việc nào; vui lòng "
                    "thử lại sau."
                )
                % {"error": error}
            ) from None
        note = _(
            "Đã gửi nhắc việc tới %(agencies)d cơ quan chủ trì (%(emails)d thư) về %(tasks)d nhiệm vụ quá hạn."
        ) % {
            "agencies": len(plan.reminders),
            "emails": reminder.email_count,
            "tasks": len(plan.task_ids),
        }
        if plan.unreachable:
            note += " " + _("Chưa gửi được tới %(names)s: không có cán bộ nào có địa chỉ thư điện tử.") % {
                "names": "; ".join(item.agency.name for item in plan.unreachable)
            }
        return JobResult(url=reverse("monitoring:warnings") + "?kind=overdue", note=note)

    return commit


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


def task_reminder_history(task_id: int) -> list[dict]:
    """The reminders sent about one task, as entries of its history (newest first): who, when, which agencies."""
    sent = (
        ReminderSent.objects.filter(tasks=task_id)
        .select_related("sent_by")
        .prefetch_related("agencies")
        .order_by("-sent_at", "-pk")
    )
    return [
        {
            "date": reminder.sent_at,
            "user": reminder.sent_by,
            "action": "reminded",
            "changes": [],
            "agencies": sorted(agency.name for agency in reminder.agencies.all()),
            "email_count": reminder.email_count,
            "reason": "",
        }
        for reminder in sent
    ]
