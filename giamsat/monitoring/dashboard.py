"""Dashboard figures for any "as of" date, counted in SQL through the status engine's twin.

A fixed number of queries whatever the number of tasks: counts by status, the agency table (grouped by
lead agency), the most overdue tasks and those due in the next 30 days.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from giamsat.directives.choices import AssignmentRole
from giamsat.directives.models import Task, TaskAssignment

from .choices import TaskStatus
from .status import annotate_reported, annotate_status

DUE_SOON_DAYS = 30


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


def dashboard(*, tasks: QuerySet[Task], as_of: datetime.date) -> dict:
    annotated = annotate_reported(annotate_status(tasks, as_of=as_of), as_of=as_of)
    counts = dict(annotated.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_status = [(status, counts.get(status, 0)) for status in TaskStatus]
    total = sum(counts.values())

    lead_rows = (
        TaskAssignment.objects.filter(role=AssignmentRole.LEAD, agency__isnull=False, task__in=annotated.values("pk"))
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
    return {"by_status": by_status, "total": total, "agencies": agencies, "overdue": overdue, "due_soon": due_soon}
