"""The status history: the status engine's answers stored as intervals of days (`StatusSpan`), read by every
list, count, trend, scorecard and report "as of" any day.

A task's status (and each lead agency's part of it) is constant between the days on which something can move
it: the local day of each recorded event (a deadline change, a completion report submitted, a review), the day
after each deadline the task ever had (it becomes overdue) and the day of its closure in force (it is closed).
`status_spans` runs the pure engine on each of those days and keeps one interval per run of equal answers; the
last interval is open-ended, so the days ahead are already right and no nightly job is needed. "As of D" is then
a range query on indexed intervals (`annotate_status`, `task_statuses`, `part_statuses`).

Writes: the signal receivers at the end (wired in apps.py) recompute a task's spans in the same transaction as
the save of the task, its assignments, deadline changes, closures, reports and reviews, and of a lead group's
members.
Bulk writes send no signals: their code calls `status_history_refresh_all`; `giamsat status_history` finds and
repairs differences after SQL loads or a restore.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import batched

from django.db import transaction
from django.db.models import F, FilteredRelation, Q, QuerySet

from giamsat.directives.models import DeadlineChange, Task, TaskClosure
from giamsat.directives.selectors import lead_agencies

from .models import StatusSpan
from .status import (
    COMPLETED,
    DeadlineChangeFact,
    ReportFact,
    ReviewFact,
    StatusResult,
    combine_parts,
    compute_part_statuses,
    local_day,
)

FIRST_DAY = datetime.date(1, 1, 1)
LAST_DAY = datetime.date(9999, 12, 31)
ONE_DAY = datetime.timedelta(days=1)
REFRESH_BATCH = 1000


@dataclass
class TaskFacts:
    """Everything the engine reads about one task."""

    deadline: datetime.date | None
    recurrence: str
    confidentiality: str = "internal"
    changes: list[DeadlineChangeFact] = field(default_factory=list)
    reports: list[ReportFact] = field(default_factory=list)
    leads: set[int] = field(default_factory=set)
    closed_on: datetime.date | None = None  # the day of the closure in force (stopped, merged, no longer needed)

    def parts(self, day: datetime.date) -> dict[int | None, StatusResult]:
        return compute_part_statuses(
            deadline=self.deadline,
            recurrence=self.recurrence,
            deadline_changes=self.changes,
            reports=self.reports,
            as_of=day,
            leads=self.leads,
            closed_on=self.closed_on,
        )

    def turning_days(self) -> set[datetime.date]:
        """The days on which the status may change: each event's day, the day after each deadline, the closure's
        day."""
        days = {local_day(c.at) for c in self.changes}
        days |= {self.closed_on} if self.closed_on is not None else set()
        for report in self.reports:
            days |= {local_day(report.approved_at)} if report.approved_at else set()
            days |= {local_day(review.at) for review in report.reviews}
        deadlines = {self.deadline} | {c.old_deadline for c in self.changes} | {c.new_deadline for c in self.changes}
        days |= {deadline + ONE_DAY for deadline in deadlines if deadline is not None and deadline < LAST_DAY}
        return days


@dataclass(frozen=True)
class Span:
    from_day: datetime.date
    to_day: datetime.date
    result: StatusResult  # overdue_days left at 0: it grows every day and is counted from the deadline


def status_spans(evaluate: Callable[[datetime.date], StatusResult], days: Iterable[datetime.date]) -> list[Span]:
    """The intervals of equal answers of `evaluate`, given every day on which its answer may change."""
    spans: list[Span] = []
    turning = sorted(set(days) - {FIRST_DAY})
    # Nothing changes before the first turning day: the first span is judged on the day before it (the engine's
    # clock arithmetic stays within the calendar's range that way).
    probe = turning[0] - ONE_DAY if turning else datetime.date(2000, 1, 1)
    for day in [FIRST_DAY, *turning]:
        result = replace(evaluate(probe if day == FIRST_DAY else day), overdue_days=0)
        if spans and spans[-1].result == result:
            continue
        if spans:
            spans[-1] = replace(spans[-1], to_day=day - ONE_DAY)
        spans.append(Span(day, LAST_DAY, result))
    return spans


def task_spans(facts: TaskFacts) -> dict[int | None, list[Span]]:
    """{None: the task's spans, agency id: that lead agency's part's spans} (parts only for resolved leads)."""
    days = facts.turning_days()
    cache: dict[datetime.date, dict[int | None, StatusResult]] = {}

    def parts(day: datetime.date) -> dict[int | None, StatusResult]:
        if day not in cache:
            cache[day] = facts.parts(day)
        return cache[day]

    found = {None: status_spans(lambda day: combine_parts(parts(day).values()), days)}
    for agency_id in sorted(facts.leads):
        found[agency_id] = status_spans(lambda day, agency_id=agency_id: parts(day)[agency_id], days)
    return found


def read_facts(tasks: QuerySet[Task]) -> dict[int, TaskFacts]:
    """{task id: facts} for every task of `tasks`: deadline, changes, completion reports, reviews, leads, closure."""
    from giamsat.reporting.models import ProgressReport, Review

    ids = tasks.order_by().values("pk")
    rows = tasks.order_by().values_list("pk", "deadline", "recurrence", "confidentiality")
    found = {pk: TaskFacts(*row) for pk, *row in rows}
    for task_id, at, old, new in DeadlineChange.objects.filter(task__in=ids).values_list(
        "task_id", "created_at", "old_deadline", "new_deadline"
    ):
        found[task_id].changes.append(DeadlineChangeFact(at, old, new))
    for task_id, decided_on in TaskClosure.objects.filter(task__in=ids, reopened_at__isnull=True).values_list(
        "task_id", "decided_on"
    ):
        found[task_id].closed_on = decided_on
    completions = ProgressReport.objects.filter(task__in=ids, state=COMPLETED)
    reviews: dict[int, list[ReviewFact]] = defaultdict(list)
    for report_id, at, decision in Review.objects.filter(report__in=completions.values("pk")).values_list(
        "report_id", "created_at", "decision"
    ):
        reviews[report_id].append(ReviewFact(at, decision))
    for report_id, task_id, approved_at, delivered_on, agency_id in completions.values_list(
        "pk", "task_id", "approved_at", "delivered_on", "agency_id"
    ):
        found[task_id].reports.append(
            ReportFact(COMPLETED, approved_at, delivered_on, tuple(reviews[report_id]), agency_id)
        )
    for task_id, agencies in lead_agencies(tasks).items():
        if task_id in found:
            found[task_id].leads = agencies
    return found


def span_rows(task_id: int, facts: TaskFacts) -> list[StatusSpan]:
    return [
        StatusSpan(
            task_id=task_id,
            agency_id=agency_id,
            status=span.result.status,
            confidentiality=facts.confidentiality,
            from_day=span.from_day,
            to_day=span.to_day,
            deadline=span.result.deadline,
            completed_on=span.result.completed_on,
            parts_done=span.result.parts_done,
            parts_total=span.result.parts_total,
        )
        for agency_id, spans in task_spans(facts).items()
        for span in spans
    ]


# --- writing ------------------------------------------------------------------------------------------------------


def status_history_refresh(task_ids: Iterable[int]) -> None:
    """Recompute the status history of these tasks (tasks deleted meanwhile are skipped) and count the change
    (tallies.py); like any change, this one dates the cached figures (when it runs after a commit, as for deletes,
    the pages cached in between are dropped).

    The tasks' rows are locked first (FOR NO KEY UPDATE, which the reports' and reviews' foreign keys do not wait
    for), in order: two writers refreshing one task take turns, the second reading what the first committed, so
    neither leaves spans or counts of the other's old state."""
    from giamsat.common.cache import data_changed

    from .tallies import SPAN_KEY, record_spans_change

    data_changed()
    for chunk in batched(sorted(set(task_ids)), REFRESH_BATCH):
        with transaction.atomic(savepoint=False):
            list(Task.objects.filter(pk__in=chunk).order_by("pk").select_for_update(no_key=True).values_list("pk"))
            found = read_facts(Task.objects.filter(pk__in=chunk))
            old = StatusSpan.objects.filter(task_id__in=chunk)
            replaced = list(old.values_list(*SPAN_KEY))
            old.delete()
            rows = StatusSpan.objects.bulk_create([row for pk, facts in found.items() for row in span_rows(pk, facts)])
            record_spans_change(replaced, [tuple(getattr(row, name) for name in SPAN_KEY) for row in rows])


def status_history_refresh_all(tasks: QuerySet[Task] | None = None) -> int:
    """Recompute the status history of every task, and the latest reports the bottlenecks read (after bulk writes,
    which send no signals)."""
    from .latest_reports import latest_reports_refresh

    ids = list((tasks if tasks is not None else Task.objects.all()).order_by("pk").values_list("pk", flat=True))
    status_history_refresh(ids)
    for chunk in batched(ids, REFRESH_BATCH):
        latest_reports_refresh(task_ids=chunk)
    return len(ids)


SPAN_FIELDS = (
    "agency_id",
    "status",
    "confidentiality",
    "from_day",
    "to_day",
    "deadline",
    "completed_on",
    "parts_done",
    "parts_total",
)


def status_history_stale(tasks: QuerySet[Task] | None = None) -> list[int]:
    """Ids of the tasks whose stored history is missing or differs from what their events say now."""
    tasks = tasks if tasks is not None else Task.objects.all()
    stored: dict[int, set[tuple]] = defaultdict(set)
    for row in StatusSpan.objects.filter(task__in=tasks.order_by().values("pk")).values_list("task_id", *SPAN_FIELDS):
        stored[row[0]].add(row[1:])
    stale = []
    for pk, facts in read_facts(tasks).items():
        fresh = {tuple(getattr(row, name) for name in SPAN_FIELDS) for row in span_rows(pk, facts)}
        if stored.get(pk, set()) != fresh:
            stale.append(pk)
    return sorted(stale)


# --- reading "as of" -----------------------------------------------------------------------------------------------


def on_day(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}from_day__lte": day, f"{prefix}to_day__gte": day})


def annotate_status(queryset: QuerySet[Task], *, as_of: datetime.date, agency_id: int | None = None) -> QuerySet[Task]:
    """Tasks annotated with `status`, `status_deadline`, `completed_on`, `parts_done` and `parts_total` as of the
    day: one join on the task's span that holds that day. With `agency_id`: that lead agency's part instead (its
    status, `parts_total` 1; tasks where it has no part have no status)."""
    part = Q(status_spans__agency__isnull=True) if agency_id is None else Q(status_spans__agency_id=agency_id)
    span = FilteredRelation("status_spans", condition=part & on_day(as_of, "status_spans__"))
    return queryset.annotate(status_span=span).annotate(
        status=F("status_span__status"),
        status_deadline=F("status_span__deadline"),
        completed_on=F("status_span__completed_on"),
        parts_done=F("status_span__parts_done"),
        parts_total=F("status_span__parts_total"),
    )


def _result(row: tuple, day: datetime.date) -> StatusResult:
    status, deadline, completed_on, parts_done, parts_total = row
    overdue = (day - deadline).days if status == "overdue" and deadline is not None else 0
    return StatusResult(status, deadline, overdue, completed_on, parts_done, parts_total)


VALUES = ("status", "deadline", "completed_on", "parts_done", "parts_total")


def task_statuses(tasks: QuerySet[Task], days: list[datetime.date]) -> dict[datetime.date, dict[int, StatusResult]]:
    """{day: {task id: StatusResult}} for every task of `tasks` and every day, from the spans covering them."""
    found: dict[datetime.date, dict[int, StatusResult]] = {day: {} for day in days}
    ordered = sorted(set(days))
    spans = StatusSpan.objects.filter(
        agency__isnull=True, task__in=tasks.order_by().values("pk"), from_day__lte=ordered[-1], to_day__gte=ordered[0]
    ).values_list("task_id", "from_day", "to_day", *VALUES)
    for task_id, from_day, to_day, *row in spans:
        for day in ordered:
            if from_day <= day <= to_day:
                found[day][task_id] = _result(tuple(row), day)
    return found


def part_statuses(tasks: QuerySet[Task], as_of: datetime.date) -> dict[int, dict[int, StatusResult]]:
    """{task id: {lead agency id: its part's status}} as of the day, for the tasks with resolved leads."""
    found: dict[int, dict[int, StatusResult]] = defaultdict(dict)
    spans = StatusSpan.objects.filter(
        on_day(as_of), agency__isnull=False, task__in=tasks.order_by().values("pk")
    ).values_list("task_id", "agency_id", *VALUES)
    for task_id, agency_id, *row in spans:
        found[task_id][agency_id] = _result(tuple(row), as_of)
    return dict(found)


def attach_statuses(tasks: Iterable[Task], statuses: dict[int, StatusResult]) -> list[Task]:
    """The tasks, each carrying its status as `annotate_status` annotates it, and its `overdue_days`, from
    `task_statuses(...)[day]`."""
    found = []
    for task in tasks:
        result = statuses[task.pk]
        task.status, task.status_deadline, task.completed_on = result.status, result.deadline, result.completed_on
        task.parts_done, task.parts_total = result.parts_done, result.parts_total
        task.overdue_days = result.overdue_days
        found.append(task)
    return found


# --- signal receivers ------------------------------------------------------------------------------------------------


def _task_ids(instance) -> list[int]:
    from giamsat.agencies.models import AgencyGroup
    from giamsat.reporting.models import ProgressReport, Review

    if isinstance(instance, Task):
        return [instance.pk]
    if isinstance(instance, Review):
        return list(ProgressReport.objects.filter(pk=instance.report_id).values_list("task_id", flat=True))
    if isinstance(instance, AgencyGroup):
        return list(instance.task_assignments.filter(role="lead").values_list("task_id", flat=True))
    return [instance.task_id]


def task_saved(sender, instance, created: bool = False, **kwargs) -> None:
    """Signal receiver: a task, an assignment, a deadline change, closure, report or review was saved; its history
    follows at once. Saves that cannot move it are skipped: a new report that is not a completion report, a new
    assignment that is not a lead, a task saved with `update_fields` that leave its deadline, recurrence and
    confidentiality alone."""
    from giamsat.directives.models import TaskAssignment
    from giamsat.reporting.models import ProgressReport

    if created and isinstance(instance, ProgressReport) and instance.state != COMPLETED:
        return
    if created and isinstance(instance, TaskAssignment) and instance.role != "lead":
        return  # directing and coordinating agencies have no part
    update_fields = kwargs.get("update_fields")
    moving = {"deadline", "recurrence", "confidentiality"}
    if isinstance(instance, Task) and not created and update_fields and not moving & update_fields:
        return
    status_history_refresh(_task_ids(instance))


def group_members_changed(sender, instance, action: str, reverse: bool, pk_set=None, **kwargs) -> None:
    """Signal receiver (m2m_changed of AgencyGroup.members): the tasks led by the group have other parts now."""
    from giamsat.agencies.models import AgencyGroup

    if not action.startswith("post_"):
        return
    groups = [instance] if not reverse else list(AgencyGroup.objects.filter(pk__in=pk_set or ()))
    if reverse and action == "post_clear":
        groups = list(AgencyGroup.objects.all())
    status_history_refresh([pk for group in groups for pk in _task_ids(group)])


def task_removed(sender, instance, **kwargs) -> None:
    """Signal receiver (pre_delete of a task): its spans go with it in the cascade, the counts lose them now."""
    from .tallies import SPAN_KEY, record_spans_change

    record_spans_change(StatusSpan.objects.filter(task_id=instance.pk).values_list(*SPAN_KEY), [])


def task_deleted(sender, instance, **kwargs) -> None:
    """Signal receiver for deletes: the history is recomputed after the commit. Not at once: in a cascade the
    task itself may be on its way out, and rows written for it in the middle of the cascade would break the
    commit."""
    from django.db import transaction

    task_ids = _task_ids(instance) if not isinstance(instance, Task) else []
    if task_ids:
        transaction.on_commit(lambda: status_history_refresh(task_ids))
