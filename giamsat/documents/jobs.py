"""The generated documents as background work (issue 17): the monthly report, the agency summaries and the task list
as Excel are made by the worker for the person who asked (views.py starts the job), and the monthly report's draft is
made on the MONTHLY_DRAFT_DAY for everyone of the standing office.

A person's job is the person's request replayed as its owner: the owner's permissions are asked again (documents
policy, the task list's visibility), so the file holds exactly what the owner may see when it is made. The export's
audit entry is written with the job's completion (exactly once, and only for a file that was made), with the address
and query of the request that asked for it.
"""

import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from giamsat.accounts.audit import audit_record
from giamsat.accounts.choices import AuditKind, Role
from giamsat.accounts.models import User
from giamsat.common.client_ip import client_ip
from giamsat.jobs.registry import JobFailed, JobResult, job_handler
from giamsat.jobs.schedules import Monthly
from giamsat.jobs.services import job_record_done, job_start
from giamsat.monitoring.task_list import task_list_query

from . import generate
from .choices import Layout
from .pdf import PdfUnavailable
from .policy import access_agency_for_summary, may_have_monthly_report
from .selectors import default_as_of

MONTHLY_REPORT = "monthly_report"
AGENCY_SUMMARY = "agency_summary"
TASK_LIST_EXPORT = "task_list_export"
MONTHLY_DRAFT = "monthly_report_draft"
MONTHLY_FORMATS = ("docx", "xlsx", "pdf")
FORMAT_LABELS = {"docx": "Word", "pdf": "PDF", "xlsx": "Excel"}


# --- the person's request, kept with the job and replayed as its owner ----------------------------------------------


def document_job_start(request, kind: str, *, title: str, params: dict):
    """Queue `kind` for the signed-in person with the parameters the views checked, and what the handler needs to
    replay the request: its address and query (the task list's filters, the audit entry), the client's address and
    the language of the page (the files' words and the error messages)."""
    echo = {
        "path": request.path,
        "query": request.META.get("QUERY_STRING", ""),
        "client_ip": client_ip(request),
        "language": translation.get_language(),
    }
    return job_start(kind, owner=request.user, title=title, params={**params, "request": echo})


def replayed_request(job) -> HttpRequest:
    """The request that started the job, with its owner as the signed-in user: the task list's query reads its
    filters from it and the audit entry its address, as they read the request itself."""
    owner = job.owner
    if owner is None or not owner.is_active:
        raise JobFailed(_("Tài khoản yêu cầu văn bản này không còn hoạt động."))
    echo = job.params.get("request", {})
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = echo.get("path", "")
    request.META = {"QUERY_STRING": echo.get("query", ""), "REMOTE_ADDR": echo.get("client_ip") or ""}
    request.GET = QueryDict(echo.get("query", ""))
    request.user = owner
    return request


def _exported(request: HttpRequest, document: generate.GeneratedFile):
    """The job's completion: the file for its owner, and the export in the audit trail, written once together."""

    def commit() -> JobResult:
        audit_record(
            AuditKind.EXPORTED,
            request=request,
            target_type="document",
            target_label=document.filename,
            detail={"document": str(document.description), "query": request.GET.dict()},
        )
        return JobResult(file=document.content, name=document.filename)

    return commit


def _in_language(handler):
    """Run the handler, and its commit function, in the language of the page that asked (the default language for
    scheduled work)."""

    def run(job, progress):
        language = job.params.get("request", {}).get("language") or settings.LANGUAGE_CODE
        with translation.override(language):
            outcome = handler(job, progress)
        if not callable(outcome):
            return outcome

        def commit():
            with translation.override(language):
                return outcome()

        return commit

    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run


# --- titles, as "Việc của tôi" lists the jobs ------------------------------------------------------------------------


def monthly_report_title(*, year: int, month: int, fmt: str, layout: Layout) -> str:
    label = f"{month:02d}/{year}"
    if fmt == "xlsx":
        return _("Phụ lục (Excel) báo cáo tháng %(month)s") % {"month": label}
    if layout == Layout.STATE:
        return _("Báo cáo tháng %(month)s (%(format)s, thể thức hành chính nhà nước)") % {
            "month": label,
            "format": FORMAT_LABELS[fmt],
        }
    return _("Báo cáo tháng %(month)s (%(format)s)") % {"month": label, "format": FORMAT_LABELS[fmt]}


def agency_summary_title(*, agency, fmt: str) -> str:
    return _("Tóm tắt một trang của %(agency)s (%(format)s)") % {"agency": agency.name, "format": FORMAT_LABELS[fmt]}


def task_list_title(*, as_of: datetime.date) -> str:
    return _("Danh sách nhiệm vụ (Excel) tính đến %(day)s") % {"day": as_of.strftime("%d/%m/%Y")}


