"""The agency's page: its record (agencies) and the tasks it leads or coordinates, which are directives' data,
so the page is here. It keeps its name `agencies:agency_detail` (config/urls.py, docs/decisions/0009)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from giamsat.agencies.models import Agency

from .selectors import agency_tasks


@login_required
def agency_detail(request, agency_id: int):
    agency = get_object_or_404(Agency.objects.select_related("parent", "merged_into"), pk=agency_id)
    context = {
        "agency": agency,
        "aliases": agency.aliases.order_by("name"),
        "children": agency.children.filter(is_active=True).order_by("name"),
        "groups": agency.agency_groups.filter(is_active=True).order_by("name"),
        "tasks": agency_tasks(user=request.user, agency_id=agency.pk),
    }
    return render(request, "agencies/agency_detail.html", context)
