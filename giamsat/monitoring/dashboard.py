"""Dashboard figures for any "as of" date, counted in SQL through the status engine's twin.

A fixed number of queries whatever the number of tasks: counts by status, the agency table (grouped by
lead agency), the most overdue tasks, those due in the next 30 days, and the trend by month (one
grouped count per month end). The monthly report and the scorecard read the same functions.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from giamsat.directives.choices import AssignmentRole
from giamsat.directives.models import Task, TaskAssignment

from .choices import TaskStatus
from .status import annotate_reported, annotate_status

DUE_SOON_DAYS = 30
TREND_MONTHS = 12
DONE = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)


@dataclass
class AgencyRow:
    agency_id: int
    name: str
    led: int
    done_on_time: int
    done_late: int
    overdue: int
    pending: int
    reported: int

    @property
    def reporting_rate(self) -> int:
        open_tasks = self.led - self.done_on_time - self.done_late
        return round(100 * self.reported / open_tasks) if open_tasks else 100

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late


@dataclass
class TrendPoint:
    """The state at the end of one month (or on the "as of" day for its own month)."""

    day: datetime.date
    done_on_time: int
    done_late: int
    overdue: int

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> int | None:
        """Share of the tasks done by then that were done on time (None before anything is done)."""
        return round(100 * self.done_on_time / self.done) if self.done else None


def status_counts(tasks: QuerySet[Task], *, as_of: datetime.date) -> dict[str, int]:
    """{status: number of tasks} as of the date, in one grouped query."""
    annotated = annotate_status(tasks.order_by(), as_of=as_of)
    return dict(annotated.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))


def month_ends(as_of: datetime.date, months: int = TREND_MONTHS) -> list[datetime.date]:
    """The last day of each of the `months` months ending with the month of `as_of` (that one: `as_of`)."""
    days = [as_of]
    year, month = as_of.year, as_of.month
    for _ in range(months - 1):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        days.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
    return days[::-1]


def trend(*, tasks: QuerySet[Task], as_of: datetime.date, months: int = TREND_MONTHS) -> list[TrendPoint]:
    """Done (on time, late) and overdue at each month end: one grouped count per month."""
    points = []
    for day in month_ends(as_of, months):
        counts = status_counts(tasks, as_of=day)
        points.append(
            TrendPoint(
                day,
                counts.get(TaskStatus.DONE_ON_TIME, 0),
                counts.get(TaskStatus.DONE_LATE, 0),
                counts.get(TaskStatus.OVERDUE, 0),
            )
        )
    return points


def share(part: int, whole: int) -> int:
    """A whole percentage; 0 of nothing is 0 %."""
    return round(100 * part / whole) if whole else 0


def dashboard(*, tasks: QuerySet[Task], as_of: datetime.date, agency_filter: Q | None = None) -> dict:
    """The overview's figures; `agency_filter` (on the lead assignment) limits the rows of the agency table."""
    annotated = annotate_reported(annotate_status(tasks, as_of=as_of), as_of=as_of)
    counts = status_counts(tasks, as_of=as_of)
    by_status = [(status, counts.get(status, 0)) for status in TaskStatus]
    total = sum(counts.values())

    lead_rows = (
        TaskAssignment.objects.filter(role=AssignmentRole.LEAD, agency__isnull=False, task__in=annotated.values("pk"))
        .filter(agency_filter or Q())
        .annotate(
            status=annotate_status(Task.objects.filter(pk=OuterRef("task_id")), as_of=as_of).values("status")[:1],
            reported=Exists(
                annotate_reported(Task.objects.filter(pk=OuterRef("task_id")), as_of=as_of).filter(
                    reported_this_period=True
                )
            ),
        )
        .values("agency_id", "agency__name")
        .annotate(
            led=Count("task_id", distinct=True),
            done_on_time=Count("task_id", filter=Q(status=TaskStatus.DONE_ON_TIME), distinct=True),
            done_late=Count("task_id", filter=Q(status=TaskStatus.DONE_LATE), distinct=True),
            overdue=Count("task_id", filter=Q(status=TaskStatus.OVERDUE), distinct=True),
            pending=Count("task_id", filter=Q(status=TaskStatus.PENDING_VERIFICATION), distinct=True),
            reported_count=Count("task_id", filter=Q(reported=True), distinct=True),
        )
        .order_by("-overdue", "agency__name")
    )
    agencies = [
        AgencyRow(
            r["agency_id"],
            r["agency__name"],
            r["led"],
            r["done_on_time"],
            r["done_late"],
            r["overdue"],
            r["pending"],
            r["reported_count"],
        )
        for r in lead_rows
    ]
    overdue = list(
        annotated.filter(status=TaskStatus.OVERDUE).select_related("directive").order_by("status_deadline", "pk")[:20]
    )
    for task in overdue:
        task.overdue_days = (as_of - task.status_deadline).days
    due_soon = list(
        annotated.filter(
            status=TaskStatus.ON_TIME,
            status_deadline__gte=as_of,
            status_deadline__lte=as_of + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("directive")
        .order_by("status_deadline", "pk")[:20]
    )
    return {
        "by_status": by_status,
        "shares": {status: share(count, total) for status, count in by_status},
        "total": total,
        "agencies": agencies,
        "overdue": overdue,
        "due_soon": due_soon,
    }
