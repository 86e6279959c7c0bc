"""Statuses of many tasks at once through the pure status engine, from facts read in four queries; and the
stored facts (`TaskStatusFacts`) that let the SQL twin answer "as of today" without subqueries.

For figures over a whole set of tasks (the overview, its trend, the monthly report) PostgreSQL repeats the
twin's subqueries once per reference inside its CASE, and each repetition scans the reports and reviews:
about 0.9 s for 2,000 tasks and far more at national scale (docs/performance.md). Reading the facts once
and running `compute_task_status` in Python gives the same statuses (the status tests hold both to the
same answers) in a fraction of that, for any number of "as of" days at once.

Lists filter and paginate in SQL: `annotate_status` reads the stored facts on the days every task's facts
hold (from each task's newest event on: today, in practice) and the subqueries on earlier days.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import batched

from django.db.models import QuerySet
from django.utils import timezone

from giamsat.directives.models import DeadlineChange, Task

from .choices import TaskStatus
from .models import TaskStatusFacts
from .status import COMPLETED, DeadlineChangeFact, ReportFact, ReviewFact, StatusResult, compute_task_status

REFRESH_BATCH = 2000


@dataclass
class TaskFacts:
    deadline: datetime.date | None
    recurrence: str
    changes: list[DeadlineChangeFact] = field(default_factory=list)
    reports: list[ReportFact] = field(default_factory=list)

    def newest_day(self) -> datetime.date:
        """The local day of the newest event (the first day from which the facts hold in full)."""
        moments = [c.at for c in self.changes]
        for report in self.reports:
            moments += [report.submitted_at] if report.submitted_at else []
            moments += [review.at for review in report.reviews]
        return timezone.localtime(max(moments)).date() if moments else datetime.date.min


def read_facts(tasks: QuerySet[Task]) -> dict[int, TaskFacts]:
    """{task id: facts} for every task of `tasks`: deadline, changes, completion reports and their reviews."""
    from giamsat.reporting.models import ProgressReport, Review

    ids = tasks.order_by().values("pk")
    rows = tasks.order_by().values_list("pk", "deadline", "recurrence")
    found = {pk: TaskFacts(deadline, recurrence) for pk, deadline, recurrence in rows}
    for task_id, at, old, new in DeadlineChange.objects.filter(task__in=ids).values_list(
        "task_id", "created_at", "old_deadline", "new_deadline"
    ):
        found[task_id].changes.append(DeadlineChangeFact(at, old, new))
    completions = ProgressReport.objects.filter(task__in=ids, state=COMPLETED)
    reviews: dict[int, list[ReviewFact]] = defaultdict(list)
    for report_id, at, decision in Review.objects.filter(report__in=completions.values("pk")).values_list(
        "report_id", "created_at", "decision"
    ):
        reviews[report_id].append(ReviewFact(at, decision))
    for report_id, task_id, submitted_at, delivered_on in completions.values_list(
        "pk", "task_id", "submitted_at", "delivered_on"
    ):
        found[task_id].reports.append(ReportFact(COMPLETED, submitted_at, delivered_on, tuple(reviews[report_id])))
    return found


def _status(facts: TaskFacts, day: datetime.date) -> StatusResult:
    return compute_task_status(
        deadline=facts.deadline,
        recurrence=facts.recurrence,
        deadline_changes=facts.changes,
        reports=facts.reports,
        as_of=day,
    )


def task_statuses(tasks: QuerySet[Task], days: list[datetime.date]) -> dict[datetime.date, dict[int, StatusResult]]:
    """{day: {task id: StatusResult}} for every task of `tasks` and every day."""
    found = read_facts(tasks)
    return {day: {pk: _status(facts, day) for pk, facts in found.items()} for day in days}


def attach_statuses(tasks: Iterable[Task], statuses: dict[int, StatusResult]) -> list[Task]:
    """The tasks, each carrying its status as the SQL twin annotates it (`status`, `status_deadline`,
    `completed_on`) and its `overdue_days`, from `task_statuses(...)[day]`."""
    found = []
    for task in tasks:
        result = statuses[task.pk]
        task.status, task.status_deadline, task.completed_on = result.status, result.deadline, result.completed_on
        task.overdue_days = result.overdue_days
        found.append(task)
    return found


def stored_facts(pk: int, facts: TaskFacts) -> TaskStatusFacts:
    """The engine's conclusion once every event counts: valid for any day from the newest event on."""
    day = facts.newest_day()
    result = _status(facts, day)
    return TaskStatusFacts(
        task_id=pk,
        deadline=result.deadline,
        accepted=result.status in (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE),
        completed_on=result.completed_on,
        pending=result.status == TaskStatus.PENDING_VERIFICATION,
        valid_from=day,
    )


