"""Extension requests (đề nghị gia hạn): a lead agency asks for more time, the standing office grants or refuses.

- `extension_request`: an officer or head of a lead agency of the task (`policy.can_request_extension`), one
  pending request per task and agency, the proposed day after the deadline in force.
- `extension_grant`: the standing office (`policy.decides_extensions`) moves the deadline the one way deadlines
  move, `services.task_change_deadline` (a DeadlineChange naming the deciding document), and keeps that change.
- `extension_refuse` (a reason is required) and `extension_withdraw` (the requesting agency, while pending).

Each runs in one transaction and locks the request's row first (`SELECT … FOR UPDATE`): of two decisions made at
once, the second waits, then finds the request decided and ends with a Vietnamese ValidationError saying so.
Every write names its acting user in the history (django-simple-history).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from giamsat.agencies.models import Agency
from giamsat.common.history import save_as
from giamsat.extraction.text import nfc

from . import policy
from .choices import DeadlineKind, ExtensionState
from .models import ExtensionRequest, Task
from .services import decision_document_get_or_create, task_change_deadline


def closure_in_force(task: Task):
    """The task's closure in force (stopped, merged, no longer needed), if any."""
    return task.closures.filter(reopened_at__isnull=True).select_related("decided_by").first()


def _closed_error(closure) -> ValidationError:
    return ValidationError(
        _("Nhiệm vụ đã được ghi nhận “%(kind)s” từ ngày %(day)s theo văn bản %(number)s: không còn gia hạn.")
        % {
            "kind": closure.get_kind_display(),
            "day": closure.decided_on.strftime("%d/%m/%Y"),
            "number": closure.decided_by.number,
        }
    )


def _locked(extension: ExtensionRequest) -> ExtensionRequest:
    """The request re-read under a row lock: a decision made meanwhile by someone else is seen."""
    return ExtensionRequest.objects.select_for_update(of=("self",)).select_related("decided_by").get(pk=extension.pk)


def _require_pending(extension: ExtensionRequest) -> None:
    """A clear error when the request was decided or withdrawn already (by whom, when)."""
    if extension.state == ExtensionState.PENDING:
        return
    who = extension.decided_by.get_full_name() or extension.decided_by.username if extension.decided_by else ""
    when = timezone.localtime(extension.decided_at).strftime("%d/%m/%Y %H:%M") if extension.decided_at else ""
    raise ValidationError(
        _("Đề nghị gia hạn này đã được xử lý trước đó: %(state)s%(by)s. Không thể xử lý lại.")
        % {
            "state": extension.get_state_display(),
            "by": f" ({', '.join(part for part in (who, when) if part)})" if who or when else "",
        },
        code="already_decided",
    )


def _locked_pending(extension: ExtensionRequest) -> ExtensionRequest:
    locked = _locked(extension)
    _require_pending(locked)
    return locked


@transaction.atomic
def extension_request(
    *, task: Task, agency: Agency, reason: str, proposed_deadline: datetime.date | None, acting_user
) -> ExtensionRequest:
    """A lead agency asks to extend the task's deadline to `proposed_deadline`, with its reason."""
    policy.require_may(
        policy.can_request_extension(acting_user, task) and acting_user.agency_id == agency.pk,
        _("Chỉ chuyên viên, lãnh đạo của cơ quan chủ trì nhiệm vụ mới được đề nghị gia hạn."),
    )
    task = Task.objects.get(pk=task.pk)  # the deadline in force now, not the one the page showed
    reason = nfc(reason).strip()
    if not reason:
        raise ValidationError(_("Hãy nêu lý do đề nghị gia hạn."))
    if (closure := closure_in_force(task)) is not None:
        raise _closed_error(closure)
    if task.deadline is None:
        raise ValidationError(_("Nhiệm vụ không có thời hạn cụ thể nên không đề nghị gia hạn được."))
    if proposed_deadline is None or proposed_deadline <= task.deadline:
        raise ValidationError(
            _("Thời hạn đề nghị phải sau thời hạn hiện tại (%(deadline)s).")
            % {"deadline": task.deadline.strftime("%d/%m/%Y")}
        )
    duplicate = _("Cơ quan đã có một đề nghị gia hạn nhiệm vụ này đang chờ quyết định.")
    if ExtensionRequest.objects.filter(task=task, agency=agency, state=ExtensionState.PENDING).exists():
        raise ValidationError(duplicate)
    extension = ExtensionRequest(
        task=task,
        agency=agency,
        reason=reason,
        current_deadline=task.deadline,
        proposed_deadline=proposed_deadline,
        requested_by=acting_user,
    )
    try:
        with transaction.atomic():  # two requests sent at once: the constraint keeps one
            save_as(extension, acting_user)
    except IntegrityError:
        raise ValidationError(duplicate) from None
    return extension


