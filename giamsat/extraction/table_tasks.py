"""From table rows (any format) to task drafts: sections, sub-items, agencies, deadlines, sources."""

import re
from dataclasses import dataclass, field

from .agency_cells import split_agencies
from .cleaning import clean_cell, join_broken, strip_html
from .columns import map_header
from .deadlines import parse_deadline
from .draft import AgencyMention, TaskDraft
from .text import fold

ROMAN = re.compile(r"^(?=[IVXLC]+$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
SECTION_IN_TEXT = re.compile(r"^\s*((?=[IVXLC]+[.\s])[IVXLC]+|[A-Z])[.\s)]+\s*(\S.*)$", re.S)
MERGED_REF = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,3})?\+\d{1,2}$")
SUBSECTION_REF = re.compile(r"^(?=[IVXLC]+\.)[IVXLC]+(?:\.\d{1,2})+$")
TASK_REF = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3})\.?$")
LETTER_REF = re.compile(r"^([a-zđ])[.)]?$")
DOCUMENT_NUMBER = re.compile(
    r"(?<![\w/-])\d{1,4}[a-z]?\s*[-/]\s*[A-ZĐ][A-Za-zĐđ&]*(?:[-/][A-ZĐ][A-Za-zĐđ&]*)*(?:/[A-ZĐ][A-Za-zĐđ&-]*)?"
)
MAX_REF = 60  # what the database keeps (Task.ref: 64, Task.planned_time: 255)
MAX_PLANNED_TIME = 250
DATE_KINDS = {"date", "quarter", "month", "half_year", "year", "range"}


@dataclass
class LogicalRow:
    """One table row with its cells by role (raw text: may hold line breaks and HTML)."""

    ref: str
    cells: dict[str, str] = field(default_factory=dict)
    wrapped: dict[str, int] = field(default_factory=dict)  # widest printed line per role (flattened PDF)
    merged: bool = False  # a row of merged cells: the columns on its left span down from the row above


def rows_from_table(rows: list[list[str]]) -> tuple[dict[int, str], list[LogicalRow]] | None:
    """Find the header row anywhere in the table and turn the rows below it into logical rows.

    A row whose number cell is empty continues the row above (cells broken over lines or pages).
    """
    for header_index, row in enumerate(rows[:50]):
        mapping = map_header(row)
        if mapping is None:
            continue
        header_folded = [fold(c) for c in row]
        logical: list[LogicalRow] = []
        ref_col = next((i for i, r in mapping.items() if r == "ref"), None)
        for raw in rows[header_index + 1 :]:
            cells = {role: (raw[i] if i < len(raw) else "") or "" for i, role in mapping.items()}
            if not any(c.strip() for c in raw):
                continue
            if _repeats_header(raw, header_folded):
                continue  # header repeated on a new page
            if all(re.fullmatch(r"\(?\d{1,2}\)?", c.strip() or "0") for c in raw):
                continue  # a row of column numbers '(1) (2) (3)'
            ref = cells.pop("ref", "").strip() if ref_col is not None else ""
            if not ref:
                section = _section_from_cells(raw)
                if section:
                    logical.append(LogicalRow(ref=section[0], cells={"title": section[1]}))
                    continue
            if not ref and logical and ROMAN.match(logical[-1].ref) is None:
                previous = logical[-1]
                for role, text in cells.items():
                    if text.strip():
                        previous.cells[role] = join_broken([previous.cells.get(role, ""), text])
                continue
            logical.append(LogicalRow(ref=ref, cells=cells))
        return mapping, logical
    return None


def _repeats_header(raw: list[str], header_folded: list[str]) -> bool:
    """The header row again (a new page); compared cell by cell, so a task row is told apart at its first cell."""
    if len(raw) < len(header_folded):
        return False
    return all(fold(cell) == header for cell, header in zip(raw, header_folded, strict=False))


def _glued_ref(ref: str) -> str:
    """A number broken over lines in a narrow STT column ('1 0', '15 .1' from a PDF) glued back together."""
    if " " in ref:
        glued = ref.replace(" ", "").rstrip(".")
        if TASK_REF.match(glued) or ROMAN.match(glued):
            return glued
    return ref


