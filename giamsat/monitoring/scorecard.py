"""The agency scorecard and ranking ("công khai trách nhiệm"): one index per lead agency and reporting period.

The index is a weighted mean of four component scores, each between 0 and 1, computed by the pure function
`scorecard_index` from plain counts; `scorecard` counts those components in SQL (grouped by lead agency, a
fixed number of queries) from the status history of each agency's own part of a task (a task led by several
agencies is judged per agency), as of the period's last day. docs/scorecard.md
explains the formula with a worked example and how to reproduce one agency's index from the data.

Components (D = the tasks the agency leads that have come to term: the deadline in force is on or before the
"as of" day, or the task is already done; counted once per task):
1. On-time completion (40 %): done on time / D.
2. Overdue (25 %): 1 − (overdue + capped overdue days / CAP) / (2 × D). Half of the penalty comes from the
   number of overdue tasks, half from how late they are; each task's days are capped at `OVERDUE_DAYS_CAP`
   (one quarter, the planning unit of the directives) so one ancient task does not dominate. All D tasks
   overdue by a quarter or more scores 0.
3. Reporting timeliness (20 %): reports submitted by the period's due date / reports expected. A report is
   expected for each task the agency leads that was not done at the start of the period and whose directive
   was issued by the due date; it counts when the agency's report on that task for the period was submitted
   (`submitted_at`) by the end of the due day.
4. Evidence quality (15 %): 1 − returned / reviewed, over the standing office's reviews made during the
   period's month of the agency's reports on the tasks it leads.

Beside the index, not in it: the agency's indicators by colour as of the period's last day (indicators/selectors.py,
the same judgement as everywhere), and the requests for explanation addressed to the agency whose answer was overdue
during the period (`overdue_answers`, explanations/selectors.py `overdue_in_period`), on the tasks in scope or on
indicators.

Parts no longer carried out on the "as of" day (the task stopped, merged or no longer needed: status "closed")
count in no component.

A component without data (nothing come to term, no report expected, nothing reviewed) is left out and the
weights of the others are re-normalised; an agency with no data at all has no index and is ranked last.
The arithmetic is exact (fractions) and rounded half up to one decimal, as a spreadsheet would.
"""

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from giamsat.directives.models import Task
from giamsat.explanations.models import ExplanationRequest
from giamsat.explanations.selectors import overdue_counts_by_agency
from giamsat.indicators.models import Indicator
from giamsat.indicators.selectors import colours
from giamsat.reporting.choices import ReviewDecision
from giamsat.reporting.models import ProgressReport, ReportingPeriod, Review

from .choices import TaskStatus
from .models import StatusSpan
from .status import end_of_day

OVERDUE_DAYS_CAP = 90
WEIGHTS = {"on_time": 40, "overdue": 25, "reporting": 20, "evidence": 15}
DONE = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)


@dataclass(frozen=True)
class Components:
    """The plain counts behind one agency's index; `overdue_days` is already capped per task."""

    due: int = 0
    done_on_time: int = 0
    overdue: int = 0
    overdue_days: int = 0
    reports_expected: int = 0
    reports_on_time: int = 0
    reviewed: int = 0
    returned: int = 0


