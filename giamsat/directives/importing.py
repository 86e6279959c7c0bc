"""From a file to directive and tasks: extraction (pure Python) + the registry + the atomic import service."""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from giamsat.agencies.selectors import AgencyResolver
from giamsat.common.uploads import check_archive
from giamsat.extraction import DirectiveDraft, ExtractionError, extract

from .choices import Confidentiality
from .lineage import lead_ids_of, lineage_candidates
from .services import ImportResult, directive_import_draft

ROLES = ("directing", "lead", "coordinating")


def unknown_agency_warning(printed: str) -> str:
    return f"Cơ quan “{printed}” chưa có trong danh mục; hãy chọn cơ quan tương ứng."


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
                    task.warnings.append(unknown_agency_warning(mention.text))
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


# --- staged import through the web UI: upload, review and correct, confirm ---------------------------

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def import_batch_extract(*, data: bytes, name: str) -> dict:
    """Read an uploaded document and extract its draft for review (agencies resolved, lineage proposed): the long
    part of an import, which writes nothing (the background job runs it outside any transaction)."""
    from .models import Directive

    if len(data) > MAX_UPLOAD_BYTES:
        raise ExtractionError("Tệp quá lớn (tối đa 20 MB).")
    try:
        check_archive(data)  # a .docx/.xlsx zip bomb is refused by its numbers, before any parser inflates it
    except ValidationError as refused:
        raise ExtractionError(" ".join(refused.messages)) from refused
    resolver = AgencyResolver()
    draft = draft_resolve(extract(data, name), resolver)
    payload = draft.to_dict()
    existing = Directive.objects.filter(number=draft.document.number).first() if draft.document.number else None
    rows = [
        {"ref": t["ref"], "title": t["title"], "lead_ids": lead_ids_of(t["lead"], resolver)} for t in draft_tasks(draft)
    ]
    payload["lineage"] = lineage_candidates(rows, exclude_directive_id=existing.pk if existing else None)
    payload["existing_directive_id"] = existing.pk if existing else None
    return payload


def import_batch_stage(*, data: bytes, name: str, acting_user, payload: dict | None = None):
    """Keep an uploaded document and its extracted draft (`import_batch_extract`, run here unless given) for review;
    nothing reaches the tasks yet."""
    from django.core.files.base import ContentFile

    from .models import ImportBatch

    if payload is None:
        payload = import_batch_extract(data=data, name=name)
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


# --- from the review screen to the import service's draft --------------------------------------------

RECURRENCE_TO_DRAFT = {"none": False}


def review_tasks(*, draft_tasks: list[dict], corrections: list[dict], added: list[dict]) -> list[dict]:
    """The tasks as the review screen shows them, in the shape `directive_import_draft` takes.

    `corrections[i]` holds what the screen says for extracted row i: exclude, title, expected_result,
    deadline (date or None), deadline_kind, recurrence and, per role, the agency entries (see
    `directive_import_draft`; {"text", "create": kind} asks for a new agency, {"text", "unresolved": True}
    keeps the printed name for later review). Excluded rows are left out and a kept row whose parent
    was excluded hangs from the nearest kept ancestor. `added` rows are typed by hand.
    """
    parents = {task["ref"]: task.get("parent_ref") for task in draft_tasks}
    kept_refs = {task["ref"] for task, c in zip(draft_tasks, corrections, strict=True) if not c["exclude"]}
    tasks = []
    for task, correction in zip(draft_tasks, corrections, strict=True):
        if correction["exclude"]:
            continue
        parent = task.get("parent_ref")
        while parent and parent not in kept_refs:
            parent = parents.get(parent)
        deadline = correction["deadline"]
        tasks.append(
            {
                **task,
                "title": correction["title"],
                "expected_result": correction["expected_result"],
                "deadline": deadline.isoformat() if deadline else None,
                "deadline_kind": correction["deadline_kind"],
                "recurring": RECURRENCE_TO_DRAFT.get(correction["recurrence"], correction["recurrence"]),
                "parent_ref": parent or "",
                **{role: correction["agencies"][role] for role in ROLES},
            }
        )
    for row in added:
        deadline = row["deadline"]
        tasks.append(
            {
                "ref": row["ref"],
                "origin": "manual",
                "title": row["title"],
                "deadline": deadline.isoformat() if deadline else None,
                "deadline_kind": row.get("deadline_kind") or ("date" if deadline else "none"),
                "deadline_text": "",
                "recurring": False,
                "directing": [],
                "lead": row["lead"],
                "coordinating": [],
            }
        )
    return tasks


