"""The one entry point: a file (path, or bytes and a name) in, a DirectiveDraft out."""

from pathlib import Path

from .block_tables import block_tables
from .draft import DirectiveDraft, ExtractionError, TaskDraft
from .metadata import extract_metadata
from .prose import body_tasks
from .source import SourceDocument
from .table_tasks import rows_from_table, tasks_from_rows
from .text_tables import flattened_tables, tab_tables


def extract(source: str | Path | bytes, name: str | None = None) -> DirectiveDraft:
    """Read a directive document (text, .docx, .xlsx, .pdf, .html) and draft its tasks.

    Raises ExtractionError (Vietnamese message) when the file cannot be read or holds no task.
    """
    from .readers import read_source

    if isinstance(source, bytes):
        data, name = source, name or "van-ban"
    else:
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ExtractionError(f"Không mở được tệp “{path.name}”.") from error
        name = name or path.name
    return extract_from_source(read_source(data, name))


def extract_from_source(document: SourceDocument) -> DirectiveDraft:
    metadata = extract_metadata(document.text or _table_text(document))
    working_year = metadata.working_year
    warnings: list[str] = []
    tasks = []
    tables = 0
    for table in document.tables:
        parsed = rows_from_table(table.rows)
        if parsed:
            tables += 1
            tasks += _distinct(tasks_from_rows(parsed[1], working_year=working_year), tasks, tables)
    lines = document.text.splitlines()
    covered: set[int] = set()
    if not tasks:
        for table in tab_tables(lines) or block_tables(lines) or flattened_tables(lines):
            tables += 1
            tasks += _distinct(tasks_from_rows(table.rows, working_year=working_year), tasks, tables)
            covered.update(range(table.start, table.end))
    prose = body_tasks([line for i, line in enumerate(lines) if i not in covered], working_year=working_year)
    refs = {task.ref for task in tasks}
    tasks += [task for task in prose if task.ref not in refs]
    if not tasks:
        raise ExtractionError(
            "Không tìm thấy nhiệm vụ nào: văn bản không có bảng nhiệm vụ (cột “Nội dung nhiệm vụ”, “Cơ quan chủ trì”, "
            "“Thời hạn”...) và không có đoạn giao việc (“Giao ...”, “Yêu cầu ...”)."
        )
    if not metadata.number:
        warnings.append("Không tìm thấy số hiệu văn bản; hãy nhập số hiệu.")
    if not metadata.issued_on:
        warnings.append("Không tìm thấy ngày ban hành; hãy nhập ngày ban hành.")
    if working_year is None:
        warnings.append("Không xác định được năm thực hiện; các thời hạn theo quý chưa có năm.")
    return DirectiveDraft(document=metadata, tasks=tasks, warnings=warnings, source_name=document.name)


def _distinct(new: list[TaskDraft], earlier: list[TaskDraft], table: int) -> list[TaskDraft]:
    """Keep refs unique over the document: a second table numbered from 1 again gets its refs prefixed."""
    taken = {task.ref for task in earlier}
    if not taken:
        return new  # a later table is prefixed even when its qualified refs do not collide: refs stay stable
    prefix, attempt = f"B{table}.", table
    while any(prefix + task.ref in taken for task in new):
        attempt += 1
        prefix = f"B{table}-{attempt}."
    for task in new:
        old = task.ref
        task.ref = prefix + old
        if task.parent_ref:
            task.parent_ref = prefix + task.parent_ref
        task.warnings.append(
            f"Bảng thứ {table} đánh số lại từ đầu; số thứ tự {old} được ghi thành {task.ref} để không trùng."
        )
    return new


def _table_text(document: SourceDocument) -> str:
    return "\n".join(" ".join(row) for table in document.tables for row in table.rows[:20])
