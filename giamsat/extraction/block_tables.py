"""Tables whose cells are blocks of lines between `|` lines, as web pages come out when converted to text.

    |
    **STT**
    |
    **Tên nhiệm vụ/dự
    án**
    |
    …
    |
    |
    1
    |
    Rà soát toàn diện các luật, nghị định …
    |

Each cell is a block of (hard-wrapped) lines closed by a line holding only `|`; a row ends with one more `|`.
An empty cell is nothing between two `|` lines — which is also what a row end looks like — so rows are told
apart by the header's column count and by the row numbers: a row starts, after a `|` line, at the number
expected next (2 after 1, 1.1 under 1, 1 again after a section row, one number skipped or printed twice) or
at a section label (I, II, A., I.1). What comes after a numbered row's own cells and before the next number
are rows of merged cells: the left-hand columns (number, agencies) span down, so these rows hold the
right-hand columns only and are read right-aligned.
"""

import re
from dataclasses import dataclass

from .cleaning import clean_cell
from .columns import header_role, map_header
from .table_tasks import TASK_REF, LogicalRow
from .text_tables import TextTable

PIPE = "|"
SECTION_REF = re.compile(r"^(?:(?=[IVXLC]+(?:\.\d{1,2})*$)[IVXLC]+(?:\.\d{1,2})*|[A-ZĐ])$")
LETTER_ROW = re.compile(r"^[a-zđ]\)?$")
HEADING = re.compile(r"(?m)^#{1,6} ")  # a page's own heading ('## Văn bản liên quan'): the table is over
GAP = re.compile(r"^[.…]{3,}$")  # '….........': a part of the table left out of the print
MAX_HEADER_CELL = 120  # a header cell names a column; a longer block is a caption or running text


@dataclass
class _Segment:
    text: str  # the lines between two `|` lines
    line: int  # index of its first line


def _segments(lines: list[str]) -> list[_Segment]:
    segments: list[_Segment] = []
    start, buffer = 0, []
    for index, line in enumerate(lines):
        if line.strip() == PIPE:
            segments.append(_Segment("\n".join(buffer), start))
            start, buffer = index + 1, []
        else:
            buffer.append(line)
    segments.append(_Segment("\n".join(buffer), start))
    return segments


def _ends_table(segment: _Segment) -> bool:
    """Running text after the table: a blank line inside what would be a cell, or a page heading."""
    text = segment.text
    return "\n\n" in text.strip("\n") or (text.strip() == "" and "\n" in text) or bool(HEADING.search(text))


def _ref_of(segment: _Segment) -> str:
    text = clean_cell(segment.text)
    return text.rstrip(".").strip() if len(text) <= 12 else ""


def block_tables(lines: list[str]) -> list[TextTable]:
    if sum(1 for line in lines if line.strip() == PIPE) < 6:
        return []
    segments = _segments(lines)
    tables: list[TextTable] = []
    i = 0
    while i < len(segments):
        header = _header_at(segments, i)
        if header is None:
            i += 1
            continue
        first, cells, mapping = header
        body_start = first + len(cells)
        rows, end = _Body(segments, body_start, len(cells), mapping).parse()
        if rows:
            last_line = segments[end].line if end < len(segments) else len(lines)
            tables.append(TextTable(start=segments[first].line, end=last_line, rows=rows))
        i = max(end, i + 1)
    return tables


def _header_at(segments: list[_Segment], i: int) -> tuple[int, list[str], dict[int, str]] | None:
    """A header row starting at segment i: non-empty cells up to the row end, naming task-table columns."""
    before = segments[i - 1].text if i > 0 else ""
    if before.strip() and len(before) <= MAX_HEADER_CELL and header_role(clean_cell(segments[i].text)) != "ref":
        return None  # inside a row, not at its start (a caption or running text may stand just before a header)
    cells: list[str] = []
    j = i
    while j < len(segments) and segments[j].text.strip() and len(cells) < 16:
        if len(segments[j].text) > MAX_HEADER_CELL or _ends_table(segments[j]):
            return None
        cells.append(segments[j].text)
        j += 1
    if len(cells) < 3:
        return None
    mapping = map_header([clean_cell(cell) for cell in cells])
    if mapping is None or "title" not in mapping.values():
        return None
    return i, cells, mapping


