"""The figures behind the generated documents, read through the dashboard and the status engine.

Every count comes from `monitoring.dashboard.dashboard()` and `monitoring.bottlenecks.bottlenecks()`,
and the monthly report's per-section breakdown and task lists from the same statuses (the pure engine
over facts read once), so a document never counts statuses differently from the dashboard on the same
"as of" date.
The number of queries does not depend on the number of tasks.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from giamsat.agencies.models import Agency
from giamsat.directives import policy as task_policy
from giamsat.directives.choices import AssignmentRole, Confidentiality, DirectiveKind
from giamsat.directives.models import Task, TaskAssignment
from giamsat.directives.selectors import ASSIGNMENTS
from giamsat.indicators.choices import Colour
from giamsat.indicators.models import Indicator
from giamsat.indicators.selectors import colours
from giamsat.monitoring.bottlenecks import Bottleneck, BottleneckArea, bottlenecks
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.dashboard import DUE_SOON_DAYS, AgencyRow, dashboard, share
from giamsat.monitoring.history import annotate_status, attach_statuses, task_statuses
from giamsat.monitoring.status import StatusResult, end_of_day
from giamsat.reporting.models import ProgressReport, ReportingPeriod

DONE = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)
# The order in which documents list the statuses: results first, then work in progress.
STATUS_ORDER = (
    TaskStatus.DONE_ON_TIME,
    TaskStatus.DONE_LATE,
    TaskStatus.PENDING_VERIFICATION,
    TaskStatus.ON_TIME,
    TaskStatus.OVERDUE,
    TaskStatus.RECURRING,
    TaskStatus.CLOSED,
)
MONTH_PATTERN = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def report_tasks() -> QuerySet[Task]:
    """The task set of the documents sent to the Steering Committee: the leaders' view (no secret tasks)."""
    return Task.objects.exclude(confidentiality=Confidentiality.SECRET)


# --- months and dates -------------------------------------------------------------------------------


def parse_month(value: str | None) -> tuple[int, int]:
    """'2026-06' → (2026, 6); anything else raises ValueError with a Vietnamese message."""
    match = MONTH_PATTERN.match(value or "")
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
        raise ValueError(
            _("Tháng “%(value)s” không hợp lệ; hãy ghi theo dạng YYYY-MM, ví dụ 2026-06.") % {"value": value}
        )
    return int(match.group(1)), int(match.group(2))


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_due_on(year: int, month: int) -> datetime.date:
    """The reporting due date of the month: the period's own when it exists, else the 20th (REPORTING_DUE_DAY)."""
    period = ReportingPeriod.objects.filter(year=year, month=month).only("due_on").first()
    return period.due_on if period else ReportingPeriod.default_due_on(year, month)


def default_as_of(year: int, month: int, *, today: datetime.date | None = None) -> datetime.date:
    """The report's "as of" date: the month's reporting due date, capped at today.

    A month that has not started yet has nothing to report: ValueError with a Vietnamese message.
    """
    today = today or timezone.localdate()
    if datetime.date(year, month, 1) > today:
        raise ValueError(
            _("Tháng %(month)02d/%(year)d chưa bắt đầu, chưa thể lập báo cáo.") % {"month": month, "year": year}
        )
    return min(period_due_on(year, month), today)


