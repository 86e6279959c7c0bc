"""The task list and the task page: tasks with their statuses, so they live here, where statuses are.

They keep their addresses and names under the `directives:` namespace (`directives:task_list`,
`directives:task_detail`): config/urls.py puts them there beside directives' own pages (docs/decisions/0009).
Their templates keep their names (`directives/...`)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from giamsat.accounts.audit import audit_record
from giamsat.accounts.choices import AuditKind
from giamsat.common.cache import cached_figures, cached_render
from giamsat.common.dates import request_as_of
from giamsat.common.htmx import htmx_partial
from giamsat.directives import policy
from giamsat.directives import selectors as task_selectors
from giamsat.directives.choices import CONFIDENTIALITY_COLORS, Confidentiality
from giamsat.directives.models import Task
from giamsat.directives.task_requests import task_requests_context
from giamsat.explanations import selectors as explanation_selectors
from giamsat.reporting import policy as report_policy
from giamsat.reporting import selectors as report_selectors
from giamsat.reporting.models import ReportingPeriod

from .choices import STATUS_COLORS, PeriodCompliance, TaskStatus
from .late_reminders import task_reminder_history
from .selectors import task_with_reports
from .status import combine_parts, task_part_statuses, task_period_compliance
from .task_list import TaskListQuery, list_scope, task_list_query

PAGE_SIZE = 50
STORY_SLOT = "<!-- task-story -->"  # where the task page's body takes the reader's own story of reports


@login_required
def home(request):
    return redirect("directives:task_list")


@login_required
def task_list(request):
    """The page's body (title, filters, table) is the same for everyone who sees the same tasks from the same
    agency with the same address: rendered once per data version, day and language. Nothing of it is built,
    not even the querysets, when it is in the cache."""
    user = request.user
    as_of = request_as_of(request)
    parts = (policy.visibility_key(user), user.agency_id, list_scope(request), as_of, sorted(request.GET.lists()))

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
        alert = '<div role="alert"><ul class="errorlist"><li>{}</li></ul></div>'
        error = format_html(alert, as_of.error) if as_of.error else ""
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
    if policy.require_task_visible(user=user, task_id=task_id) == Confidentiality.SECRET:
        audit_record(AuditKind.SECRET_VIEWED, request=request, target=Task.objects.get(pk=task_id))
    day = as_of.day

    def render_detail() -> tuple[str, str]:
        task = task_with_reports(user=user, task_id=task_id)
        children, repeated_by = task_selectors.task_relatives(user=user, task=task)
        parts = task_part_statuses(task, day)
        context = {
            "task": task,
            "status": combine_parts(parts.values()),
            "parts": task_selectors.part_rows(parts) if len(parts) > 1 else [],
            "compliance": task_period_compliance(
                task, as_of=day, periods=ReportingPeriod.objects.filter(due_on__lte=day).order_by("-due_on")[:12]
            )
            if task.recurrence != "none"
            else [],
            "compliance_labels": dict(PeriodCompliance.choices),
            "as_of": day,
            "status_colors": STATUS_COLORS,
            "assignments": task.assignments_by_role(),
            "history": sorted(
                [
                    *task_selectors.task_history(task=task),
                    *task_reminder_history(task.pk),
                    *explanation_selectors.story_of(explanation_selectors.requests_of_subject(user=user, task=task)),
                ],
                key=lambda entry: entry["date"],
                reverse=True,
            ),
            "can_change": policy.can(user, policy.CHANGE, task),
            "children": children,
            "repeated_by": repeated_by,
            "previous": task.previous if task.previous and policy.can(user, policy.VIEW, task.previous) else None,
            "confidentiality_colors": CONFIDENTIALITY_COLORS,
        }
        context.update(task_requests_context(user=user, task=task))
        title = _("Nhiệm vụ %(ref)s") % {"ref": task.display_ref}
        return title, render_to_string("directives/_task_detail_body.html", context, request)

    title, body = cached_figures(
        ("task-detail", get_language(), policy.visibility_key(user), task_id, day), render_detail
    )
    # The reports shown depend on who reads (an agency reads its own): never cached, put in the body's place.
    body = body.replace(STORY_SLOT, _task_story(request, task_id), 1)
    context = {"title": title, "body": mark_safe(body), "as_of": as_of}  # noqa: S308 - rendered by the engine
    return render(request, "directives/task_detail.html", context, status=as_of.status)


def _task_story(request, task_id: int) -> str:
    """Every report of the task the user may read, with its steps, and every deadline change, as one timeline:
    rendered once per data version, language, task and reports the reader may read (their agency's, or all)."""
    user = request.user
    office = report_policy.reviews_reports(user)

    def render_story() -> str:
        context = {**report_selectors.task_story(user=user, task_id=task_id), "task_id": task_id}
        context.update(can_review=office, can_enter=office)
        return render_to_string("reporting/_task_story.html", context, request)

    parts = ("task-story", get_language(), report_policy.reading_scope(user), office, task_id)
    return cached_figures(parts, render_story)
