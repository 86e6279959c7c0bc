"""Who may see and change tasks: one policy used by views, the API, querysets and `rules`.

- Standing office and administrators: every task, secret ones included; they change tasks.
- The inspection commission (Ủy ban kiểm tra): every task, secret ones included; read only.
- Leaders: every task except secret ones; read only.
- Agency officers and heads: public tasks, and the internal tasks where their agency (directly or
  through a group it belongs to) directs, leads or coordinates; read only (they report, later).
- Secret tasks never leave the standing office and the inspection commission.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from giamsat.accounts.policy import inspects, oversees_all_agencies, works_in, works_in_an_agency

from .choices import AssignmentRole, Confidentiality
from .models import Task, TaskAssignment

VIEW = "view"
CHANGE = "change"
MINE_ROLES = (AssignmentRole.LEAD, AssignmentRole.COORDINATING)


def agency_assignments(agency_id: int, roles=tuple(AssignmentRole.values)) -> QuerySet[TaskAssignment]:
    """Assignments naming the agency itself or a group it is a member of."""
    return TaskAssignment.objects.filter(Q(agency_id=agency_id) | Q(group__members=agency_id), role__in=roles)


def involves_agency(agency_id: int, roles=tuple(AssignmentRole.values)) -> Exists:
    return Exists(agency_assignments(agency_id, roles).filter(task_id=OuterRef("pk")))


def restrict(qs: QuerySet[Task], user, action: str = VIEW) -> QuerySet[Task]:
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.sees_everything:
        return qs
    if action != VIEW:
        return qs.none()
    if inspects(user):
        return qs
    if user.is_leader:
        return qs.filter(confidentiality__in=visible_confidentialities(user))
    if user.is_agency_user and user.agency_id:
        return qs.filter(
            Q(confidentiality=Confidentiality.PUBLIC)
            | Q(involves_agency(user.agency_id), confidentiality=Confidentiality.INTERNAL)
        )
    return qs.none()


def visible_confidentialities(user) -> tuple[str, ...] | None:
    """The confidentialities of which the user sees every task, when they alone decide what the user sees
    (`restrict`): the standing office every one, leaders all but secret. None for agency users, who see internal
    tasks by their agency, and for those who see nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.sees_everything or inspects(user):
        return tuple(Confidentiality.values)
    if user.is_leader:
        return (Confidentiality.PUBLIC.value, Confidentiality.INTERNAL.value)
    return None


def visibility_key(user) -> str:
    """Users with the same key see the same tasks (`restrict(..., VIEW)`) and may change the same (the pages' buttons):
    a key for cached pages."""
    if user is None or not user.is_authenticated or not user.is_active:
        return "none"
    if user.sees_everything:
        return "all"
    if inspects(user):
        return "all-read-only"
    if user.is_leader:
        return "not-secret"
    if user.is_agency_user and user.agency_id:
        return f"agency-{user.agency_id}"
    return "none"


def can(user, action: str, task: Task) -> bool:
    """`restrict` for one saved task; answered without a query where the role decides alone."""
    if task.pk is None or user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.sees_everything:
        return True
    if action != VIEW:
        return False
    if inspects(user):
        return True
    if user.is_leader:
        return task.confidentiality != Confidentiality.SECRET
    return restrict(Task.objects.filter(pk=task.pk), user, action).exists()


def require(user, action: str, task: Task) -> None:
    if not can(user, action, task):
        raise PermissionDenied(_("Bạn không có quyền với nhiệm vụ này."))


def require_task_visible(*, user, task_id: int) -> str:
    """404 unless the task exists and the user may see it now: one small query, asked on every request, also when
    the page itself comes from the cache. The task's confidentiality (a view of a secret task is audited)."""
    confidentiality = restrict(Task.objects.filter(pk=task_id), user, VIEW).values_list("confidentiality", flat=True)
    found = confidentiality.first()
    if found is None:
        raise Http404(_("Không tìm thấy nhiệm vụ."))
    return found


def access_task_by_id(*, user, task_id: int, action: str = VIEW) -> Task:
    """Fetch a task the user may act on; missing and forbidden alike are 404."""
    try:
        return (
            restrict(Task.objects.all(), user, action).select_related("directive", "parent", "previous").get(pk=task_id)
        )
    except Task.DoesNotExist:
        raise Http404(_("Không tìm thấy nhiệm vụ.")) from None


def can_read_full_text(user, directive) -> bool:
    """A directive's full text carries every task of the document, internal and secret ones included: only for
    those who oversee every agency and may see every task of this directive. A leader does not read a directive
    that has a secret task (issue 16); the standing office reads every one."""
    if not oversees_all_agencies(user) or not user.is_active:
        return False
    tasks = Task.objects.filter(directive_id=directive.pk)
    return not tasks.exclude(pk__in=restrict(tasks, user, VIEW).values("pk")).exists()


def can_import(user) -> bool:
    """Only the standing office (and administrators) import directives."""
    return bool(user.is_authenticated and user.sees_everything)


# --- extension requests and closures (extensions.py, closures.py) ---------------------------------------------------


def leads_task(user, task: Task) -> bool:
    """The user is an officer or head of an agency that leads the task (itself or through a lead group)."""
    if task.pk is None or not works_in_an_agency(user) or not user.is_active:
        return False
    return agency_assignments(user.agency_id, roles=(AssignmentRole.LEAD,)).filter(task_id=task.pk).exists()


def can_request_extension(user, task: Task) -> bool:
    """Only an officer or head of a lead agency of the task asks for more time, on a task they may see."""
    return leads_task(user, task) and can(user, VIEW, task)


def decides_extensions(user) -> bool:
    """Only the standing office (and administrators) grant or refuse extension requests."""
    return bool(user.is_authenticated and user.sees_everything)


def speaks_for_requesting_agency(user, extension) -> bool:
    """The user is an officer or head of the agency that made the extension request."""
    return works_in(user, extension.agency_id) and user.is_active


def can_withdraw_extension(user, extension) -> bool:
    """The requesting agency (its officer or head) withdraws its own request while it is pending."""
    return extension.is_pending and speaks_for_requesting_agency(user, extension)


def closes_tasks(user) -> bool:
    """Only the standing office (and administrators) record that a task is stopped, merged or no longer needed,
    and undo it."""
    return bool(user.is_authenticated and user.sees_everything)


def restrict_extension_requests(qs, user):
    """The extension requests a user may see: the standing office and the inspection commission every one; an
    agency's users their agency's
    requests on tasks they see; leaders those on tasks they see; nobody else any."""
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.sees_everything or inspects(user):
        return qs
    visible = restrict(Task.objects.all(), user, VIEW).values("pk")
    if works_in_an_agency(user):
        return qs.filter(agency_id=user.agency_id, task__in=visible)
    if user.is_leader:
        return qs.filter(task__in=visible)
    return qs.none()


def require_may(allowed: bool, message: str) -> None:
    """PermissionDenied with `message` unless `allowed` (the answer of one of the rules above)."""
    if not allowed:
        raise PermissionDenied(message)