def _section_from_cells(raw: list[str]) -> tuple[str, str] | None:
    texts = [c.strip() for c in raw if c.strip()]
    if not texts or len(set(texts)) != 1:
        return None
    match = SECTION_IN_TEXT.match(texts[0])
    if match and (ROMAN.match(match.group(1)) or len(match.group(1)) == 1):
        return match.group(1), match.group(2)
    return None


def _mentions(text: str) -> list[AgencyMention]:
    return [AgencyMention(text=name) for name in split_agencies(strip_html(text))]


def _source_documents(*texts: str) -> list[str]:
    numbers: list[str] = []
    for text in texts:
        cleaned = clean_cell(text)
        for match in DOCUMENT_NUMBER.finditer(cleaned):
            number = re.sub(r"\s+", "", match.group(0)).strip(",;.")
            if number not in numbers:
                numbers.append(number)
    return numbers


def tasks_from_rows(rows: list[LogicalRow], *, working_year: int | None) -> list[TaskDraft]:
    tasks: list[TaskDraft] = []
    section, section_title, subsection_title = "", "", ""
    group_labelled: set[int] = set()  # indexes of tasks whose ref already is their group's label
    last_numbered: TaskDraft | None = None
    for row in rows:
        ref = _glued_ref(clean_cell(row.ref).rstrip("."))
        if ROMAN.match(ref) or (len(ref) == 1 and ref.isupper() and ref.isalpha()):
            section, section_title = ref, clean_cell(row.cells.get("title", ""), footnotes=True)
            subsection_title = ""
            continue
        if SUBSECTION_REF.match(ref) and ref.split(".")[0] == section:
            subsection_title = clean_cell(row.cells.get("title", ""), footnotes=True)  # III.1, III.1.2: a group
            continue
        warnings: list[str] = []
        title = clean_cell(row.cells.get("title", ""), footnotes=True)
        parent_ref = None
        if TASK_REF.match(ref):
            if "." in ref:
                parent_ref = ref.rsplit(".", 1)[0]
        elif LETTER_REF.match(ref) and last_numbered is not None:
            parent_ref = last_numbered.ref
            ref = f"{last_numbered.ref}.{LETTER_REF.match(ref).group(1)}"
        elif MERGED_REF.match(ref) and title:  # '3+1': a row of merged cells under row 3 ('+1' under a group)
            base, count = ref.rsplit("+", 1)
            if not base:
                group_labelled.add(len(tasks))
            ref = f"{base or section}+{count}"
        elif not ref and title and section and not any(t.ref == section for t in tasks):
            ref = section  # the one row of a group printed without a number: the group's label names it
            group_labelled.add(len(tasks))
        else:
            if not title:
                continue
            warnings.append(f"Số thứ tự “{ref}” không chuẩn; hãy kiểm tra." if ref else "Dòng không có số thứ tự.")
            ref = ref or f"#{len(tasks) + 1}"
        if not title:
            warnings.append("Thiếu nội dung nhiệm vụ.")
        if len(ref) > MAX_REF:  # cut before making it unique, so that the cut cannot make it a duplicate again
            warnings.append("Số thứ tự quá dài, đã cắt bớt; hãy kiểm tra.")
            ref = ref[: MAX_REF - 6]
        task = TaskDraft(
            ref=ref,
            title=title,
            section=section,
            section_title=section_title,
            subsection_title=subsection_title,
            parent_ref=parent_ref,
        )
        task.expected_result = clean_cell(row.cells.get("expected_result", ""), footnotes=True)
        task.directing = _mentions(row.cells.get("directing", ""))
        task.lead = _mentions(row.cells.get("lead", ""))
        task.coordinating = _mentions(row.cells.get("coordinating", ""))
        _apply_deadline(task, row, working_year)
        task.source_documents = _source_documents(row.cells.get("source", ""), row.cells.get("notes", ""))
        task.notes = clean_cell(row.cells.get("notes", ""))
        if not task.lead and not task.coordinating:
            warnings.append("Chưa xác định được cơ quan chủ trì.")
        if len(task.planned_time) > MAX_PLANNED_TIME:
            warnings.append("Ô thời gian theo kế hoạch quá dài, đã cắt bớt; hãy kiểm tra.")
            task.planned_time = task.planned_time[:MAX_PLANNED_TIME]
        if task.deadline_kind == "none" and (task.deadline_text or task.planned_time):
            warnings.append("Không hiểu được thời hạn; hãy nhập thời hạn.")
        task.warnings = warnings
        tasks.append(task)

        if TASK_REF.match(ref) and "." not in ref:
            last_numbered = task
    by_ref = _unique_refs(tasks, group_labelled)
    for task in tasks:
        if task.parent_ref and task.parent_ref not in by_ref:
            task.warnings.append(f"Không tìm thấy nhiệm vụ cha {task.parent_ref}.")
            task.parent_ref = None
    return tasks


