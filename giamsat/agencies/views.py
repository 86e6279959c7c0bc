from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from giamsat.common.htmx import htmx_partial
from giamsat.directives.selectors import agency_tasks

from .choices import AgencyKind
from .models import Agency
from .selectors import agency_list as select_agencies

PAGE_SIZE = 100


@login_required
def agency_list(request):
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind not in AgencyKind.values:
        kind = ""
    page = Paginator(select_agencies(q=q, kind=kind), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "q": q, "kind": kind, "kinds": AgencyKind.choices}
    template = "agencies/_agency_table.html" if htmx_partial(request) else "agencies/agency_list.html"
    return render(request, template, context)


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
