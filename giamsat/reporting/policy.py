"""Who may do what with progress reports: the same rules for views, API and querysets.

- An agency officer drafts and submits the reports of its own agency, on tasks the agency leads or
  coordinates; the agency head approves them; the standing office receives and reviews every report.
- A report, its evidence, its review and its history are readable by its agency, by the standing office,
  leaders and the inspection commission, and by nobody else (evidence marked public reaches the portal
  through its own views).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from giamsat.accounts.choices import Role
from giamsat.accounts.policy import has_role, inspects, works_in_an_agency
from giamsat.directives import policy as task_policy

from .models import ProgressReport

VIEW, DRAFT, APPROVE, REVIEW = "view", "draft", "approve", "review"


def drafts_reports(user) -> bool:
    """An agency officer drafts and submits the agency's reports."""
    return works_in_an_agency(user) and has_role(user, Role.AGENCY_OFFICER)


def approves_reports(user) -> bool:
    """The agency head approves the agency's submitted reports."""
    return works_in_an_agency(user) and has_role(user, Role.AGENCY_HEAD)


def reviews_reports(user) -> bool:
    """The standing office (and administrators) receive, review and publish every report."""
    return bool(user.is_authenticated and user.sees_everything)


def restrict(qs: QuerySet[ProgressReport], user, action: str = VIEW) -> QuerySet[ProgressReport]:
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.sees_everything:
        return qs if action in (VIEW, REVIEW) else qs.none()
    if inspects(user):
        return qs if action == VIEW else qs.none()
    if user.is_leader:
        # Reports on the tasks the leader sees: never a secret task's (issue 16).
        visible = task_policy.visible_confidentialities(user) or ()
        return qs.filter(task__confidentiality__in=visible) if action == VIEW else qs.none()
    if user.is_agency_user and user.agency_id:
        own = qs.filter(agency_id=user.agency_id)
        if action == VIEW:
            return own
        if action == DRAFT and drafts_reports(user):
            return own
        if action == APPROVE and approves_reports(user):
            return own
    return qs.none()


def agency_reports_on(agency, task) -> bool:
    """The agency leads or coordinates the task (directly or through a group): it owes or may send reports."""
    return (
        type(task)
        .objects.filter(pk=task.pk)
        .filter(task_policy.involves_agency(agency.pk, roles=task_policy.MINE_ROLES))
        .exists()
    )


def reporting_agencies(task) -> QuerySet:
    """The agencies that lead or coordinate the task, directly or as members of a group: those that report on it."""
    from giamsat.agencies.models import Agency

    assignments = task.assignments.filter(role__in=task_policy.MINE_ROLES)
    return Agency.objects.filter(
        Q(pk__in=assignments.values("agency_id")) | Q(agency_groups__in=assignments.values("group_id"))
    ).distinct()


def reading_scope(user) -> str:
    """Which reports `restrict(..., VIEW)` lets the user read, as a key: "all", "agency:<id>" or "none". Pages
    cached per reader carry it, so a body built for one agency is never served to another."""
    if user is None or not user.is_authenticated or not user.is_active:
        return "none"
    if user.sees_everything or user.is_leader or inspects(user):
        return "all"
    if user.is_agency_user and user.agency_id:
        return f"agency:{user.agency_id}"
    return "none"


def can_report_on(user, task) -> bool:
    """The user's agency leads or coordinates the task, and the user drafts reports."""
    return drafts_reports(user) and agency_reports_on(user.agency, task)


def require(user, action: str, report: ProgressReport) -> None:
    if not restrict(ProgressReport.objects.filter(pk=report.pk), user, action).exists():
        raise PermissionDenied(_("Bạn không có quyền với báo cáo này."))


def access_report_by_id(*, user, report_id: int, action: str = VIEW) -> ProgressReport:
    try:
        return (
            restrict(ProgressReport.objects.all(), user, action)
            .select_related("task", "period", "agency")
            .get(pk=report_id)
        )
    except ProgressReport.DoesNotExist:
        raise Http404(_("Không tìm thấy báo cáo.")) from None
