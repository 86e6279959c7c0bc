"""Tasks that are no longer carried out: stopped (dừng thực hiện), merged into another task (sáp nhập vào nhiệm vụ
khác) or no longer needed (không còn cần thiết), by a later decision the standing office records.

From the decision's date on, the task's status is "closed" unless it was done before (monitoring/status.py reads
the closure in force as one of its facts; the status history is refreshed by the same signals as for a deadline
change). `task_reopen` undoes a closure recorded by mistake or revoked: the closure stays on record (who undid it,
when, why) but no longer counts, and the status history is computed again as if it had never been in force.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from giamsat.common.history import save_as
from giamsat.extraction.text import nfc

from . import policy
from .choices import ClosureKind
from .extensions import closure_in_force, extensions_refuse_on_closure
from .models import Task, TaskClosure
from .services import decision_document_get_or_create

EARLIEST_DECISION = datetime.date(2000, 1, 1)


@transaction.atomic
def task_close(
    *,
    task: Task,
    kind: str,
    document_number: str,
    decided_on: datetime.date | None,
    reason: str = "",
    merged_into: Task | None = None,
    acting_user,
) -> TaskClosure:
    """Record that the task is no longer carried out from `decided_on` (the deciding document's date) on; a merge
    names the task that takes it over. Pending extension requests of the task are refused, saying why."""
    policy.require_may(policy.closes_tasks(acting_user), _("Chỉ Cơ quan Thường trực ghi nhận dừng, sáp nhập nhiệm vụ."))
    task = Task.objects.select_for_update().get(pk=task.pk)  # two closures at once: the second sees the first
    if (current := closure_in_force(task)) is not None:
        raise ValidationError(
            _(
                "Nhiệm vụ đã được ghi nhận “%(kind)s” từ ngày %(day)s theo văn bản %(number)s; hãy hoàn tác trước nếu "
                "cần ghi nhận lại."
            )
            % {
                "kind": current.get_kind_display(),
                "day": current.decided_on.strftime("%d/%m/%Y"),
                "number": current.decided_by.number,
            }
        )
    if kind not in ClosureKind.values:
        raise ValidationError(_("Hãy chọn hình thức: dừng thực hiện, sáp nhập hoặc không còn cần thiết."))
    if decided_on is None:
        raise ValidationError(_("Phải nêu ngày của văn bản quyết định."))
    if decided_on > timezone.localdate():
        raise ValidationError(_("Ngày của văn bản quyết định không được sau hôm nay."))
    if decided_on < EARLIEST_DECISION:
        raise ValidationError(_("Ngày của văn bản quyết định không hợp lệ."))
    if kind == ClosureKind.MERGED:
        _check_merge_target(task, merged_into)
    else:
        merged_into = None
    document = decision_document_get_or_create(number=document_number, issued_on=decided_on, acting_user=acting_user)
    closure = TaskClosure(
        task=task,
        kind=kind,
        decided_by=document,
        decided_on=decided_on,
        merged_into=merged_into,
        reason=nfc(reason).strip(),
        recorded_by=acting_user,
    )
    try:
        with transaction.atomic():
            save_as(closure, acting_user)  # the status history follows (monitoring's signal receivers)
    except IntegrityError:
        raise ValidationError(_("Nhiệm vụ vừa được người khác ghi nhận dừng hoặc sáp nhập.")) from None
    extensions_refuse_on_closure(
        task=task,
        reason=_("Nhiệm vụ được ghi nhận “%(kind)s” theo văn bản %(number)s.")
        % {"kind": closure.get_kind_display(), "number": document.number},
        acting_user=acting_user,
    )
    return closure


def _check_merge_target(task: Task, target: Task | None) -> None:
    if target is None:
        raise ValidationError(_("Sáp nhập phải nêu nhiệm vụ tiếp nhận."))
    if target.pk == task.pk:
        raise ValidationError(_("Không sáp nhập nhiệm vụ vào chính nó."))
    if (closure := closure_in_force(target)) is not None:
        raise ValidationError(
            _("Nhiệm vụ tiếp nhận %(task)s cũng đã “%(kind)s”: hãy chọn nhiệm vụ đang thực hiện.")
            % {"task": target, "kind": closure.get_kind_display()}
        )


@transaction.atomic
def task_reopen(*, closure: TaskClosure, reason: str, acting_user) -> TaskClosure:
    """Undo a closure (recorded by mistake, or revoked): it no longer counts, and stays on record with who undid
    it, when and why."""
    policy.require_may(
        policy.closes_tasks(acting_user), _("Chỉ Cơ quan Thường trực hoàn tác việc dừng, sáp nhập nhiệm vụ.")
    )
    closure = TaskClosure.objects.select_for_update(of=("self",)).select_related("task").get(pk=closure.pk)
    if closure.reopened_at is not None:
        raise ValidationError(_("Việc dừng, sáp nhập này đã được hoàn tác trước đó."))
    reason = nfc(reason).strip()
    if not reason:
        raise ValidationError(_("Hãy nêu lý do hoàn tác."))
    closure.reopened_at = timezone.now()
    closure.reopened_by = acting_user
    closure.reopen_reason = reason
    save_as(closure, acting_user)  # the status history follows
    return closure