def component_scores(c: Components) -> dict[str, Fraction | None]:
    """Each component's score in [0, 1], or None when it has no data. Raises ValueError on impossible counts."""
    if (
        min(c.due, c.done_on_time, c.overdue, c.overdue_days, c.reports_expected, c.reports_on_time) < 0
        or min(c.reviewed, c.returned) < 0
    ):
        raise ValueError("Các thành phần không được âm.")
    if c.done_on_time + c.overdue > c.due:
        raise ValueError("Số hoàn thành đúng hạn cộng số quá hạn vượt số nhiệm vụ đến hạn.")
    if c.overdue_days > c.overdue * OVERDUE_DAYS_CAP or (c.overdue and c.overdue_days < c.overdue):
        raise ValueError("Số ngày quá hạn không khớp với số nhiệm vụ quá hạn (mỗi nhiệm vụ từ 1 đến trần ngày).")
    if c.reports_on_time > c.reports_expected or c.returned > c.reviewed:
        raise ValueError("Tử số vượt mẫu số.")
    scores: dict[str, Fraction | None] = dict.fromkeys(WEIGHTS)
    if c.due:
        scores["on_time"] = Fraction(c.done_on_time, c.due)
        scores["overdue"] = 1 - (c.overdue + Fraction(c.overdue_days, OVERDUE_DAYS_CAP)) / (2 * c.due)
    if c.reports_expected:
        scores["reporting"] = Fraction(c.reports_on_time, c.reports_expected)
    if c.reviewed:
        scores["evidence"] = 1 - Fraction(c.returned, c.reviewed)
    return scores


def scorecard_index(c: Components) -> float | None:
    """The index 0–100, one decimal (half up): Σ weight × score / Σ weight over the components with data."""
    scores = component_scores(c)
    present = {name: score for name, score in scores.items() if score is not None}
    if not present:
        return None
    value = 100 * sum(WEIGHTS[name] * score for name, score in present.items()) / sum(WEIGHTS[n] for n in present)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass
class ScorecardRow:
    agency_id: int
    name: str
    components: Components
    done_late: int = 0
    overdue_answers: int = 0  # requests for explanation not answered by their due date: shown, not in the index
    indicator_colours: dict[str, int] = field(default_factory=dict)  # the agency's indicators by colour: shown only
    index: float | None = None
    rank: int | None = None

    @property
    def scores(self) -> dict[str, float | None]:
        """Component scores as percentages (one decimal) for display."""
        return {
            name: None if score is None else round(float(100 * score), 1)
            for name, score in component_scores(self.components).items()
        }


def period_bounds(period: ReportingPeriod) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the period's month."""
    last = calendar.monthrange(period.year, period.month)[1]
    return datetime.date(period.year, period.month, 1), datetime.date(period.year, period.month, last)


def rank_rows(rows: list[ScorecardRow]) -> list[ScorecardRow]:
    """Index descending, ties by name; equal indices share a rank (1, 2, 2, 4); no index: last, no rank."""
    rows = sorted(rows, key=lambda r: (r.index is None, -(r.index or 0), r.name, r.agency_id))
    for position, row in enumerate(rows, start=1):
        if row.index is None:
            row.rank = None
        elif position > 1 and rows[position - 2].index == row.index:
            row.rank = rows[position - 2].rank
        else:
            row.rank = position
    return rows


