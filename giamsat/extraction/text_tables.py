"""Tables inside plain text: tab-separated appendices, and tables flattened out of a PDF.

Both return the line span they cover and logical rows, so the rest of the text can be read as prose.
"""

import re
from dataclasses import dataclass

from .cleaning import join_broken
from .columns import map_header, roles_in_text
from .table_tasks import ROMAN, LogicalRow, rows_from_table
from .text import fold


@dataclass
class TextTable:
    start: int  # first line (the header)
    end: int  # line after the last
    rows: list[LogicalRow]


MARKDOWN_SEPARATOR = re.compile(r"^\s*\|?(\s*:?-{2,}:?\s*\|)+\s*(:?-{2,}:?\s*)?\|?\s*$")


def _tab_cells(line: str) -> list[str] | None:
    return line.split("\t") if "\t" in line else None


def _pipe_cells(line: str) -> list[str] | None:
    """A markdown row '| a | b |', or a row typed with ' | ' between cells and none at the ends."""
    stripped = line.strip()
    if MARKDOWN_SEPARATOR.match(stripped):
        return None
    if not stripped.startswith("|") and stripped.count(" | ") < 2:
        return None
    return [cell.strip() for cell in stripped.strip("|").split("|")]


def tab_tables(lines: list[str]) -> list[TextTable]:
    """Delimited tables in text: tab-separated (as copied from Word) or markdown pipe tables.

    A header line of column names, rows below; a row whose number cell is empty continues the one above.
    """
    tables: list[TextTable] = []
    i = 0
    while i < len(lines):
        for cells_of in (_tab_cells, _pipe_cells):
            cells = cells_of(lines[i])
            if cells and len(cells) >= 3 and map_header(cells) is not None:
                end, rows = i + 1, [cells]
                while end < len(lines):
                    line = lines[end]
                    row = cells_of(line)
                    if row is not None:
                        rows.append(row)
                    elif line.strip() and not MARKDOWN_SEPARATOR.match(line.strip()):
                        break
                    end += 1
                parsed = rows_from_table(rows)
                if parsed:
                    tables.append(TextTable(start=i, end=end, rows=parsed[1]))
                i = end - 1
                break
        i += 1
    return tables


# --- tables flattened out of a PDF ------------------------------------------------------------------

DEADLINE_START = re.compile(
    r"^(hoan thanh|thuong xuyen|nhiem vu thuong|theo lo trinh|den ngay|truoc ngay|trong (quy|thang|nam)|quy [ivx\d]|"
    r"thang \d|nam 20\d\d|dinh ky|hang (thang|quy|nam)|giai doan|\d{1,2}/\d{1,2}/\d{4})"
)
NOTE_START = re.compile(
    r"^(thong bao|ke hoach|cong van|quyet dinh|chuong trinh|nghi quyet|chi thi|ket luan|van ban|theo)\b.*\d"
)
AGENCY_HEAD = re.compile(
    r"^(So|UBND|Uy ban|HDND|Hoi dong|Cong an|Van phong|Ban|Dai hoc|Truong|Chi cuc|Cuc|Bo|Tinh uy|Dang uy|Tap doan|"
    r"Thue|Trung tam|Bao|Cac|Thu truong|Nguoi dung dau|Kho bac|Ngan hang|Vien|Hoi|Mat tran|Doan)\b"
)
CONNECTOR_END = re.compile(r"(\b(voi|cua|cho|va|cac|tai|giua|gom|la|theo|trong)|[,(])$")
HEADER_START = re.compile(r"^\s*(stt|tt)\s+\S")