@transaction.atomic
def extension_grant(
    *,
    extension: ExtensionRequest,
    document_number: str,
    document_date: datetime.date | None = None,
    new_deadline: datetime.date | None = None,
    reason: str = "",
    acting_user,
) -> ExtensionRequest:
    """The standing office grants the request by a document: the deadline becomes `new_deadline` (the proposed one
    by default) through `task_change_deadline`, which records the DeadlineChange and its deciding document."""
    policy.require_may(policy.decides_extensions(acting_user), _("Chỉ Cơ quan Thường trực quyết định gia hạn."))
    extension = _locked_pending(extension)
    task = Task.objects.select_for_update().get(pk=extension.task_id)
    if (closure := closure_in_force(task)) is not None:
        raise _closed_error(closure)
    new_deadline = new_deadline or extension.proposed_deadline
    if task.deadline is not None and new_deadline <= task.deadline:
        raise ValidationError(
            _("Thời hạn mới phải sau thời hạn hiện tại (%(deadline)s).")
            % {"deadline": task.deadline.strftime("%d/%m/%Y")}
        )
    if not nfc(document_number).strip(" ,;."):
        raise ValidationError(_("Phải nêu số văn bản đồng ý gia hạn."))
    document = decision_document_get_or_create(number=document_number, issued_on=document_date, acting_user=acting_user)
    change = task_change_deadline(
        task=task,
        new_deadline=new_deadline,
        new_deadline_text=new_deadline.strftime("%d/%m/%Y"),
        decided_by_number=document.number,
        acting_user=acting_user,
        reason=_("Gia hạn theo đề nghị của %(agency)s: %(reason)s")
        % {"agency": extension.agency.name, "reason": extension.reason},
        deadline_kind=DeadlineKind.DATE,
    )
    extension.state = ExtensionState.GRANTED
    extension.decided_by = acting_user
    extension.decided_at = timezone.now()
    extension.decision_reason = nfc(reason).strip()
    extension.decision_document = document
    extension.deadline_change = change
    save_as(extension, acting_user)
    return extension


@transaction.atomic
def extension_refuse(*, extension: ExtensionRequest, reason: str, acting_user) -> ExtensionRequest:
    """The standing office refuses the request, saying why; the deadline stays."""
    policy.require_may(policy.decides_extensions(acting_user), _("Chỉ Cơ quan Thường trực quyết định gia hạn."))
    extension = _locked_pending(extension)
    reason = nfc(reason).strip()
    if not reason:
        raise ValidationError(_("Hãy nêu lý do không đồng ý gia hạn."))
    return _decide(extension, ExtensionState.REFUSED, reason, acting_user)


@transaction.atomic
def extension_withdraw(*, extension: ExtensionRequest, acting_user, reason: str = "") -> ExtensionRequest:
    """The requesting agency withdraws its request while it is pending."""
    extension = _locked(extension)
    policy.require_may(
        policy.speaks_for_requesting_agency(acting_user, extension),
        _("Chỉ cơ quan đã đề nghị mới rút được đề nghị gia hạn."),
    )
    _require_pending(extension)
    return _decide(extension, ExtensionState.WITHDRAWN, nfc(reason).strip(), acting_user)


def extensions_refuse_on_closure(*, task: Task, reason: str, acting_user) -> int:
    """The pending requests of a task that is no longer carried out are refused with `reason` (closures.py)."""
    count = 0
    for extension in ExtensionRequest.objects.select_for_update().filter(task=task, state=ExtensionState.PENDING):
        _decide(extension, ExtensionState.REFUSED, reason, acting_user)
        count += 1
    return count


def _decide(extension: ExtensionRequest, state: str, reason: str, acting_user) -> ExtensionRequest:
    extension.state = state
    extension.decided_by = acting_user
    extension.decided_at = timezone.now()
    extension.decision_reason = reason
    save_as(extension, acting_user)
    return extension