def status_facts_refresh(task_ids: Iterable[int]) -> None:
    """Recompute the stored facts of these tasks (tasks deleted meanwhile are skipped); like any change
    they make, this one dates the cached figures (`stored_facts_cover` among them)."""
    from giamsat.common.cache import data_changed

    for chunk in batched(sorted(set(task_ids)), REFRESH_BATCH):
        rows = [stored_facts(pk, facts) for pk, facts in read_facts(Task.objects.filter(pk__in=chunk)).items()]
        TaskStatusFacts.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["task"],
            update_fields=["deadline", "accepted", "completed_on", "pending", "valid_from"],
        )
    data_changed()


def status_facts_stale(tasks: QuerySet[Task] | None = None) -> list[int]:
    """Ids of the tasks whose stored facts are missing or differ from what the events say now."""
    tasks = tasks if tasks is not None else Task.objects.all()
    stored = {
        row[0]: row[1:]
        for row in TaskStatusFacts.objects.filter(task__in=tasks.values("pk")).values_list(
            "task_id", "deadline", "accepted", "completed_on", "pending", "valid_from"
        )
    }
    stale = []
    for pk, facts in read_facts(tasks).items():
        fresh = stored_facts(pk, facts)
        if stored.get(pk) != (fresh.deadline, fresh.accepted, fresh.completed_on, fresh.pending, fresh.valid_from):
            stale.append(pk)
    return sorted(stale)


def status_facts_refresh_all(tasks: QuerySet[Task] | None = None) -> int:
    """Recompute the stored facts of every task (after bulk writes, which send no signals)."""
    ids = list((tasks if tasks is not None else Task.objects.all()).order_by("pk").values_list("pk", flat=True))
    status_facts_refresh(ids)
    return len(ids)


def _task_id(instance) -> int | None:
    from giamsat.reporting.models import ProgressReport, Review

    if isinstance(instance, Task):
        return instance.pk
    if isinstance(instance, Review):
        return ProgressReport.objects.filter(pk=instance.report_id).values_list("task_id", flat=True).first()
    return instance.task_id


def task_saved(sender, instance, created: bool = False, **kwargs) -> None:
    """Signal receiver: a task, a deadline change, report or review was saved; its facts follow at once.
    A new report that is not a completion report adds no fact (only completions and their reviews count)."""
    from giamsat.reporting.models import ProgressReport

    if created and isinstance(instance, ProgressReport) and instance.state != COMPLETED:
        return
    task_id = _task_id(instance)
    if task_id is not None:
        status_facts_refresh([task_id])


def task_deleted(sender, instance, **kwargs) -> None:
    """Signal receiver for deletes: the facts are dropped now (the twin answers meanwhile) and recomputed
    after the commit. Not at once: in a cascade the task itself may be on its way out, and facts written
    for it in the middle of the cascade would break the commit."""
    from django.db import transaction

    task_id = _task_id(instance)
    if task_id is None:
        return
    TaskStatusFacts.objects.filter(task_id=task_id).delete()
    if not isinstance(instance, Task):
        transaction.on_commit(lambda: status_facts_refresh([task_id]))
