"""The status engine: one pure function for the whole system, and its database twin.

`compute_task_status` decides from plain facts (deadline, its recorded changes, the completion reports
and their reviews) for any "as of" date; it reads no clock and writes nothing. `annotate_status` says
the same in SQL so lists and dashboards filter and count by status in the database. A table-driven
test runs every case through both and demands the same answer.

Rules, in order, as they stood at the end of the "as of" day (Asia/Ho_Chi_Minh):
1. The deadline is the one in force that day: the last recorded change made by then, else the
   deadline before the first change (extensions come only from recorded decisions).
2. A completion report accepted by the standing office by then → done; on time when the product was
   delivered on or before the deadline (or there is none), late otherwise. The completion date is the
   delivery date of the product, not the review date.
3. A completion report submitted and not reviewed since its (re)submission → "Chờ xác nhận".
4. A recurring task without a deadline → "Thường xuyên" (judged per reporting period).
5. Past the deadline → overdue, with the days counted; on the deadline day itself it is still on time.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from .choices import TaskStatus

COMPLETED = "completed"  # reporting.WorkState.COMPLETED
ACCEPTED = "accepted"  # reporting.ReviewDecision.ACCEPTED
NO_RECURRENCE = "none"


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant after `day` in the system's time zone: events before it count for `day`."""
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, ZoneInfo(settings.TIME_ZONE))


@dataclass(frozen=True)
class DeadlineChangeFact:
    at: datetime.datetime
    old_deadline: datetime.date | None
    new_deadline: datetime.date | None


@dataclass(frozen=True)
class ReviewFact:
    at: datetime.datetime
    decision: str


@dataclass(frozen=True)
class ReportFact:
    state: str
    submitted_at: datetime.datetime | None
    delivered_on: datetime.date | None
    reviews: tuple[ReviewFact, ...] = ()


@dataclass(frozen=True)
class StatusResult:
    status: TaskStatus
    deadline: datetime.date | None  # the deadline in force on the "as of" day
    overdue_days: int = 0
    completed_on: datetime.date | None = None


def deadline_as_of(
    deadline: datetime.date | None, changes: list[DeadlineChangeFact], as_of: datetime.date
) -> datetime.date | None:
    cutoff = end_of_day(as_of)
    ordered = sorted(changes, key=lambda c: c.at)
    made = [c for c in ordered if c.at < cutoff]
    if made:
        return made[-1].new_deadline
    if ordered:
        return ordered[0].old_deadline
    return deadline


def compute_task_status(
    *,
    deadline: datetime.date | None,
    recurrence: str,
    deadline_changes: list[DeadlineChangeFact],
    reports: list[ReportFact],
    as_of: datetime.date,
) -> StatusResult:
    cutoff = end_of_day(as_of)
    in_force = deadline_as_of(deadline, deadline_changes, as_of)
    completions = [r for r in reports if r.state == COMPLETED]
    accepted = [r for r in completions if any(v.decision == ACCEPTED and v.at < cutoff for v in r.reviews)]
    if accepted:
        delivered = [r.delivered_on for r in accepted if r.delivered_on is not None]
        completed_on = min(delivered) if delivered else None
        on_time = in_force is None or (completed_on is not None and completed_on <= in_force)
        return StatusResult(
            TaskStatus.DONE_ON_TIME if on_time else TaskStatus.DONE_LATE, in_force, completed_on=completed_on
        )
    for report in completions:
        if (
            report.submitted_at is not None
            and report.submitted_at < cutoff
            and not any(report.submitted_at <= v.at < cutoff for v in report.reviews)
        ):
            return StatusResult(TaskStatus.PENDING_VERIFICATION, in_force)
    if in_force is None:
        return StatusResult(TaskStatus.RECURRING if recurrence != NO_RECURRENCE else TaskStatus.ON_TIME, None)
    if as_of > in_force:
        return StatusResult(TaskStatus.OVERDUE, in_force, overdue_days=(as_of - in_force).days)
    return StatusResult(TaskStatus.ON_TIME, in_force)


def task_status(task, as_of: datetime.date) -> StatusResult:
    """The pure function applied to a saved task (reads its reports, reviews and deadline changes)."""
    changes = [DeadlineChangeFact(c.created_at, c.old_deadline, c.new_deadline) for c in task.deadline_changes.all()]
    reports = [
        ReportFact(
            r.state,
            r.submitted_at,
            r.delivered_on,
            tuple(ReviewFact(v.created_at, v.decision) for v in r.reviews.all()),
        )
        for r in task.reports.all()
    ]
    return compute_task_status(
        deadline=task.deadline, recurrence=task.recurrence, deadline_changes=changes, reports=reports, as_of=as_of
    )


def annotate_reported(queryset: QuerySet, *, as_of: datetime.date) -> QuerySet:
    """`reported_this_period`: a lead agency has sent its report for the period of `as_of` (SQL)."""
    from giamsat.directives.models import TaskAssignment
    from giamsat.reporting.models import ProgressReport

    leads = TaskAssignment.objects.filter(task_id=OuterRef("task_id"), role="lead").values("agency_id")
    sent = ProgressReport.objects.filter(
        task_id=OuterRef("pk"), period__year=as_of.year, period__month=as_of.month, submitted_at__lt=end_of_day(as_of)
    ).filter(Q(agency_id__in=leads))
    return queryset.annotate(reported_this_period=Exists(sent))


