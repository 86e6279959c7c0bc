"""The audit trail for administrators and the inspection commission: searched, filtered, 50 a page, exported to
Excel (the export is itself an entry)."""

import datetime
import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from giamsat.common.dates import end_of_day
from giamsat.common.htmx import htmx_partial
from giamsat.common.spreadsheets import sheet_append

from .audit import audit_record, describe_detail
from .audit_forms import AuditFilterForm
from .choices import AuditKind
from .models import AuditEvent
from .policy import reads_audit_trail

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000  # rows of one Excel export; a narrower filter for more
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_reader(user) -> None:
    if not reads_audit_trail(user):
        raise PermissionDenied(_("Chỉ quản trị hệ thống và Ủy ban kiểm tra xem nhật ký kiểm tra."))


def filtered_events(form: AuditFilterForm) -> QuerySet[AuditEvent]:
    """The entries the filter form chooses, newest first (all of them when the form is not valid)."""
    events = AuditEvent.objects.all()
    if not form.is_valid():
        return events
    data = form.cleaned_data
    if data.get("q"):
        q = data["q"]
        events = events.filter(
            Q(actor_name__icontains=q)
            | Q(target_label__icontains=q)
            | Q(ip_address__startswith=q)
            | Q(path__icontains=q)
        )
    if data.get("kind"):
        events = events.filter(kind=data["kind"])
    if data.get("since"):
        events = events.filter(at__gte=end_of_day(data["since"] - datetime.timedelta(days=1)))
    if data.get("until"):
        events = events.filter(at__lt=end_of_day(data["until"]))
    return events.order_by("-at", "-pk")


@login_required
def audit_list(request):
    _require_reader(request.user)
    form = AuditFilterForm(request.GET or None)
    page = Paginator(filtered_events(form), PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page:
        event.description = describe_detail(event)
    context = {"page": page, "form": form, "retention_days": settings.AUDIT_RETENTION_DAYS}
    template = "accounts/audit/_table.html" if htmx_partial(request) else "accounts/audit/list.html"
    return render(request, template, context)


@login_required
def audit_export(request):
    """The filtered entries as an Excel workbook, oldest rows last as on the page; typed text never a formula."""
    _require_reader(request.user)
    form = AuditFilterForm(request.GET or None)
    events = filtered_events(form)[:EXPORT_LIMIT]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Nhật ký kiểm tra"))
    sheet_append(
        sheet,
        [
            _("Thời điểm"),
            _("Loại sự kiện"),
            _("Tên đăng nhập"),
            _("Địa chỉ IP"),
            _("Đối tượng"),
            _("Mã đối tượng"),
            _("Địa chỉ trang"),
            _("Chi tiết"),
        ],
    )
    kinds = dict(AuditKind.choices)
    for event in events.iterator(chunk_size=2000):
        sheet_append(
            sheet,
            [
                timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M:%S"),
                str(kinds.get(event.kind, event.kind)),
                event.actor_name,
                event.ip_address or "",
                event.target_label,
                event.target_id,
                event.path,
                describe_detail(event),
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_record(
        AuditKind.EXPORTED,
        request=request,
        target_type="audit_trail",
        target_label=_("Nhật ký kiểm tra"),
        detail={"format": "xlsx", "filters": request.GET.dict()},
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-kiem-tra-{stamp}.xlsx"'
    return response
