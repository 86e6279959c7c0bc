"""The agency's reporting pages: its tasks with this period's report, and one report (draft, evidence, submit,
approve). They show the tasks' statuses, so they are here, where statuses are; they keep their names under the
`reporting:` namespace (`reporting:my_reports`, `reporting:report_edit`): config/urls.py puts them there beside
reporting's own pages (docs/decisions/0009). Their templates keep their names (`reporting/...`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from giamsat.accounts.policy import works_in_an_agency
from giamsat.common.htmx import htmx_partial
from giamsat.directives import policy as task_policy
from giamsat.reporting import policy as report_policy
from giamsat.reporting import selectors as report_selectors
from giamsat.reporting import services
from giamsat.reporting.choices import REPORT_COLORS, ReportStatus
from giamsat.reporting.forms import EvidenceFileForm, EvidenceReferenceForm, HeadDecisionForm, ReportForm
from giamsat.reporting.models import ProgressReport, ReportingPeriod

from .choices import STATUS_COLORS, TaskStatus
from .report_list import awaiting_approval, my_reports_list
from .status import task_status


@login_required
def my_reports(request):
    """The agency's tasks with this period's report: what is due, what is missing; searched, filtered and paged
    (report_list.py), with the reports waiting for the head's approval."""
    user = request.user
    if report_policy.reviews_reports(user):
        return redirect("reporting:review_queue")
    if not works_in_an_agency(user):
        return redirect("directives:task_list")
    today = timezone.localdate()
    period = services.period_for(today)
    listing = my_reports_list(
        user=user, period=period, as_of=today, params=request.GET, page_number=request.GET.get("page")
    )
    context = {
        "period": period,
        "rows": listing.rows,
        "page": listing.page,
        "filterset": listing.filterset,
        "filters_active": listing.filters_active,
        "today": today,
        "missing": listing.missing,
        "awaiting_approval": awaiting_approval(user=user, period=period),
        "status_colors": STATUS_COLORS,
        "status_labels": dict(TaskStatus.choices),
        "report_colors": REPORT_COLORS,
    }
    if htmx_partial(request):
        return render(request, "reporting/_my_reports_table.html", context)
    return render(request, "reporting/my_reports.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, task_id: int):
    """The agency's report on a task for the current period, in one form: text, progress, difficulties and
    evidence (a file, a link or a document) saved together by every button, so nothing typed is lost whatever is
    clicked first; submit; withdraw until the head acts; the head approves or returns it with a comment."""
    user = request.user
    task = task_policy.access_task_by_id(user=user, task_id=task_id)
    if not works_in_an_agency(user):
        raise Http404(_("Không tìm thấy báo cáo."))
    period = _period_asked(request)
    report = ProgressReport.objects.filter(task=task, period=period, agency_id=user.agency_id).first()
    editable = report_policy.can_report_on(user, task) and (report is None or report.status in services.EDITABLE)
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, instance=report if report else ProgressReport())
    file_form = EvidenceFileForm(data, request.FILES or None)
    reference_form = EvidenceReferenceForm(data)
    head_form = HeadDecisionForm(data)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if request.headers.get("X-Autosave") == "1":
            return _autosave(request, task, period, form, editable)
        try:
            if action in ("approve", "head_return", "withdraw"):
                _report_step(request, report, action, head_form)
                return redirect("reporting:report_edit", task_id=task.pk)
            if not editable:
                raise PermissionDenied(_("Bạn không sửa được báo cáo này."))
            if _save_report(request, task, period, form, file_form, reference_form, action):
                return redirect(request.get_full_path())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        report = ProgressReport.objects.filter(task=task, period=period, agency_id=user.agency_id).first()
    context = {
        "task": task,
        "period": period,
        "report": report,
        "form": form,
        "editable": editable,
        "can_approve": report is not None
        and report.status == ReportStatus.SUBMITTED
        and report_policy.approves_reports(user),
        "can_withdraw": report is not None
        and report.status == ReportStatus.SUBMITTED
        and report_policy.drafts_reports(user),
        "file_form": file_form if request.method == "POST" else EvidenceFileForm(),
        "reference_form": reference_form if request.method == "POST" else EvidenceReferenceForm(),
        "head_form": head_form,
        "steps": report_selectors.report_steps(report) if report else [],
        "status": task_status(task, timezone.localdate()),
        "status_colors": STATUS_COLORS,
        "report_colors": REPORT_COLORS,
    }
    return render(request, "reporting/report_edit.html", context)


