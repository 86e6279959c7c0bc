"""Writing directives and tasks. Every write is atomic and recorded with its acting user."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from giamsat.agencies.selectors import AgencyResolver
from giamsat.common.history import save_as
from giamsat.extraction.text import fold, nfc
from giamsat.notifications.choices import NotificationKind
from giamsat.notifications.services import notify, recipients_of_agencies

from . import policy
from .choices import AssignmentRole, Confidentiality, DeadlineKind, DirectiveKind, Recurrence, TaskOrigin
from .models import DeadlineChange, Directive, DocumentReference, Task, TaskAssignment

ROLE_KEYS = {
    "directing": AssignmentRole.DIRECTING,
    "lead": AssignmentRole.LEAD,
    "coordinating": AssignmentRole.COORDINATING,
}
RECURRENCE_FROM_DRAFT = {
    False: Recurrence.NONE,
    None: Recurrence.NONE,
    "regular": Recurrence.REGULAR,
    "monthly": Recurrence.MONTHLY,
    "quarterly": Recurrence.QUARTERLY,
    "yearly": Recurrence.YEARLY,
}
TASK_EDITABLE_FIELDS = ("title", "expected_result", "section_title", "confidentiality", "notes", "planned_time")


@dataclass
class ImportResult:
    directive: Directive
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    # (task id, agency id, group id) of each agency or group that leads or coordinates a task since this import
    assigned: list[tuple[int, int | None, int | None]] = field(default_factory=list)


def directive_kind_from_label(label: str | None) -> str:
    """'Kế hoạch' -> PLAN, whatever language the current user reads the UI in."""
    folded = fold(label)
    with translation.override("vi"):
        for kind in DirectiveKind:
            if fold(str(kind.label)) == folded:
                return kind.value
    return DirectiveKind.OTHER


def _date(value) -> datetime.date | None:
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def document_reference_get_or_create(*, number: str) -> DocumentReference:
    number = nfc(number).strip(" ,;.")
    reference, _created = DocumentReference.objects.get_or_create(number=number)
    if reference.directive_id is None:
        directive = Directive.objects.filter(number=number).first()
        if directive is not None:
            reference.directive = directive
            reference.save(update_fields=["directive", "updated_at"])
    return reference


def decision_document_get_or_create(*, number: str, issued_on: datetime.date | None, acting_user) -> DocumentReference:
    """The deciding document by its number, with its date when given: a reference without a date takes it; one
    recorded with another date is a clear error (two documents cannot share a number in the registry)."""
    if not nfc(number).strip(" ,;."):
        raise ValidationError(_("Phải nêu số văn bản quyết định."))
    reference = document_reference_get_or_create(number=number)
    if issued_on is not None and reference.issued_on is None:
        reference.issued_on = issued_on
        save_as(reference, acting_user, update_fields=["issued_on", "updated_at"])
    elif issued_on is not None and reference.issued_on != issued_on:
        raise ValidationError(
            _("Văn bản số %(number)s đã được ghi nhận với ngày %(recorded)s, khác ngày %(given)s vừa nhập.")
            % {
                "number": reference.number,
                "recorded": reference.issued_on.strftime("%d/%m/%Y"),
                "given": issued_on.strftime("%d/%m/%Y"),
            }
        )
    return reference


@transaction.atomic
def directive_import_draft(
    *,
    document: dict,
    tasks: list[dict],
    source_reference: str,
    text: str = "",
    confidentiality: str = Confidentiality.INTERNAL,
    acting_user=None,
    allow_unresolved: bool = False,
) -> ImportResult:
    """Create or update a directive and its tasks from a structured draft, all or nothing.

    The draft has the shape of the extraction output (and of the hand-checked gold files): document
    metadata, then tasks with ref, titles, agencies per role, deadline and its kind. An agency is a
    printed name, or a dict {"text", "agency_id"|"group_id"} when someone picked it in the preview.
    A re-import of the same document (same `source_reference`, or same number) updates tasks by ref
    instead of duplicating them. A name the registry does not know makes the whole import fail,
    listing the names — unless `allow_unresolved`, where it is kept on the task flagged for review.
    """
    resolver = AgencyResolver()
    unknown: list[str] = []
    for item in tasks:
        for role_key in ROLE_KEYS:
            unknown += [
                _printed(entry) for entry in item.get(role_key) or [] if _resolve(resolver, entry)[:2] == (None, None)
            ]
    if unknown and not allow_unresolved:
        raise ValidationError(
            _("Không nhận diện được cơ quan: %(names)s. Hãy bổ sung vào danh mục cơ quan (tên gọi khác) rồi nhập lại.")
            % {"names": "; ".join(dict.fromkeys(unknown))}
        )

    number = nfc(document.get("number"))
    directive = (
        Directive.objects.filter(source_reference=source_reference).first()
        or (Directive.objects.filter(number=number).first() if number else None)
        or Directive(source_reference=source_reference)
    )
    values = {
        "number": nfc(document.get("number")),
        "kind": directive_kind_from_label(document.get("kind") or document.get("type")),
        "issued_on": _date(document.get("issued_on")),
        "issuer": resolver.resolve(document.get("issuer") or "").agency,
        "issuer_text": nfc(document.get("issuer")),
        "signer": nfc(document.get("signer")),
        "signer_title": nfc(document.get("signer_title")),
        "title": nfc(document.get("title") or source_reference),
        "working_year": document.get("working_year"),
    }
    if text:
        values["text"] = text  # kept verbatim: the original as received
    if directive.pk is None or any(getattr(directive, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(directive, name, value)
        directive.full_clean()
        save_as(directive, acting_user)

    result = ImportResult(directive=directive)
    existing = {t.ref: t for t in directive.tasks.all()}
    by_ref: dict[str, Task] = {}
    for position, item in enumerate(tasks):
        task = existing.get(item["ref"]) or Task(directive=directive, ref=item["ref"], confidentiality=confidentiality)
        values = {
            "origin": item.get("origin") or TaskOrigin.TABLE,
            "position": position,
            "section": item.get("section") or "",
            "section_title": item.get("section_title") or "",
            "subsection_title": item.get("subsection_title") or "",
            "title": item["title"],
            "expected_result": item.get("expected_result") or "",
            "deadline": _date(item.get("deadline")),
            "deadline_text": item.get("deadline_text") or "",
            "deadline_kind": item.get("deadline_kind") or DeadlineKind.NONE,
            "planned_time": item.get("planned_time") or "",
            "recurrence": RECURRENCE_FROM_DRAFT.get(item.get("recurring"), Recurrence.NONE),
            "explicit_assignment": item.get("explicit_assignment", True),
        }
        values = {name: nfc(value) if isinstance(value, str) else value for name, value in values.items()}
        is_new = task.pk is None
        changed = is_new or any(getattr(task, name) != value for name, value in values.items())
        for name, value in values.items():
            setattr(task, name, value)
        if changed:  # an unchanged re-import leaves no history entry
            task.full_clean(exclude=["parent", "previous"])
            save_as(task, acting_user)
        by_ref[task.ref] = task

        wanted = []
        for role_key, role in ROLE_KEYS.items():
            for index, entry in enumerate(item.get(role_key) or []):
                agency, group, printed, scope_note = _resolve(resolver, entry)
                wanted.append((role, agency, group, printed, scope_note, index))
        current = {
            (a.role, a.agency_id, a.group_id, a.printed_name, a.scope_note, a.position) for a in task.assignments.all()
        }
        if current != {(r, a.pk if a else None, g.pk if g else None, p, n, i) for r, a, g, p, n, i in wanted}:
            changed = True
            involved = {(a, g) for role, a, g, *_rest in current if role in policy.MINE_ROLES}  # before this import
            result.assigned += [
                (task.pk, agency.pk if agency else None, group.pk if group else None)
                for role, agency, group, *_rest in wanted
                if role in policy.MINE_ROLES
                and (agency or group)
                and (agency.pk if agency else None, group.pk if group else None) not in involved
            ]
            task.assignments.all().delete()
            for role, agency, group, printed, scope_note, index in wanted:
                assignment = TaskAssignment(
                    task=task,
                    role=role,
                    agency=agency,
                    group=group,
                    printed_name=printed,
                    scope_note=scope_note,
                    position=index,
                )
                save_as(assignment, acting_user)
        if is_new:
            result.created += 1
        elif changed:
            result.updated += 1
        else:
            result.unchanged += 1
        task.source_documents.set(
            [document_reference_get_or_create(number=n) for n in item.get("source_documents") or [] if n.strip(" ,")]
        )
    for item in tasks:
        parent_ref = item.get("parent_ref")
        task = by_ref[item["ref"]]
        parent = by_ref.get(parent_ref) if parent_ref else None
        if parent_ref and parent is None:
            raise ValidationError(
                _("Nhiệm vụ %(ref)s trỏ tới nhiệm vụ cha %(parent)s không có trong văn bản.")
                % {"ref": item["ref"], "parent": parent_ref}
            )
        if task.parent_id != (parent.pk if parent else None):
            task.parent = parent
            save_as(task, acting_user, update_fields=["parent", "updated_at"])
    DocumentReference.objects.filter(number=directive.number, directive__isnull=True).exclude(number="").update(
        directive=directive
    )
    task_assignments_notify(assigned=result.assigned)
    return result


# Above this many new tasks of one directive, an agency's people get one notification for the directive instead of
# one per task (a plan of the province assigns a department twenty tasks at once).
TASK_NOTICES_PER_DIRECTIVE = 5


def task_assignments_notify(*, assigned: list[tuple[int, int | None, int | None]]) -> int:
    """Tell the officers and heads of each agency newly leading or coordinating a task (itself, or as a member of a
    group) that it has a new task: "Nhiệm vụ mới giao cho đơn vị", linking to the task's page, once per person and
    task. An agency given more than TASK_NOTICES_PER_DIRECTIVE tasks of one directive hears once, of the directive's
    tasks. Only of tasks its people may see (`policy.restrict`): a secret task is named to nobody in an agency.
    Directing agencies (chỉ đạo) are not told: they neither carry out nor report. Returns the notifications made."""
    from giamsat.agencies.models import AgencyGroup

    if not assigned:
        return 0
    agencies_of: dict[int, set[int]] = {}
    group_ids = {group_id for _task, _agency, group_id in assigned if group_id}
    members: dict[int, set[int]] = {}
    for group_id, agency_id in AgencyGroup.members.through.objects.filter(agencygroup_id__in=group_ids).values_list(
        "agencygroup_id", "agency_id"
    ):
        members.setdefault(group_id, set()).add(agency_id)
    for task_id, agency_id, group_id in assigned:
        agencies_of.setdefault(task_id, set()).update({agency_id} if agency_id else members.get(group_id, set()))
    people: dict[int, list] = {}
    for user in recipients_of_agencies({pk for ids in agencies_of.values() for pk in ids}):
        people.setdefault(user.agency_id, []).append(user)
    tasks = Task.objects.select_related("directive").in_bulk(list(agencies_of))
    # What each agency's people may see: one query per agency, through the policy (its officers and heads see alike).
    visible: dict[int, set[int]] = {}
    for agency_id, users in people.items():
        mine = [task_id for task_id, ids in agencies_of.items() if agency_id in ids]
        visible[agency_id] = set(
            policy.restrict(Task.objects.filter(pk__in=mine), users[0], policy.VIEW).values_list("pk", flat=True)
        )
    per_directive: dict[tuple[int, int], list[int]] = {}
    for agency_id, task_ids in visible.items():
        for task_id in task_ids:
            per_directive.setdefault((agency_id, tasks[task_id].directive_id), []).append(task_id)
    told: dict[int, list] = {}
    made = 0
    for (agency_id, _directive_id), task_ids in sorted(per_directive.items()):
        if len(task_ids) <= TASK_NOTICES_PER_DIRECTIVE:
            for task_id in task_ids:
                told.setdefault(task_id, []).extend(people[agency_id])
            continue
        directive = tasks[task_ids[0]].directive
        made += len(
            notify(
                people[agency_id],
                NotificationKind.TASK_ASSIGNED,
                _("%(n)d nhiệm vụ mới giao cho đơn vị theo văn bản %(directive)s")
                % {"n": len(task_ids), "directive": directive},
                f"{reverse('directives:task_list')}?directive={directive.pk}",
                body=strip_tags(directive.title)[:300],
            )
        )
    for task_id, users in sorted(told.items()):
        task = tasks[task_id]
        words = strip_tags(task.title).strip()
        lines = [f"{words[:200]}…" if len(words) > 200 else words]
        if task.deadline:
            lines.append(_("Thời hạn: %(day)s") % {"day": task.deadline.strftime("%d/%m/%Y")})
        made += len(
            notify(
                users,
                NotificationKind.TASK_ASSIGNED,
                _("Nhiệm vụ mới giao cho đơn vị: %(task)s") % {"task": task},
                reverse("directives:task_detail", args=[task.pk]),
                body="\n".join(lines),
                key=f"assigned:{task.pk}",
            )
        )
    return made


def _printed(entry: str | dict) -> str:
    return nfc(entry["text"] if isinstance(entry, dict) else entry)


def _resolve(resolver: AgencyResolver, entry: str | dict) -> tuple:
    """(agency, group, printed name, scope note) of a printed name, or of a choice made in the preview.

    A choice {"text", "unresolved": True} keeps the printed name without an agency, for later review.
    """
    from giamsat.agencies.models import Agency, AgencyGroup

    printed = _printed(entry)
    resolution = resolver.resolve(printed)
    if isinstance(entry, dict) and entry.get("unresolved"):
        return None, None, printed, resolution.scope_note
    if isinstance(entry, dict) and (entry.get("agency_id") or entry.get("group_id")):
        agency = Agency.objects.filter(pk=entry.get("agency_id"), is_active=True).first()
        group = None if agency else AgencyGroup.objects.filter(pk=entry.get("group_id"), is_active=True).first()
        if agency or group:
            return agency, group, printed, resolution.scope_note
    return resolution.agency, resolution.group, printed, resolution.scope_note


@transaction.atomic
def task_update(*, task: Task, data: dict, acting_user) -> Task:
    """Edit a task's descriptive fields (standing office). Deadlines change only by decision."""
    policy.require(acting_user, policy.CHANGE, task)
    for name, value in data.items():
        if name not in TASK_EDITABLE_FIELDS:
            raise ValidationError(_("Không được sửa trường “%(field)s” theo cách này.") % {"field": name})
        setattr(task, name, value)
    task.full_clean()
    save_as(task, acting_user)
    return task


