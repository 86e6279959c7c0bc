"""Early warnings (phát hiện sớm điểm nghẽn), each with its reason in words, for any "as of" date.

Kinds: overdue; due soon with low progress; not reported this period after the due day; returned and not
resubmitted within N days; stalled (no progress across two periods); difficulties reported and not
answered. Thresholds come from settings (WARNING_DUE_SOON_DAYS, WARNING_LOW_PROGRESS,
WARNING_RETURNED_DAYS)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from giamsat.directives.choices import AssignmentRole
from giamsat.directives.models import Task, TaskAssignment
from giamsat.reporting.choices import ReportStatus
from giamsat.reporting.models import ProgressReport, ReportingPeriod

from .choices import TaskStatus
from .history import annotate_status, part_statuses
from .status import end_of_day

OWING = (TaskStatus.ON_TIME, TaskStatus.OVERDUE, TaskStatus.RECURRING)
SUBMITTED = (
    ReportStatus.SUBMITTED,
    ReportStatus.APPROVED,
    ReportStatus.RECEIVED,
    ReportStatus.ACCEPTED,
    ReportStatus.RETURNED,
)


@dataclass(frozen=True)
class Warning:
    task: Task
    kind: str
    message: str
    due: datetime.date | None  # for sorting digests by due date
    agencies: frozenset[int] = frozenset()  # the lead agencies whose part it concerns; empty: all of the task's

    @property
    def lead_names(self) -> list[str]:
        return [str(a.target) for a in self.task.lead_assignments]


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def period_due_before(as_of: datetime.date) -> ReportingPeriod | None:
    """The latest reporting period whose due day has passed by `as_of`."""
    return ReportingPeriod.objects.filter(due_on__lt=as_of).order_by("-due_on").first()


def task_warnings(*, tasks: QuerySet[Task], as_of: datetime.date) -> list[Warning]:
    due_soon_days = _setting("WARNING_DUE_SOON_DAYS", 15)
    low_progress = _setting("WARNING_LOW_PROGRESS", 70)
    returned_days = _setting("WARNING_RETURNED_DAYS", 7)
    cutoff = end_of_day(as_of)
    period = period_due_before(as_of)
    reports = Prefetch(
        "reports",
        queryset=ProgressReport.objects.select_related("period")
        .prefetch_related("reviews")
        .order_by("-period__year", "-period__month"),
        to_attr="known_reports",
    )
    leads = Prefetch(
        "assignments",
        queryset=TaskAssignment.objects.filter(role=AssignmentRole.LEAD).select_related("agency", "group"),
        to_attr="lead_assignments",
    )
    found: list[Warning] = []
    parts = part_statuses(tasks, as_of)
    for task in annotate_status(tasks, as_of=as_of).select_related("directive").prefetch_related(reports, leads):
        deadline = task.status_deadline
        task_parts = parts.get(task.pk, {})
        submitted = [
            r for r in task.known_reports if r.status in SUBMITTED and r.submitted_at and r.submitted_at < cutoff
        ]
        latest = submitted[0] if submitted else None
        if task.status in (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE, TaskStatus.CLOSED):
            continue  # nothing is owed on a task done, or no longer carried out
        if task.status == TaskStatus.OVERDUE:
            late = {agency_id for agency_id, part in task_parts.items() if part.status == TaskStatus.OVERDUE}
            found.append(
                Warning(
                    task,
                    "overdue",
                    _("Quá hạn %(days)d ngày (hạn %(deadline)s).")
                    % {"days": (as_of - deadline).days, "deadline": deadline.strftime("%d/%m/%Y")},
                    deadline,
                    frozenset(late) if len(task_parts) > 1 else frozenset(),
                )
            )
        elif task.status == TaskStatus.ON_TIME and deadline and (deadline - as_of).days <= due_soon_days:
            progress = latest.progress_percent if latest else 0
            if progress < low_progress:
                found.append(
                    Warning(
                        task,
                        "due_soon",
                        _("Còn %(days)d ngày đến hạn (%(deadline)s) nhưng tiến độ mới đạt %(progress)d%%.")
                        % {
                            "days": (deadline - as_of).days,
                            "deadline": deadline.strftime("%d/%m/%Y"),
                            "progress": progress,
                        },
                        deadline,
                    )
                )
        # Each lead agency's part that is neither done nor awaiting verification owes the period's report.
        owing = {agency_id for agency_id, part in task_parts.items() if part.status in OWING}
        if period and owing and task.status != TaskStatus.PENDING_VERIFICATION:
            missing = owing - {r.agency_id for r in submitted if r.period_id == period.pk}
            if missing:
                words = {"period": period, "due": period.due_on.strftime("%d/%m/%Y")}
                text = (
                    _("Chưa báo cáo kỳ %(period)s (hạn nộp %(due)s).") % words
                    if len(owing) == 1
                    else _("Chưa báo cáo kỳ %(period)s (hạn nộp %(due)s): %(missing)d/%(owing)d cơ quan chủ trì.")
                    % {**words, "missing": len(missing), "owing": len(owing)}
                )
                found.append(
                    Warning(
                        task, "not_reported", text, period.due_on, frozenset(missing) if len(owing) > 1 else frozenset()
                    )
                )
        for report in submitted:
            if report.status != ReportStatus.RETURNED:
                continue
            returns = [v for v in report.reviews.all() if v.decision == "returned" and v.created_at < cutoff]
            if returns:
                returned_on = max(v.created_at for v in returns).date()
                if (as_of - returned_on).days > returned_days:
                    found.append(
                        Warning(
                            task,
                            "returned",
                            _("Báo cáo bị trả lại ngày %(day)s chưa được gửi lại (quá %(n)d ngày).")
                            % {"day": returned_on.strftime("%d/%m/%Y"), "n": returned_days},
                            returned_on,
                        )
                    )
        if (
            len(submitted) >= 2
            and submitted[0].progress_percent <= submitted[1].progress_percent < 100
            and submitted[0].period_id != submitted[1].period_id
        ):
            found.append(
                Warning(
                    task,
                    "stalled",
                    _("Tiến độ không tăng qua hai kỳ báo cáo (%(progress)d%%).")
                    % {"progress": submitted[0].progress_percent},
                    deadline,
                )
            )
        if (
            latest
            and latest.difficulties.strip()
            and not any(v.comment.strip() and v.created_at >= latest.submitted_at for v in latest.reviews.all())
        ):
            found.append(
                Warning(
                    task,
                    "difficulty",
                    _("Khó khăn, vướng mắc đã báo cáo chưa được trả lời: %(text)s")
                    % {"text": latest.difficulties.strip()[:200]},
                    deadline,
                )
            )
    found.sort(key=lambda w: (w.due or datetime.date.max, w.task.pk))
    return found


WARNING_LABELS = {
    "overdue": gettext_lazy("Quá hạn"),
    "due_soon": gettext_lazy("Sắp đến hạn, tiến độ thấp"),
    "not_reported": gettext_lazy("Chưa báo cáo"),
    "returned": gettext_lazy("Bị trả lại, chưa gửi lại"),
    "stalled": gettext_lazy("Không tiến triển"),
    "difficulty": gettext_lazy("Vướng mắc chưa trả lời"),
}
