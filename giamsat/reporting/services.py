"""The monthly reporting workflow: draft → submitted by the officer → approved by the agency head →
reviewed by the standing office (accepted, or returned with a comment and resubmitted). Every step can be undone
or sent back: the officer withdraws a report until the head acts, the head returns it with a comment, the standing
office returns it with a comment. A report an agency sent on paper is entered by the standing office on its behalf.

Every step is atomic, permission-checked, takes the report's row lock before it reads the report's state (two
people acting at once: the second waits, then is told what the first did), and is written as a `ReportStep` and in
the history with its acting user."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from giamsat.accounts.choices import Role
from giamsat.accounts.models import User
from giamsat.common.history import save_as
from giamsat.directives import policy as task_policy
from giamsat.directives.choices import Confidentiality
from giamsat.notifications.choices import NotificationKind
from giamsat.notifications.services import notify, recipients_of_agency

from . import policy
from .choices import EvidenceKind, ReportAction, ReportStatus, ReviewDecision, WorkState
from .evidence_files import evidence_store_file
from .models import Evidence, ProgressReport, ReportingPeriod, ReportStep, Review

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# Reports the standing office holds: the agency can no longer change them, so their results can be published.
PUBLISHABLE = (ReportStatus.APPROVED, ReportStatus.RECEIVED, ReportStatus.ACCEPTED)
DRAFT_FIELDS = ("state", "progress_percent", "work_done", "product", "delivered_on", "difficulties", "proposals")


def period_for(day: datetime.date) -> ReportingPeriod:
    """The monthly period of a day, created with the default due day when missing."""
    period, _created = ReportingPeriod.objects.get_or_create(
        year=day.year, month=day.month, defaults={"due_on": ReportingPeriod.default_due_on(day.year, day.month)}
    )
    return period


@transaction.atomic
def period_set_open(*, period: ReportingPeriod, is_open: bool, acting_user) -> ReportingPeriod:
    if not acting_user.sees_everything:
        raise PermissionDenied(_("Chỉ Cơ quan Thường trực được mở, đóng kỳ báo cáo."))
    period.is_open = is_open
    save_as(period, acting_user)
    return period


@transaction.atomic
def report_save_draft(*, task, period: ReportingPeriod, data: dict, acting_user) -> ProgressReport:
    """Create or update the agency's report on a task for a period (only while draft or returned)."""
    if not policy.can_report_on(acting_user, task):
        raise PermissionDenied(_("Đơn vị của bạn không chủ trì, phối hợp nhiệm vụ này."))
    if not period.is_open:
        raise ValidationError(_("Kỳ báo cáo %(period)s đã đóng.") % {"period": period})
    report = (
        ProgressReport.objects.select_for_update().filter(task=task, period=period, agency=acting_user.agency).first()
    )
    if report is None:
        report = ProgressReport(task=task, period=period, agency=acting_user.agency)
    elif report.status not in EDITABLE:
        raise ValidationError(_("Báo cáo đã gửi, không sửa được; chờ kết quả thẩm định."))
    for name, value in data.items():
        if name not in DRAFT_FIELDS:
            raise ValidationError(_("Không sửa được trường “%(field)s”.") % {"field": name})
        setattr(report, name, value)
    if report.state == WorkState.COMPLETED:
        report.progress_percent = 100
    report.full_clean(exclude=["submitted_by", "approved_by"])
    save_as(report, acting_user)
    return report


def _require_editable(report: ProgressReport, acting_user) -> None:
    policy.require(acting_user, policy.DRAFT, report)
    if report.status not in EDITABLE:
        raise ValidationError(_("Báo cáo đã gửi, không thêm minh chứng được."))


def _locked(report: ProgressReport) -> ProgressReport:
    """The report as it is now (read again into the caller's instance), its row locked to the end of the
    transaction: whoever acts second reads the first one's outcome, never the state both saw on their screens."""
    report.refresh_from_db(from_queryset=ProgressReport.objects.select_for_update())
    return report


def _step(report: ProgressReport, action: str, acting_user, *, comment: str = "", at=None) -> ReportStep:
    return ReportStep.objects.create(
        report=report, action=action, actor=acting_user, comment=comment, at=at or timezone.now()
    )


