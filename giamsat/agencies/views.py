from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from giamsat.common.htmx import htmx_partial

from .choices import AgencyKind
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