def scorecard(*, period: ReportingPeriod, tasks: QuerySet[Task] | None = None) -> list[ScorecardRow]:
    """One row per lead agency of `tasks` (all tasks by default), as of the period's last day, ranked. Each agency
    is judged on its own part of a task led by several (each member of a lead group is a lead agency).

    Seven queries whatever the number of tasks and agencies: the grouped task counts, the overdue tasks
    grouped by agency and deadline in force (for the capped days), the grouped reviews, the overdue answers
    to requests for explanation grouped by agency, and the three of the agencies' indicator colours.
    """
    first_day, as_of = period_bounds(period)
    tasks = Task.objects.all() if tasks is None else tasks
    task_ids = tasks.order_by().values("pk")

    def part_on(day: datetime.date) -> QuerySet[StatusSpan]:
        """Each lead agency's part (each member of a lead group included) as of the day, from the status history."""
        return StatusSpan.objects.filter(agency__isnull=False, from_day__lte=day, to_day__gte=day)

    start = first_day - datetime.timedelta(days=1)
    # A part no longer carried out on the day (the task stopped, merged, no longer needed) is not judged at all.
    leads = (
        part_on(as_of)
        .filter(task_id__in=task_ids)
        .exclude(status=TaskStatus.CLOSED)
        .annotate(status_deadline=F("deadline"))
    )
    come_to_term = Q(status_deadline__lte=as_of) | Q(status__in=DONE)
    expected = ~Q(status_at_start__in=DONE) & (
        Q(task__directive__issued_on__isnull=True) | Q(task__directive__issued_on__lte=period.due_on)
    )
    counted = (
        leads.annotate(
            status_at_start=Subquery(
                part_on(start).filter(task_id=OuterRef("task_id"), agency_id=OuterRef("agency_id")).values("status")[:1]
            ),
            reported_on_time=Exists(
                ProgressReport.objects.filter(
                    task_id=OuterRef("task_id"),
                    agency_id=OuterRef("agency_id"),
                    period=period,
                    submitted_at__lt=end_of_day(period.due_on),
                )
            ),
        )
        .values("agency_id", "agency__name")
        .annotate(
            due=Count("task_id", filter=come_to_term, distinct=True),
            done_on_time=Count("task_id", filter=Q(status=TaskStatus.DONE_ON_TIME), distinct=True),
            done_late=Count("task_id", filter=Q(status=TaskStatus.DONE_LATE), distinct=True),
            overdue=Count("task_id", filter=Q(status=TaskStatus.OVERDUE), distinct=True),
            expected=Count("task_id", filter=expected, distinct=True),
            on_time_reports=Count("task_id", filter=expected & Q(reported_on_time=True), distinct=True),
        )
        .order_by()
    )
    overdue_days: dict[int, int] = {}
    late = (
        leads.filter(status=TaskStatus.OVERDUE)
        .values("agency_id", "status_deadline")
        .annotate(n=Count("task_id", distinct=True))
        .order_by()
    )
    for row in late:
        days = min((as_of - row["status_deadline"]).days, OVERDUE_DAYS_CAP)
        overdue_days[row["agency_id"]] = overdue_days.get(row["agency_id"], 0) + row["n"] * days
    lead_of_report = StatusSpan.objects.filter(
        task_id=OuterRef("report__task_id"), agency_id=OuterRef("report__agency_id")
    )
    reviews = {
        r["report__agency_id"]: r
        for r in Review.objects.filter(
            created_at__gte=end_of_day(first_day - datetime.timedelta(days=1)),
            created_at__lt=end_of_day(as_of),
            report__task_id__in=task_ids,
        )
        .filter(Exists(lead_of_report))
        .values("report__agency_id")
        .annotate(reviewed=Count("pk"), returned=Count("pk", filter=Q(decision=ReviewDecision.RETURNED)))
        .order_by()
    }
    overdue_answers = overdue_counts_by_agency(
        ExplanationRequest.objects.filter(Q(task__isnull=True) | Q(task_id__in=task_ids)), first_day, as_of
    )
    counted = list(counted)
    by_agency: dict[int, Counter] = {}
    agency_indicators = list(Indicator.objects.filter(agency_id__in=[r["agency_id"] for r in counted]))
    judged = colours(agency_indicators, as_of)
    for indicator in agency_indicators:
        by_agency.setdefault(indicator.agency_id, Counter())[judged[indicator.pk].colour] += 1
    rows = []
    for r in counted:
        review = reviews.get(r["agency_id"], {})
        components = Components(
            due=r["due"],
            done_on_time=r["done_on_time"],
            overdue=r["overdue"],
            overdue_days=overdue_days.get(r["agency_id"], 0),
            reports_expected=r["expected"],
            reports_on_time=r["on_time_reports"],
            reviewed=review.get("reviewed", 0),
            returned=review.get("returned", 0),
        )
        rows.append(
            ScorecardRow(
                r["agency_id"],
                r["agency__name"],
                components,
                done_late=r["done_late"],
                overdue_answers=overdue_answers.get(r["agency_id"], 0),
                indicator_colours=dict(by_agency.get(r["agency_id"], {})),
                index=scorecard_index(components),
            )
        )
    return rank_rows(rows)
