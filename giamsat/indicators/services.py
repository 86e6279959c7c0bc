"""Writes of the indicators: the catalogue (the standing office keeps it: indicators and their milestones), and the
values the responsible agency reports per period through the same review chain as progress reports
(reporting/services.py): drafted by the agency's officer → submitted to its head → approved, sent to the standing
office → accepted, or returned with a comment and submitted again. Only accepted values count in the colour
(selectors.COUNTED).

Every step is atomic, permission-checked (policy.py), takes the value's row lock before it reads its state (whoever
acts second is told what the first did), and is written as a `ValueStep` and in the history with its acting user."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from giamsat.accounts.choices import Role
from giamsat.accounts.models import User
from giamsat.common.history import save_as
from giamsat.extraction.text import nfc
from giamsat.notifications.choices import NotificationKind
from giamsat.notifications.services import notify, recipients_of_agency
from giamsat.reporting.choices import EvidenceKind, ReportAction, ReportStatus, ReviewDecision
from giamsat.reporting.evidence_files import evidence_store_file
from giamsat.reporting.models import ReportingPeriod

from . import policy
from .models import Indicator, IndicatorValue, Milestone, ValueEvidence, ValueStep

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def step_label(action: str) -> str:
    """A value's step as the pages tell it (ReportAction's labels speak of reports)."""
    labels = {
        ReportAction.SUBMITTED: _("gửi lãnh đạo đơn vị duyệt"),
        ReportAction.WITHDRAWN: _("rút lại giá trị để sửa"),
        ReportAction.APPROVED: _("duyệt, gửi Cơ quan Thường trực"),
        ReportAction.HEAD_RETURNED: _("trả lại chuyên viên"),
        ReportAction.ACCEPTED: _("chấp nhận giá trị"),
        ReportAction.RETURNED: _("trả lại giá trị"),
    }
    return str(labels.get(action, action))


INDICATOR_FIELDS = (
    "code",
    "name",
    "unit",
    "direction",
    "baseline_value",
    "baseline_on",
    "target_value",
    "target_on",
    "layer",
    "agency",
    "frequency",
    "data_source",
    "directive",
    "source_text",
    "is_public",
)
TEXT_FIELDS = ("code", "name", "unit", "data_source", "source_text", "source", "note")
VALUE_FIELDS = ("value", "measured_on", "source", "note")


def _require_catalogue(acting_user) -> None:
    if not policy.keeps_catalogue(acting_user):
        raise PermissionDenied(_("Chỉ Cơ quan Thường trực quản lý danh mục chỉ tiêu."))


def _clean_text(name: str, value):
    """Vietnamese text NFC-normalised on the way in (the multi-line ones keep their lines)."""
    if name in TEXT_FIELDS and isinstance(value, str):
        return "\n".join(nfc(line) for line in value.strip().splitlines()) if "\n" in value else nfc(value)
    return value


# --- the catalogue ---------------------------------------------------------------------------------------------------


@transaction.atomic
def indicator_save(*, indicator: Indicator | None, data: dict, acting_user, tasks=None) -> Indicator:
    """Create (indicator=None) or edit an indicator; `tasks`: the tasks that move it (all of its directive, when
    a directive is set), None to leave them as they are."""
    _require_catalogue(acting_user)
    if indicator is None:
        indicator = Indicator()
    else:
        indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    for name, value in data.items():
        if name not in INDICATOR_FIELDS:
            raise ValidationError(_("Không sửa được trường “%(field)s”.") % {"field": name})
        setattr(indicator, name, _clean_text(name, value))
    if (indicator.baseline_value is None) != (indicator.baseline_on is None):
        raise ValidationError(_("Giá trị gốc và ngày của giá trị gốc phải nhập cùng nhau."))
    if indicator.baseline_on and indicator.target_on and indicator.baseline_on >= indicator.target_on:
        raise ValidationError(_("Hạn đạt mục tiêu phải sau ngày của giá trị gốc."))
    indicator.full_clean()
    save_as(indicator, acting_user)
    if tasks is not None:
        tasks = list(tasks)
        if indicator.directive_id is not None and any(t.directive_id != indicator.directive_id for t in tasks):
            raise ValidationError(_("Nhiệm vụ liên quan phải thuộc văn bản đặt chỉ tiêu."))
        indicator._history_user = acting_user
        indicator.tasks.set(tasks)
    return indicator


@transaction.atomic
def milestone_add(*, indicator: Indicator, due_on: datetime.date, value, acting_user) -> Milestone:
    _require_catalogue(acting_user)
    if Milestone.objects.filter(indicator=indicator, due_on=due_on).exists():
        raise ValidationError(_("Chỉ tiêu đã có mốc ngày %(day)s.") % {"day": due_on.strftime("%d/%m/%Y")})
    if due_on >= indicator.target_on:
        raise ValidationError(_("Mốc lộ trình phải trước hạn đạt mục tiêu."))
    if indicator.baseline_on and due_on <= indicator.baseline_on:
        raise ValidationError(_("Mốc lộ trình phải sau ngày của giá trị gốc."))
    milestone = Milestone(indicator=indicator, due_on=due_on, value=value)
    milestone.full_clean()
    save_as(milestone, acting_user)
    return milestone


@transaction.atomic
def milestone_remove(*, milestone: Milestone, acting_user) -> None:
    _require_catalogue(acting_user)
    milestone._history_user = acting_user
    milestone.delete()


# --- values: who hears of each step ----------------------------------------------------------------------------------


def _value_page(value: IndicatorValue) -> str:
    return reverse("indicators:detail", args=[value.indicator_id]) + f"#gia-tri-{value.pk}"


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else _("Hệ thống")


def _about(value: IndicatorValue) -> dict:
    return {"indicator": value.indicator, "period": value.period, "agency": value.agency}


def _authors(value: IndicatorValue) -> list:
    """Who wrote the value: the officer who last submitted it, else the agency's officers."""
    step = value.steps.filter(action=ReportAction.SUBMITTED).order_by("-at", "-pk").select_related("actor").first()
    author = step.actor if step else None
    if author is not None and author.is_active and author.agency_id == value.agency_id:
        return [author]
    return list(recipients_of_agency(value.agency_id, roles=[Role.AGENCY_OFFICER]))


