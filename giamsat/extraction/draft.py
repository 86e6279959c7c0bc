"""What extraction returns: a DirectiveDraft (document metadata + task drafts, each with warnings).

Plain dataclasses, JSON-serialisable through `to_dict()`; no Django here.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field


class ExtractionError(Exception):
    """The one error extraction raises: the file cannot be read or holds no directive. Message in Vietnamese."""


@dataclass
class AgencyMention:
    text: str  # as printed (NFC, whitespace collapsed)
    agency: str | None = None  # registry name, filled by the importer's resolver
    score: float | None = None
    scope_note: str = ""


@dataclass
class DeadlineInfo:
    date: datetime.date | None
    kind: str  # date, quarter, month, half_year, year, range, recurring, roadmap, none
    text: str  # the phrase as printed
    recurring: str | bool = False  # False, "regular", "monthly", "quarterly", "yearly"


@dataclass
class TaskDraft:
    ref: str
    title: str
    section: str = ""
    section_title: str = ""
    subsection_title: str = ""
    expected_result: str = ""
    directing: list[AgencyMention] = field(default_factory=list)
    lead: list[AgencyMention] = field(default_factory=list)
    coordinating: list[AgencyMention] = field(default_factory=list)
    planned_time: str = ""
    deadline: datetime.date | None = None
    deadline_kind: str = "none"
    deadline_text: str = ""
    recurring: str | bool = False
    source_documents: list[str] = field(default_factory=list)
    parent_ref: str | None = None
    origin: str = "table"  # table | body
    explicit_assignment: bool = True
    notes: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class DocumentDraft:
    number: str = ""
    kind: str = ""  # as printed: 'Thông báo kết luận', 'Kế hoạch', ...
    issued_on: datetime.date | None = None
    issuer: str = ""
    signer: str = ""
    signer_title: str = ""
    title: str = ""
    working_year: int | None = None


@dataclass
class DirectiveDraft:
    document: DocumentDraft
    tasks: list[TaskDraft]
    warnings: list[str] = field(default_factory=list)
    source_name: str = ""

    def to_dict(self) -> dict:
        def convert(value):
            if isinstance(value, datetime.date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: convert(v) for k, v in value.items()}
            if isinstance(value, list):
                return [convert(v) for v in value]
            return value

        return convert(asdict(self))