# --- who hears of each step (notifications) ---------------------------------------------------------------------------


def _report_page(report: ProgressReport) -> str:
    """The agency's page of the report, for its period: its text, its steps and every comment on it."""
    page = reverse("reporting:report_edit", args=[report.task_id])
    return f"{page}?ky={report.period.year}-{report.period.month}"


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else _("Hệ thống")


def _about(report: ProgressReport) -> dict:
    return {"task": report.task, "period": report.period, "agency": report.agency}


def _notify_about(report: ProgressReport, people, kind: str, title: str, url: str, *, body: str = "") -> None:
    """Notify those of `people` who may see the report's task (a secret task is named to nobody who may not see
    it), the task's title under the given text."""
    task = report.task
    allowed = [person for person in people if person is not None and task_policy.can(person, task_policy.VIEW, task)]
    words = strip_tags(task.title).strip()
    words = f"{words[:200]}…" if len(words) > 200 else words
    notify(allowed, kind, title, url, body="\n".join(part for part in (body, words) if part))


def _authors(report: ProgressReport) -> list:
    """Who wrote the report: the officer who submitted it, or, for a report the standing office entered on the
    agency's behalf (or whose author has left), the agency's officers."""
    author = report.submitted_by
    if author is not None and author.is_active and author.agency_id == report.agency_id:
        return [author]
    return list(recipients_of_agency(report.agency_id, roles=[Role.AGENCY_OFFICER]))


def _refuse_handled(report: ProgressReport, expected: str, refusal: str) -> None:
    """Raise a clear error when the report is no longer where the user saw it: who moved it, to what, when."""
    if report.status == expected:
        return
    last = report.steps.order_by("-at", "-pk").select_related("actor").first()
    if last is None:
        raise ValidationError(refusal)
    who = (last.actor.get_full_name() or last.actor.username) if last.actor else _("Hệ thống")
    raise ValidationError(
        _("Báo cáo đã được %(who)s %(action)s lúc %(at)s (%(status)s); thao tác của bạn không được thực hiện.")
        % {
            "who": who,
            "action": last.get_action_display(),
            "at": timezone.localtime(last.at).strftime("%H:%M %d/%m/%Y"),
            "status": report.get_status_display(),
        }
    )


@transaction.atomic
def evidence_add_file(
    *, report: ProgressReport, name: str, data: bytes, acting_user, description: str = ""
) -> Evidence:
    _require_editable(report, acting_user)
    return _store_file(report, name, data, acting_user, description)


def _store_file(report: ProgressReport, name: str, data: bytes, acting_user, description: str) -> Evidence:
    return evidence_store_file(
        Evidence(report=report, description=description), data, name=name, acting_user=acting_user
    )


@transaction.atomic
def evidence_add_reference(
    *,
    report: ProgressReport,
    acting_user,
    url: str = "",
    document_number: str = "",
    document_date: datetime.date | None = None,
    description: str = "",
) -> Evidence:
    """A link, or a document cited by number and date, as evidence."""
    _require_editable(report, acting_user)
    if not url and not document_number:
        raise ValidationError(_("Hãy nhập đường dẫn hoặc số văn bản."))
    evidence = Evidence(
        report=report,
        kind=EvidenceKind.LINK if url else EvidenceKind.DOCUMENT,
        url=url,
        document_number=document_number,
        document_date=document_date,
        description=description,
        uploaded_by=acting_user,
    )
    evidence.full_clean(exclude=["file"])
    save_as(evidence, acting_user)
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, acting_user) -> None:
    """The officer takes an evidence item off a report still being written (the history keeps the record)."""
    report = _locked(evidence.report)
    _require_editable(report, acting_user)
    evidence._history_user = acting_user
    evidence.delete()


