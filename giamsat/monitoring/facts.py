"""Statuses of many tasks at once through the pure status engine, from facts read in four queries.

`annotate_status` (the SQL twin) is what lists filter and paginate on. For figures over a whole set of
tasks (the overview, its trend, the monthly report) PostgreSQL repeats the twin's subqueries once per
reference inside its CASE, and each repetition scans the reports and reviews: about 0.9 s for 2,000
tasks and far more at national scale (docs/performance.md). Reading the facts once and running
`compute_task_status` in Python gives the same statuses (the status tests hold both to the same
answers) in a fraction of that, for any number of "as of" days at once.
"""

import datetime
from collections import defaultdict

from django.db.models import QuerySet

from giamsat.directives.models import DeadlineChange, Task

from .status import COMPLETED, DeadlineChangeFact, ReportFact, ReviewFact, StatusResult, compute_task_status


def task_statuses(tasks: QuerySet[Task], days: list[datetime.date]) -> dict[datetime.date, dict[int, StatusResult]]:
    """{day: {task id: StatusResult}} for every task of `tasks` and every day."""
    from giamsat.reporting.models import ProgressReport, Review

    ids = tasks.order_by().values("pk")
    rows = list(tasks.order_by().values_list("pk", "deadline", "recurrence"))
    changes: dict[int, list[DeadlineChangeFact]] = defaultdict(list)
    for task_id, at, old, new in DeadlineChange.objects.filter(task__in=ids).values_list(
        "task_id", "created_at", "old_deadline", "new_deadline"
    ):
        changes[task_id].append(DeadlineChangeFact(at, old, new))
    completions = ProgressReport.objects.filter(task__in=ids, state=COMPLETED)
    reviews: dict[int, list[ReviewFact]] = defaultdict(list)
    for report_id, at, decision in Review.objects.filter(report__in=completions.values("pk")).values_list(
        "report_id", "created_at", "decision"
    ):
        reviews[report_id].append(ReviewFact(at, decision))
    reports: dict[int, list[ReportFact]] = defaultdict(list)
    for report_id, task_id, submitted_at, delivered_on in completions.values_list(
        "pk", "task_id", "submitted_at", "delivered_on"
    ):
        reports[task_id].append(ReportFact(COMPLETED, submitted_at, delivered_on, tuple(reviews[report_id])))
    return {
        day: {
            pk: compute_task_status(
                deadline=deadline,
                recurrence=recurrence,
                deadline_changes=changes[pk],
                reports=reports[pk],
                as_of=day,
            )
            for pk, deadline, recurrence in rows
        }
        for day in days
    }
