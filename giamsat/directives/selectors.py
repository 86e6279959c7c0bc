"""Reading directives and tasks, always through the permission policy."""

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from giamsat.common.history import field_label, value_display

from . import policy
from .choices import AssignmentRole
from .models import Directive, Task, TaskAssignment

ASSIGNMENTS = Prefetch(
    "assignments", queryset=TaskAssignment.objects.select_related("agency", "group").order_by("role", "position")
)


def task_list(*, user, mine: bool = False) -> QuerySet[Task]:
    """Tasks the user may see; `mine`: only those the user's agency leads or coordinates."""
    qs = policy.restrict(Task.objects.all(), user, policy.VIEW)
    if mine:
        if not getattr(user, "agency_id", None):
            return qs.none()
        qs = qs.filter(policy.involves_agency(user.agency_id, roles=policy.MINE_ROLES))
    return (
        qs.select_related("directive")
        .prefetch_related(ASSIGNMENTS)
        .order_by(F("deadline").asc(nulls_last=True), "directive_id", "position")
    )


def task_detail(*, user, task_id: int) -> Task:
    """The task with what its page shows, fetched through the policy (404 for missing and forbidden alike).
    Its reports, which the statuses read, are added by monitoring (`monitoring.selectors.task_with_reports`)."""
    try:
        return (
            policy.restrict(Task.objects.all(), user, policy.VIEW)
            .select_related("directive")  # a parent or an earlier task, rare, is read when there is one
            .prefetch_related(ASSIGNMENTS, "source_documents", "deadline_changes__decided_by")
            .get(pk=task_id)
        )
    except Task.DoesNotExist:
        raise Http404(_("Không tìm thấy nhiệm vụ.")) from None


def task_relatives(*, user, task: Task) -> tuple[list[Task], list[Task]]:
    """The task's children and the tasks that repeat it, those the user may see: one query for both."""
    related = (
        policy.restrict(Task.objects.all(), user, policy.VIEW)
        .filter(Q(parent=task) | Q(previous=task))
        .select_related("directive")
        .order_by("directive_id", "position")  # each document's order: 15.1 before 15.2
    )
    children, repeated_by = [], []
    for other in related:
        if other.parent_id == task.pk:
            children.append(other)
        if other.previous_id == task.pk:
            repeated_by.append(other)
    return children, repeated_by


def task_history(*, task: Task) -> list[dict]:
    """Field-level changes of the task, newest first: who, when, what. Each change names the field as the forms
    do and its old and new values as people read them (labels of choices, dd/mm/yyyy, Có/Không, names)."""
    entries: list[dict] = []
    records = list(task.history.select_related("history_user").order_by("history_date"))
    # Tasks written without history (bulk loads) have no records: their history is just empty.
    for older, newer in zip([None, *records[:-1]], records, strict=False):
        changes = []
        if older is None:
            action = "created"
        else:
            action = "changed"
            for change in newer.diff_against(older).changes:
                changes.append(
                    {
                        "field": field_label(Task, change.field),
                        "old": value_display(Task, change.field, change.old),
                        "new": value_display(Task, change.field, change.new),
                    }
                )
            if not changes:
                continue
        entries.append(
            {
                "date": newer.history_date,
                "user": newer.history_user,
                "action": action,
                "changes": changes,
                "reason": newer.history_change_reason,
            }
        )
    for change in task.deadline_changes.all():
        entries.append(
            {
                "date": change.created_at,
                "user": change.changed_by,
                "action": "deadline",
                "changes": [],
                "deadline_change": change,
                "reason": change.reason,
            }
        )
    entries.sort(key=lambda e: e["date"], reverse=True)
    return entries


def directive_list(*, user) -> QuerySet[Directive]:
    visible = policy.restrict(Task.objects.all(), user, policy.VIEW).values("pk")
    return (
        Directive.objects.select_related("issuer")
        .annotate(visible_task_count=Count("tasks", filter=Q(tasks__in=visible)))
        .order_by("-issued_on", "number")
    )


def directive_tasks(*, user, directive: Directive) -> QuerySet[Task]:
    """A directive's tasks the user may see, in the document's order (its STT), not by deadline."""
    return task_list(user=user).filter(directive=directive).order_by("position", "pk")


def agency_tasks(*, user, agency_id: int) -> QuerySet[Task]:
    """Tasks the agency leads or coordinates, as far as `user` may see them."""
    return task_list(user=user).filter(policy.involves_agency(agency_id, roles=policy.MINE_ROLES))


def lead_names(task: Task) -> list[str]:
    return [str(a.target) for a in task.assignments.all() if a.role == AssignmentRole.LEAD]


def lead_agencies(tasks: QuerySet[Task]) -> dict[int, set[int]]:
    """{task id: ids of the agencies that lead it} — each lead agency and each member of a lead group: the
    task's parts, each with its own status. A task whose lead names are not resolved has no entry."""
    from giamsat.agencies.models import AgencyGroup

    found: dict[int, set[int]] = {}
    leads = TaskAssignment.objects.filter(task__in=tasks.order_by().values("pk"), role=AssignmentRole.LEAD)
    for task_id, agency_id in leads.filter(agency__isnull=False).values_list("task_id", "agency_id"):
        found.setdefault(task_id, set()).add(agency_id)
    members = AgencyGroup.members.through.objects.filter(
        agencygroup_id__in=leads.filter(group__isnull=False).values("group_id")
    ).values_list("agencygroup_id", "agency_id")
    by_group: dict[int, set[int]] = {}
    for group_id, agency_id in members:
        by_group.setdefault(group_id, set()).add(agency_id)
    for task_id, group_id in leads.filter(group__isnull=False).values_list("task_id", "group_id"):
        found.setdefault(task_id, set()).update(by_group.get(group_id, ()))
    return {task_id: agencies for task_id, agencies in found.items() if agencies}


def part_rows(parts: dict) -> list[tuple]:
    """[(agency, its part's status)] sorted by agency name, for `{agency id: status}` of a task's parts."""
    from giamsat.agencies.models import Agency

    agencies = Agency.objects.in_bulk([pk for pk in parts if pk is not None])
    return sorted(((agencies[pk], result) for pk, result in parts.items() if pk in agencies), key=lambda r: r[0].name)
