from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from giamsat.agencies.models import Agency
from giamsat.directives import policy as task_policy
from giamsat.directives import selectors as task_selectors

from .choices import STATUS_COLORS
from .dashboard import DUE_SOON_DAYS, dashboard
from .warnings import WARNING_LABELS, task_warnings


@login_required
def warnings_page(request):
    """Early warnings for the tasks the user may see; the standing office and leaders pick an agency."""
    user = request.user
    today = timezone.localdate()
    tasks = task_selectors.task_list(user=user, mine=user.is_agency_user)
    agency = None
    agency_id = request.GET.get("agency", "")
    if agency_id.isdigit() and not user.is_agency_user:
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency:
            tasks = tasks.filter(task_policy.involves_agency(agency.pk, roles=task_policy.MINE_ROLES))
    kind = request.GET.get("kind", "")
    warnings = task_warnings(tasks=tasks, as_of=today)
    counts = {k: sum(1 for w in warnings if w.kind == k) for k in WARNING_LABELS}
    if kind in WARNING_LABELS:
        warnings = [w for w in warnings if w.kind == kind]
    context = {
        "warnings": warnings,
        "today": today,
        "labels": WARNING_LABELS,
        "counts": counts,
        "kind": kind,
        "agency": agency,
        "agencies": Agency.objects.filter(is_active=True).order_by("name") if not user.is_agency_user else [],
    }
    return render(request, "monitoring/warnings.html", context)


@login_required
def dashboard_page(request):
    """Where are we, who is late, what is due: for leaders and the standing office (any "as of" date)."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    from giamsat.directives.views import _as_of

    user = request.user
    if not (user.sees_everything or user.is_leader):
        raise PermissionDenied(_("Trang tổng quan dành cho lãnh đạo và Cơ quan Thường trực."))
    as_of = _as_of(request)
    figures = dashboard(tasks=task_selectors.task_list(user=user), as_of=as_of)
    context = {
        **figures,
        "as_of": as_of,
        "status_colors": STATUS_COLORS,
        "due_soon_days": DUE_SOON_DAYS,
        "as_of_param": as_of.strftime("%d/%m/%Y"),
    }
    return render(request, "monitoring/dashboard.html", context)