def _folded_head(line: str) -> str:
    """Diacritic-free, case kept: 'Sở Tư pháp' -> 'So Tu phap' (for case-sensitive head matching)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", line.strip().replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _header_block(lines: list[str], i: int) -> tuple[int, list[str]] | None:
    """A header starting at line i ('STT Nội dung nhiệm vụ Cơ quan thực hiện' + wrapped column names)."""
    if not HEADER_START.match(fold(lines[i])):
        return None
    text, j = lines[i], i + 1
    # the header wraps over a few short lines (column names), blank lines between them
    while j < len(lines) and j - i < 12:
        line = lines[j].strip()
        if line and (len(line) > 40 or TASK_START.match(line) or ROMAN.match(line.split()[0])):
            break
        text += " " + line
        j += 1
    roles = roles_in_text(text)
    if "title" not in roles or len(roles) < 3:
        return None
    return j, roles


PAGE_BREAK = "\f"
INCOMPLETE_END = re.compile(r"(\b(dia|don|co|cac|va|cua|voi|thuoc|ban|so|uy)|[,;(-])$")
WEAK_HEAD = re.compile(r"^(Tinh uy|Thanh uy|UBND|Uy ban nhan dan|HDND)\b")  # qualifies the body before it
TASK_START = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,2})\.?(?:\s+(\S.*))?$")


def flattened_tables(lines: list[str]) -> list[TextTable]:
    tables: list[TextTable] = []
    i = 0
    while i < len(lines):
        header = _header_block(lines, i)
        if header is None:
            i += 1
            continue
        start = i
        rows, end = _FlattenedParser(lines, header[1]).parse(header[0])
        if rows:
            tables.append(TextTable(start=start, end=end, rows=rows))
        i = max(end, i + 1)
    return tables


class _FlattenedParser:
    """Reads rows of a table whose cells come out of the PDF one after another, wrapped over lines.

    A row starts at the next expected number (1, 2, ... or 15.1 after 15), so page numbers and
    footnote numbers are not taken for rows. Within a row the first cell is the task; then each
    following cell is recognised by what it says: a deadline phrase, a cited document (notes), or
    agency names (lead first, then coordinating). Repeated page headers, page numbers and
    footnotes are skipped.
    """

    def __init__(self, lines: list[str], roles: list[str]):
        self.lines = lines
        self.roles = roles

    def expected_refs(self, last: str | None) -> set[str]:
        if last is None:
            return {"1"}
        parts = last.split(".")
        nxt = {".".join([*parts[:-1], str(int(parts[-1]) + 1)]), f"{last}.1"}
        for depth in range(1, len(parts)):
            nxt.add(".".join([*parts[: depth - 1], str(int(parts[depth - 1]) + 1)]))
        return nxt

    def parse(self, i: int) -> tuple[list[LogicalRow], int]:
        lines = self.lines
        rows: list[LogicalRow] = []
        last_ref: str | None = None
        current: list[str] | None = None  # raw lines of the current row (after its number)
        current_ref = ""
        section_lines: list[str] | None = None

        def close():
            nonlocal current, section_lines
            if current is not None:
                rows.append(self.build_row(current_ref, current))
            current = None

        while i < len(lines):
            raw = lines[i]
            line = raw.strip()
            if not line:
                if section_lines is not None and section_lines:
                    rows[-1].cells["title"] = " ".join(section_lines)
                    section_lines = None
                i += 1
                continue
            header = _header_block(lines, i)
            if header is not None:
                if current:
                    current.append(PAGE_BREAK)  # the row goes on over the page
                i = header[0]
                continue
            if line.isdigit() and self._next_is_header(i):
                i += 1  # page number
                continue
            first = line.split()[0].rstrip(".")
            if ROMAN.match(first) and (len(line.split()) == 1 or not line.split()[1][0].islower()):
                close()
                rest = line[len(line.split()[0]) :].strip()
                rows.append(LogicalRow(ref=first, cells={"title": rest}))
                section_lines = [rest] if rest else []
                i += 1
                continue
            if section_lines is not None:
                section_lines.append(line)
                i += 1
                continue
            match = TASK_START.match(line)
            if match and match.group(1) in self.expected_refs(last_ref):
                close()
                current_ref = last_ref = match.group(1)
                current = [match.group(2) + (" " if raw.endswith(" ") else "")] if match.group(2) else []
                i += 1
                continue
            if re.match(r"^\d{1,2}\s+\S", line) and len(line) > 60 and current is not None:
                i = self._skip_footnote(i)
                continue
            if current is None:
                if rows:
                    break  # the table has ended
                i += 1
                continue
            if len(line) > 110:
                break  # running text after the table
            current.append(raw.rstrip("\n"))
            i += 1
        close()
        return rows, i

    def _next_is_header(self, i: int) -> bool:
        j = i + 1
        while j < len(self.lines) and not self.lines[j].strip():
            j += 1
        return j >= len(self.lines) or _header_block(self.lines, j) is not None

    def _skip_footnote(self, i: int) -> int:
        i += 1
        while i < len(self.lines) and self.lines[i].strip() and len(self.lines[i].strip()) > 60:
            i += 1
        return i

    def build_row(self, ref: str, raw_lines: list[str]) -> LogicalRow:
        cells = self.split_cells(raw_lines)
        row = LogicalRow(ref=ref)
        if not cells:
            return row
        row.cells["title"] = cells[0][1]
        agencies: list[tuple[str, int]] = []
        for kind, text, width in cells[1:]:
            if kind == "deadline" and "deadline" in self.roles:
                row.cells["deadline"] = _join(row.cells.get("deadline", ""), text)
            elif kind == "note":
                role = "notes" if "notes" in self.roles else "source"
                row.cells[role] = _join(row.cells.get(role, ""), text)
            else:
                agencies.append((text, width))
        agency_roles = [r for r in self.roles if r in ("directing", "lead", "coordinating")]
        if len(agencies) == 1 and len(agency_roles) > 1 and agencies[0][1] <= 12:
            agency_roles = agency_roles[1:]  # a narrow, wrapped cell belongs to the narrow second column
        for index, (text, _width) in enumerate(agencies):
            role = agency_roles[min(index, len(agency_roles) - 1)] if agency_roles else "lead"
            row.cells[role] = _join(row.cells.get(role, ""), text, sep="; ")
        return row

    def split_cells(self, raw_lines: list[str]) -> list[tuple[str, str, int]]:
        """Group the row's lines into cells: (kind, text, widest line)."""
        cells: list[list] = []  # [kind, lines, open]
        continuing: list[list] = []  # cells left open at a page break, continued in column order
        for index, raw in enumerate(raw_lines):
            if raw == PAGE_BREAK:
                continuing = [cell for cell in cells if cell[2]]
                continue
            line = raw.strip()
            if continuing:
                # the title first; then the cell whose last words cannot end a name ('đơn vị, địa')
                unfinished = [c for c in continuing[1:] if INCOMPLETE_END.search(fold(c[1][-1].strip()))]
                cell = continuing[0] if continuing[0][0] == "title" or not unfinished else unfinished[0]
                cell[1].append(raw)
                if not (raw.endswith(" ") or raw.endswith("-")):
                    cell[2] = False
                    continuing.remove(cell)
                continue
            folded = " ".join(fold(" ".join(raw_lines[index : index + 3])).split())  # phrases wrap over lines
            head = _folded_head(line)
            starts_deadline = bool(DEADLINE_START.match(folded))
            starts_note = bool(NOTE_START.match(folded)) or bool(re.match(r"^(thong bao|ke hoach)( so)?\b", folded))
            starts_agency = bool(AGENCY_HEAD.match(head))
            wrapped = raw.endswith(" ") or raw.endswith("-")
            current = cells[-1] if cells else None
            if current is None:
                cells.append(["title", [raw], wrapped])
                continue
            kind, cell_lines, is_open = current
            new_kind = None
            if kind == "title" and fold(cell_lines[-1].strip()).endswith(("ngay", "so")):
                new_kind = None  # '... Quy định số 05-QĐ/BCĐTW, ngày' + '27/8/2025 của ...' is still the task
            elif starts_deadline and kind != "deadline":
                new_kind = "deadline"
            elif starts_note and kind not in ("note",) and not (kind == "title" and is_open):
                new_kind = "note"
            elif (
                kind == "title"
                and starts_agency
                and len(line) <= 30
                and (not is_open or _sentence_ended(cell_lines[-1]))
            ):
                new_kind = "agency"
            elif kind == "title" and not is_open and len(line) <= 30:
                new_kind = "agency"
            elif (
                kind == "title"
                and starts_agency
                and len(line) <= 30
                and len(cell_lines) >= 2
                and len(cell_lines[-1].strip()) >= 40
                and not CONNECTOR_END.search(fold(cell_lines[-1].strip()))
            ):
                new_kind = "agency"  # a short line naming a body after the wide lines of the task column
            elif (
                kind == "agency"
                and starts_agency
                and not _continues(cell_lines[-1])
                and not (WEAK_HEAD.match(head) and is_open)
            ):
                new_kind = "agency"
            elif kind in ("deadline", "note") and not is_open:
                new_kind = "note" if starts_note else ("agency" if starts_agency else "note")
            if new_kind:
                cells.append([new_kind, [raw], wrapped])
            else:
                cell_lines.append(raw)
                current[2] = wrapped
        result = []
        for kind, cell_lines, _open in cells:
            cell_lines = [x for x in cell_lines if x != PAGE_BREAK]
            text = join_broken(cell_lines)
            width = max(len(x.strip()) for x in cell_lines)
            result.append((kind, text, width))
        return result


def _sentence_ended(line: str) -> bool:
    return line.rstrip().endswith((".", ";", ":"))


def _continues(line: str) -> bool:
    stripped = line.rstrip()
    return stripped.endswith((",", ";", "(", "-")) or fold(stripped).endswith((" va", " voi"))


def _join(old: str, new: str, sep: str = " ") -> str:
    return f"{old}{sep}{new}" if old else new