class _Body:
    def __init__(self, segments: list[_Segment], start: int, width: int, mapping: dict[int, str]):
        self.segments = segments
        self.start = start
        self.width = width
        self.mapping = mapping
        self.ref_column = next((i for i, role in mapping.items() if role == "ref"), None)

    def parse(self) -> tuple[list[LogicalRow], int]:
        segments = self.segments
        end = self.start
        while end < len(segments) and not _ends_table(segments[end]):
            if end > self.start and _header_at(segments, end) is not None:
                break  # the next table
            end += 1
        body = segments[self.start : end]
        if self.ref_column != 0:
            return self._rows_without_numbers(body), end
        starts = self._row_starts(body)
        rows: list[LogicalRow] = []
        for index, first in enumerate(starts):
            block = body[first : starts[index + 1] if index + 1 < len(starts) else len(body)]
            rows.extend(self._rows_of_block(block))
        return rows, end

    def _row_starts(self, body: list[_Segment]) -> list[int]:
        starts: list[int] = []
        last: str | None = None
        for index, segment in enumerate(body):
            if index and body[index - 1].text.strip() and not GAP.match(body[index - 1].text.strip()):
                continue  # a row starts after a `|` line that closed a row (an empty segment) or a gap mark
            if index and starts and index - starts[-1] < 2:
                continue
            ref = _ref_of(segment)
            if not ref:
                continue
            if SECTION_REF.match(ref) and (not starts or index - starts[-1] >= 2):
                starts.append(index)  # numbering may restart at 1 or run on: both are expected
            elif TASK_REF.match(ref) and (ref in _expected(last) or (starts and index - starts[-1] > self.width)):
                # an unexpected number after a complete row is a row too (a gap in the print): never lost
                starts.append(index)
                last = ref
        return starts or [0]

    def _rows_of_block(self, block: list[_Segment]) -> list[LogicalRow]:
        ref = _ref_of(block[0])
        texts = [segment.text for segment in block]
        if SECTION_REF.match(ref):
            at = next((i for i, t in enumerate(texts) if i and clean_cell(t)), len(texts))
            section = LogicalRow(ref=ref, cells={"title": texts[at] if at < len(texts) else ""})
            rest = texts[at + 2 :]  # after the section row's end: a row of the group printed without a number
            return [section, *self._task_rows(rest)] if any(clean_cell(t) for t in rest) else [section]
        return self._task_rows(texts)

    def _task_rows(self, texts: list[str]) -> list[LogicalRow]:
        main = texts[: self.width]
        rows = [self._row(main, right_aligned=False)]
        rest = texts[self.width + 1 :] if len(texts) > self.width else []
        for piece in _split_on_empty(rest):
            if len(piece) >= self.width:
                break  # not merged cells: the table has ended (a page footer, another layout table)
            if not self._spans("title", len(piece)):
                row = self._row(piece, right_aligned=True)  # a task of its own under the spanning cells
                for role, text in rows[0].cells.items():
                    if self._spans(role, len(piece)):
                        row.cells.setdefault(role, text)  # the agencies of the numbered row span down
                row.ref = f"{rows[0].ref}+{len(rows)}"
                rows.append(row)
            else:
                self._more_agencies(rows[0], piece)
        return rows

    def _more_agencies(self, row: LogicalRow, piece: list[str]) -> None:
        """A merged row under the same task: more agencies (one task led by two bodies, each with its partners)."""
        roles = [role for role in ("lead", "coordinating") if role in self.mapping.values()]
        for role, text in zip(roles, piece, strict=False):
            if clean_cell(text):
                row.cells[role] = f"{row.cells[role]}\n- {text}" if row.cells.get(role) else text

    def _spans(self, role: str, cells: int) -> bool:
        """Whether the column of `role` is one of those spanning down into a row of `cells` merged cells."""
        column = next((i for i, r in self.mapping.items() if r == role), self.width)
        return column < self.width - cells

    def _rows_without_numbers(self, body: list[_Segment]) -> list[LogicalRow]:
        rows: list[LogicalRow] = []
        texts = [segment.text for segment in body]
        for index in range(0, len(texts), self.width + 1):
            chunk = texts[index : index + self.width]
            if any(t.strip() for t in chunk):
                rows.append(self._row(chunk, right_aligned=False))
        return rows

    def _row(self, texts: list[str], *, right_aligned: bool) -> LogicalRow:
        offset = self.width - len(texts) if right_aligned else 0
        cells: dict[str, str] = {}
        ref = ""
        for index, text in enumerate(texts):
            role = self.mapping.get(index + offset)
            if role == "ref":
                ref = clean_cell(text)
            elif role and clean_cell(text):
                cells[role] = text
        return LogicalRow(ref=ref, cells=cells, merged=right_aligned)


def _split_on_empty(texts: list[str]) -> list[list[str]]:
    pieces: list[list[str]] = []
    current: list[str] = []
    for text in texts:
        if text.strip():
            current.append(text if clean_cell(text) else "")
        elif current:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return pieces


def _expected(last: str | None) -> set[str]:
    """Numbers that may follow `last`: the next one, a first sub-item, the parent's next, or a restart at 1;
    a number skipped or printed twice by mistake is accepted too (no task lost)."""
    if last is None:
        return {"1", "2"}
    parts = last.split(".")
    head, tail = parts[:-1], int(parts[-1])
    expected = {".".join([*head, str(tail + step)]) for step in (0, 1, 2)}
    expected.add(f"{last}.1")
    for depth in range(1, len(parts)):
        expected.add(".".join([*parts[: depth - 1], str(int(parts[depth - 1]) + 1)]))
    expected.add("1")
    return expected
