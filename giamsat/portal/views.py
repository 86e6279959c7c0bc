"""The public portal: no sign-in, public tasks and public fields only."""

import csv
import io
import json
import mimetypes
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from giamsat.agencies.models import Agency
from giamsat.common.cache import cached_render
from giamsat.common.spreadsheets import csv_cell
from giamsat.directives.choices import AssignmentRole
from giamsat.indicators.choices import COLOUR_BADGES, Colour
from giamsat.monitoring.choices import STATUS_COLORS, TaskStatus

from . import selectors
from .forms import FILTERS, IndicatorFilterForm, PortalFilterForm
from .selectors import (
    INDICATOR_FIELDS,
    OPEN_DATA_FIELDS,
    indicator_csv_row,
    indicator_open_data_row,
    open_data_rows,
    public_indicator_counts,
    public_indicators,
    public_tasks,
)


def index(request):
    """Public tasks, searched and filtered by lead agency, status and directive through the address (GET)."""
    params = [(key, value) for key, values in request.GET.lists() for value in values]
    if any(value == "" for _key, value in params):
        # The filter form sends its empty selects too: the address keeps only what was chosen, so it stays
        # short enough to share and the page can come from the cache.
        kept = [(key, value) for key, value in params if value != ""]
        return redirect(f"{request.path}?{urlencode(kept)}" if kept else request.path)
    today = timezone.localdate()
    form = PortalFilterForm(request.GET)
    chosen = form.filters()
    q, agency, status, directive = chosen["q"], chosen["agency"], chosen["status"], chosen["directive"]

    def context() -> dict:
        tasks = public_tasks(
            as_of=today,
            q=q,
            lead_agency_id=agency.pk if agency else None,
            status=status,
            directive_id=directive.pk if directive else None,
        )
        return {
            "page": Paginator(tasks, 50).get_page(request.GET.get("page")),
            "form": form,
            "q": q,
            "agency": agency,
            "filtered": bool(agency or status or directive),
            "today": today,
            "status_colors": STATUS_COLORS,
            "status_labels": dict(TaskStatus.choices),
            "indicator_counts": colour_tiles(public_indicator_counts(as_of=today)),
        }

    if q or form.errors or not set(request.GET) <= {*FILTERS, "page"}:
        # Searches are rendered each time (what citizens type must not fill the cache), and so are addresses
        # with wrong values or other parameters (the page links repeat the address's parameters).
        body = render_to_string("portal/_index_body.html", context(), request)
    else:  # the same for every visitor: once per data version, day, filters and page
        page_number = request.GET.get("page", "1")
        page_key = page_number if page_number.isdigit() and len(page_number) < 6 else "1"
        key = (today, agency.pk if agency else None, status, directive.pk if directive else None, page_key)
        body = cached_render(key, "portal/_index_body.html", context, request)
    return render(request, "portal/index.html", {"body": body})


def colour_tiles(counts: dict[str, int]) -> list[tuple[str, str, str, int]]:
    """(colour, label, badge class, count) for each colour, in the choices' order."""
    return [(colour.value, str(colour.label), COLOUR_BADGES[colour], counts.get(colour.value, 0)) for colour in Colour]


def indicators(request):
    """The public indicators: name, unit, latest accepted value, target, colour today; searched (with or without
    diacritics) and filtered by colour and layer through the address, 50 a page."""
    today = timezone.localdate()
    form = IndicatorFilterForm(request.GET)
    chosen = form.filters()
    found = public_indicators(as_of=today, q=chosen["q"], colour=chosen["colour"], layer=chosen["layer"])
    context = {
        "page": Paginator(found, 50).get_page(request.GET.get("page")),
        "form": form,
        "today": today,
        "filtered": any(chosen.values()),
        "counts": colour_tiles(public_indicator_counts(as_of=today)),
    }
    return render(request, "portal/indicators.html", context)


def indicator_open_data(request, fmt: str):
    """The public indicators and their accepted values as open data (docs/open-data.md), JSON or CSV."""
    rows = [indicator_open_data_row(i) for i in public_indicators(as_of=timezone.localdate())]
    if fmt == "json":
        return HttpResponse(
            json.dumps({"fields": INDICATOR_FIELDS, "indicators": rows}, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=INDICATOR_FIELDS)
    writer.writeheader()
    writer.writerows({field: csv_cell(value) for field, value in indicator_csv_row(row).items()} for row in rows)
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="chi-tieu-cong-khai.csv"'
    return response


def task_detail(request, task_id: int):
    """One public task: directive, agencies (names only), deadline, status today and published results."""
    today = timezone.localdate()
    task = selectors.public_task(task_id=task_id, as_of=today)
    overdue_days = (
        (today - task.status_deadline).days if task.status == TaskStatus.OVERDUE and task.status_deadline else 0
    )
    context = {
        "task": task,
        "today": today,
        "lead": [a for a in task.public_assignments if a.role == AssignmentRole.LEAD],
        "coordinating": [a for a in task.public_assignments if a.role == AssignmentRole.COORDINATING],
        "overdue_days": overdue_days,
        "results": selectors.public_results(task=task),
        "status_colors": STATUS_COLORS,
        "status_labels": dict(TaskStatus.choices),
    }
    return render(request, "portal/task_detail.html", context)


def agency_detail(request, agency_id: int):
    """One agency: its public led tasks counted by status, and its public tasks (led and coordinated)."""
    today = timezone.localdate()
    agency = Agency.objects.filter(pk=agency_id).only("pk", "name").first()
    if agency is None:
        raise Http404(_("Không tìm thấy cơ quan."))
    counts = selectors.public_agency_status_counts(agency=agency, as_of=today)
    labels = dict(TaskStatus.choices)
    page = Paginator(selectors.public_agency_tasks(agency=agency, as_of=today), 50).get_page(request.GET.get("page"))
    context = {
        "agency": agency,
        "today": today,
        "page": page,
        "counts": [(status, labels[status], STATUS_COLORS[status], n) for status, n in counts.items()],
        "led_total": sum(counts.values()),
        "status_colors": STATUS_COLORS,
        "status_labels": labels,
    }
    return render(request, "portal/agency_detail.html", context)


def evidence_download(request, evidence_id: int):
    """A public evidence file, under a neutral name (the uploaded file name is not published)."""
    evidence = selectors.public_evidence_file(evidence_id=evidence_id)
    content_type = evidence.content_type or "application/octet-stream"
    extension = mimetypes.guess_extension(content_type) or ""
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=f"minh-chung-{evidence.pk}{extension}",
        content_type=content_type,
    )


def open_data(request, fmt: str):
    rows = open_data_rows(as_of=timezone.localdate())
    if fmt == "json":
        return HttpResponse(
            json.dumps({"fields": OPEN_DATA_FIELDS, "tasks": rows}, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=OPEN_DATA_FIELDS)
    writer.writeheader()
    # Text that starts like a formula (a title typed "=...") gets a leading ' so spreadsheets show it as text.
    writer.writerows({field: csv_cell(value) for field, value in row.items()} for row in rows)
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nhiem-vu-cong-khai.csv"'
    return response