# --- the handlers ----------------------------------------------------------------------------------------------------


@job_handler(MONTHLY_REPORT)
@_in_language
def monthly_report(job, progress):
    """params: year, month, as_of (ISO), format (docx, xlsx, pdf), layout; checked by the view."""
    request = replayed_request(job)
    if not may_have_monthly_report(request.user):
        raise JobFailed(_("Báo cáo tháng dành cho lãnh đạo và Cơ quan Thường trực."))
    params = job.params
    fmt = params["format"]
    if fmt not in MONTHLY_FORMATS:
        raise JobFailed(_("Định dạng “%(format)s” không hỗ trợ; hãy chọn docx, xlsx hoặc pdf.") % {"format": fmt})
    progress.stage(5, 95, _("Đang lập báo cáo tháng"))
    try:
        document = generate.monthly_report_file(
            year=params["year"],
            month=params["month"],
            as_of=datetime.date.fromisoformat(params["as_of"]),
            fmt=fmt,
            layout=Layout(params["layout"]),
        )
    except PdfUnavailable as error:
        raise JobFailed(str(error)) from None
    return _exported(request, document)


@job_handler(AGENCY_SUMMARY)
@_in_language
def agency_summary(job, progress):
    """params: agency (id), as_of (ISO), format (docx, pdf), layout; the agency is asked for again as the owner."""
    request = replayed_request(job)
    params = job.params
    try:
        agency = access_agency_for_summary(user=request.user, agency_id=params["agency"])
    except Http404:
        raise JobFailed(_("Bạn không có quyền xem bản tóm tắt của cơ quan này.")) from None
    progress.stage(5, 95, _("Đang lập bản tóm tắt"))
    try:
        document = generate.agency_summary_file(
            agency=agency,
            as_of=datetime.date.fromisoformat(params["as_of"]),
            fmt=params["format"],
            layout=Layout(params["layout"]),
        )
    except PdfUnavailable as error:
        raise JobFailed(str(error)) from None
    return _exported(request, document)


@job_handler(TASK_LIST_EXPORT)
@_in_language
def task_list_export(job, progress):
    """The task list's own query, with the request's filters, run as the owner: their visibility, their scope."""
    request = replayed_request(job)
    progress(5, _("Đang lọc nhiệm vụ"))
    query = task_list_query(request)
    if query.as_of_error:
        raise JobFailed(query.as_of_error)
    progress.stage(10, 95, _("Đang lập danh sách nhiệm vụ"))
    return _exported(request, generate.task_list_file(query))


def _at(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


def standing_office_people():
    """Who the monthly draft is for: every active account of the standing office."""
    return User.objects.filter(role=Role.STANDING_OFFICE, is_active=True).order_by("username")


@job_handler(
    MONTHLY_DRAFT,
    schedule=Monthly(settings.MONTHLY_DRAFT_DAY, _at(settings.MONTHLY_DRAFT_AT)),
    title=gettext_lazy("Dự thảo báo cáo tháng gửi Ban Chỉ đạo"),
)
@_in_language
def monthly_report_draft(job, progress):
    """The month's report (Word, Party layout) with figures as of its reporting due date, made once; each person of
    the standing office gets their own finished copy under "Việc của tôi", written with the job's completion."""
    day = datetime.date.fromisoformat(job.params["as_of"]) if job.params.get("as_of") else timezone.localdate()
    as_of = default_as_of(day.year, day.month, today=day)
    progress.stage(5, 95, _("Đang lập dự thảo báo cáo tháng"))
    document = generate.monthly_report_file(year=day.year, month=day.month, as_of=as_of, fmt="docx")
    label = f"{day.month:02d}/{day.year}"

    def commit() -> JobResult:
        people = list(standing_office_people())
        if not people:
            return JobResult(note=_("Không có tài khoản Cơ quan Thường trực nào đang hoạt động để nhận bản dự thảo."))
        title = _("Dự thảo báo cáo tháng %(month)s gửi Ban Chỉ đạo") % {"month": label}
        note = _("Bản dự thảo lập tự động, số liệu tính đến hết ngày %(day)s; hãy rà soát trước khi trình ký.") % {
            "day": as_of.strftime("%d/%m/%Y")
        }
        for person in people:
            job_record_done(
                MONTHLY_DRAFT, owner=person, title=title, file=document.content, name=document.filename, note=note
            )
        names = ", ".join(person.get_full_name() or person.get_username() for person in people)
        return JobResult(
            note=_("Đã gửi bản dự thảo báo cáo tháng %(month)s cho %(count)d người của Cơ quan Thường trực: %(names)s.")
            % {"month": label, "count": len(people), "names": names}
        )

    return commit