def annotate_status(queryset: QuerySet, *, as_of: datetime.date) -> QuerySet:
    """The database twin: annotates `status_deadline`, `completed_on` and `status` for `as_of`.

    When the stored facts of every task (monitoring.TaskStatusFacts, the pure engine's own conclusion from
    all of a task's events) hold on `as_of` — from the day of each task's newest event on, so today — the
    status is a CASE over the columns of one joined row, without a subquery (`stored_facts_cover`).
    Otherwise (an earlier day, a task without facts) the subqueries over deadline changes, reports and
    reviews decide, as the rules above say. (Mixing the two per row was measured slower for past days:
    the monthly report for 20/11 took 6.6–7.2 s against 5.1 s with the subqueries alone.)
    """
    if stored_facts_cover(as_of):
        return _annotate(
            queryset,
            as_of=as_of,
            deadline=F("status_facts__deadline"),
            completed_on=F("status_facts__completed_on"),
            accepted=F("status_facts__accepted"),
            pending=F("status_facts__pending"),
        )
    from giamsat.directives.models import DeadlineChange
    from giamsat.reporting.models import ProgressReport, Review

    cutoff = end_of_day(as_of)
    changes = DeadlineChange.objects.filter(task_id=OuterRef("pk"))
    made = changes.filter(created_at__lt=cutoff)
    in_force = Case(
        When(Exists(made), then=Subquery(made.order_by("-created_at", "-pk").values("new_deadline")[:1])),
        When(Exists(changes), then=Subquery(changes.order_by("created_at", "pk").values("old_deadline")[:1])),
        default=F("deadline"),
        output_field=DateField(),
    )
    accepted_reports = ProgressReport.objects.filter(
        task_id=OuterRef("pk"),
        state=COMPLETED,
        reviews__decision=ACCEPTED,
        reviews__created_at__lt=cutoff,
    )
    completed_on = Subquery(
        accepted_reports.filter(delivered_on__isnull=False).order_by("delivered_on").values("delivered_on")[:1],
        output_field=DateField(),
    )
    reviewed_since_submission = Review.objects.filter(
        report_id=OuterRef("pk"), created_at__gte=OuterRef("submitted_at"), created_at__lt=cutoff
    )
    pending = ProgressReport.objects.filter(task_id=OuterRef("pk"), state=COMPLETED, submitted_at__lt=cutoff).exclude(
        Exists(reviewed_since_submission)
    )
    return _annotate(
        queryset,
        as_of=as_of,
        deadline=in_force,
        completed_on=completed_on,
        accepted=Exists(accepted_reports),
        pending=Exists(pending),
    )


def stored_facts_cover(as_of: datetime.date) -> bool:
    """Every task has stored facts that hold on `as_of` (once per data version and day, from the cache)."""
    from giamsat.common.cache import cached_figures
    from giamsat.directives.models import Task

    def check() -> bool:
        stale = Q(status_facts__isnull=True) | Q(status_facts__valid_from__gt=as_of)
        return not Task.objects.filter(stale).exists()

    return cached_figures(("status-facts-cover", as_of), check)


def _annotate(queryset: QuerySet, *, as_of: datetime.date, deadline, completed_on, accepted, pending) -> QuerySet:
    return (
        queryset.annotate(status_deadline=deadline, completed_on=completed_on, has_accepted=accepted)
        .alias(status_pending=pending)
        .annotate(
            status=Case(
                When(
                    Q(has_accepted=True)
                    & (Q(status_deadline__isnull=True) | Q(completed_on__lte=F("status_deadline"))),
                    then=Value(TaskStatus.DONE_ON_TIME),
                ),
                When(has_accepted=True, then=Value(TaskStatus.DONE_LATE)),
                When(status_pending=True, then=Value(TaskStatus.PENDING_VERIFICATION)),
                When(Q(status_deadline__isnull=True) & ~Q(recurrence=NO_RECURRENCE), then=Value(TaskStatus.RECURRING)),
                When(status_deadline__lt=as_of, then=Value(TaskStatus.OVERDUE)),
                default=Value(TaskStatus.ON_TIME),
                output_field=CharField(),
            )
        )
    )


def period_compliance(*, submitted_at: datetime.datetime | None, due_on: datetime.date, as_of: datetime.date) -> str:
    """A recurring task's compliance in one reporting period: reported on time, late, or missing (as of a date)."""
    from .choices import PeriodCompliance

    if submitted_at is None or submitted_at >= end_of_day(as_of):
        return PeriodCompliance.MISSING
    return PeriodCompliance.ON_TIME if submitted_at < end_of_day(due_on) else PeriodCompliance.LATE


def task_period_compliance(task, *, as_of: datetime.date, periods) -> list[tuple]:
    """(period, compliance) for each period due by `as_of`, judged on the lead agencies' first submission."""
    lead_ids = {a.agency_id for a in task.assignments.all() if a.role == "lead" and a.agency_id}
    rows = []
    for period in periods:
        if period.due_on > as_of:
            continue
        times = [
            r.submitted_at
            for r in task.reports.all()
            if r.period_id == period.pk and r.submitted_at and (not lead_ids or r.agency_id in lead_ids)
        ]
        rows.append(
            (period, period_compliance(submitted_at=min(times) if times else None, due_on=period.due_on, as_of=as_of))
        )
    return rows
