"""Pages of the monthly reporting: the Excel round trip, the standing office's review queue and review, and the
permission-checked evidence download. The agency's reports and one report's page show the tasks' statuses, so
they are monitoring's (monitoring/report_views.py), under the same `reporting:` names (docs/decisions/0009)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from giamsat.directives.choices import Confidentiality

from . import bulk, policy, services
from .choices import REPORT_COLORS, ReportStatus, ReviewDecision
from .forms import PublishForm, ReviewForm
from .models import Evidence, ProgressReport


@login_required
@require_http_methods(["GET", "POST"])
def bulk_excel(request):
    """GET: the Excel template of the agency's tasks; POST: the filled template back, all rows or none."""
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
        result = bulk.bulk_upload(user=user, period=period, data=upload.read())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã lưu %(n)d báo cáo dự thảo từ tệp Excel.") % {"n": result.saved})
    return redirect("reporting:my_reports")


@login_required
def review_queue(request):
    if not policy.reviews_reports(request.user):
        raise PermissionDenied(_("Chỉ Cơ quan Thường trực thẩm định báo cáo."))
    reports = (
        ProgressReport.objects.filter(status=ReportStatus.APPROVED)
        .select_related("task__directive", "agency", "period")
        .order_by("approved_at")
    )
    return render(request, "reporting/review_queue.html", {"reports": reports, "report_colors": REPORT_COLORS})


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


@login_required
def evidence_download(request, evidence_id: int):
    """Evidence files are served only to whoever may read the report."""
    visible = policy.restrict(ProgressReport.objects.all(), request.user, policy.VIEW)
    try:
        evidence = Evidence.objects.get(pk=evidence_id, report__in=visible, file__gt="")
    except Evidence.DoesNotExist:
        raise Http404(_("Không tìm thấy minh chứng.")) from None
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )
