"""From a file to directive and tasks: extraction (pure Python) + the registry + the atomic import service."""

import hashlib
from dataclasses import dataclass

from django.db import transaction

from giamsat.agencies.selectors import AgencyResolver
from giamsat.extraction import DirectiveDraft, extract

from .choices import Confidentiality
from .services import ImportResult, directive_import_draft

ROLES = ("directing", "lead", "coordinating")


def draft_resolve(draft: DirectiveDraft, resolver: AgencyResolver | None = None) -> DirectiveDraft:
    """Fill every agency mention with the registry's name and score; unknown names get a warning."""
    resolver = resolver or AgencyResolver()
    for task in draft.tasks:
        for role in ROLES:
            for mention in getattr(task, role):
                resolution = resolver.resolve(mention.text)
                mention.agency = str(resolution.target) if resolution.resolved else None
                mention.score = round(resolution.score, 1) if resolution.resolved else None
                mention.scope_note = resolution.scope_note
                if not resolution.resolved:
                    task.warnings.append(
                        f"Cơ quan “{mention.text}” chưa có trong danh mục; hãy chọn cơ quan tương ứng."
                    )
    return draft


def draft_document(draft: DirectiveDraft) -> dict:
    return draft.to_dict()["document"]


def draft_tasks(draft: DirectiveDraft) -> list[dict]:
    """The draft's tasks in the import service's shape (agencies as printed)."""
    tasks = []
    for task in draft.to_dict()["tasks"]:
        for role in ROLES:
            task[role] = [mention["text"] for mention in task[role]]
        tasks.append(task)
    return tasks


def source_reference_for(draft: DirectiveDraft, data: bytes) -> str:
    """Stable key of a document: its number when printed, else the file's content hash."""
    if draft.document.number:
        return f"so:{draft.document.number}"
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass
class FileImport:
    draft: DirectiveDraft
    result: ImportResult | None


def original_text(data: bytes, name: str) -> str:
    """A text file as received, for the record; without NULs, which PostgreSQL cannot keep in text."""
    if not name.lower().endswith((".txt", ".md")):
        return ""
    return data.decode("utf-8", errors="replace").replace("\x00", "")


def directive_import_file(
    *,
    data: bytes,
    name: str,
    acting_user=None,
    confidentiality: str = Confidentiality.INTERNAL,
    dry_run: bool = False,
    allow_unresolved: bool = True,
    source_reference: str = "",
) -> FileImport:
    """Extract a file and import it in one transaction; `dry_run` rolls everything back.

    Raises ExtractionError for an unreadable file and ValidationError for a draft that cannot be
    imported; in both cases nothing is written.
    """
    draft = draft_resolve(extract(data, name))
    with transaction.atomic():
        result = directive_import_draft(
            document=draft_document(draft),
            tasks=draft_tasks(draft),
            source_reference=source_reference or source_reference_for(draft, data),
            text=original_text(data, name),
            confidentiality=confidentiality,
            acting_user=acting_user,
            allow_unresolved=allow_unresolved,
        )
        if dry_run:
            transaction.set_rollback(True)
    return FileImport(draft=draft, result=result)


# --- staged import through the web UI: upload, preview and correct, confirm ---------------------------

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
LINEAGE_MIN_SCORE = 85.0


def lineage_candidates(tasks: list[dict], *, exclude_directive_id: int | None = None) -> dict[str, dict]:
    """For each drafted task, an earlier task with the same lead and a similar title (rapidfuzz), if any."""
    from rapidfuzz import fuzz

    from giamsat.extraction.text import fold

    from .choices import AssignmentRole
    from .models import TaskAssignment

    resolver = AgencyResolver()
    wanted_leads: dict[str, set[int]] = {}
    for task in tasks:
        ids = {r.agency.pk for r in (resolver.resolve(n) for n in task["lead"]) if r.agency is not None}
        if ids:
            wanted_leads[task["ref"]] = ids
    all_ids = set().union(*wanted_leads.values()) if wanted_leads else set()
    by_lead: dict[int, list[tuple[int, str, str]]] = {}
    rows = TaskAssignment.objects.filter(role=AssignmentRole.LEAD, agency_id__in=all_ids).select_related(
        "task__directive"
    )
    if exclude_directive_id:
        rows = rows.exclude(task__directive_id=exclude_directive_id)
    for row in rows:
        by_lead.setdefault(row.agency_id, []).append((row.task_id, fold(row.task.title), str(row.task)))
    proposals: dict[str, dict] = {}
    for task in tasks:
        title = fold(task["title"])
        best = None
        for agency_id in wanted_leads.get(task["ref"], ()):
            for task_id, other_title, label in by_lead.get(agency_id, ()):
                score = fuzz.token_set_ratio(title, other_title)
                if score >= LINEAGE_MIN_SCORE and (best is None or score > best["score"]):
                    best = {"task_id": task_id, "label": label, "score": round(score, 1)}
        if best:
            proposals[task["ref"]] = best
    return proposals


