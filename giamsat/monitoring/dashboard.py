"""Dashboard figures for any "as of" date: counts by status, the agency table (by lead agency), the most
overdue tasks, those due in the next 30 days, and the trend by month.

The indicators card (`indicator_figures`) counts the indicators by colour with indicators.selectors, as the
monthly report does.

Statuses come from the status history (`history.py`): the tasks' spans holding on the day, read once; the agency
table counts each lead agency on its own part of a task; a fixed number of queries whatever the number of tasks.
The monthly report and the API read the same functions.
"""

import calendar
import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from giamsat.agencies.models import Agency
from giamsat.directives.choices import AssignmentRole
from giamsat.directives.models import Task, TaskAssignment

from .choices import TaskStatus
from .history import annotate_status, on_day
from .models import StatusSpan
from .tallies import part_counts, task_counts

DUE_SOON_DAYS = 30
SHOWN = 20  # overdue and due-soon tasks listed on the overview
TREND_MONTHS = 12
DONE = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)
# The agency table's columns counted by status, in AgencyRow's order.
AGENCY_COLUMNS = {
    "done_on_time": TaskStatus.DONE_ON_TIME,
    "done_late": TaskStatus.DONE_LATE,
    "overdue": TaskStatus.OVERDUE,
    "pending": TaskStatus.PENDING_VERIFICATION,
    "closed": TaskStatus.CLOSED,
}


@dataclass
class AgencyRow:
    agency_id: int
    name: str
    led: int
    done_on_time: int
    done_late: int
    overdue: int
    pending: int
    closed: int  # parts no longer carried out: neither open nor done
    reported: int

    @property
    def reporting_rate(self) -> int:
        open_tasks = self.led - self.done_on_time - self.done_late - self.closed
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


def status_counts(
    tasks: QuerySet[Task], *, as_of: datetime.date, confidentialities: Iterable[str] | None = None
) -> dict[str, int]:
    """{status: number of tasks} as of the date (one GROUP BY over the status history). `confidentialities`: the
    tasks are every task of these (the unfiltered overview): counted from the tally instead (tallies.py)."""
    if confidentialities is not None:
        return task_counts(confidentialities, [as_of])[as_of]
    rows = annotate_status(tasks.order_by(), as_of=as_of).values_list("status").annotate(n=Count("pk"))
    return dict(rows.values_list("status", "n"))


def month_ends(as_of: datetime.date, months: int = TREND_MONTHS) -> list[datetime.date]:
    """The last day of each of the `months` months ending with the month of `as_of` (that one: `as_of`)."""
    days = [as_of]
    year, month = as_of.year, as_of.month
    for _ in range(months - 1):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        days.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
    return days[::-1]


def trend(
    *,
    tasks: QuerySet[Task],
    as_of: datetime.date,
    months: int = TREND_MONTHS,
    confidentialities: Iterable[str] | None = None,
) -> list[TrendPoint]:
    """Done (on time, late) and overdue at each month end: one scan of the status history, a count per day and
    status (with `confidentialities`, as in `status_counts`: one sum over the tally)."""
    days = month_ends(as_of, months)
    counted = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE, TaskStatus.OVERDUE)
    if confidentialities is not None:
        by_day = task_counts(confidentialities, days)
        return [TrendPoint(day, *(by_day[day].get(status, 0) for status in counted)) for day in days]
    spans = StatusSpan.objects.filter(
        agency__isnull=True, task__in=tasks.order_by().values("pk"), status__in=counted, to_day__gte=days[0]
    )
    counts = spans.aggregate(
        **{
            f"{status}_{n}": Count("pk", filter=Q(status=status, from_day__lte=day, to_day__gte=day))
            for n, day in enumerate(days)
            for status in counted
        }
    )
    return [TrendPoint(day, *(counts[f"{status}_{n}"] for status in counted)) for n, day in enumerate(days)]


def share(part: int, whole: int) -> int:
    """A whole percentage; 0 of nothing is 0 %."""
    return round(100 * part / whole) if whole else 0


def _shown(tasks: QuerySet[Task], as_of: datetime.date) -> list[Task]:
    """The tasks (annotated by `annotate_status`), each with its `overdue_days` on the day."""
    found = list(tasks.select_related("directive")[:SHOWN])
    for task in found:
        late = task.status == TaskStatus.OVERDUE and task.status_deadline is not None
        task.overdue_days = (as_of - task.status_deadline).days if late else 0
    return found


def _with_lead_names(tasks: list[Task]) -> None:
    """Each shown task gets `lead_names` (its lead agencies or groups, as the task list names them): one query for
    the few tasks listed, not a prefetch over the whole set."""
    names: dict[int, list[str]] = {task.pk: [] for task in tasks}
    if not names:
        return
    leads = (
        TaskAssignment.objects.filter(task_id__in=list(names), role=AssignmentRole.LEAD)
        .select_related("agency", "group")
        .order_by("task_id", "position")
    )
    for assignment in leads:
        names[assignment.task_id].append(str(assignment.target))
    for task in tasks:
        task.lead_names = names[task.pk]


