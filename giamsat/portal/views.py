"""The public portal: no sign-in, public tasks and public fields only."""

import csv
import io
import json

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from giamsat.agencies.models import Agency
from giamsat.monitoring.choices import STATUS_COLORS, TaskStatus

from .selectors import OPEN_DATA_FIELDS, open_data_rows, public_tasks


def index(request):
    today = timezone.localdate()
    q = request.GET.get("q", "").strip()
    agency_id = request.GET.get("agency", "")
    agency = Agency.objects.filter(pk=agency_id, is_active=True).first() if agency_id.isdigit() else None
    tasks = public_tasks(as_of=today, q=q, lead_agency_id=agency.pk if agency else None)
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "agency": agency,
        "today": today,
        "status_colors": STATUS_COLORS,
        "status_labels": dict(TaskStatus.choices),
    }
    return render(request, "portal/index.html", context)


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
    writer.writerows(rows)
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nhiem-vu-cong-khai.csv"'
    return response
