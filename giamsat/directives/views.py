import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from giamsat.common.cache import cached_figures, cached_render
from giamsat.common.dates import request_as_of
from giamsat.common.htmx import htmx_partial
from giamsat.monitoring.choices import STATUS_COLORS, PeriodCompliance, TaskStatus
from giamsat.monitoring.history import annotate_status
from giamsat.monitoring.status import annotate_reported, combine_parts, task_part_statuses, task_period_compliance
from giamsat.reporting.models import ReportingPeriod

from . import policy, selectors, services
from .choices import CONFIDENTIALITY_COLORS
from .filtersets import TaskFilterSet, lead_agency_of
from .forms import TaskEditForm
from .models import Directive, Task

PAGE_SIZE = 50


@login_required
def home(request):
    return redirect("directives:task_list")


@dataclass
class TaskListQuery:
    tasks: QuerySet[Task]
    filterset: TaskFilterSet
    scope: str
    as_of: datetime.date
    as_of_error: str = ""  # the typed "as of" is not a day: the statuses are today's, the form says why


def _scope(request) -> str:
    """'mine' (the tasks the user's agency leads or coordinates) or 'all' (every task the user may see)."""
    default_scope = "mine" if request.user.is_agency_user else "all"
    scope = request.GET.get("scope", default_scope)
    return scope if scope in ("mine", "all") else default_scope


def task_list_query(request) -> TaskListQuery:
    """The tasks the request's filters select, with statuses as of its date: the list and its exports."""
    user = request.user
    scope = _scope(request)
    as_of = request_as_of(request)
    # Filtered by one lead agency, the list shows that agency's own part of each task (as the dashboard counts).
    part = lead_agency_of(request.GET)
    tasks = annotate_reported(
        annotate_status(selectors.task_list(user=user, mine=scope == "mine"), as_of=as_of.day, agency_id=part),
        as_of=as_of.day,
    )
    filterset = TaskFilterSet(request.GET or None, queryset=tasks)
    # A wrong "as of" day alone leaves the other filters in force (the form shows its error beside the field).
    usable = filterset.is_bound and (filterset.is_valid() or set(filterset.errors) <= {"as_of"})
    tasks = filterset.qs if usable else filterset.queryset
    return TaskListQuery(tasks, filterset, scope, as_of.day, as_of.error)


@login_required
def task_list(request):
    """The page's body (title, filters, table) is the same for everyone who sees the same tasks from the same
    agency with the same address: rendered once per data version, day and language. Nothing of it is built,
    not even the querysets, when it is in the cache."""
    user = request.user
    as_of = request_as_of(request)
    parts = (policy.visibility_key(user), user.agency_id, _scope(request), as_of, sorted(request.GET.lists()))

    def table(query: TaskListQuery) -> str:
        def table_context() -> dict:
            return {
                "page": Paginator(query.tasks, PAGE_SIZE).get_page(request.GET.get("page")),
                "confidentiality_colors": CONFIDENTIALITY_COLORS,
                "status_colors": STATUS_COLORS,
                "status_labels": dict(TaskStatus.choices),
                "as_of": query.as_of,
            }

        return cached_render(parts, "directives/_task_table.html", table_context, request)

    if htmx_partial(request):
        # htmx swaps only successful answers: a wrong day is said above the table, with status 200.
        error = format_html('<ul class="errorlist" role="alert"><li>{}</li></ul>', as_of.error) if as_of.error else ""
        return HttpResponse(error + table(task_list_query(request)))

    def body_context() -> dict:
        query = task_list_query(request)
        return {
            "filterset": query.filterset,
            "table": table(query),
            "scope": query.scope,
            "can_choose_scope": bool(user.agency_id),
            "filters_active": any(request.GET.get(name) for name in query.filterset.filters if name != "q"),
            "as_of": query.as_of,
        }

    body = cached_render(parts, "directives/_task_list_body.html", body_context, request)
    return render(request, "directives/task_list.html", {"body": body}, status=as_of.status)


@login_required
def task_detail(request, task_id: int):
    """The page's title and body are the same for everyone who sees the same tasks (the visibility decides
    what is shown, and whether the task is found at all): rendered once per data version, day and language.
    A task the user may not see raises 404 inside and is never cached; whether the user may see it is also
    asked of the database on every request, before any cached body is served."""
    user = request.user
    as_of = request_as_of(request)
    policy.require_task_visible(user=user, task_id=task_id)
    day = as_of.day

    def render_detail() -> tuple[str, str]:
        task = selectors.task_detail(user=user, task_id=task_id)
        children, repeated_by = selectors.task_relatives(user=user, task=task)
        parts = task_part_statuses(task, day)
        context = {
            "task": task,
            "status": combine_parts(parts.values()),
            "parts": selectors.part_rows(parts) if len(parts) > 1 else [],
            "compliance": task_period_compliance(
                task, as_of=day, periods=ReportingPeriod.objects.filter(due_on__lte=day).order_by("-due_on")[:12]
            )
            if task.recurrence != "none"
            else [],
            "compliance_labels": dict(PeriodCompliance.choices),
            "as_of": day,
            "status_colors": STATUS_COLORS,
            "assignments": task.assignments_by_role(),
            "history": selectors.task_history(task=task),
            "can_change": policy.can(user, policy.CHANGE, task),
            "children": children,
            "repeated_by": repeated_by,
            "previous": task.previous if task.previous and policy.can(user, policy.VIEW, task.previous) else None,
            "confidentiality_colors": CONFIDENTIALITY_COLORS,
        }
        title = _("Nhiệm vụ %(ref)s") % {"ref": task.display_ref}
        return title, render_to_string("directives/_task_detail_body.html", context, request)

    title, body = cached_figures(
        ("task-detail", get_language(), policy.visibility_key(user), task_id, day), render_detail
    )
    context = {"title": title, "body": mark_safe(body), "as_of": as_of}  # noqa: S308 - rendered by the engine
    return render(request, "directives/task_detail.html", context, status=as_of.status)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, task_id: int):
    task = policy.access_task_by_id(user=request.user, task_id=task_id, action=policy.CHANGE)
    form = TaskEditForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(
                task=task, data={name: form.cleaned_data[name] for name in form.changed_data}, acting_user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect("directives:task_detail", task_id=task.pk)
    return render(request, "directives/task_edit.html", {"task": task, "form": form})


@login_required
def directive_list(request):
    return render(
        request, "directives/directive_list.html", {"directives": selectors.directive_list(user=request.user)}
    )


@login_required
def directive_detail(request, directive_id: int):
    directive = get_object_or_404(Directive.objects.select_related("issuer"), pk=directive_id)
    tasks = selectors.directive_tasks(user=request.user, directive=directive)
    return render(
        request,
        "directives/directive_detail.html",
        {
            "directive": directive,
            "tasks": tasks,
            "confidentiality_colors": CONFIDENTIALITY_COLORS,
            # The full text carries every task of the document, internal ones included.
            "show_text": request.user.sees_everything or request.user.is_leader,
        },
    )
