"""Targets found at import: the quantified expected results of a directive's tasks (extraction/targets.py) proposed
as indicators; the standing office accepts each (with edits: name, value, unit, target date, responsible agency),
declines it, or takes its decision back.

Every step is atomic, allowed to the standing office alone (policy.keeps_catalogue), takes the proposal's row lock
before it reads its decision (two people deciding at once: the second is told what the first did), and is recorded
in the history with its acting user."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from giamsat.agencies.models import Agency
from giamsat.common.history import save_as
from giamsat.directives.choices import AssignmentRole
from giamsat.directives.models import Directive, Task
from giamsat.extraction.targets import LOWER, find_targets

from . import policy
from .choices import Direction, Layer, ProposalDecision
from .models import Indicator, TargetProposal


def _require_catalogue(user) -> None:
    if not policy.keeps_catalogue(user):
        raise PermissionDenied(_("Chỉ Cơ quan Thường trực xem xét chỉ tiêu đề xuất."))


def proposals_for(directive: Directive) -> QuerySet:
    """The directive's proposals, the missing ones created first from its tasks' expected results and contents; a
    proposal already there (decided or not) is kept as it is, keyed by (task, phrase). A target the catalogue
    already holds (an indicator linked to the task whose quoted text contains the phrase, as the shipped ones are)
    is proposed as accepted, naming that indicator: nobody enters it twice."""
    with transaction.atomic():
        for task in directive.tasks.only("pk", "title", "expected_result"):
            held = list(task.indicators.only("pk", "source_text"))
            for text in (task.expected_result, task.title):
                for target in find_targets(text):
                    existing = next((i for i in held if target.phrase in i.source_text), None)
                    TargetProposal.objects.get_or_create(
                        task=task,
                        phrase=target.phrase,
                        defaults={
                            "name": target.name,
                            "value": target.value,
                            "unit": target.unit,
                            "decision": ProposalDecision.ACCEPTED if existing else ProposalDecision.PENDING,
                            "indicator": existing,
                        },
                    )
    return (
        TargetProposal.objects.filter(task__directive=directive)
        .select_related("task", "indicator", "decided_by")
        .order_by("task__position", "task_id", "pk")
    )


def lead_agency(task: Task) -> Agency | None:
    """The task's first lead agency resolved in the registry (None when the lead is a group or unresolved)."""
    assignment = (
        task.assignments.filter(role=AssignmentRole.LEAD, agency__isnull=False)
        .select_related("agency")
        .order_by("position", "pk")
        .first()
    )
    return assignment.agency if assignment else None


def default_target_on(task: Task) -> datetime.date:
    """The task's deadline, else 31/12 of the directive's working year (or of its issue year, or this year)."""
    if task.deadline:
        return task.deadline
    directive = task.directive
    year = directive.working_year or (directive.issued_on.year if directive.issued_on else timezone.localdate().year)
    return datetime.date(year, 12, 31)


def direction_of(proposal: TargetProposal) -> str:
    """'Dưới 5%' is better lower; everything else found at import is better higher."""
    found = find_targets(proposal.phrase)
    return Direction.LOWER if found and found[0].direction == LOWER else Direction.HIGHER


@dataclass(frozen=True)
class Decided:
    proposal: TargetProposal
    indicator: Indicator | None = None


def _locked(proposal: TargetProposal) -> TargetProposal:
    return TargetProposal.objects.select_for_update().select_related("task__directive").get(pk=proposal.pk)


@transaction.atomic
def proposal_accept(*, proposal: TargetProposal, data: dict, acting_user) -> Decided:
    """Create the indicator the proposal describes (data: name, value, unit, target_on, agency — each optional,
    defaulting to the proposal's and the task's) linked to its task and directive, and mark the proposal accepted."""
    _require_catalogue(acting_user)
    proposal = _locked(proposal)
    if proposal.decision != ProposalDecision.PENDING:
        raise ValidationError(
            _("Đề xuất này đã được xem xét (%(decision)s).") % {"decision": proposal.get_decision_display()}
        )
    task = proposal.task
    name = (data.get("name") or "").strip() or proposal.name
    unit = (data.get("unit") or "").strip() or proposal.unit
    value = data.get("value") if data.get("value") is not None else proposal.value
    indicator = Indicator(
        name=name,
        unit=unit,
        direction=direction_of(proposal),
        target_value=value,
        target_on=data.get("target_on") or default_target_on(task),
        layer=Layer.OPERATIONAL,
        agency=data["agency"] if "agency" in data else lead_agency(task),
        directive=task.directive,
        source_text=proposal.phrase,
    )
    indicator.full_clean()
    save_as(indicator, acting_user)
    indicator._history_user = acting_user
    indicator.tasks.add(task)
    proposal.name, proposal.value, proposal.unit = name, value, unit
    proposal.decision = ProposalDecision.ACCEPTED
    proposal.indicator = indicator
    proposal.decided_by, proposal.decided_at = acting_user, timezone.now()
    save_as(proposal, acting_user)
    return Decided(proposal=proposal, indicator=indicator)


@transaction.atomic
def proposal_decline(*, proposal: TargetProposal, acting_user) -> Decided:
    _require_catalogue(acting_user)
    proposal = _locked(proposal)
    if proposal.decision != ProposalDecision.PENDING:
        raise ValidationError(
            _("Đề xuất này đã được xem xét (%(decision)s).") % {"decision": proposal.get_decision_display()}
        )
    proposal.decision = ProposalDecision.DECLINED
    proposal.decided_by, proposal.decided_at = acting_user, timezone.now()
    save_as(proposal, acting_user)
    return Decided(proposal=proposal)


@transaction.atomic
def proposal_reopen(*, proposal: TargetProposal, acting_user) -> Decided:
    """Take a decision back: a declined proposal is pending again; an accepted one too, the indicator its acceptance
    created removed, as long as no value has been reported on it (then the indicator is edited or kept instead). An
    indicator the catalogue held before the proposal (proposals_for) is only unlinked, never removed."""
    _require_catalogue(acting_user)
    proposal = _locked(proposal)
    if proposal.decision == ProposalDecision.PENDING:
        raise ValidationError(_("Đề xuất này đang chờ xem xét."))
    indicator = proposal.indicator
    if proposal.decision == ProposalDecision.ACCEPTED and indicator and indicator.created_at >= proposal.created_at:
        indicator = Indicator.objects.select_for_update().get(pk=proposal.indicator_id)
        if indicator.values.exists():
            raise ValidationError(
                _("Chỉ tiêu “%(name)s” đã có số liệu báo cáo: không hủy được, hãy sửa chỉ tiêu.")
                % {"name": indicator.name}
            )
        indicator._history_user = acting_user
        indicator.tasks.clear()
        indicator.milestones.all().delete()
        try:
            indicator.delete()
        except ProtectedError:
            raise ValidationError(
                _("Chỉ tiêu “%(name)s” đã được dùng (yêu cầu giải trình...): không hủy được, hãy sửa chỉ tiêu.")
                % {"name": indicator.name}
            ) from None
    proposal.decision = ProposalDecision.PENDING
    proposal.indicator = None
    proposal.decided_by, proposal.decided_at = None, None
    save_as(proposal, acting_user)
    return Decided(proposal=proposal)