def report_months(*, today: datetime.date | None = None, count: int = 12) -> list[tuple[int, int]]:
    """The months offered for download, newest first: the last `count` months and every past reporting period."""
    today = today or timezone.localdate()
    months = set()
    year, month = today.year, today.month
    for _step in range(count):
        months.add((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    months.update(
        (y, m) for y, m in ReportingPeriod.objects.values_list("year", "month") if datetime.date(y, m, 1) <= today
    )
    return sorted(months, reverse=True)


# --- shared rows ------------------------------------------------------------------------------------


def directive_label(number: str, kind: str) -> str:
    """The directive as the documents name it: its number, or its kind when it has none yet."""
    if number:
        return number
    return _("%(kind)s chưa có số") % {"kind": DirectiveKind(kind).label if kind in DirectiveKind.values else kind}


@dataclass
class StatusFigure:
    status: TaskStatus
    count: int
    share: int

    @property
    def label(self) -> str:
        return str(self.status.label)


@dataclass
class TaskLine:
    """A task as a document lists it: reference, title, lead agencies, deadline in force, days overdue."""

    task_id: int
    directive: str
    ref: str
    title: str
    leads: list[str]
    deadline: datetime.date | None
    overdue_days: int = 0


def _lead_names(task: Task) -> list[str]:
    return [str(a.target) for a in task.assignments.all() if a.role == AssignmentRole.LEAD]


def _task_line(task: Task, leads: list[str], as_of: datetime.date) -> TaskLine:
    deadline = task.status_deadline
    overdue = (as_of - deadline).days if task.status == TaskStatus.OVERDUE and deadline else 0
    return TaskLine(
        task.pk,
        directive_label(task.directive.number, task.directive.kind),
        task.display_ref,
        task.title,
        leads,
        deadline,
        overdue,
    )


def _lines_with_leads(tasks: list[Task], as_of: datetime.date) -> list[TaskLine]:
    """TaskLines for already-fetched tasks, reading their lead agencies in one query."""
    leads: dict[int, list[str]] = {}
    assignments = (
        TaskAssignment.objects.filter(task_id__in=[t.pk for t in tasks], role=AssignmentRole.LEAD)
        .select_related("agency", "group")
        .order_by("task_id", "position")
    )
    for assignment in assignments:
        leads.setdefault(assignment.task_id, []).append(str(assignment.target))
    return [_task_line(task, leads.get(task.pk, []), as_of) for task in tasks]


def status_figures(by_status: list[tuple[str, int]], total: int) -> list[StatusFigure]:
    """A figure per status in STATUS_ORDER; tasks no longer carried out only when there are any (rare, and a
    column of zeros would push a one-page summary to two)."""
    counts = dict(by_status)
    return [
        StatusFigure(status, counts.get(status, 0), share(counts.get(status, 0), total))
        for status in STATUS_ORDER
        if status != TaskStatus.CLOSED or counts.get(status)
    ]


# --- the monthly report -----------------------------------------------------------------------------


@dataclass
class AreaRow:
    """One section ("mục") of a directive: its tasks counted by status."""

    directive: str
    area: str
    counts: dict[str, int]
    position: int = 0  # where the section starts in its directive

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)


@dataclass
class DirectiveAreas:
    directive: str
    issued_on: datetime.date | None
    numbered: bool
    rows: list[AreaRow] = field(default_factory=list)


@dataclass
class ColourFigure:
    colour: str
    label: str
    count: int


@dataclass
class IndicatorLine:
    """One indicator in the report's table: its latest accepted value measured by the "as of" day (if any)."""

    code: str
    name: str
    unit: str
    latest_value: Decimal | None
    latest_on: datetime.date | None
    target_value: Decimal
    target_on: datetime.date
    colour: str
    colour_label: str


# The order of the indicators' table: the ones needing attention first.
COLOUR_ORDER = (Colour.RED, Colour.ORANGE, Colour.GREEN, Colour.GREY)


def indicator_report(*, as_of: datetime.date) -> tuple[list[ColourFigure], list[IndicatorLine]]:
    """Every indicator (the leaders' overview counts the same ones) judged as of the day by indicators.selectors:
    the counts by colour (as `colour_counts`) and one line each, red and orange first. Three queries."""
    listed = list(Indicator.objects.order_by("layer", "code", "pk"))
    judged = colours(listed, as_of)
    lines = []
    for indicator in listed:
        result = judged[indicator.pk]
        lines.append(
            IndicatorLine(
                code=indicator.code,
                name=indicator.name,
                unit=indicator.unit,
                latest_value=result.latest.value if result.latest else None,
                latest_on=result.latest.on if result.latest else None,
                target_value=indicator.target_value,
                target_on=indicator.target_on,
                colour=result.colour,
                colour_label=str(Colour(result.colour).label),
            )
        )
    lines.sort(key=lambda line: COLOUR_ORDER.index(line.colour))  # stable: layer and code within a colour
    counts = [
        ColourFigure(colour.value, str(colour.label), sum(1 for line in lines if line.colour == colour))
        for colour in Colour
    ]
    return counts, lines


@dataclass
class MonthlyReportData:
    year: int
    month: int
    as_of: datetime.date
    due_on: datetime.date
    total: int
    figures: list[StatusFigure]
    done: int
    done_share: int
    directives: list[DirectiveAreas]
    overdue_total: int
    overdue: list[TaskLine]
    agencies: list[AgencyRow]
    bottleneck_areas: list[BottleneckArea]
    upcoming_from: datetime.date
    upcoming_to: datetime.date
    upcoming: list[TaskLine]
    shared: int = 0  # tasks led by several agencies (or a lead group)
    parts: int = 0  # the lead agencies' parts of those tasks
    parts_done: int = 0
    indicator_counts: list[ColourFigure] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)

    @property
    def indicator_total(self) -> int:
        return sum(figure.count for figure in self.indicator_counts)

    @property
    def label(self) -> str:
        """'06/2026'."""
        return f"{self.month:02d}/{self.year}"

    @property
    def next_label(self) -> str:
        year, month = next_month(self.year, self.month)
        return f"{month:02d}/{year}"

    def figure(self, status: str) -> StatusFigure:
        return next(f for f in self.figures if f.status == status)

    @property
    def bottleneck_count(self) -> int:
        return sum(len(area.items) for area in self.bottleneck_areas)

    @property
    def unanswered_count(self) -> int:
        return sum(area.unanswered for area in self.bottleneck_areas)


