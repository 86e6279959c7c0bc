"""The request for explanation's workflow: open (asked) → answered → accepted, or reopened (with a comment and a new
due date) → answered → ...

Every step is atomic, permission-checked (policy.py), takes the request's row lock before it reads its state (two
people acting at once: the second waits, then is told what the first did), is recorded in the history with its
acting user (django-simple-history through `save_as`), and notifies the people concerned: the agency's heads when
asked or reopened, the asker when answered, the agency when accepted. A secret task is never named to anyone who
may not see it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from giamsat.accounts.choices import Role
from giamsat.common.history import save_as
from giamsat.directives import policy as task_policy
from giamsat.extraction.text import nfc
from giamsat.indicators import policy as indicator_policy
from giamsat.indicators.models import Indicator
from giamsat.notifications.choices import NotificationKind
from giamsat.notifications.services import notify, recipients_of_agency
from giamsat.reporting.choices import EvidenceKind
from giamsat.reporting.evidence_files import evidence_store_file

from . import policy
from .choices import AWAITING_ANSWER, RequestState
from .models import AnswerEvidence, ExplanationRequest

# --- helpers ------------------------------------------------------------------------------------------------------


def _today() -> datetime.date:
    return timezone.localdate()


def _locked(request: ExplanationRequest) -> ExplanationRequest:
    """The request as it is now, its row locked to the end of the transaction."""
    request.refresh_from_db(from_queryset=ExplanationRequest.objects.select_for_update())
    return request


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else _("Hệ thống")


def _subject_words(request: ExplanationRequest) -> str:
    if request.task_id is not None:
        words = strip_tags(request.task.title).strip()
        label = _("Nhiệm vụ %(ref)s") % {"ref": request.task.display_ref}
    else:
        words = str(request.indicator)
        label = _("Chỉ tiêu")
    words = f"{words[:200]}…" if len(words) > 200 else words
    return f"{label}: {words}"


def _may_see_subject(person, request: ExplanationRequest) -> bool:
    if request.task_id is not None:
        return task_policy.can(person, task_policy.VIEW, request.task)
    return indicator_policy.restrict(Indicator.objects.filter(pk=request.indicator_id), person).exists()


def _notify(request: ExplanationRequest, people, kind: str, title: str, *, body: str = "") -> None:
    """Notify those of `people` who may see the request's subject, the subject under the given text."""
    allowed = [person for person in people if person is not None and _may_see_subject(person, request)]
    url = reverse("explanations:detail", args=[request.pk])
    notify(allowed, kind, title, url, body="\n".join(part for part in (body, _subject_words(request)) if part))


def _heads(request: ExplanationRequest):
    return recipients_of_agency(request.agency_id, roles=[Role.AGENCY_HEAD])


def _refuse_moved(request: ExplanationRequest, expected: tuple, refusal: str) -> None:
    """A clear error when the request is no longer where the user saw it."""
    if request.state in expected:
        return
    raise ValidationError(
        _("%(refusal)s Yêu cầu hiện ở trạng thái “%(state)s”; thao tác của bạn không được thực hiện.")
        % {"refusal": refusal, "state": request.get_state_display()}
    )


def _clean_text(value: str) -> str:
    return nfc(value or "").strip()


# --- ask ------------------------------------------------------------------------------------------------------------