def _unique_refs(tasks: list[TaskDraft], group_labelled: set[int]) -> dict[str, TaskDraft]:
    """Every ref unique and stable: numbering that restarts in each section or group is qualified by the
    group's label (1 under II -> II.1, 2.3 -> II.2.3); a number that never repeats stays bare. A number still
    printed twice (a printing error) is kept with a mark and a warning, never dropped."""
    refs = [task.ref for task in tasks]
    restarted = len(set(refs)) < len(refs) and len({task.section for task in tasks}) > 1
    if restarted:
        repeated = {ref for ref in refs if refs.count(ref) > 1}
        restarted = any(len({t.section for t in tasks if t.ref == ref}) > 1 for ref in repeated)
    if restarted:
        for index, task in enumerate(tasks):
            if task.section and index not in group_labelled:
                task.ref = f"{task.section}.{task.ref}"
                if task.parent_ref:
                    task.parent_ref = f"{task.section}.{task.parent_ref}"
    by_ref: dict[str, TaskDraft] = {}
    for task in tasks:
        if task.ref in by_ref:
            task.warnings.append(f"Số thứ tự {task.ref} bị trùng trong văn bản.")
            printed, count = task.ref, 2
            while task.ref in by_ref:
                task.ref, count = f"{printed}#{count}", count + 1
        by_ref[task.ref] = task
    return by_ref


_BROKEN_YEAR = re.compile(r"(?<!\d)(\d{1,2}([/.-])\d{1,2}\2)(\d{1,3})[ \t]*\n[ \t]*(\d{1,3})(?!\d)")


def _glued_digits(cell: str) -> str:
    """A date whose year wrapped in a narrow column ('15/01/202' | '6') is one date again."""

    def glue(match: re.Match) -> str:
        head, year, rest = match.group(1), match.group(3), match.group(4)
        return head + year + rest if len(year) + len(rest) == 4 else match.group(0)

    return _BROKEN_YEAR.sub(glue, cell) if "\n" in cell else cell


def _apply_deadline(task: TaskDraft, row: LogicalRow, working_year: int | None) -> None:
    """The committee's deadline wins over the planned time when it states one; both are kept."""
    committee = clean_cell(_glued_digits(row.cells.get("committee", "")))
    planned = clean_cell(_glued_digits(row.cells.get("planned", "")))
    stated = clean_cell(_glued_digits(row.cells.get("deadline", "")))
    if "committee" in row.cells:
        task.planned_time = planned or stated
        task.deadline_text = committee
        chosen = parse_deadline(committee, working_year=working_year)
        fallback = parse_deadline(planned or stated, working_year=working_year)
        if chosen.kind not in DATE_KINDS and chosen.kind != "recurring":
            chosen, fallback = fallback, chosen
    else:
        task.planned_time = planned
        task.deadline_text = stated or planned
        chosen = parse_deadline(task.deadline_text, working_year=working_year)
        fallback = parse_deadline(planned, working_year=working_year) if stated and planned else chosen
        if chosen.kind == "none" and fallback.kind != "none":
            chosen = fallback
    task.deadline, task.deadline_kind = chosen.date, chosen.kind
    task.recurring = chosen.recurring or fallback.recurring or False