def _agencies_create(tasks: list[dict], acting_user) -> None:
    """Create the agencies the review asked for (once per name) and point every mention of that name at them."""
    from giamsat.agencies.services import agency_create
    from giamsat.extraction.agency_names import parse_printed_name

    created: dict[str, int] = {}
    for item in tasks:
        for role in ROLES:
            for entry in item.get(role) or []:
                if isinstance(entry, dict) and entry.get("create"):
                    printed = parse_printed_name(entry["text"])
                    if printed.key not in created:
                        agency = agency_create(name=printed.name, kind=entry["create"], acting_user=acting_user)
                        created[printed.key] = agency.pk
    if not created:
        return
    for item in tasks:
        for role in ROLES:
            entries = []
            for entry in item.get(role) or []:
                key = parse_printed_name(entry["text"] if isinstance(entry, dict) else entry).key
                if key in created and (isinstance(entry, str) or entry.get("create") or entry.get("unresolved")):
                    entry = {"text": entry["text"] if isinstance(entry, dict) else entry, "agency_id": created[key]}
                entries.append(entry)
            item[role] = entries


def import_batch_confirm(
    *,
    batch,
    acting_user,
    confidentiality: str,
    tasks: list[dict],
    links: dict[str, int],
    document_overrides: dict,
) -> ImportResult:
    """Import the reviewed draft in one transaction: new agencies, tasks as corrected, lineage, batch closed.

    `tasks` come from `review_tasks` (exactly what the review screen shows); `links` maps a ref to the
    earlier task the reviewer ticked as the same task (never assumed: only what was ticked).
    The officers and heads of each agency newly leading or coordinating a task are notified by
    `directive_import_draft` (services.task_assignments_notify), in this transaction: a refused import tells nobody.
    Raises ValidationError, and writes nothing, when anything is refused.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from . import policy
    from .models import ImportBatch, Task
    from .services import task_link_previous

    if not acting_user.sees_everything:
        raise ValidationError(_("Chỉ Cơ quan Thường trực được nhập văn bản."))
    if batch.status != ImportBatch.Status.STAGED:
        raise ValidationError(_("Lần nhập này đã được xử lý."))
    document = {**batch.draft["document"], **{k: v for k, v in document_overrides.items() if v not in (None, "")}}
    refs = [item["ref"] for item in tasks]
    duplicates = sorted({ref for ref in refs if refs.count(ref) > 1})
    if duplicates:
        raise ValidationError(_("Số thứ tự bị trùng: %(refs)s.") % {"refs": ", ".join(duplicates)})
    with transaction.atomic():
        tasks = [dict(item) for item in tasks]
        _agencies_create(tasks, acting_user)
        result = directive_import_draft(
            document=document,
            tasks=tasks,
            source_reference=f"so:{document['number']}" if document.get("number") else f"sha256:{batch.sha256}",
            confidentiality=confidentiality,
            acting_user=acting_user,
            allow_unresolved=True,
        )
        for ref, previous_id in links.items():
            previous = Task.objects.filter(pk=previous_id).select_related("directive").first()
            if previous is None or not policy.can(acting_user, policy.CHANGE, previous):
                raise ValidationError(
                    _("Nhiệm vụ %(ref)s: không tìm thấy nhiệm vụ đã giao trước đó để nối tiếp.") % {"ref": ref}
                )
            task = result.directive.tasks.filter(ref=ref).first()
            if task is not None and task.previous_id is None:
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
