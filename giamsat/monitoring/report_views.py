"""The agency's reporting pages: its tasks with this period's report, and one report (draft, evidence, submit,
approve). They show the tasks' statuses, so they are here, where statuses are; they keep their names under the
`reporting:` namespace (`reporting:my_reports`, `reporting:report_edit`): config/urls.py puts them there beside
reporting's own pages (docs/decisions/0009). Their templates keep their names (`reporting/...`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from giamsat.accounts.policy import works_in_an_agency
from giamsat.directives import policy as task_policy
from giamsat.directives import selectors as task_selectors
from giamsat.reporting import policy as report_policy
from giamsat.reporting import services
from giamsat.reporting.choices import REPORT_COLORS, ReportStatus
from giamsat.reporting.forms import EvidenceFileForm, EvidenceReferenceForm, ReportForm
from giamsat.reporting.models import ProgressReport

from .choices import STATUS_COLORS, TaskStatus
from .history import annotate_status
from .status import task_status


@login_required
def my_reports(request):
    """The agency's tasks with this period's report: what is due, what is missing."""
    user = request.user
    if report_policy.reviews_reports(user):
        return redirect("reporting:review_queue")
    if not works_in_an_agency(user):
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
        "awaiting_approval": awaiting if report_policy.approves_reports(user) else [],
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
    if not works_in_an_agency(user):
        raise Http404(_("Không tìm thấy báo cáo."))
    period = services.period_for(timezone.localdate())
    report = ProgressReport.objects.filter(task=task, period=period, agency_id=user.agency_id).first()
    editable = report_policy.can_report_on(user, task) and (report is None or report.status in services.EDITABLE)
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
        "can_approve": report is not None
        and report.status == ReportStatus.SUBMITTED
        and report_policy.approves_reports(user),
        "file_form": EvidenceFileForm(),
        "reference_form": EvidenceReferenceForm(),
        "status": task_status(task, timezone.localdate()),
        "status_colors": STATUS_COLORS,
        "report_colors": REPORT_COLORS,
    }
    return render(request, "reporting/report_edit.html", context)
