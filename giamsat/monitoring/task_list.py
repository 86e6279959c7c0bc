"""The task list's query: the tasks a request's filters select, with their statuses on its day. Shared by the
list page (monitoring/task_views.py) and its exports (documents), so it is not in a views module."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from giamsat.accounts.policy import starts_at_own_tasks
from giamsat.common.dates import request_as_of
from giamsat.directives import selectors
from giamsat.directives.choices import AssignmentRole
from giamsat.directives.filtersets import lead_agency_of
from giamsat.directives.models import Task, TaskAssignment
from giamsat.reporting.selectors import reports_sent_in_period

from .filtersets import TaskStatusFilterSet
from .history import annotate_status


@dataclass
class TaskListQuery:
    tasks: QuerySet[Task]
    filterset: TaskStatusFilterSet
    scope: str
    as_of: datetime.date
    as_of_error: str = ""  # the typed "as of" is not a day: the statuses are today's, the form says why


def annotate_reported(queryset: QuerySet[Task], *, as_of: datetime.date) -> QuerySet[Task]:
    """`reported_this_period`: a lead agency of the task has sent its report for the period of `as_of`."""
    leads = TaskAssignment.objects.filter(task_id=OuterRef("task_id"), role=AssignmentRole.LEAD).values("agency_id")
    sent = reports_sent_in_period(as_of=as_of).filter(task_id=OuterRef("pk"), agency_id__in=leads)
    return queryset.annotate(reported_this_period=Exists(sent))


def list_scope(request) -> str:
    """'mine' (the tasks the user's agency leads or coordinates) or 'all' (every task the user may see)."""
    default_scope = "mine" if starts_at_own_tasks(request.user) else "all"
    scope = request.GET.get("scope", default_scope)
    return scope if scope in ("mine", "all") else default_scope


def task_list_query(request) -> TaskListQuery:
    """The tasks the request's filters select, with statuses as of its date: the list and its exports."""
    user = request.user
    scope = list_scope(request)
    as_of = request_as_of(request)
    # Filtered by one lead agency, the list shows that agency's own part of each task (as the dashboard counts).
    part = lead_agency_of(request.GET)
    tasks = annotate_reported(
        annotate_status(selectors.task_list(user=user, mine=scope == "mine"), as_of=as_of.day, agency_id=part),
        as_of=as_of.day,
    )
    filterset = TaskStatusFilterSet(request.GET or None, queryset=tasks)
    # A wrong "as of" day alone leaves the other filters in force (the form shows its error beside the field).
    usable = filterset.is_bound and (filterset.is_valid() or set(filterset.errors) <= {"as_of"})
    tasks = filterset.qs if usable else filterset.queryset
    if usable and filterset.form.cleaned_data.get("directive"):
        tasks = tasks.order_by("position", "pk")  # one directive's tasks: in the document's order, not by deadline
    return TaskListQuery(tasks, filterset, scope, as_of.day, as_of.error)
