"""Reading statuses for many tasks at once (the SQL twin), for lists, exports, the API and the CLI."""

import datetime

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from giamsat.directives import selectors as task_selectors
from giamsat.directives import task_requests
from giamsat.directives.choices import AssignmentRole
from giamsat.directives.models import Task, TaskAssignment
from giamsat.reporting.models import ProgressReport, Review

from .choices import TaskStatus
from .history import annotate_status
from .warnings import task_warnings


def task_status_rows(*, as_of: datetime.date, queryset: QuerySet[Task] | None = None) -> list[dict]:
    """Every task with its status as of the date: directive, ref, title, lead, deadline, status, days late."""
    leads = Prefetch(
        "assignments",
        queryset=TaskAssignment.objects.filter(role=AssignmentRole.LEAD).select_related("agency", "group"),
        to_attr="lead_assignments",
    )
    base = queryset if queryset is not None else Task.objects.all()
    tasks = annotate_status(base, as_of=as_of)
    warnings: dict[int, list[str]] = {}
    for warning in task_warnings(tasks=base, as_of=as_of):
        warnings.setdefault(warning.task.pk, []).append(warning.message)
    rows = []
    for task in tasks.select_related("directive").prefetch_related(leads).order_by("directive_id", "position"):
        overdue_days = (as_of - task.status_deadline).days if task.status == TaskStatus.OVERDUE else 0
        rows.append(
            {
                "directive": str(task.directive),
                "ref": task.ref,
                "title": task.title,
                "lead": [str(a.target) for a in task.lead_assignments],
                "deadline": task.status_deadline.isoformat() if task.status_deadline else None,
                "status": task.status,
                "overdue_days": overdue_days,
                "completed_on": task.completed_on.isoformat() if task.completed_on else None,
                "warnings": warnings.get(task.pk, []),
            }
        )
    return rows


def task_with_reports(*, user, task_id: int) -> Task:
    """The task page's task (directives' access function: 404 for missing and forbidden alike) with what the
    status engine and a recurring task's compliance read of its reports: no text, no ordering join."""
    task = task_selectors.task_detail(user=user, task_id=task_id)
    reports = Prefetch(
        "reports",
        queryset=ProgressReport.objects.only(
            "pk", "task_id", "period_id", "agency_id", "state", "submitted_at", "approved_at", "delivered_on"
        ).order_by("pk"),
    )
    reviews = Prefetch("reports__reviews", queryset=Review.objects.only("pk", "report_id", "created_at", "decision"))
    # The closure is one of the engine's facts; prefetched as the task page's block of requests shows it.
    prefetch_related_objects([task], reports, reviews, task_requests.CLOSURES)
    return task