def _notify(people, kind: str, title: str, value: IndicatorValue, body: str = "") -> None:
    """Indicator values are no secret to whoever works on them: the responsible agency and the standing office."""
    notify(people, kind, title, _value_page(value), body=body)


# --- values: the chain ---------------------------------------------------------------------------------------------


def _locked(value: IndicatorValue) -> IndicatorValue:
    value.refresh_from_db(from_queryset=IndicatorValue.objects.select_for_update())
    return value


def _step(value: IndicatorValue, action: str, acting_user, *, comment: str = "", at=None) -> ValueStep:
    return ValueStep.objects.create(
        value=value, action=action, actor=acting_user, comment=comment, at=at or timezone.now()
    )


def _refuse_handled(value: IndicatorValue, expected: str, refusal: str) -> None:
    """A clear error when the value is no longer where the user saw it: who moved it, to what, when."""
    if value.status == expected:
        return
    last = value.steps.order_by("-at", "-pk").select_related("actor").first()
    if last is None:
        raise ValidationError(refusal)
    raise ValidationError(
        _("Giá trị đã được %(who)s %(action)s lúc %(at)s (%(status)s); thao tác của bạn không được thực hiện.")
        % {
            "who": _name(last.actor),
            "action": step_label(last.action),
            "at": timezone.localtime(last.at).strftime("%H:%M %d/%m/%Y"),
            "status": value.get_status_display(),
        }
    )


def _require_reporter(acting_user, indicator: Indicator) -> None:
    if not policy.reports_values_of(acting_user, indicator):
        raise PermissionDenied(_("Chỉ chuyên viên của cơ quan chịu trách nhiệm báo cáo giá trị chỉ tiêu này."))


def _require_editable(value: IndicatorValue, acting_user) -> None:
    _require_reporter(acting_user, value.indicator)
    if value.agency_id != acting_user.agency_id:
        raise PermissionDenied(_("Giá trị này do cơ quan khác báo cáo."))
    if value.status not in EDITABLE:
        raise ValidationError(_("Giá trị đã gửi, không sửa được; chờ kết quả xem xét."))


