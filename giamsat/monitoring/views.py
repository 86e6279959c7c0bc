from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from giamsat.agencies.models import Agency
from giamsat.directives import policy as task_policy
from giamsat.directives import selectors as task_selectors

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
