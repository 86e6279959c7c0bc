from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from giamsat.accounts.policy import oversees_all_agencies, starts_at_own_tasks
from giamsat.common.cache import TASKS, cached_figures, cached_render
from giamsat.common.dates import AsOf, request_as_of
from giamsat.directives import policy as task_policy
from giamsat.directives import selectors as task_selectors
from giamsat.explanations import selectors as explanation_selectors
from giamsat.indicators import policy as indicator_policy
from giamsat.indicators.models import Indicator
from giamsat.jobs.services import job_start

from .bottlenecks import bottlenecks
from .choices import CHART_COLORS, STATUS_COLORS
from .dashboard import DUE_SOON_DAYS, AgencyRow, dashboard, indicator_figures, trend
from .filtersets import TaskStatusFilterSet
from .late_reminders import late_reminder_plan, reminders_of_tasks
from .models import ReminderSent
from .policy import require_sends_reminders, sends_reminders
from .warning_list import PAGE_SIZE as WARNINGS_PAGE_SIZE
from .warning_list import WarningTaskFilterSet
from .warnings import WARNING_LABELS, task_warnings

OVERDUE_ANSWERS_SHOWN = 20  # the warnings page lists the oldest; the list of requests filters them all


@login_required
def warnings_page(request):
    """Early warnings for the tasks the user may see, by kind (tabs with counts), words and, for the standing office
    and leaders, agency; 50 a page. The standing office ticks the overdue ones and reminds their lead agencies."""
    user = request.user
    today = timezone.localdate()
    tasks = task_selectors.task_list(user=user, mine=starts_at_own_tasks(user))
    filterset = WarningTaskFilterSet(request.GET or None, queryset=tasks, pick_agency=not starts_at_own_tasks(user))
    agency = filterset.form.cleaned_data.get("agency") if filterset.is_bound and filterset.is_valid() else None
    kind = request.GET.get("kind", "")
    warnings = task_warnings(tasks=filterset.qs, as_of=today)
    counts = {k: sum(1 for w in warnings if w.kind == k) for k in WARNING_LABELS}
    if kind in WARNING_LABELS:
        warnings = [w for w in warnings if w.kind == kind]
    page = Paginator(warnings, WARNINGS_PAGE_SIZE).get_page(request.GET.get("page"))
    may_remind = sends_reminders(user)
    late_ids = {w.task.pk for w in page if w.kind == "overdue"}
    overdue_answers = explanation_selectors.overdue_for(user=user, as_of=today, agency=agency)
    context = {
        "warnings": page.object_list,
        "page": page,
        "filterset": filterset,
        "today": today,
        "labels": WARNING_LABELS,
        "counts": counts,
        "kind": kind,
        "agency": agency,
        "may_remind": may_remind and bool(late_ids),
        "reminded": reminders_of_tasks(late_ids) if late_ids else {},
        "overdue_answers": overdue_answers[:OVERDUE_ANSWERS_SHOWN],
        "overdue_answers_count": overdue_answers.count(),
        "last_reminder": ReminderSent.objects.select_related("sent_by").order_by("-sent_at", "-pk").first()
        if may_remind
        else None,
    }
    return render(request, "monitoring/warnings.html", context)


def _back(request) -> str:
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("monitoring:warnings")
    return back


@login_required
@require_http_methods(["GET", "POST"])
def remind_late(request):
    """The standing office's "Gửi nhắc việc" for the late tasks ticked on the overview or the warnings page: first a
    preview of who gets what (`late_reminder_plan`), then, confirmed, a background job that sends and records it
    (`late_reminders`); the job's page says what was sent. The address opened (a reload, a bookmark) sends nothing:
    it leads to the warnings page, where the late tasks are."""
    if request.method == "GET":
        return redirect("monitoring:warnings")
    require_sends_reminders(request.user)
    task_ids = [int(value) for value in request.POST.getlist("task") if value.isdigit()]
    as_of = timezone.localdate()
    try:
        plan = late_reminder_plan(task_ids=task_ids, acting_user=request.user, as_of=as_of)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_back(request))
    if request.POST.get("confirm") != "1":
        return render(request, "monitoring/remind_preview.html", {"plan": plan, "back": _back(request)})
    job = job_start(
        "late_tasks_remind",
        owner=request.user,
        title=_("Nhắc việc %(n)d nhiệm vụ quá hạn") % {"n": len(plan.task_ids)},
        params={"task_ids": plan.task_ids, "as_of": as_of.isoformat()},
    )
    return redirect("jobs:detail", job_id=job.pk)