def area_counts(tasks: QuerySet[Task], *, statuses: dict[int, StatusResult]) -> list[DirectiveAreas]:
    """Counts by status per directive section: the tasks' places in one query, their statuses (`statuses`,
    from `facts.task_statuses`) counted in Python."""
    rows = tasks.order_by().values_list(
        "pk",
        "directive_id",
        "directive__number",
        "directive__kind",
        "directive__issued_on",
        "section_title",
        "position",
    )
    directives: dict[int, DirectiveAreas] = {}
    areas: dict[tuple[int, str], AreaRow] = {}
    for pk, directive_id, number, kind, issued_on, section_title, position in rows:
        directive = directives.setdefault(
            directive_id, DirectiveAreas(directive_label(number, kind), issued_on, bool(number))
        )
        key = (directive_id, section_title)
        if key not in areas:
            areas[key] = AreaRow(directive.directive, section_title or _("Nhiệm vụ khác"), {}, position)
            directive.rows.append(areas[key])
        area = areas[key]
        status = statuses[pk].status
        area.counts[status] = area.counts.get(status, 0) + 1
        area.position = min(area.position, position)
    for directive in directives.values():
        directive.rows.sort(key=lambda area: area.position)
    far = datetime.date.max
    return sorted(directives.values(), key=lambda d: (d.issued_on or far, d.directive))


def upcoming_tasks(
    tasks: QuerySet[Task], *, statuses: dict[int, StatusResult], start: datetime.date, end: datetime.date
) -> list[Task]:
    """Tasks in progress (on time) whose deadline in force falls between start and end (both included).

    Tasks done or awaiting verification are left out: the next step there is the standing office's.
    """
    ids = [
        pk
        for pk, result in statuses.items()
        if result.status == TaskStatus.ON_TIME and result.deadline and start <= result.deadline <= end
    ]
    found = attach_statuses(
        tasks.filter(pk__in=ids).select_related("directive").prefetch_related(ASSIGNMENTS), statuses
    )
    return sorted(found, key=lambda task: (task.status_deadline, task.directive_id, task.position))


def monthly_report_data(*, year: int, month: int, as_of: datetime.date) -> MonthlyReportData:
    """Everything the monthly report says, from dashboard() and bottlenecks() for the same date and task set."""
    tasks = report_tasks()
    # Statuses from the status history, read once for the figures counted here.
    statuses = task_statuses(tasks, [as_of])[as_of]
    figures = dashboard(tasks=tasks, as_of=as_of)
    total = figures["total"]
    counts = dict(figures["by_status"])
    done = sum(counts.get(status, 0) for status in DONE)
    next_year, next_month_number = next_month(year, month)
    upcoming_from = as_of + datetime.timedelta(days=1)
    upcoming_to = max(month_last_day(next_year, next_month_number), upcoming_from)
    upcoming = upcoming_tasks(tasks, statuses=statuses, start=upcoming_from, end=upcoming_to)
    indicator_counts, indicator_lines = indicator_report(as_of=as_of)
    return MonthlyReportData(
        year=year,
        month=month,
        as_of=as_of,
        due_on=period_due_on(year, month),
        total=total,
        figures=status_figures(figures["by_status"], total),
        done=done,
        done_share=share(done, total),
        directives=area_counts(tasks, statuses=statuses),
        overdue_total=counts.get(TaskStatus.OVERDUE, 0),
        overdue=_lines_with_leads(figures["overdue"], as_of),
        agencies=figures["agencies"],
        bottleneck_areas=bottlenecks(tasks=tasks, as_of=as_of, statuses=statuses),
        upcoming_from=upcoming_from,
        upcoming_to=upcoming_to,
        upcoming=[_task_line(task, _lead_names(task), as_of) for task in upcoming],
        shared=sum(1 for result in statuses.values() if result.parts_total > 1),
        parts=sum(result.parts_total for result in statuses.values() if result.parts_total > 1),
        parts_done=sum(result.parts_done for result in statuses.values() if result.parts_total > 1),
        indicator_counts=indicator_counts,
        indicators=indicator_lines,
    )


# --- the agency summary -----------------------------------------------------------------------------


@dataclass
class AgencySummaryData:
    agency: Agency
    as_of: datetime.date
    total: int
    figures: list[StatusFigure]
    overdue_total: int
    overdue: list[TaskLine]
    due_soon_total: int
    due_soon: list[TaskLine]
    due_soon_days: int
    difficulties: list[Bottleneck]

    @property
    def unanswered_count(self) -> int:
        return sum(1 for item in self.difficulties if not item.answered)


def led_by(agency_id: int) -> Exists:
    return Exists(TaskAssignment.objects.filter(task_id=OuterRef("pk"), role=AssignmentRole.LEAD, agency_id=agency_id))