@transaction.atomic
def explanation_ask(
    *,
    task=None,
    indicator=None,
    agency=None,
    question: str,
    answer_due_on: datetime.date | None = None,
    acting_user,
    today: datetime.date | None = None,
) -> ExplanationRequest:
    """A leader or the standing office asks the lead agency of a task (the one picked among several leads) or the
    responsible agency of an indicator a question, to be answered by `answer_due_on` (by default in
    EXPLANATION_ANSWER_DAYS days)."""
    today = today or _today()
    if (task is None) == (indicator is None):
        raise ValidationError(_("Yêu cầu giải trình phải về đúng một nhiệm vụ hoặc một chỉ tiêu."))
    if not policy.asks(acting_user):
        raise PermissionDenied(_("Chỉ lãnh đạo Ban Chỉ đạo và Cơ quan Thường trực được yêu cầu giải trình."))
    if task is not None:
        if not policy.may_ask_about_task(acting_user, task):
            raise PermissionDenied(_("Bạn không có quyền với nhiệm vụ này."))
        leads = policy.lead_agencies(task)
        if not leads:
            raise ValidationError(
                _("Nhiệm vụ chưa có cơ quan chủ trì trong danh mục cơ quan, đơn vị: chưa gửi được yêu cầu giải trình.")
            )
        if agency is None:
            if len(leads) > 1:
                raise ValidationError({"agency": _("Nhiệm vụ có nhiều cơ quan chủ trì: hãy chọn cơ quan giải trình.")})
            agency = leads[0]
        elif agency.pk not in {lead.pk for lead in leads}:
            raise ValidationError({"agency": _("Cơ quan được chọn không chủ trì nhiệm vụ này.")})
    else:
        if not policy.may_ask_about_indicator(acting_user, indicator):
            if indicator.agency_id is None and policy.asks(acting_user):
                raise ValidationError(_("Chỉ tiêu chưa có cơ quan chịu trách nhiệm: chưa gửi được yêu cầu giải trình."))
            raise PermissionDenied(_("Bạn không có quyền với chỉ tiêu này."))
        if agency is not None and agency.pk != indicator.agency_id:
            raise ValidationError({"agency": _("Yêu cầu về chỉ tiêu gửi cơ quan chịu trách nhiệm của chỉ tiêu.")})
        agency = indicator.agency
    question = _clean_text(question)
    if not question:
        raise ValidationError({"question": _("Hãy nhập nội dung yêu cầu giải trình.")})
    if answer_due_on is None:
        answer_due_on = today + datetime.timedelta(days=settings.EXPLANATION_ANSWER_DAYS)
    if answer_due_on < today:
        raise ValidationError({"answer_due_on": _("Hạn giải trình không được trước hôm nay.")})
    request = ExplanationRequest(
        task=task,
        indicator=indicator,
        agency=agency,
        question=question,
        answer_due_on=answer_due_on,
        asked_by=acting_user,
        state=RequestState.OPEN,
    )
    request.full_clean()
    save_as(request, acting_user)
    _notify(
        request,
        _heads(request),
        NotificationKind.EXPLANATION_REQUESTED,
        _("Yêu cầu giải trình, hạn %(day)s") % {"day": answer_due_on.strftime("%d/%m/%Y")},
        body=_("%(name)s yêu cầu đơn vị giải trình: %(question)s")
        % {"name": _name(acting_user), "question": question[:300]},
    )
    return request


# --- answer and its evidence ------------------------------------------------------------------------------------------


def _require_head(request: ExplanationRequest, acting_user) -> None:
    if not policy.heads_agency_of(acting_user, request):
        raise PermissionDenied(_("Chỉ lãnh đạo đơn vị được yêu cầu giải trình mới giải trình."))


@transaction.atomic
def explanation_answer(*, request: ExplanationRequest, answer: str, acting_user) -> ExplanationRequest:
    """The head of the agency concerned answers (the evidence added before stays with the answer)."""
    _require_head(request, acting_user)
    answer = _clean_text(answer)
    if not answer:
        raise ValidationError({"answer": _("Hãy nhập nội dung giải trình.")})
    request = _locked(request)
    _refuse_moved(request, AWAITING_ANSWER, _("Chỉ giải trình được yêu cầu đang chờ giải trình."))
    request.state = RequestState.ANSWERED
    request.answer = answer
    request.answered_by = acting_user
    request.answered_at = timezone.now()
    save_as(request, acting_user)
    _notify(
        request,
        [request.asked_by],
        NotificationKind.EXPLANATION_ANSWERED,
        _("%(agency)s đã giải trình") % {"agency": request.agency.name},
        body=_("%(name)s: %(answer)s") % {"name": _name(acting_user), "answer": answer[:300]},
    )
    return request


def _require_evidence_allowed(request: ExplanationRequest, acting_user) -> ExplanationRequest:
    _require_head(request, acting_user)
    request = _locked(request)
    _refuse_moved(request, AWAITING_ANSWER, _("Chỉ thêm được minh chứng khi yêu cầu đang chờ giải trình."))
    return request