@transaction.atomic
def report_submit(*, report: ProgressReport, acting_user, now: datetime.datetime | None = None) -> ProgressReport:
    """The officer sends the report to the agency head. A completion claim needs evidence and a delivery date."""
    report = _locked(report)
    _require_editable(report, acting_user)
    if report.state == WorkState.COMPLETED:
        missing = []
        if not report.evidence.exists():
            missing.append(_("minh chứng (tệp, đường dẫn hoặc văn bản)"))
        if report.delivered_on is None:
            missing.append(_("ngày hoàn thành sản phẩm"))
        if missing:
            raise ValidationError(_("Báo cáo hoàn thành phải kèm %(missing)s.") % {"missing": _(" và ").join(missing)})
    now = now or timezone.now()
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.submitted_by = acting_user
    report.is_late = timezone.localtime(now).date() > report.period.due_on
    save_as(report, acting_user)
    _step(report, ReportAction.SUBMITTED, acting_user, at=now)
    _notify_about(
        report,
        recipients_of_agency(report.agency_id, roles=[Role.AGENCY_HEAD]),
        NotificationKind.REPORT_WAITING,
        _("Báo cáo chờ duyệt: %(task)s, kỳ %(period)s") % _about(report),
        _report_page(report),
        body=_("%(name)s gửi báo cáo để lãnh đạo đơn vị duyệt.") % {"name": _name(acting_user)},
    )
    return report


@transaction.atomic
def report_withdraw(*, report: ProgressReport, acting_user) -> ProgressReport:
    """The officer takes a submitted report back to edit it, until the head has acted on it."""
    policy.require(acting_user, policy.DRAFT, report)
    report = _locked(report)
    _refuse_handled(report, ReportStatus.SUBMITTED, _("Chỉ rút lại được báo cáo đã gửi mà lãnh đạo đơn vị chưa duyệt."))
    report.status = ReportStatus.DRAFT
    report.submitted_at = None
    report.submitted_by = None
    report.is_late = False
    save_as(report, acting_user)
    _step(report, ReportAction.WITHDRAWN, acting_user)
    return report


@transaction.atomic
def report_update(
    *,
    task,
    period: ReportingPeriod,
    data: dict,
    acting_user,
    files: tuple[tuple[str, bytes, str], ...] = (),
    references: tuple[dict, ...] = (),
    remove_evidence_ids: tuple[int, ...] = (),
) -> ProgressReport:
    """The draft's text with the evidence added and removed, all or nothing (the report page's one form).
    `files`: (name, content, description); `references`: keyword arguments of `evidence_add_reference`."""
    report = report_save_draft(task=task, period=period, data=data, acting_user=acting_user)
    for evidence in Evidence.objects.filter(report=report, pk__in=remove_evidence_ids):
        evidence_remove(evidence=evidence, acting_user=acting_user)
    for name, content, description in files:
        evidence_add_file(report=report, name=name, data=content, acting_user=acting_user, description=description)
    for reference in references:
        evidence_add_reference(report=report, acting_user=acting_user, **reference)
    return report


@transaction.atomic
def report_send(
    *,
    task,
    period: ReportingPeriod,
    data: dict,
    acting_user,
    files: tuple[tuple[str, bytes, str], ...] = (),
    references: tuple[dict, ...] = (),
    now: datetime.datetime | None = None,
) -> ProgressReport:
    """Draft, evidence and submission in one step (an agency system's single request): the steps' own rules,
    all or nothing."""
    report = report_update(
        task=task, period=period, data=data, acting_user=acting_user, files=files, references=references
    )
    return report_submit(report=report, acting_user=acting_user, now=now)


