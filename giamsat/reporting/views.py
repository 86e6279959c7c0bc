"""Pages of the monthly reporting: the Excel round trip, the standing office's review queue and review, and the
permission-checked evidence download. The agency's reports and one report's page show the tasks' statuses, so
they are monitoring's (monitoring/report_views.py), under the same `reporting:` names (docs/decisions/0009)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods

from giamsat.common.uploads import check_upload_size
from giamsat.directives import policy as task_policy
from giamsat.directives.choices import Confidentiality
from giamsat.jobs.services import job_start

from . import bulk, policy, selectors, services
from .choices import REPORT_COLORS, ReportStatus, ReviewDecision
from .evidence_files import evidence_response
from .filtersets import ReportFilterSet
from .forms import EnterOnBehalfForm, PublishForm, ReviewForm
from .jobs import BULK_REPORT_IMPORT
from .models import Evidence, ProgressReport


@login_required
@require_http_methods(["GET", "POST"])
def bulk_excel(request):
    """GET: the Excel template of the agency's tasks; POST: the filled template back, checked at once for what can be
    told without reading it (size, an .xlsx within its inflated size), then read, checked row by row and saved (all
    rows or none) by the background worker (jobs.py): the person follows it on the job's page."""
    user = request.user
    if not policy.drafts_reports(user):
        raise PermissionDenied(_("Chỉ chuyên viên đơn vị nhập báo cáo hàng loạt."))
    period = services.period_for(timezone.localdate())
    if request.method == "GET":
        from django.http import HttpResponse

        response = HttpResponse(
            bulk.template_workbook(user=user, period=period),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="bao-cao-{period.year}-{period.month:02d}.xlsx"'
        return response
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError(_("Hãy chọn tệp Excel đã điền."))
        check_upload_size(upload, settings.UPLOAD_MAX_FILE_SIZE)
        data = upload.read()
        bulk.bulk_check(data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("reporting:my_reports")
    job = job_start(
        BULK_REPORT_IMPORT,
        owner=user,
        title=_("Nhập báo cáo kỳ %(period)s từ Excel: %(name)s") % {"period": period, "name": upload.name},
        params={"period_id": period.pk},
        input_data=data,
        input_name=upload.name,
    )
    return redirect("jobs:detail", job_id=job.pk)


REVIEW_QUEUE_PAGE_SIZE = 50


@login_required
def review_queue(request):
    """The reports the agencies' heads approved, waiting for the standing office's review, oldest first: searched,
    filtered by agency, directive and period, 50 a page."""
    if not policy.reviews_reports(request.user):
        raise PermissionDenied(_("Chỉ Cơ quan Thường trực thẩm định báo cáo."))
    waiting = (
        policy.restrict(ProgressReport.objects.filter(status=ReportStatus.APPROVED), request.user, policy.REVIEW)
        .select_related("task__directive", "agency", "period", "submitted_by", "approved_by")
        .order_by("approved_at", "pk")
    )
    filterset = ReportFilterSet(request.GET or None, queryset=waiting)
    page = Paginator(filterset.qs, REVIEW_QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "reports": page,
        "page": page,
        "filterset": filterset,
        "filters_active": any(request.GET.get(name) for name in filterset.filters),
        "report_colors": REPORT_COLORS,
    }
    return render(request, "reporting/review_queue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_review(request, report_id: int):
    report = policy.access_report_by_id(user=request.user, report_id=report_id)
    if request.method == "POST" and request.POST.get("action") == "publish":
        return _report_publish(request, report)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = ReviewDecision.ACCEPTED if request.POST.get("decision") == "accept" else ReviewDecision.RETURNED
        try:
            services.report_review(
                report=report, decision=decision, comment=form.cleaned_data["comment"], acting_user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Đã chấp nhận báo cáo.")
                if decision == ReviewDecision.ACCEPTED
                else _("Đã trả lại báo cáo kèm ý kiến."),
            )
            return redirect("reporting:review_queue")
    return render(request, "reporting/report_review.html", _review_context(request, report, form))


def _review_context(request, report: ProgressReport, form: ReviewForm) -> dict:
    office = policy.reviews_reports(request.user)
    task_public = report.task.confidentiality == Confidentiality.PUBLIC
    return {
        "report": report,
        "steps": selectors.report_steps(report),
        "form": form,
        "report_colors": REPORT_COLORS,
        "can_review": office and report.status == ReportStatus.APPROVED,
        "show_publishing": office,
        "task_public": task_public,
        "publish_form": PublishForm(report=report)
        if office and task_public and report.status in services.PUBLISHABLE
        else None,
    }


def _report_publish(request, report: ProgressReport):
    """The standing office's "Công khai" form: POST only, back to the review page with a message."""
    if not policy.reviews_reports(request.user):
        raise PermissionDenied(_("Chỉ Cơ quan Thường trực công khai kết quả."))
    form = PublishForm(request.POST, report=report)
    if not form.is_valid():
        messages.error(request, _("Lựa chọn công khai không hợp lệ."))
        return redirect("reporting:report_review", report_id=report.pk)
    try:
        services.report_publish(
            report=report,
            result_public=form.cleaned_data["result_public"],
            evidence_public_ids={e.pk for e in form.cleaned_data["evidence"]},
            acting_user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã cập nhật nội dung công khai của báo cáo."))
    return redirect("reporting:report_review", report_id=report.pk)


def _readable_evidence(user, evidence_id: int) -> Evidence:
    visible = policy.restrict(ProgressReport.objects.all(), user, policy.VIEW)
    try:
        return Evidence.objects.get(pk=evidence_id, report__in=visible, file__gt="")
    except Evidence.DoesNotExist:
        raise Http404(_("Không tìm thấy minh chứng.")) from None


# Shown inside the page (task page, report page): content types browsers display without running anything.
PREVIEWABLE = {"application/pdf", "image/png", "image/jpeg", "image/gif"}


@login_required
@xframe_options_sameorigin
def evidence_view(request, evidence_id: int):
    """An image or PDF evidence shown in the page (preview), to whoever may read the report; other kinds: 404."""
    evidence = _readable_evidence(request.user, evidence_id)
    if evidence.content_type not in PREVIEWABLE:
        raise Http404(_("Minh chứng này không xem trước được."))
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = "inline"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response


@login_required
def evidence_download(request, evidence_id: int):
    """Evidence files are served only to whoever may read the report, as the type their content was found to be,
    under a name with that type's extension (also for files stored before names were made safe)."""
    evidence = _readable_evidence(request.user, evidence_id)
    return evidence_response(evidence)


@login_required
@require_http_methods(["GET", "POST"])
def enter_on_behalf(request, task_id: int):
    """The standing office types a report an agency sent on paper or through the e-office system, with its scan."""
    user = request.user
    if not policy.reviews_reports(user):
        raise PermissionDenied(_("Chỉ Cơ quan Thường trực nhập thay báo cáo của đơn vị."))
    task = task_policy.access_task_by_id(user=user, task_id=task_id)
    period = services.period_for(timezone.localdate())
    form = EnterOnBehalfForm(request.POST or None, request.FILES or None, agencies=policy.reporting_agencies(task))
    if request.method == "POST" and form.is_valid():
        scan = form.cleaned_data["scan"]
        try:
            report = services.report_enter_on_behalf(
                task=task,
                period=period,
                agency=form.cleaned_data["agency"],
                data={name: form.cleaned_data[name] for name in services.DRAFT_FIELDS},
                scan=(scan.name, scan.read()),
                note=form.cleaned_data["note"],
                acting_user=user,
            )
        except ValidationError as error:
            messages.error(
                request, " ".join(error.messages) + _(" Nội dung đã nhập vẫn còn trên trang; hãy chọn lại tệp.")
            )
        else:
            messages.success(request, _("Đã nhập thay báo cáo; báo cáo chờ thẩm định."))
            return redirect("reporting:report_review", report_id=report.pk)
    return render(request, "reporting/enter_on_behalf.html", {"task": task, "period": period, "form": form})