@transaction.atomic
def explanation_evidence_add_file(
    *, request: ExplanationRequest, name: str, data: bytes, acting_user, description: str = ""
) -> AnswerEvidence:
    """A file (PDF, Word, Excel, image; checked by its content) with the answer."""
    request = _require_evidence_allowed(request, acting_user)
    evidence = AnswerEvidence(request=request, description=_clean_text(description))
    return evidence_store_file(evidence, data, name=name, acting_user=acting_user)


@transaction.atomic
def explanation_evidence_add_link(
    *, request: ExplanationRequest, url: str, acting_user, description: str = ""
) -> AnswerEvidence:
    """A link (an online document, a published page) with the answer."""
    request = _require_evidence_allowed(request, acting_user)
    url = (url or "").strip()
    if not url:
        raise ValidationError({"url": _("Hãy nhập đường dẫn.")})
    evidence = AnswerEvidence(
        request=request, kind=EvidenceKind.LINK, url=url, description=_clean_text(description), uploaded_by=acting_user
    )
    evidence.full_clean(exclude=["file"])
    save_as(evidence, acting_user)
    return evidence


@transaction.atomic
def explanation_evidence_remove(*, evidence: AnswerEvidence, acting_user) -> None:
    """The head takes an evidence item off an answer not sent yet (the history keeps the record)."""
    _require_evidence_allowed(evidence.request, acting_user)
    evidence._history_user = acting_user
    evidence.delete()


# --- decide -------------------------------------------------------------------------------------------------------


def _require_judge(request: ExplanationRequest, acting_user) -> None:
    if not policy.judges(acting_user, request):
        raise PermissionDenied(
            _("Chỉ người yêu cầu giải trình hoặc Cơ quan Thường trực được xem xét nội dung giải trình.")
        )


@transaction.atomic
def explanation_accept(*, request: ExplanationRequest, comment: str = "", acting_user) -> ExplanationRequest:
    """The asker (or the standing office) accepts the answer, with an optional comment."""
    _require_judge(request, acting_user)
    request = _locked(request)
    _refuse_moved(request, (RequestState.ANSWERED,), _("Chỉ chấp nhận được yêu cầu đơn vị đã giải trình."))
    comment = _clean_text(comment)
    request.state = RequestState.ACCEPTED
    request.decision_comment = comment
    request.decided_at = timezone.now()
    save_as(request, acting_user)
    _notify(
        request,
        recipients_of_agency(request.agency_id),
        NotificationKind.EXPLANATION_DECIDED,
        _("Nội dung giải trình của đơn vị đã được chấp nhận"),
        body=_("Ý kiến của %(name)s: %(comment)s") % {"name": _name(acting_user), "comment": comment[:300]}
        if comment
        else "",
    )
    return request


@transaction.atomic
def explanation_reopen(
    *,
    request: ExplanationRequest,
    comment: str,
    new_due_on: datetime.date,
    acting_user,
    today: datetime.date | None = None,
) -> ExplanationRequest:
    """The asker (or the standing office) finds the answer insufficient: the agency answers again by `new_due_on`;
    the comment says what is missing."""
    today = today or _today()
    _require_judge(request, acting_user)
    comment = _clean_text(comment)
    if not comment:
        raise ValidationError(
            {"comment": _("Yêu cầu giải trình lại phải kèm ý kiến: nội dung nào chưa rõ, còn thiếu.")}
        )
    if new_due_on is None:
        raise ValidationError({"new_due_on": _("Hãy nhập hạn giải trình mới.")})
    if new_due_on < today:
        raise ValidationError({"new_due_on": _("Hạn giải trình không được trước hôm nay.")})
    request = _locked(request)
    _refuse_moved(request, (RequestState.ANSWERED,), _("Chỉ yêu cầu giải trình lại được khi đơn vị đã giải trình."))
    request.state = RequestState.REOPENED
    request.decision_comment = comment
    request.decided_at = timezone.now()
    request.answer_due_on = new_due_on
    save_as(request, acting_user)
    _notify(
        request,
        _heads(request),
        NotificationKind.EXPLANATION_REQUESTED,
        _("Yêu cầu giải trình lại, hạn %(day)s") % {"day": new_due_on.strftime("%d/%m/%Y")},
        body=_("Ý kiến của %(name)s: %(comment)s") % {"name": _name(acting_user), "comment": comment[:300]},
    )
    return request
