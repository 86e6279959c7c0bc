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
            text=data.decode("utf-8", errors="replace") if name.lower().endswith((".txt", ".md")) else "",
            confidentiality=confidentiality,
            acting_user=acting_user,
            allow_unresolved=allow_unresolved,
        )
        if dry_run:
            transaction.set_rollback(True)
    return FileImport(draft=draft, result=result)