def agency_rows(
    tasks: QuerySet[Task],
    *,
    as_of: datetime.date,
    agency_filter: Q | None = None,
    confidentialities: Iterable[str] | None = None,
) -> list[AgencyRow]:
    """The agency table: each lead agency (each member of a lead group) counted on its own part of the tasks, from
    the parts' spans holding on the day, with the parts it reported on this period; one GROUP BY in SQL (at nation
    scale 3,500 agencies over 200,000 parts: the rows are not read into Python). With `confidentialities` (as in
    `status_counts`) and no `agency_filter`: the statuses counted from the tally, the reports of the period apart."""
    from giamsat.reporting.selectors import reports_sent_in_period

    if confidentialities is not None and not agency_filter:
        tallied = _tallied_agency_rows(tuple(confidentialities), as_of)
        if tallied is not None:
            return tallied
    sent = reports_sent_in_period(as_of=as_of).filter(task_id=OuterRef("task_id"), agency_id=OuterRef("agency_id"))
    parts = StatusSpan.objects.filter(
        on_day(as_of), agency__isnull=False, task__in=tasks.order_by().values("pk")
    ).filter(agency_filter or Q())
    counted = {name: Count("pk", filter=Q(status=status)) for name, status in AGENCY_COLUMNS.items()}
    rows = (
        parts.annotate(sent=Exists(sent))
        .values("agency_id", "agency__name")
        .annotate(led=Count("pk"), **counted, reported=Count("pk", filter=Q(sent=True)))
        .order_by()
    )
    return [
        AgencyRow(
            row["agency_id"], row["agency__name"], row["led"], *(row[name] for name in AGENCY_COLUMNS), row["reported"]
        )
        for row in rows
    ]


def _tallied_agency_rows(confidentialities: tuple[str, ...], as_of: datetime.date) -> list[AgencyRow] | None:
    """`agency_rows` for every task of these confidentialities: the parts by status from the tally, and each
    agency's parts with a report sent this period (one GROUP BY over the period's reports). None for a day the
    tally no longer holds (before its parts were folded)."""
    from giamsat.common.cache import AGENCIES, cached_figures
    from giamsat.reporting.selectors import reports_sent_in_period

    counted = part_counts(confidentialities, as_of)
    if counted is None:
        return None
    part = StatusSpan.objects.filter(
        on_day(as_of),
        task_id=OuterRef("task_id"),
        agency_id=OuterRef("agency_id"),
        confidentiality__in=confidentialities,
    )
    reported = dict(
        reports_sent_in_period(as_of=as_of)
        .filter(Exists(part))
        .values("agency_id")
        .annotate(n=Count("task_id", distinct=True))
        .values_list("agency_id", "n")
        .order_by()
    )
    names = cached_figures(
        ("agency-names",), lambda: dict(Agency.objects.values_list("pk", "name")), domains=[AGENCIES]
    )
    return [
        AgencyRow(
            agency_id,
            names[agency_id],
            sum(statuses.values()),
            *(statuses.get(status, 0) for status in AGENCY_COLUMNS.values()),
            reported.get(agency_id, 0),
        )
        for agency_id, statuses in counted.items()
    ]


def dashboard(
    *,
    tasks: QuerySet[Task],
    as_of: datetime.date,
    agency_filter: Q | None = None,
    confidentialities: Iterable[str] | None = None,
) -> dict:
    """The overview's figures; `agency_filter` (on the lead agency) limits the rows of the agency table;
    `confidentialities`: `tasks` are every task of these, counted from the tally (`status_counts`).

    From the status history in a fixed number of queries: the counts by status (one GROUP BY), the agency table
    (each lead agency's part holding on the day, and the reports sent this period), the overdue and due-soon
    tasks shown (ordered and cut in SQL), with their lead agencies' names (one query for the few shown).
    """
    annotated = annotate_status(tasks.order_by(), as_of=as_of)
    counts = status_counts(tasks, as_of=as_of, confidentialities=confidentialities)
    by_status = [(status, counts.get(status, 0)) for status in TaskStatus]
    total = sum(counts.values())

    agencies = agency_rows(tasks, as_of=as_of, agency_filter=agency_filter, confidentialities=confidentialities)
    agencies.sort(key=lambda r: (-r.overdue, r.name))
    soon = as_of + datetime.timedelta(days=DUE_SOON_DAYS)
    overdue = annotated.filter(status=TaskStatus.OVERDUE).order_by("status_deadline", "pk")
    due_soon = annotated.filter(
        status=TaskStatus.ON_TIME, status_deadline__gte=as_of, status_deadline__lte=soon
    ).order_by("status_deadline", "pk")
    overdue_shown, due_soon_shown = _shown(overdue, as_of), _shown(due_soon, as_of)
    _with_lead_names([*overdue_shown, *due_soon_shown])
    return {
        "by_status": by_status,
        "shares": {status: share(count, total) for status, count in by_status},
        "total": total,
        "agencies": agencies,
        "overdue": overdue_shown,
        "due_soon": due_soon_shown,
    }


@dataclass
class ColourCount:
    """One colour of the overview's indicators card: how many indicators, and how many of each layer."""

    colour: str
    label: str
    badge: str
    count: int
    by_layer: list[tuple[str, int]]


def indicator_figures(indicators: QuerySet, *, as_of: datetime.date) -> dict:
    """The indicators card: how many indicators of each colour as of the day, of each layer too. The colours come
    from indicators.selectors (`colours`, as `colour_counts` and the drill-down `of_colour` judge them): three
    queries whatever the number of indicators."""
    from giamsat.indicators.choices import COLOUR_BADGES, Colour, Layer
    from giamsat.indicators.selectors import colours

    listed = list(indicators.order_by())
    judged = colours(listed, as_of)
    tally = Counter((indicator.layer, judged[indicator.pk].colour) for indicator in listed)
    counts = [
        ColourCount(
            colour=colour.value,
            label=str(colour.label),
            badge=COLOUR_BADGES[colour],
            count=sum(tally[layer, colour] for layer in Layer),
            by_layer=[(str(layer.label), tally[layer, colour]) for layer in Layer],
        )
        for colour in Colour
    ]
    return {"counts": counts, "total": len(listed)}