@login_required
def dashboard_page(request):
    """Where are we, who is late, what is due: for leaders and the standing office (any "as of" date).

    Filtered by directive, section, agency kind and agency with the task list's own filters, so every
    number links to the list with the same parameters and lands on exactly the tasks behind it.
    """
    user = request.user
    if not oversees_all_agencies(user):
        raise PermissionDenied(_("Trang tổng quan dành cho lãnh đạo và Cơ quan Thường trực."))
    as_of = request_as_of(request)
    params = {name: request.GET[name] for name in DASHBOARD_FILTERS if request.GET.get(name)}
    sort = request.GET.get("sort", "-overdue")
    if sort.removeprefix("-") not in SORT_COLUMNS:
        sort = "-overdue"
    show_all = request.GET.get("agencies") == "all"
    visibility = task_policy.visibility_key(user)
    # The page is the same for everyone who sees these tasks: rendered once per data version and request.
    body = cached_render(
        (visibility, as_of, sorted(params.items()), sort, show_all),
        "monitoring/_dashboard_body.html",
        lambda: _dashboard_context(request, as_of, params, sort, show_all, visibility),
        request,
    )
    # The reminder form holds the CSRF token, so it is outside the cached body; the body's checkboxes name it.
    context = {"body": body, "may_remind": sends_reminders(user)}
    return render(request, "monitoring/dashboard.html", context, status=as_of.status)


def _dashboard_context(request, as_of_field: AsOf, params: dict, sort: str, show_all: bool, visibility: str) -> dict:
    as_of = as_of_field.day
    visible = task_selectors.task_list(user=request.user)
    filterset = TaskStatusFilterSet(params, queryset=visible)
    tasks = filterset.qs if filterset.is_valid() else visible
    active = {name: value for name, value in params.items() if name not in filterset.errors}
    agency_filter = Q()
    if filterset.is_valid() and filterset.form.cleaned_data.get("lead_agency_id"):
        agency_filter &= Q(agency_id=filterset.form.cleaned_data["lead_agency_id"].pk)
    if filterset.is_valid() and filterset.form.cleaned_data.get("agency_kind"):
        agency_filter &= Q(agency__kind=filterset.form.cleaned_data["agency_kind"])

    # Unfiltered, the tasks are every task of the confidentialities the user sees: their counts are kept already.
    confidentialities = None if active else task_policy.visible_confidentialities(request.user)

    def compute() -> dict:
        return {
            "figures": dashboard(
                tasks=tasks, as_of=as_of, agency_filter=agency_filter, confidentialities=confidentialities
            ),
            "points": trend(tasks=tasks, as_of=as_of, confidentialities=confidentialities),
            "bottleneck_areas": bottlenecks(tasks=tasks, as_of=as_of, limit=BOTTLENECK_ITEMS),
            # Every indicator the user may read, whatever the task filters (an indicator is not a task).
            "indicators": indicator_figures(
                indicator_policy.restrict(Indicator.objects.all(), request.user), as_of=as_of
            ),
        }

    computed = cached_figures(("dashboard", visibility, as_of, sorted(active.items())), compute)
    figures, points = dict(computed["figures"]), computed["points"]
    all_agencies = sort_agencies(figures["agencies"], sort)
    figures["agencies"] = all_agencies if show_all else all_agencies[:AGENCY_ROWS]
    as_of_param = as_of.strftime("%d/%m/%Y")
    list_query = urlencode({"scope": "all", "as_of": as_of_param, **active})
    return {
        **figures,
        "as_of": as_of,
        "as_of_field": as_of_field,
        "as_of_param": as_of_param,
        "filterset": filterset,
        "filters_active": bool(active),
        "list_query": list_query,
        "row_query": urlencode(
            {"scope": "all", "as_of": as_of_param, **{k: v for k, v in active.items() if k != "lead_agency_id"}}
        ),
        "page_query": urlencode({"as_of": as_of_param, **active, **({"agencies": "all"} if show_all else {})}),
        "sort": sort,
        "agency_count": len(all_agencies),
        "all_agencies_query": urlencode({"as_of": as_of_param, **active, "sort": sort, "agencies": "all"}),
        "agency_columns": [
            ("name", _("Cơ quan")),
            ("led", _("Chủ trì")),
            ("done_on_time", _("Đúng hạn")),
            ("done_late", _("Hoàn thành quá hạn")),
            ("overdue", _("Đang quá hạn")),
            ("pending", _("Chờ xác nhận")),
            ("closed", _("Không còn thực hiện")),
            ("reporting_rate", _("Đã báo cáo kỳ này")),
        ],
        # Read from the tasks alone: reports arriving all day leave it cached.
        "sections": cached_figures(
            ("sections", visibility, params.get("directive")),
            lambda: section_choices(visible, directive_id=params.get("directive")),
            domains=[TASKS],
        ),
        "status_colors": STATUS_COLORS,
        "due_soon_days": DUE_SOON_DAYS,
        # The same for everyone with this visibility (the cache key's): the standing office, on today's overview.
        "remind_late": sends_reminders(request.user) and as_of == timezone.localdate(),
        "trend": points,
        "bottleneck_areas": computed["bottleneck_areas"],
        "indicators": computed["indicators"],
        "bottlenecks_cut": sum(len(area.items) for area in computed["bottleneck_areas"]) >= BOTTLENECK_ITEMS,
        "chart_data": chart_data(figures, points, list_query),
    }