def agency_summary_data(*, agency: Agency, as_of: datetime.date) -> AgencySummaryData:
    """The tasks the agency leads (as the dashboard's agency row counts them) and the difficulties it raised."""
    tasks = report_tasks().filter(led_by(agency.pk))
    figures = dashboard(tasks=tasks, as_of=as_of, agency_filter=Q(agency_id=agency.pk))
    counts = dict(figures["by_status"])
    soon_end = as_of + datetime.timedelta(days=DUE_SOON_DAYS)
    due_soon_total = (
        annotate_status(tasks.order_by(), as_of=as_of)
        .filter(status=TaskStatus.ON_TIME, status_deadline__gte=as_of, status_deadline__lte=soon_end)
        .count()
    )
    involved = report_tasks().filter(task_policy.involves_agency(agency.pk, roles=task_policy.MINE_ROLES))
    raised = [
        item for area in bottlenecks(tasks=involved, as_of=as_of) for item in area.items if item.agency_id == agency.pk
    ]
    raised.sort(key=lambda item: item.answered)  # unanswered first, otherwise in the bottlenecks' order
    overdue = figures["overdue"]
    due_soon = figures["due_soon"]
    return AgencySummaryData(
        agency=agency,
        as_of=as_of,
        total=figures["total"],
        figures=status_figures(figures["by_status"], figures["total"]),
        overdue_total=counts.get(TaskStatus.OVERDUE, 0),
        overdue=[_task_line(task, [agency.name], as_of) for task in overdue],
        due_soon_total=due_soon_total,
        due_soon=[_task_line(task, [agency.name], as_of) for task in due_soon],
        due_soon_days=DUE_SOON_DAYS,
        difficulties=raised,
    )


# --- task rows for the Excel exports ---------------------------------------------------------------


@dataclass
class TaskRow:
    task_id: int
    directive: str
    ref: str
    section: str
    title: str
    leads: list[str]
    coordinators: list[str]
    deadline: datetime.date | None
    deadline_text: str
    status: str
    overdue_days: int | None
    report_period: str
    report_agency: str
    report_progress: int | None
    report_work_done: str
    report_date: datetime.date | None

    @property
    def status_label(self) -> str:
        return str(TaskStatus(self.status).label)


def latest_sent_report(as_of: datetime.date) -> Prefetch:
    """Each task's latest report sent by the end of `as_of` (newest period, then newest sending), as a list of
    at most one in `latest_report`: one row a task is read, not the task's whole history."""
    return Prefetch(
        "reports",
        queryset=ProgressReport.objects.filter(submitted_at__lt=end_of_day(as_of))
        .select_related("period", "agency")
        .order_by("-period__year", "-period__month", "-submitted_at", "-pk")[:1],
        to_attr="latest_report",
    )


def task_rows(
    tasks: QuerySet[Task], *, as_of: datetime.date, statuses: dict[int, StatusResult] | None = None
) -> list[TaskRow]:
    """One row per task of a queryset annotated by `annotate_status(..., as_of=as_of)`, or of any queryset
    with `statuses` (`facts.task_statuses(...)[as_of]`) for its tasks."""
    rows = []
    assignments = Prefetch("assignments", queryset=ASSIGNMENTS.queryset, to_attr="export_assignments")
    found = tasks.select_related("directive").prefetch_related(assignments, latest_sent_report(as_of))
    for task in found if statuses is None else attach_statuses(found, statuses):
        latest = task.latest_report[0] if task.latest_report else None
        deadline = task.status_deadline
        rows.append(
            TaskRow(
                task_id=task.pk,
                directive=directive_label(task.directive.number, task.directive.kind),
                ref=task.display_ref,
                section=task.section_title,
                title=task.title,
                leads=[str(a.target) for a in task.export_assignments if a.role == AssignmentRole.LEAD],
                coordinators=[str(a.target) for a in task.export_assignments if a.role == AssignmentRole.COORDINATING],
                deadline=deadline,
                deadline_text=task.deadline_text,
                status=task.status,
                overdue_days=(as_of - deadline).days if task.status == TaskStatus.OVERDUE and deadline else None,
                report_period=str(latest.period) if latest else "",
                report_agency=latest.agency.name if latest else "",
                report_progress=latest.progress_percent if latest else None,
                report_work_done=latest.work_done if latest else "",
                report_date=timezone.localdate(latest.submitted_at) if latest else None,
            )
        )
    return rows


def report_task_rows(*, as_of: datetime.date) -> list[TaskRow]:
    """The monthly report's appendix: every task of its task set, by directive and position."""
    statuses = task_statuses(report_tasks(), [as_of])[as_of]
    tasks = report_tasks().order_by("directive__issued_on", "directive_id", "position")
    return task_rows(tasks, as_of=as_of, statuses=statuses)