@transaction.atomic
def report_approve(*, report: ProgressReport, acting_user, now: datetime.datetime | None = None) -> ProgressReport:
    """The agency head approves: the report goes to the standing office (a completion report makes its part
    "Chờ xác nhận" from now on)."""
    policy.require(acting_user, policy.APPROVE, report)
    report = _locked(report)
    _refuse_handled(report, ReportStatus.SUBMITTED, _("Chỉ duyệt được báo cáo chuyên viên đã gửi."))
    report.status = ReportStatus.APPROVED
    report.approved_at = now or timezone.now()
    report.approved_by = acting_user
    save_as(report, acting_user)
    _step(report, ReportAction.APPROVED, acting_user, at=report.approved_at)
    _notify_about(
        report,
        User.objects.filter(is_active=True, role=Role.STANDING_OFFICE),
        NotificationKind.REPORT_WAITING,
        _("Báo cáo chờ thẩm định: %(task)s, %(agency)s, kỳ %(period)s") % _about(report),
        reverse("reporting:report_review", args=[report.pk]),
        body=_("%(name)s đã duyệt, gửi Cơ quan Thường trực.") % {"name": _name(acting_user)},
    )
    _notify_about(
        report,
        _authors(report),
        NotificationKind.REPORT_APPROVED,
        _("Lãnh đạo đơn vị đã duyệt báo cáo: %(task)s, kỳ %(period)s") % _about(report),
        _report_page(report),
        body=_("%(name)s đã duyệt và gửi Cơ quan Thường trực thẩm định.") % {"name": _name(acting_user)},
    )
    return report


@transaction.atomic
def report_return_to_officer(*, report: ProgressReport, comment: str, acting_user) -> ProgressReport:
    """The agency head sends a submitted report back to the officer with a comment; the officer edits and
    submits it again."""
    policy.require(acting_user, policy.APPROVE, report)
    if not comment.strip():
        raise ValidationError(_("Trả lại báo cáo phải kèm ý kiến."))
    report = _locked(report)
    _refuse_handled(report, ReportStatus.SUBMITTED, _("Chỉ trả lại được báo cáo chuyên viên đã gửi."))
    report.status = ReportStatus.RETURNED
    save_as(report, acting_user)
    _step(report, ReportAction.HEAD_RETURNED, acting_user, comment=comment.strip())
    _notify_about(
        report,
        _authors(report),
        NotificationKind.REPORT_RETURNED,
        _("Lãnh đạo đơn vị trả lại báo cáo: %(task)s, kỳ %(period)s") % _about(report),
        _report_page(report),
        body=_("Ý kiến của %(name)s: %(comment)s") % {"name": _name(acting_user), "comment": comment.strip()},
    )
    return report


@transaction.atomic
def report_review(
    *, report: ProgressReport, decision: str, comment: str, acting_user, now: datetime.datetime | None = None
) -> Review:
    """The standing office accepts the report or returns it with a comment."""
    policy.require(acting_user, policy.REVIEW, report)
    if decision == ReviewDecision.RETURNED and not comment.strip():
        raise ValidationError(_("Trả lại báo cáo phải kèm ý kiến."))
    if decision not in ReviewDecision.values:
        raise ValidationError(_("Kết quả thẩm định không hợp lệ."))
    report = _locked(report)
    _refuse_handled(report, ReportStatus.APPROVED, _("Chỉ thẩm định được báo cáo đã được lãnh đạo đơn vị duyệt."))
    review = Review(report=report, decision=decision, comment=comment.strip(), reviewer=acting_user)
    save_as(review, acting_user)
    if now is not None:
        Review.objects.filter(pk=review.pk).update(created_at=now)
    accepted = decision == ReviewDecision.ACCEPTED
    report.status = ReportStatus.ACCEPTED if accepted else ReportStatus.RETURNED
    report.received_at = report.received_at or now or timezone.now()
    save_as(report, acting_user)
    _step(
        report,
        ReportAction.ACCEPTED if accepted else ReportAction.RETURNED,
        acting_user,
        comment=review.comment,
        at=now,
    )
    if accepted:
        title = _("Cơ quan Thường trực đã chấp nhận báo cáo: %(task)s, kỳ %(period)s") % _about(report)
        kind = NotificationKind.REPORT_ACCEPTED
    else:
        title = _("Cơ quan Thường trực trả lại báo cáo: %(task)s, kỳ %(period)s") % _about(report)
        kind = NotificationKind.REPORT_RETURNED
    comment_line = (
        _("Ý kiến thẩm định của %(name)s: %(comment)s") % {"name": _name(acting_user), "comment": review.comment}
        if review.comment
        else ""
    )
    _notify_about(report, _authors(report), kind, title, _report_page(report), body=comment_line)
    return review


