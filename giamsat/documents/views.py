"""The generated documents: the monthly report (docx, xlsx appendix, pdf), the task list as Excel, one-page agency
summaries. Asking for one checks the parameters and the person's right to it, then starts a background job (jobs.py)
and shows its page, where the file is downloaded when it is made; a wrong parameter is said here, before anything is
queued, and a failure of the making on the job's page."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from giamsat.accounts.policy import oversees_all_agencies, starts_at_own_tasks
from giamsat.agencies.models import Agency
from giamsat.common.dates import InvalidDay, parse_as_of, request_as_of
from giamsat.monitoring.task_list import task_list_query

from . import jobs
from .choices import Layout, parse_layout
from .pdf import PdfUnavailable, require_soffice
from .policy import access_agency_for_summary, may_have_monthly_report
from .selectors import default_as_of, parse_month, period_due_on, report_months


def _started(request, kind: str, *, title: str, params: dict) -> HttpResponse:
    job = jobs.document_job_start(request, kind, title=title, params=params)
    return redirect("jobs:detail", job_id=job.pk)


def _error(request, message: str) -> HttpResponse:
    return render(request, "documents/error.html", {"message": message}, status=400)


def _pdf_unavailable(request, docx_url: str) -> HttpResponse | None:
    """Without LibreOffice no PDF can be made: said at once, with the Word file offered, rather than by a failed
    job a moment later (a conversion that fails for another reason fails its job, with its message)."""
    try:
        require_soffice()
    except PdfUnavailable as error:
        context = {"message": str(error), "docx_url": docx_url}
        return render(request, "documents/pdf_unavailable.html", context, status=503)
    return None


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
    if not may_have_monthly_report(request.user):
        raise PermissionDenied(_("Báo cáo tháng dành cho lãnh đạo và Cơ quan Thường trực."))
    fmt = request.GET.get("format", "docx")
    try:
        if fmt not in jobs.MONTHLY_FORMATS:
            raise ValueError(_("Định dạng “%(format)s” không hỗ trợ; hãy chọn docx, xlsx hoặc pdf.") % {"format": fmt})
        today = timezone.localdate()
        year, month = parse_month(request.GET.get("month") or f"{today.year}-{today.month:02d}")
        as_of = parse_as_of(request.GET.get("as_of")) or default_as_of(year, month, today=today)
        layout = parse_layout(request.GET.get("layout"))
    except InvalidDay as error:
        return _error(request, error.message_text)
    except ValueError as error:
        return _error(request, str(error))
    if fmt == "pdf":
        query = request.GET.copy()
        query["format"] = "docx"
        refused = _pdf_unavailable(request, f"{reverse('documents:monthly_report')}?{query.urlencode()}")
        if refused:
            return refused
    return _started(
        request,
        jobs.MONTHLY_REPORT,
        title=jobs.monthly_report_title(year=year, month=month, fmt=fmt, layout=layout),
        params={"year": year, "month": month, "as_of": as_of.isoformat(), "format": fmt, "layout": layout.value},
    )


@login_required
def task_list_export(request):
    """The task list as Excel: exactly the tasks the list shows for the same parameters (all pages), made by the
    job (jobs.task_list_export) from the same query, as this person."""
    query = task_list_query(request)
    if query.as_of_error:
        return _error(request, query.as_of_error)
    return _started(request, jobs.TASK_LIST_EXPORT, title=jobs.task_list_title(as_of=query.as_of), params={})


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
        return _error(request, as_of.error)
    try:
        layout = parse_layout(request.GET.get("layout"))
    except ValueError as error:
        return _error(request, str(error))
    if fmt == "pdf":
        docx_url = reverse("documents:agency_summary", kwargs={"agency_id": agency.pk})
        refused = _pdf_unavailable(request, f"{docx_url}?{request.GET.urlencode()}")
        if refused:
            return refused
    return _started(
        request,
        jobs.AGENCY_SUMMARY,
        title=jobs.agency_summary_title(agency=agency, fmt=fmt),
        params={"agency": agency.pk, "as_of": as_of.day.isoformat(), "format": fmt, "layout": layout.value},
    )


@login_required
def agency_summary(request, agency_id: int):
    return _summary(request, agency_id, "docx")


@login_required
def agency_summary_pdf(request, agency_id: int):
    return _summary(request, agency_id, "pdf")