# Rows of the agency table shown at first (the most overdue, or the first by the chosen sort); the rest on
# request: a province has 150 lead agencies, the nation 3,500, and a phone need not load them all.
AGENCY_ROWS = 30
# Difficulties and proposals shown (the unanswered ones all have their early warning on the warnings page).
BOTTLENECK_ITEMS = 60
DASHBOARD_FILTERS = ("directive", "section", "agency_kind", "lead_agency_id")
SORT_COLUMNS = ("name", "led", "done_on_time", "done_late", "overdue", "pending", "closed", "reporting_rate")


def sort_agencies(rows: list[AgencyRow], sort: str) -> list[AgencyRow]:
    """Sort the agency table by a column (`-` for descending), ties by name; unknown columns: most overdue."""
    key = sort.removeprefix("-")
    if key not in SORT_COLUMNS:
        key, sort = "overdue", "-overdue"
    rows = sorted(rows, key=lambda r: r.name)
    return sorted(rows, key=lambda r: getattr(r, key), reverse=sort.startswith("-"))


def section_choices(tasks, *, directive_id: str | None) -> list[str]:
    """The section titles of the visible tasks (of one directive when chosen), for the section filter."""
    qs = tasks.order_by().exclude(section_title="")
    if directive_id and directive_id.isdigit():
        qs = qs.filter(directive_id=directive_id)
    return sorted(set(qs.values_list("section_title", flat=True)))


def chart_data(figures: dict, points: list, list_query: str) -> dict:
    """What the charts draw, with the task-list link behind each bar (the numbers are also in tables)."""
    tasks_url = reverse("directives:task_list")
    return {
        "status": {
            "labels": [str(status.label) for status, _count in figures["by_status"]],
            "counts": [count for _status, count in figures["by_status"]],
            "colors": [CHART_COLORS[status] for status, _count in figures["by_status"]],
            "links": [f"{tasks_url}?{list_query}&status={status}" for status, _count in figures["by_status"]],
        },
        "trend": {
            "labels": [point.day.strftime("%m/%Y") for point in points],
            "done": [point.done for point in points],
            "overdue": [point.overdue for point in points],
            "on_time_rate": [point.on_time_rate for point in points],
            "series": [str(_("Đã hoàn thành")), str(_("Đang quá hạn")), str(_("Tỷ lệ đúng hạn (%)"))],
        },
    }