@transaction.atomic
def value_save_draft(*, indicator: Indicator, period: ReportingPeriod, data: dict, acting_user) -> IndicatorValue:
    """Create or update the value of an indicator for a period (only while draft or returned, the period open)."""
    _require_reporter(acting_user, indicator)
    if not period.is_open:
        raise ValidationError(_("Kỳ báo cáo %(period)s đã đóng.") % {"period": period})
    value = IndicatorValue.objects.select_for_update().filter(indicator=indicator, period=period).first()
    if value is None:
        value = IndicatorValue(indicator=indicator, period=period, agency=acting_user.agency)
    elif value.status not in EDITABLE:
        raise ValidationError(
            _("Giá trị kỳ %(period)s đã gửi, không sửa được; chờ kết quả xem xét.") % {"period": period}
        )
    for name, item in data.items():
        if name not in VALUE_FIELDS:
            raise ValidationError(_("Không sửa được trường “%(field)s”.") % {"field": name})
        if item is None and name in TEXT_FIELDS:
            item = ""
        setattr(value, name, _clean_text(name, item))
    if value.measured_on and value.measured_on > timezone.localdate():
        raise ValidationError(_("Ngày số liệu không được sau hôm nay."))
    value.full_clean()
    save_as(value, acting_user)
    return value


@transaction.atomic
def value_evidence_add_file(
    *, value: IndicatorValue, name: str, data: bytes, acting_user, description: str = ""
) -> ValueEvidence:
    value = _locked(value)
    _require_editable(value, acting_user)
    evidence = ValueEvidence(value=value, description=nfc(description))
    return evidence_store_file(evidence, data, name=name, acting_user=acting_user)


@transaction.atomic
def value_evidence_add_link(*, value: IndicatorValue, url: str, acting_user, description: str = "") -> ValueEvidence:
    value = _locked(value)
    _require_editable(value, acting_user)
    if not url.strip():
        raise ValidationError(_("Hãy nhập đường dẫn minh chứng."))
    evidence = ValueEvidence(
        value=value, kind=EvidenceKind.LINK, url=url.strip(), description=nfc(description), uploaded_by=acting_user
    )
    evidence.full_clean(exclude=["file"])
    save_as(evidence, acting_user)
    return evidence


@transaction.atomic
def value_evidence_remove(*, evidence: ValueEvidence, acting_user) -> None:
    value = _locked(evidence.value)
    _require_editable(value, acting_user)
    evidence._history_user = acting_user
    evidence.delete()


@transaction.atomic
def value_submit(*, value: IndicatorValue, acting_user, now: datetime.datetime | None = None) -> IndicatorValue:
    """The officer sends the value to the agency head."""
    value = _locked(value)
    _require_editable(value, acting_user)
    now = now or timezone.now()
    value.status = ReportStatus.SUBMITTED
    value.submitted_at = now
    save_as(value, acting_user)
    _step(value, ReportAction.SUBMITTED, acting_user, at=now)
    _notify(
        recipients_of_agency(value.agency_id, roles=[Role.AGENCY_HEAD]),
        NotificationKind.REPORT_WAITING,
        _("Giá trị chỉ tiêu chờ duyệt: %(indicator)s, kỳ %(period)s") % _about(value),
        value,
        body=_("%(name)s gửi giá trị chỉ tiêu để lãnh đạo đơn vị duyệt.") % {"name": _name(acting_user)},
    )
    return value


@transaction.atomic
def value_withdraw(*, value: IndicatorValue, acting_user) -> IndicatorValue:
    """The officer takes a submitted value back to edit it, until the head has acted on it."""
    _require_reporter(acting_user, value.indicator)
    value = _locked(value)
    _refuse_handled(value, ReportStatus.SUBMITTED, _("Chỉ rút lại được giá trị đã gửi mà lãnh đạo đơn vị chưa duyệt."))
    value.status = ReportStatus.DRAFT
    value.submitted_at = None
    save_as(value, acting_user)
    _step(value, ReportAction.WITHDRAWN, acting_user)
    return value


def _require_head(acting_user, value: IndicatorValue) -> None:
    if not policy.approves_values_of(acting_user, value.indicator) or value.agency_id != acting_user.agency_id:
        raise PermissionDenied(_("Chỉ lãnh đạo của cơ quan chịu trách nhiệm duyệt giá trị chỉ tiêu này."))


