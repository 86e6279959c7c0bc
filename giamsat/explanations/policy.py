"""Who may ask, read, answer and decide requests for explanation (yêu cầu giải trình): one policy for views,
querysets, the task and indicator pages.

- Ask: the steering committee's leaders and the standing office (and administrators): those who oversee every
  agency, except the inspection commission, which changes nothing. Only about a task or an indicator they may see.
- Read: the leaders, the standing office and the inspection commission read every request; the agency concerned
  reads its own (officers and heads alike); nobody else any. A request on a task is read only by who may see the
  task: a secret task is never named to who may not see it (directives/policy.py).
- Answer: the head (lãnh đạo đơn vị) of the agency concerned, while the request awaits an answer (open or reopened).
- Decide (accept, or reopen with a comment): the asker, or the standing office, once the agency has answered.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from giamsat.accounts.choices import Role
from giamsat.accounts.policy import has_role, inspects, oversees_all_agencies, works_in, works_in_an_agency
from giamsat.agencies.models import Agency
from giamsat.directives import policy as task_policy
from giamsat.directives.choices import AssignmentRole
from giamsat.directives.models import Task
from giamsat.indicators import policy as indicator_policy
from giamsat.indicators.models import Indicator

from .choices import AWAITING_ANSWER, RequestState
from .models import ExplanationRequest


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def asks(user) -> bool:
    """Leaders and the standing office (administrators too) send requests for explanation; the inspection
    commission reads them and changes nothing."""
    return _active(user) and oversees_all_agencies(user) and not inspects(user)


def may_ask_about_task(user, task: Task) -> bool:
    return asks(user) and task_policy.can(user, task_policy.VIEW, task)


def may_ask_about_indicator(user, indicator: Indicator) -> bool:
    return (
        asks(user)
        and indicator.agency_id is not None
        and indicator_policy.restrict(Indicator.objects.filter(pk=indicator.pk), user).exists()
    )


def lead_agencies(task: Task) -> list[Agency]:
    """The agencies a request on the task may go to: its lead agencies named in the registry (an assignment with an
    agency; a lead group or a printed name not resolved yet is not one agency that could answer), in the order of
    the document."""
    assignments = (
        task.assignments.filter(role=AssignmentRole.LEAD, agency__isnull=False)
        .select_related("agency")
        .order_by("position", "pk")
    )
    seen: dict[int, Agency] = {}
    for assignment in assignments:
        seen.setdefault(assignment.agency_id, assignment.agency)
    return list(seen.values())


def restrict(qs: QuerySet[ExplanationRequest], user) -> QuerySet[ExplanationRequest]:
    """The requests the user may read."""
    if not _active(user):
        return qs.none()
    if user.sees_everything or inspects(user):
        return qs
    visible_tasks = Q(task__isnull=True) | Q(task__in=task_policy.restrict(Task.objects.all(), user).values("pk"))
    if user.is_leader:
        return qs.filter(visible_tasks)
    if works_in_an_agency(user):
        return qs.filter(visible_tasks, agency_id=user.agency_id)
    return qs.none()


def can_read(user, request: ExplanationRequest) -> bool:
    return restrict(ExplanationRequest.objects.filter(pk=request.pk), user).exists()


def heads_agency_of(user, request: ExplanationRequest) -> bool:
    """The user is the head of the agency concerned: the one who answers (whatever the request's state)."""
    return _active(user) and works_in(user, request.agency_id) and has_role(user, Role.AGENCY_HEAD)


def answers(user, request: ExplanationRequest) -> bool:
    """The head of the agency concerned answers a request awaiting an answer (and adds its evidence)."""
    return request.state in AWAITING_ANSWER and heads_agency_of(user, request)


def judges(user, request: ExplanationRequest) -> bool:
    """The asker (still one who may ask), or the standing office: who decides on the answer (whatever the state)."""
    return _active(user) and bool(user.sees_everything or (request.asked_by_id == user.pk and asks(user)))


def decides(user, request: ExplanationRequest) -> bool:
    """Accept an answer or reopen the request: once the agency has answered."""
    return request.state == RequestState.ANSWERED and judges(user, request)


def access_request_by_id(*, user, request_id: int) -> ExplanationRequest:
    """A request the user may read; missing and forbidden alike are 404."""
    try:
        return restrict(
            ExplanationRequest.objects.select_related(
                "task__directive", "indicator", "agency", "asked_by", "answered_by"
            ),
            user,
        ).get(pk=request_id)
    except ExplanationRequest.DoesNotExist:
        raise Http404(_("Không tìm thấy yêu cầu giải trình.")) from None