def import_batch_stage(*, data: bytes, name: str, acting_user):
    """Extract an uploaded document and keep the draft for review; nothing reaches the tasks yet."""
    from django.core.files.base import ContentFile

    from .models import ImportBatch

    if len(data) > MAX_UPLOAD_BYTES:
        from giamsat.extraction import ExtractionError

        raise ExtractionError("Tệp quá lớn (tối đa 20 MB).")
    draft = draft_resolve(extract(data, name))
    payload = draft.to_dict()
    existing = None
    if draft.document.number:
        from .models import Directive

        existing = Directive.objects.filter(number=draft.document.number).first()
    payload["lineage"] = lineage_candidates(draft_tasks(draft), exclude_directive_id=existing.pk if existing else None)
    payload["existing_directive_id"] = existing.pk if existing else None
    batch = ImportBatch(
        original_name=name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        draft=payload,
        created_by=acting_user,
    )
    batch.file.save(f"{batch.sha256[:16]}-{name[-80:]}", ContentFile(data), save=False)
    batch.save()
    return batch


def import_batch_confirm(
    *,
    batch,
    acting_user,
    confidentiality: str,
    agency_choices: dict,
    deadline_overrides: dict,
    linked_refs: set[str],
    document_overrides: dict,
) -> ImportResult:
    """Import the reviewed draft in one transaction: corrections applied, lineage recorded, batch closed.

    `agency_choices` maps (task index, role, mention index) to 'a:<agency id>' or 'g:<group id>';
    `deadline_overrides` maps a task index to (date, kind); `linked_refs` are the refs whose proposed
    earlier task is confirmed as the same task.
    """
    import datetime

    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from . import policy
    from .models import ImportBatch, Task
    from .services import task_link_previous

    if not acting_user.sees_everything:
        raise ValidationError(_("Chỉ Cơ quan Thường trực được nhập văn bản."))
    if batch.status != ImportBatch.Status.STAGED:
        raise ValidationError(_("Lần nhập này đã được xử lý."))
    draft = batch.draft
    document = {**draft["document"], **{k: v for k, v in document_overrides.items() if v not in (None, "")}}
    tasks = []
    for index, task in enumerate(draft["tasks"]):
        item = dict(task)
        for role in ROLES:
            entries = []
            for position, mention in enumerate(task[role]):
                choice = agency_choices.get((index, role, position), "")
                if choice.startswith("a:"):
                    entries.append({"text": mention["text"], "agency_id": int(choice[2:])})
                elif choice.startswith("g:"):
                    entries.append({"text": mention["text"], "group_id": int(choice[2:])})
                else:
                    entries.append(mention["text"])
            item[role] = entries
        if index in deadline_overrides:
            date, kind = deadline_overrides[index]
            item["deadline"] = date.isoformat() if isinstance(date, datetime.date) else date
            item["deadline_kind"] = kind
        tasks.append(item)
    with transaction.atomic():
        result = directive_import_draft(
            document=document,
            tasks=tasks,
            source_reference=f"so:{document['number']}" if document.get("number") else f"sha256:{batch.sha256}",
            confidentiality=confidentiality,
            acting_user=acting_user,
            allow_unresolved=True,
        )
        for ref in linked_refs:
            proposal = draft.get("lineage", {}).get(ref)
            if not proposal:
                continue
            previous = Task.objects.filter(pk=proposal["task_id"]).first()
            task = result.directive.tasks.filter(ref=ref).first()
            if previous and task and policy.can(acting_user, policy.CHANGE, previous) and task.previous_id is None:
                task_link_previous(task=task, previous=previous, acting_user=acting_user)
        directive = result.directive
        if not directive.original_file:  # the uploaded document stays with the directive
            directive.original_file.name = batch.file.name
            directive._history_user = acting_user
            directive.save(update_fields=["original_file", "updated_at"])
        batch.status = ImportBatch.Status.CONFIRMED
        batch.directive = result.directive
        batch._history_user = acting_user
        batch.save(update_fields=["status", "directive", "updated_at"])
    return result