@transaction.atomic
def value_approve(*, value: IndicatorValue, acting_user) -> IndicatorValue:
    """The agency head approves: the value goes to the standing office."""
    _require_head(acting_user, value)
    value = _locked(value)
    _refuse_handled(value, ReportStatus.SUBMITTED, _("Chỉ duyệt được giá trị chuyên viên đã gửi."))
    value.status = ReportStatus.APPROVED
    save_as(value, acting_user)
    _step(value, ReportAction.APPROVED, acting_user)
    _notify(
        User.objects.filter(is_active=True, role=Role.STANDING_OFFICE),
        NotificationKind.REPORT_WAITING,
        _("Giá trị chỉ tiêu chờ xem xét: %(indicator)s, %(agency)s, kỳ %(period)s") % _about(value),
        value,
        body=_("%(name)s đã duyệt, gửi Cơ quan Thường trực.") % {"name": _name(acting_user)},
    )
    _notify(
        _authors(value),
        NotificationKind.REPORT_APPROVED,
        _("Lãnh đạo đơn vị đã duyệt giá trị chỉ tiêu: %(indicator)s, kỳ %(period)s") % _about(value),
        value,
    )
    return value


@transaction.atomic
def value_return_to_officer(*, value: IndicatorValue, comment: str, acting_user) -> IndicatorValue:
    """The agency head sends a submitted value back to the officer with a comment."""
    _require_head(acting_user, value)
    comment = nfc(comment)
    if not comment:
        raise ValidationError(_("Trả lại giá trị chỉ tiêu phải kèm ý kiến."))
    value = _locked(value)
    _refuse_handled(value, ReportStatus.SUBMITTED, _("Chỉ trả lại được giá trị chuyên viên đã gửi."))
    value.status = ReportStatus.RETURNED
    save_as(value, acting_user)
    _step(value, ReportAction.HEAD_RETURNED, acting_user, comment=comment)
    _notify(
        _authors(value),
        NotificationKind.REPORT_RETURNED,
        _("Lãnh đạo đơn vị trả lại giá trị chỉ tiêu: %(indicator)s, kỳ %(period)s") % _about(value),
        value,
        body=_("Ý kiến của %(name)s: %(comment)s") % {"name": _name(acting_user), "comment": comment},
    )
    return value


@transaction.atomic
def value_review(*, value: IndicatorValue, decision: str, comment: str, acting_user) -> IndicatorValue:
    """The standing office accepts the value (it then counts in the colour) or returns it with a comment."""
    if not policy.reviews_values(acting_user):
        raise PermissionDenied(_("Chỉ Cơ quan Thường trực xem xét giá trị chỉ tiêu."))
    if decision not in ReviewDecision.values:
        raise ValidationError(_("Kết quả xem xét không hợp lệ."))
    comment = nfc(comment)
    if decision == ReviewDecision.RETURNED and not comment:
        raise ValidationError(_("Trả lại giá trị chỉ tiêu phải kèm ý kiến."))
    value = _locked(value)
    _refuse_handled(value, ReportStatus.APPROVED, _("Chỉ xem xét được giá trị đã được lãnh đạo đơn vị duyệt."))
    accepted = decision == ReviewDecision.ACCEPTED
    value.status = ReportStatus.ACCEPTED if accepted else ReportStatus.RETURNED
    save_as(value, acting_user)
    _step(value, ReportAction.ACCEPTED if accepted else ReportAction.RETURNED, acting_user, comment=comment)
    if accepted:
        kind = NotificationKind.REPORT_ACCEPTED
        title = _("Cơ quan Thường trực đã chấp nhận giá trị chỉ tiêu: %(indicator)s, kỳ %(period)s") % _about(value)
    else:
        kind = NotificationKind.REPORT_RETURNED
        title = _("Cơ quan Thường trực trả lại giá trị chỉ tiêu: %(indicator)s, kỳ %(period)s") % _about(value)
    body = _("Ý kiến của %(name)s: %(comment)s") % {"name": _name(acting_user), "comment": comment} if comment else ""
    _notify(_authors(value), kind, title, value, body=body)
    return value


@transaction.atomic
def value_update(
    *,
    indicator: Indicator,
    period: ReportingPeriod,
    data: dict,
    acting_user,
    files: tuple[tuple[str, bytes, str], ...] = (),
    links: tuple[tuple[str, str], ...] = (),
    submit: bool = False,
) -> IndicatorValue:
    """The value page's one form: the value, its evidence (files: (name, content, description); links: (url,
    description)) and, when asked, its submission to the head — all or nothing."""
    value = value_save_draft(indicator=indicator, period=period, data=data, acting_user=acting_user)
    for name, content, description in files:
        value_evidence_add_file(value=value, name=name, data=content, acting_user=acting_user, description=description)
    for url, description in links:
        value_evidence_add_link(value=value, url=url, acting_user=acting_user, description=description)
    if submit:
        value = value_submit(value=value, acting_user=acting_user)
    return value