def _period_asked(request) -> ReportingPeriod:
    """The period of `?ky=YYYY-M` (an earlier report still waiting for the head), else the current one."""
    asked = request.GET.get("ky", "")
    year, _dash, month = asked.partition("-")
    if year.isdigit() and month.isdigit():
        period = ReportingPeriod.objects.filter(year=int(year), month=int(month)).first()
        if period is None:
            raise Http404(_("Không có kỳ báo cáo này."))
        return period
    return services.period_for(timezone.localdate())


def _save_report(request, task, period, form, file_form, reference_form, action: str) -> bool:
    """Every button of the report's form saves what was typed with the evidence added or removed, in one
    transaction; then "submit" sends it. False (page shown again with everything typed) when a field is wrong."""
    valid = form.is_valid() & file_form.is_valid() & reference_form.is_valid()
    try:
        reference = reference_form.reference() if valid else None
    except ValidationError as error:
        reference_form.add_error(None, error)
        valid = False
    if not valid:
        messages.error(request, _("Hãy sửa các ô bị báo lỗi; chưa có gì được lưu."))
        return False
    upload = file_form.cleaned_data.get("file")
    remove = tuple(int(pk) for pk in request.POST.getlist("remove_evidence") if pk.isdigit())
    try:
        report = services.report_update(
            task=task,
            period=period,
            data={name: form.cleaned_data[name] for name in services.DRAFT_FIELDS},
            files=((upload.name, upload.read(), file_form.cleaned_data["description"]),) if upload else (),
            references=(reference,) if reference else (),
            remove_evidence_ids=remove,
            acting_user=request.user,
        )
    except ValidationError as error:
        kept = _(" Tệp đã chọn chưa được lưu: hãy chọn lại tệp.") if upload else ""
        messages.error(request, " ".join(error.messages) + _(" Nội dung đã nhập vẫn còn trên trang.") + kept)
        return False
    if action != "submit":
        messages.success(request, _("Đã lưu dự thảo cùng minh chứng."))
        return True
    try:
        services.report_submit(report=report, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, _("Đã lưu dự thảo nhưng chưa gửi được: %(why)s") % {"why": " ".join(error.messages)})
        return True
    messages.success(request, _("Đã gửi báo cáo cho lãnh đạo đơn vị duyệt."))
    return True


def _report_step(request, report, action: str, head_form) -> None:
    """The head's approval or return with a comment, or the officer's withdrawal."""
    if report is None:
        raise ValidationError(_("Đơn vị chưa có báo cáo kỳ này."))
    user = request.user
    if action == "approve":
        services.report_approve(report=report, acting_user=user)
        messages.success(request, _("Đã duyệt, báo cáo được gửi Cơ quan Thường trực."))
    elif action == "head_return":
        comment = head_form.cleaned_data["comment"] if head_form.is_valid() else ""
        services.report_return_to_officer(report=report, comment=comment, acting_user=user)
        messages.success(request, _("Đã trả lại báo cáo cho chuyên viên kèm ý kiến."))
    else:
        services.report_withdraw(report=report, acting_user=user)
        messages.success(request, _("Đã rút lại báo cáo; sửa xong hãy gửi lại lãnh đạo đơn vị."))


def _autosave(request, task, period, form, editable: bool) -> JsonResponse:
    """The form's text, saved as a draft while the officer types (no file: those go with a button)."""
    if not editable:
        return JsonResponse({"saved": False, "error": _("Báo cáo không còn sửa được.")}, status=409)
    if not form.is_valid():
        return JsonResponse({"saved": False, "error": _("Có ô chưa hợp lệ: chưa tự động lưu.")}, status=400)
    try:
        services.report_save_draft(
            task=task,
            period=period,
            data={name: form.cleaned_data[name] for name in services.DRAFT_FIELDS},
            acting_user=request.user,
        )
    except ValidationError as error:
        return JsonResponse({"saved": False, "error": " ".join(error.messages)}, status=400)
    at = timezone.localtime().strftime("%H:%M")
    return JsonResponse({"saved": True, "message": _("Đã tự động lưu dự thảo lúc %(at)s.") % {"at": at}})