@transaction.atomic
def task_change_deadline(
    *,
    task: Task,
    new_deadline: datetime.date | None,
    new_deadline_text: str,
    decided_by_number: str,
    acting_user,
    reason: str = "",
    deadline_kind: str = DeadlineKind.DATE,
) -> DeadlineChange:
    """Extend or move a deadline by a recorded decision (document number), never by editing the date."""
    policy.require(acting_user, policy.CHANGE, task)
    if not nfc(decided_by_number):
        raise ValidationError(_("Phải nêu số văn bản quyết định thay đổi thời hạn."))
    change = DeadlineChange(
        task=task,
        old_deadline=task.deadline,
        old_deadline_text=task.deadline_text,
        new_deadline=new_deadline,
        new_deadline_text=nfc(new_deadline_text),
        decided_by=document_reference_get_or_create(number=decided_by_number),
        changed_by=acting_user,
        reason=nfc(reason),
    )
    save_as(change, acting_user)
    task.deadline = new_deadline
    task.deadline_text = new_deadline_text
    task.deadline_kind = deadline_kind
    task._change_reason = _("Thay đổi thời hạn theo văn bản %(number)s") % {"number": change.decided_by.number}
    save_as(task, acting_user)
    return change


@transaction.atomic
def task_link_previous(*, task: Task, previous: Task, acting_user) -> DeadlineChange | None:
    """Record that `task` (of a later directive) repeats `previous`; a new deadline is a recorded change.

    The earlier task takes the later directive's deadline through a DeadlineChange naming that
    directive as the deciding document, so history says who changed it and by which document.
    """
    policy.require(acting_user, policy.CHANGE, task)
    if previous.pk == task.pk or previous.directive_id == task.directive_id:
        raise ValidationError(_("Nhiệm vụ được nhắc lại phải thuộc một văn bản khác."))
    task.previous = previous
    save_as(task, acting_user, update_fields=["previous", "updated_at"])
    if previous.deadline == task.deadline and previous.deadline_text == task.deadline_text:
        return None
    if not task.directive.number:
        raise ValidationError(_("Văn bản sau chưa có số hiệu nên không thể ghi nhận thay đổi thời hạn."))
    change = task_change_deadline(
        task=previous,
        new_deadline=task.deadline,
        new_deadline_text=task.deadline_text,
        decided_by_number=task.directive.number,
        acting_user=acting_user,
        deadline_kind=task.deadline_kind,
        reason=_("Nhắc lại tại nhiệm vụ %(ref)s của văn bản %(number)s")
        % {"ref": task.ref, "number": task.directive.number},
    )
    change.decided_by_directive_task = task
    save_as(change, acting_user, update_fields=["decided_by_directive_task", "updated_at"])
    return change
