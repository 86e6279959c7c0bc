"""Downloads: the monthly report (docx, xlsx appendix, pdf), the task list as Excel, one-page agency summaries."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from giamsat.accounts.audit import audit_record
from giamsat.accounts.choices import AuditKind
from giamsat.accounts.policy import oversees_all_agencies, starts_at_own_tasks, works_in
from giamsat.agencies.models import Agency
from giamsat.common.dates import InvalidDay, parse_as_of, request_as_of
from giamsat.monitoring.task_list import task_list_query

from . import generate
from .choices import Layout, parse_layout
from .excel import tasks_workbook
from .pdf import PdfUnavailable
from .selectors import default_as_of, parse_month, period_due_on, report_months, task_rows

MONTHLY_FORMATS = ("docx", "xlsx", "pdf")


def _download(request, document: generate.GeneratedFile) -> HttpResponse:
    """The file as an attachment; the export is recorded in the audit trail (accounts/audit.py)."""
    audit_record(
        AuditKind.EXPORTED,
        request=request,
        target_type="document",
        target_label=document.filename,
        detail={"document": str(document.description), "query": request.GET.dict()},
    )
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _pdf_unavailable(request, error: PdfUnavailable, docx_url: str) -> HttpResponse:
    return render(request, "documents/pdf_unavailable.html", {"message": str(error), "docx_url": docx_url}, status=503)


@login_required
def index(request):
    """The months to download (leaders and the standing office) and the agency summaries the user may read."""
    user = request.user
    today = timezone.localdate()
    months = []
    if oversees_all_agencies(user):
        for year, month in report_months(today=today):
            due_on = period_due_on(year, month)
            months.append(
                {
                    "value": f"{year}-{month:02d}",
                    "label": f"{month:02d}/{year}",
                    "due_on": due_on,
                    "as_of": min(due_on, today),
                }
            )
    context = {
        "months": months,
        "sees_all": oversees_all_agencies(user),
        "agencies": Agency.objects.filter(is_active=True).order_by("name") if oversees_all_agencies(user) else [],
        "own_agency": user.agency if starts_at_own_tasks(user) else None,
        "today": today,
        "layouts": Layout.choices,
    }
    return render(request, "documents/index.html", context)


@login_required
def monthly_report(request):
    """/van-ban/bao-cao-thang/?month=2026-06[&format=xlsx|pdf][&as_of=dd/mm/yyyy][&layout=dang|nha_nuoc]."""
    if not oversees_all_agencies(request.user):
        raise PermissionDenied(_("Báo cáo tháng dành cho lãnh đạo và Cơ quan Thường trực."))
    fmt = request.GET.get("format", "docx")
    try:
        if fmt not in MONTHLY_FORMATS:
            raise ValueError(_("Định dạng “%(format)s” không hỗ trợ; hãy chọn docx, xlsx hoặc pdf.") % {"format": fmt})
        today = timezone.localdate()
        year, month = parse_month(request.GET.get("month") or f"{today.year}-{today.month:02d}")
        as_of = parse_as_of(request.GET.get("as_of")) or default_as_of(year, month, today=today)
        layout = parse_layout(request.GET.get("layout"))
    except InvalidDay as error:
        return render(request, "documents/error.html", {"message": error.message_text}, status=400)
    except ValueError as error:
        return render(request, "documents/error.html", {"message": str(error)}, status=400)
    try:
        document = generate.monthly_report_file(year=year, month=month, as_of=as_of, fmt=fmt, layout=layout)
    except PdfUnavailable as error:
        query = request.GET.copy()
        query["format"] = "docx"
        return _pdf_unavailable(request, error, f"{reverse('documents:monthly_report')}?{query.urlencode()}")
    return _download(request, document)


@login_required
def task_list_export(request):
    """The task list as Excel: exactly the tasks the list shows for the same parameters (all pages)."""
    query = task_list_query(request)
    if query.as_of_error:
        return render(request, "documents/error.html", {"message": query.as_of_error}, status=400)
    rows = task_rows(query.tasks, as_of=query.as_of)
    filters = _describe_filters(query.filterset)
    scope = _("nhiệm vụ của đơn vị") if query.scope == "mine" else _("mọi nhiệm vụ được xem")
    note = _("Phạm vi: %(scope)s. Bộ lọc: %(filters)s. Trạng thái tính đến hết ngày %(as_of)s.") % {
        "scope": scope,
        "filters": filters or _("không có"),
        "as_of": query.as_of.strftime("%d/%m/%Y"),
    }
    content = tasks_workbook(
        rows,
        title=_("Danh sách nhiệm vụ (%(count)d nhiệm vụ)") % {"count": len(rows)},
        note=note,
        sheet=_("Nhiệm vụ"),
    )
    return _download(
        request, generate.GeneratedFile(content, f"nhiem-vu-{query.as_of:%Y-%m-%d}.xlsx", _("danh sách nhiệm vụ"))
    )


def _describe_filters(filterset) -> str:
    """'Trạng thái: Đang thực hiện – quá hạn; Cơ quan chủ trì: Sở Tài chính' from the bound, valid filters."""
    if not filterset.is_bound or not filterset.is_valid():
        return ""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "") or name == "as_of":
            continue
        field = filterset.form.fields[name]
        if hasattr(value, "strftime"):
            shown = value.strftime("%d/%m/%Y")
        elif getattr(field, "choices", None) and not hasattr(value, "pk"):
            shown = str(dict(field.choices).get(value, value))
        else:
            shown = str(value)
        parts.append(f"{field.label}: {shown}")
    return "; ".join(parts)


def access_agency_for_summary(*, user, agency_id: int) -> Agency:
    """Leaders and the standing office: any agency; agency heads and officers: their own only (else 404)."""
    if oversees_all_agencies(user):
        return get_object_or_404(Agency, pk=agency_id)
    if works_in(user, agency_id):
        return user.agency
    raise Http404(_("Không tìm thấy cơ quan."))


@login_required
def agency_summary_pick(request):
    """The index page's form: ?agency=<id>&format=docx|pdf[&layout=nha_nuoc] → the summary's own address."""
    agency_id = request.GET.get("agency", "")
    if not agency_id.isdigit():
        return redirect("documents:index")
    name = "documents:agency_summary_pdf" if request.GET.get("format") == "pdf" else "documents:agency_summary"
    url = reverse(name, kwargs={"agency_id": int(agency_id)})
    layout = request.GET.get("layout")
    return redirect(f"{url}?{urlencode({'layout': layout})}" if layout else url)


def _summary(request, agency_id: int, fmt: str):
    agency = access_agency_for_summary(user=request.user, agency_id=agency_id)
    as_of = request_as_of(request)
    if as_of.error:
        return render(request, "documents/error.html", {"message": as_of.error}, status=400)
    try:
        layout = parse_layout(request.GET.get("layout"))
    except ValueError as error:
        return render(request, "documents/error.html", {"message": str(error)}, status=400)
    try:
        return _download(request, generate.agency_summary_file(agency=agency, as_of=as_of.day, fmt=fmt, layout=layout))
    except PdfUnavailable as error:
        docx_url = reverse("documents:agency_summary", kwargs={"agency_id": agency.pk})
        return _pdf_unavailable(request, error, f"{docx_url}?{request.GET.urlencode()}")


@login_required
def agency_summary(request, agency_id: int):
    return _summary(request, agency_id, "docx")


@login_required
def agency_summary_pdf(request, agency_id: int):
    return _summary(request, agency_id, "pdf")
