"""Pages of the monthly reporting: the agency's reports, one report (draft, evidence, submit, approve),
the standing office's review queue and review, and the permission-checked evidence download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from giamsat.directives import policy as task_policy
from giamsat.directives import selectors as task_selectors
from giamsat.directives.choices import Confidentiality
from giamsat.monitoring.choices import STATUS_COLORS, TaskStatus
from giamsat.monitoring.history import annotate_status
from giamsat.monitoring.status import task_status

from . import bulk, policy, services
from .choices import ReportStatus, ReviewDecision
from .forms import EvidenceFileForm, EvidenceReferenceForm, PublishForm, ReportForm, ReviewForm
from .models import Evidence, ProgressReport

REPORT_COLORS = {
    ReportStatus.DRAFT: "secondary",
    ReportStatus.SUBMITTED: "info",
    ReportStatus.APPROVED: "info",
    ReportStatus.RECEIVED: "info",
    ReportStatus.RETURNED: "danger",
    ReportStatus.ACCEPTED: "success",
}


@login_required
def my_reports(request):
    """The agency's tasks with this period's report: what is due, what is missing."""
    user = request.user
    if user.sees_everything:
        return redirect("reporting:review_queue")
    if not (user.is_agency_user and user.agency_id):
        return redirect("directives:task_list")
    today = timezone.localdate()
    period = services.period_for(today)
    reports = Prefetch(
        "reports",
        queryset=ProgressReport.objects.filter(period=period, agency_id=user.agency_id),
        to_attr="period_reports",
    )
    tasks = annotate_status(task_selectors.task_list(user=user, mine=True), as_of=today).prefetch_related(reports)
    rows = [{"task": task, "report": task.period_reports[0] if task.period_reports else None} for task in tasks]
    awaiting = [r for r in rows if r["report"] and r["report"].status == ReportStatus.SUBMITTED]
    context = {
        "period": period,
        "rows": rows,
        "today": today,
        "missing": sum(1 for r in rows if r["report"] is None),
        "awaiting_approval": awaiting if user.role == "agency_head" else [],
        "status_colors": STATUS_COLORS,
        "status_labels": dict(TaskStatus.choices),
        "report_colors": REPORT_COLORS,
    }
    return render(request, "reporting/my_reports.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, task_id: int):
    """The agency's report on a task for the current period: draft, evidence, submit; approval by the head."""
    user = request.user
    task = task_policy.access_task_by_id(user=user, task_id=task_id)
    if not user.agency_id or not user.is_agency_user:
        raise Http404(_("Không tìm thấy báo cáo."))
    period = services.period_for(timezone.localdate())
    report = ProgressReport.objects.filter(task=task, period=period, agency_id=user.agency_id).first()
    editable = policy.can_report_on(user, task) and (report is None or report.status in services.EDITABLE)
    form = ReportForm(request.POST or None, instance=report if report else ProgressReport())
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "approve" and report is not None:
                services.report_approve(report=report, acting_user=user)
                messages.success(request, _("Đã duyệt, báo cáo được gửi Cơ quan Thường trực."))
            elif not editable:
                raise PermissionDenied(_("Bạn không sửa được báo cáo này."))
            elif action in ("save", "submit") and form.is_valid():
                data = {name: form.cleaned_data[name] for name in services.DRAFT_FIELDS}
                report = services.report_save_draft(task=task, period=period, data=data, acting_user=user)
                if action == "submit":
                    services.report_submit(report=report, acting_user=user)
                    messages.success(request, _("Đã gửi báo cáo cho lãnh đạo đơn vị duyệt."))
                else:
                    messages.success(request, _("Đã lưu dự thảo."))
            elif action == "file":
                report = report or services.report_save_draft(task=task, period=period, data={}, acting_user=user)
                file_form = EvidenceFileForm(request.POST, request.FILES)
                if not file_form.is_valid():
                    raise ValidationError(_("Hãy chọn tệp minh chứng."))
                upload = file_form.cleaned_data["file"]
                services.evidence_add_file(
                    report=report,
                    name=upload.name,
                    data=upload.read(),
                    acting_user=user,
                    description=file_form.cleaned_data["description"],
                )
                messages.success(request, _("Đã thêm minh chứng."))
            elif action == "reference":
                report = report or services.report_save_draft(task=task, period=period, data={}, acting_user=user)
                ref_form = EvidenceReferenceForm(request.POST)
                if not ref_form.is_valid():
                    raise ValidationError(_("Đường dẫn hoặc ngày văn bản không hợp lệ."))
                services.evidence_add_reference(report=report, acting_user=user, **ref_form.cleaned_data)
                messages.success(request, _("Đã thêm minh chứng."))
            else:
                raise ValidationError(_("Hãy sửa các ô bị báo lỗi."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("reporting:report_edit", task_id=task.pk)
    context = {
        "task": task,
        "period": period,
        "report": report,
        "form": form,
        "editable": editable,
        "can_approve": report is not None and report.status == ReportStatus.SUBMITTED and user.role == "agency_head",
        "file_form": EvidenceFileForm(),
        "reference_form": EvidenceReferenceForm(),
        "status": task_status(task, timezone.localdate()),
        "status_colors": STATUS_COLORS,
        "report_colors": REPORT_COLORS,
    }
    return render(request, "reporting/report_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def bulk_excel(request):
    """GET: the Excel template of the agency's tasks; POST: the filled template back, all rows or none."""
    user = request.user
    if not (user.is_agency_user and user.agency_id and user.role == "agency_officer"):
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
    if not request.user.sees_everything:
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
    office = request.user.sees_everything
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
    if not request.user.sees_everything:
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