@transaction.atomic
def report_enter_on_behalf(
    *,
    task,
    period: ReportingPeriod,
    agency,
    data: dict,
    scan: tuple[str, bytes],
    acting_user,
    note: str = "",
    now: datetime.datetime | None = None,
) -> ProgressReport:
    """The standing office enters a report an agency sent on paper or through the e-office system, with the
    scanned report as evidence: the report is where the agency head's signature puts it, at the standing office
    (approved), waiting for its review; "entered by" names who typed it."""
    if not policy.reviews_reports(acting_user):
        raise PermissionDenied(_("Chỉ Cơ quan Thường trực nhập thay báo cáo của đơn vị."))
    if not policy.agency_reports_on(agency, task):
        raise ValidationError(_("%(agency)s không chủ trì, phối hợp nhiệm vụ này.") % {"agency": agency})
    if not period.is_open:
        raise ValidationError(_("Kỳ báo cáo %(period)s đã đóng.") % {"period": period})
    name, content = scan
    if not content:
        raise ValidationError(_("Hãy đính kèm bản chụp báo cáo của đơn vị."))
    report = ProgressReport.objects.select_for_update().filter(task=task, period=period, agency=agency).first()
    if report is None:
        report = ProgressReport(task=task, period=period, agency=agency)
    elif report.status not in EDITABLE:
        raise ValidationError(
            _("Đơn vị đã gửi báo cáo kỳ này (%(status)s): không nhập thay được.")
            % {"status": report.get_status_display()}
        )
    for field in DRAFT_FIELDS:
        if field in data:
            setattr(report, field, data[field])
    if report.state == WorkState.COMPLETED:
        report.progress_percent = 100
        if report.delivered_on is None:
            raise ValidationError(_("Báo cáo hoàn thành phải kèm ngày hoàn thành sản phẩm."))
    now = now or timezone.now()
    report.status = ReportStatus.APPROVED
    report.submitted_at = report.approved_at = now
    report.submitted_by = report.approved_by = None
    report.entered_by = acting_user
    report.is_late = timezone.localtime(now).date() > period.due_on
    report.full_clean(exclude=["submitted_by", "approved_by", "entered_by"])
    save_as(report, acting_user)
    _store_file(report, name, content, acting_user, _("Bản chụp báo cáo của đơn vị"))
    _step(report, ReportAction.ENTERED, acting_user, comment=note.strip(), at=now)
    return report


@transaction.atomic
def report_publish(
    *, report: ProgressReport, result_public: bool, evidence_public_ids: set[int], acting_user
) -> ProgressReport:
    """The standing office chooses what of a report the public portal may show ("Ba công khai").

    `result_public`: the product and its delivery date; `evidence_public_ids`: the evidence items to show
    (the others are withdrawn). Only reports on public tasks, once they have reached the standing office;
    the portal shows them only while the report stays accepted (giamsat.portal.selectors).
    """
    policy.require(acting_user, policy.REVIEW, report)
    report = ProgressReport.objects.select_for_update().select_related("task").get(pk=report.pk)
    if report.task.confidentiality != Confidentiality.PUBLIC:
        raise ValidationError(_("Nhiệm vụ không công khai: không được đăng kết quả lên cổng công khai."))
    if report.status not in PUBLISHABLE:
        raise ValidationError(_("Chỉ công khai được báo cáo đã được lãnh đạo đơn vị duyệt, gửi Cơ quan Thường trực."))
    if result_public and not report.product.strip():
        raise ValidationError(_("Báo cáo chưa nêu sản phẩm nên không có kết quả để công khai."))
    evidence = list(report.evidence.all())
    unknown = set(evidence_public_ids) - {e.pk for e in evidence}
    if unknown:
        raise ValidationError(_("Minh chứng không thuộc báo cáo này."))
    if report.result_is_public != result_public:
        report.result_is_public = result_public
        save_as(report, acting_user, update_fields=["result_is_public", "updated_at"])
    for item in evidence:
        wanted = item.pk in evidence_public_ids
        if item.is_public != wanted:
            item.is_public = wanted
            save_as(item, acting_user, update_fields=["is_public", "updated_at"])
    return report
