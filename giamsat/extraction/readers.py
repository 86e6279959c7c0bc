"""Read an uploaded file into a SourceDocument: PDF, Word (.docx; .doc and .rtf), Excel (.xlsx), HTML or plain text.

`read_source(data, name)` sniffs the content (never the file name) and raises only ExtractionError, with a
Vietnamese message, whatever the bytes are. Every string handed back is NFC-normalised with "\\n" line breaks.
PDFs are read by pdf.py (and their scanned pages by ocr.py); .doc and .rtf are turned into .docx by LibreOffice
(convert.py) and read as .docx.
"""

import codecs
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

from giamsat.common.archives import CORRUPT, ArchiveRefused, check_zip  # pure Python, no Django

from .draft import ExtractionError
from .source import SourceDocument, SourceTable

MAX_BYTES = 50 * 1024 * 1024
# A sheet's text is kept as it is read, row by row: text in at most this many rows (an appendix of 2,000 tasks is a
# large one), within a rectangle from A1 of at most this many cells.
MAX_SHEET_ROWS = 10_000
MAX_SHEET_CELLS = 2_000_000
# All the tables of a document together, counted as read: a merged cell repeated over the columns and rows it spans,
# each row padded to the table's width. A cell spanning 1,000 columns is a few bytes of Word or HTML.
MAX_TABLE_CELLS = 2_000_000

EMPTY = "Tệp rỗng."
TOO_LARGE = "Tệp quá lớn (tối đa 50 MB)."
UNSUPPORTED = (
    "Không đọc được tệp: định dạng không được hỗ trợ. "
    "Hãy dùng Word (.docx, .doc, .rtf), Excel (.xlsx), PDF, HTML hoặc văn bản thuần (.txt)."
)
OLD_EXCEL = "Định dạng Excel cũ (.xls) chưa được hỗ trợ; hãy mở bằng Excel và lưu lại thành .xlsx."
SCANNED_PDF = "Tệp PDF không có lớp văn bản (có thể là bản chụp); hãy dùng bản PDF xuất từ Word hoặc tệp Word/Excel."
ENCRYPTED_PDF = "Tệp PDF được đặt mật khẩu; hãy gỡ mật khẩu hoặc dùng bản PDF không mã hoá."
SHEET_TOO_LONG = (
    "Trang tính “%(sheet)s” có quá nhiều dòng (tối đa %(limit)s dòng); hãy tách bảng thành nhiều tệp hoặc bỏ các "
    "dòng không phải nhiệm vụ."
)
SHEET_TOO_LARGE = "Trang tính “%(sheet)s” quá lớn để đọc."
TABLES_TOO_LARGE = (
    "Các bảng trong tệp quá lớn để đọc (hơn %(limit)s ô, kể cả các ô gộp); hãy tách thành nhiều tệp hoặc bỏ các "
    "bảng không phải danh sách nhiệm vụ."
)


def corrupt(kind: str) -> str:
    return f"Không đọc được tệp {kind}: tệp bị hỏng hoặc không đúng định dạng."


def read_source(data: bytes, name: str) -> SourceDocument:
    """The document held in `data`; raises ExtractionError (only) when it cannot be read."""
    try:
        data = bytes(data)
        name = _clean(str(name or ""))
        if not data:
            raise ExtractionError(EMPTY)
        if len(data) > MAX_BYTES:
            raise ExtractionError(TOO_LARGE)
        head = data[:8]
        if head.startswith(b"%PDF"):
            return _read_pdf(data, name)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            return _read_ole(data, name)
        if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            return _read_zip(data, name)
        if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")):
            raise ExtractionError(UNSUPPORTED)
        if data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
            from .convert import RTF

            return _read_converted(data, name, RTF)
        return _read_text_or_html(data, name)
    except ExtractionError:
        raise
    except Exception as exc:  # a last net: nothing but ExtractionError leaves this function
        raise ExtractionError(UNSUPPORTED) from exc


@contextmanager
def _failures(kind: str) -> Iterator[None]:
    """Turn any library failure into ExtractionError(corrupt(kind))."""
    try:
        yield
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError(corrupt(kind)) from exc


# Control characters no text means (NUL among them, which PostgreSQL refuses in text): dropped at reading.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _clean(value: str) -> str:
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", value)


def _document(name: str, text: str, tables: list[list[list[str]]]) -> SourceDocument:
    return SourceDocument(
        name=name,
        text=_clean(text),
        tables=[SourceTable(rows=[[_clean(cell) for cell in row] for row in rows]) for rows in tables],
    )


def _rectangular(rows: list[list[str]], budget: "_TableCells") -> list[list[str]]:
    width = max((len(row) for row in rows), default=0)
    budget.take(sum(width - len(row) for row in rows))
    return [row + [""] * (width - len(row)) for row in rows]


class _TableCells:
    """What is left of MAX_TABLE_CELLS while a document's tables are read; reading stops past it."""

    def __init__(self) -> None:
        self.left = MAX_TABLE_CELLS

    def take(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise ExtractionError(TABLES_TOO_LARGE % {"limit": _thousands(MAX_TABLE_CELLS)})


# --- PDF ---------------------------------------------------------------------------------------------------------

_PAGE_FURNITURE = re.compile(r"[\W\d_]*|(?:trang|page)\W*\d+(?:\W+\d+)?\W*", re.IGNORECASE)


def _is_furniture(line: str) -> bool:
    """A page number ('2', '- 2 -', 'Trang 2/5'): allowed between a table and the page edge it continues over."""
    return bool(_PAGE_FURNITURE.fullmatch(line.strip()))


def _squash(row: list[str]) -> list[str]:
    return [" ".join(cell.split()) for cell in row]


def _read_pdf(data: bytes, name: str) -> SourceDocument:
    # PDFium (pypdfium2) rather than pdfplumber/pdfminer: the same text and tables at a fraction of the cost
    # (pdfminer parsed a 654-page appendix in 144 s; see docs/performance.md, "Extraction").
    from . import ocr, pdf

    try:
        with pdf.open_pdf(data) as document:
            pages = document.pages()
            if not pages:
                raise ExtractionError(corrupt("PDF"))
            if any(page.scanned for page in pages):
                pages = ocr.read_scanned(document, pages)
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError(ENCRYPTED_PDF if pdf.is_password_error(exc) else corrupt("PDF")) from exc
    texts, tables = _pdf_pages(pages)
    if not any(text.strip() for text in texts):
        raise ExtractionError(SCANNED_PDF)
    return _document(name, "\n".join(texts), tables)


def _pdf_pages(pages) -> tuple[list[str], list[list[list[str]]]]:
    """The pages' texts, and their tables with a table continued over a page break joined into one."""
    texts: list[str] = []
    tables: list[list[list[str]]] = []
    open_table: list[list[str]] | None = None  # the last table of the previous page, if it ran to the page bottom
    for page in pages:
        texts.append(page.text)
        current = None
        for position, table in enumerate(page.tables):
            rows = table.rows
            if not rows:
                continue
            if (
                position == 0
                and open_table is not None
                and len(rows[0]) == len(open_table[0])
                and all(_is_furniture(line.text) for line in page.lines if line.bottom <= table.top + 1)
            ):
                repeated = 0  # header rows repeated at the top of the continuation page
                while (
                    repeated < min(3, len(open_table), len(rows))
                    and _squash(rows[repeated]) == _squash(open_table[repeated])
                    and any(rows[repeated])
                ):
                    repeated += 1
                if repeated == 0 and page.recognised and _read_alike(rows[0], open_table[0]):
                    repeated = 1
                open_table.extend(rows[repeated:])
                current = open_table
            else:
                tables.append(rows)
                current = rows
        open_table = None
        if current is not None:
            bottom = page.tables[-1].bottom
            if all(_is_furniture(line.text) for line in page.lines if line.top >= bottom - 1):
                open_table = current
    return texts, tables


_BARE_NUMBER = re.compile(r"[\d.,()\s]+")


def _read_alike(row: list[str], header: list[str]) -> bool:
    """Whether `row`, at the top of a scanned page, is the table's header row read again by OCR, which may read it
    differently on each page ("S T T", then "= T T"): at most one cell differs (folded), the two rows are at least
    90% alike, and `header` names columns (no cell of it is a bare number, as a task row's first cell is)."""
    from rapidfuzz import fuzz

    from .text import fold

    if len(row) != len(header) or not any(header) or any(_BARE_NUMBER.fullmatch(cell) for cell in header if cell):
        return False
    folded, expected = [fold(cell) for cell in row], [fold(cell) for cell in header]
    if sum(a != b for a, b in zip(folded, expected, strict=True)) > 1:
        return False
    return fuzz.ratio(" ".join(folded), " ".join(expected)) >= 90


# --- legacy Word: .doc and .rtf, through LibreOffice ---------------------------------------------------------------


def _read_ole(data: bytes, name: str) -> SourceDocument:
    """An OLE2 compound file: a Word 97-2003 document is converted; an Excel 97-2003 workbook is refused."""
    from . import convert

    streams = convert.ole_streams(data)
    if streams is None:  # olefile cannot read its directory: go by the stream names the bytes still hold
        streams = {stream for stream in ("WordDocument", "Workbook") if stream.encode("utf-16-le") in data}
        if not streams:
            raise ExtractionError(corrupt("Word/Excel cũ (.doc, .xls)"))
    if "WordDocument" in streams:
        return _read_converted(data, name, convert.WORD_97)
    if streams & {"Workbook", "Book"}:
        raise ExtractionError(OLD_EXCEL)
    raise ExtractionError(UNSUPPORTED)


def _read_converted(data: bytes, name: str, source: tuple[str, str, str]) -> SourceDocument:
    from . import convert

    converted = convert.to_docx(data, source)
    with _failures(source[2]):
        return _read_docx(converted, name)


# --- ZIP: .docx and .xlsx --------------------------------------------------------------------------------------


def _read_zip(data: bytes, name: str) -> SourceDocument:
    kind = "Word (.docx)" if b"word/" in data else "Excel (.xlsx)" if b"xl/" in data else "Word/Excel"
    try:
        check_zip(data)  # a zip bomb is refused by its numbers before a parser inflates it (pure Python too)
    except ArchiveRefused as refused:
        if refused.message == CORRUPT:  # not a zip at all: the reader's own words, the library's error chained
            raise ExtractionError(corrupt(kind)) from (refused.__cause__ or refused)
        raise ExtractionError(str(refused)) from refused
    with _failures(kind):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    if "word/document.xml" in names:
        with _failures("Word (.docx)"):
            return _read_docx(data, name)
    if "xl/workbook.xml" in names:
        with _failures("Excel (.xlsx)"):
            return _read_xlsx(data, name)
    raise ExtractionError(UNSUPPORTED)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_RUN_PARTS = {_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen"}
# Text not shown: in a text box (read with its own frame, not here), the fallback of alternate content, deleted or
# moved away (tracked changes).
_HIDDEN = {_W + "txbxContent", _MC + "Fallback", _W + "del", _W + "moveFrom"}


def _paragraph_text(p) -> str:
    """A paragraph's visible text, tracked insertions included, deletions/moved-away text and text boxes left out.

    The run parts (w:t, w:tab, w:br, w:cr, w:noBreakHyphen directly in a w:r) in document order, none under a
    hidden element. A walk of the paragraph's tree, skipping hidden subtrees: the XPath union it replaces
    ('.//w:r/w:t | .//w:r/w:tab | …' with ancestor tests) took time quadratic in the number of runs (libxml2
    merges node sets pairwise), minutes for a paragraph of 75,000 runs."""
    if any(ancestor.tag in _HIDDEN for ancestor in p.iterancestors()):
        return ""
    parts = []
    stack = [iter(p)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        tag = node.tag
        if not isinstance(tag, str) or tag in _HIDDEN:  # a comment or processing instruction; a hidden subtree
            continue
        if tag in _RUN_PARTS and node.getparent().tag == _W + "r":
            if tag == _W + "t":
                parts.append(node.text or "")
            elif tag == _W + "tab":
                parts.append("\t")
            elif tag == _W + "noBreakHyphen":
                parts.append("-")
            else:
                parts.append("\n")
        if len(node):
            stack.append(iter(node))
    return "".join(parts)


def _blocks(container) -> Iterator:
    """The w:p and w:tbl children of a body or cell, looking through content controls and custom XML."""
    for child in container:
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag == _W + "sdt":
            for content in child.iterfind(_W + "sdtContent"):
                yield from _blocks(content)
        elif child.tag == _W + "customXml":
            yield from _blocks(child)


def _children(element, tag: str) -> list:
    """Direct `tag` children, also those wrapped in a content control (w:sdt/w:sdtContent)."""
    found = []
    for child in element:
        if child.tag == _W + tag:
            found.append(child)
        elif child.tag == _W + "sdt":
            for content in child.iterfind(_W + "sdtContent"):
                found.extend(content.iterfind(_W + tag))
    return found


def _int_attr(element, path: str, default: int) -> int:
    node = element.find(path)
    if node is None:
        return default
    try:
        return max(0, min(int(node.get(_W + "val", default)), 1000))
    except ValueError:
        return default


def _cell_text(tc, budget: _TableCells) -> str:
    lines = []
    for block in _blocks(tc):
        if block.tag == _W + "p":
            lines.append(_paragraph_text(block))
        else:  # a nested table: its cells' texts, one per line
            lines.extend(text for row in _table_rows(block, budget) for text in dict.fromkeys(row) if text.strip())
    return "\n".join(lines)


def _table_rows(tbl, budget: _TableCells) -> list[list[str]]:
    rows: list[list[str]] = []
    above: list[str] = []  # the previous row, by grid column, for vertically merged cells
    for tr in _children(tbl, "tr"):
        before = _int_attr(tr, f"{_W}trPr/{_W}gridBefore", 0)
        budget.take(before)
        row = [""] * before
        for tc in _children(tr, "tc"):
            span = max(1, _int_attr(tc, f"{_W}tcPr/{_W}gridSpan", 1))
            budget.take(span)
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(_W + "val", "continue") == "continue":
                # a continuation of a vertical merge: python-docx's row.cells repeats the top cell's text
                text = above[len(row)] if len(row) < len(above) else ""
            else:
                text = _cell_text(tc, budget)
            row.extend([text] * span)
        after = _int_attr(tr, f"{_W}trPr/{_W}gridAfter", 0)
        budget.take(after)
        row.extend([""] * after)
        rows.append(row)
        above = row
    return _rectangular(rows, budget)


def _read_docx(data: bytes, name: str) -> SourceDocument:
    import docx

    body = docx.Document(io.BytesIO(data)).element.body
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    budget = _TableCells()
    for block in _blocks(body):
        if block.tag == _W + "p":
            lines.append(_paragraph_text(block))
        else:
            rows = _table_rows(block, budget)
            if rows:
                tables.append(rows)
    return _document(name, "\n".join(lines), tables)


def _xlsx_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):  # datetime.datetime included
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(value, ".15g")  # what Excel shows: 0.1 + 0.2 -> '0.3'
    return str(value)


def _read_xlsx(data: bytes, name: str) -> SourceDocument:
    import openpyxl

    # Read-only: each sheet is parsed as a stream of rows, and only the cells holding text are kept. Loading the
    # whole workbook built an object for every stored cell and for every cell of a merged range: a merged range
    # A1:Z200000 took three minutes and 1.35 GB (A1:XFD1048576 ran out of memory), 200,000 rows of text 111 MB.
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    budget = _TableCells()
    try:
        tables = [_sheet_rows(sheet, budget) for sheet in workbook.worksheets]
    finally:
        workbook.close()
    return _document(name, "", tables)


def _sheet_rows(sheet, budget: _TableCells) -> list[list[str]]:
    """The sheet's cells as rows of strings, from A1 to the last row and column holding text.

    The rows stored are walked rather than the sheet's declared dimensions or the max_row x max_column
    rectangle, which formatting alone can stretch to a million rows. Merged ranges hold their value in the
    top-left cell only, so the other cells of a merged range come back as "" (as openpyxl empties them).
    Refused while the rows stream in: text below row MAX_SHEET_ROWS, or a rectangle of more than MAX_SHEET_CELLS
    cells (counted before merged ranges empty their cells: text hidden under one counts)."""
    from openpyxl.worksheet._reader import WorkSheetParser  # what openpyxl's own read-only rows are parsed by

    workbook = sheet.parent
    values: dict[tuple[int, int], str] = {}
    height = width = 0
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for _row, cells in parser.parse():
            for cell in cells:
                text = _xlsx_value(cell["value"])
                place = cell["row"], cell["column"]
                if not text:
                    values.pop(place, None)  # a cell written twice: the last one counts
                    continue
                if place[0] > MAX_SHEET_ROWS:
                    raise ExtractionError(SHEET_TOO_LONG % {"sheet": sheet.title, "limit": _thousands(MAX_SHEET_ROWS)})
                values[place] = text
                height, width = max(height, place[0]), max(width, place[1])
                if height * width > MAX_SHEET_CELLS:
                    raise ExtractionError(SHEET_TOO_LARGE % {"sheet": sheet.title})
        merged = [cell_range.ref for cell_range in parser.merged_cells.mergeCell] if parser.merged_cells else []
    if merged:
        _clear_merged(values, merged, height, width)
    if not values:
        return []
    height = max(row for row, _ in values)
    width = max(column for _, column in values)
    budget.take(height * width)
    rows = [[""] * width for _ in range(height)]
    for (row, column), text in values.items():
        rows[row - 1][column - 1] = text
    return rows


def _clear_merged(values: dict[tuple[int, int], str], refs: list[str], height: int, width: int) -> None:
    """Leave out the values of `values` (within `height` x `width`) covered by a merged range other than at its
    top-left cell, in time bounded by the rectangle and the number of ranges, however large the ranges are."""
    from openpyxl.utils.cell import range_boundaries

    boxes = []
    for ref in refs:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if None in (min_col, min_row, max_col, max_row):
            raise ValueError(f"merged range without both ends: {ref}")  # openpyxl refuses the book as well
        max_row, max_col = min(max_row, height), min(max_col, width)
        if min_row <= max_row and min_col <= max_col and (min_row, min_col) != (max_row, max_col):
            boxes.append((min_row, min_col, max_row, max_col))
    if sum((r2 - r1 + 1) * (c2 - c1 + 1) for r1, c1, r2, c2 in boxes) <= height * width:
        for r1, c1, r2, c2 in boxes:
            for row in range(r1, r2 + 1):
                for column in range(c1 if row > r1 else c1 + 1, c2 + 1):
                    values.pop((row, column), None)
        return
    # Many large ranges: count, for each cell, the ranges covering it (a difference grid summed both ways) and
    # those whose top-left cell it is; a cell covered by more ranges than start at it is emptied.
    grid = [[0] * (width + 2) for _ in range(height + 2)]
    starts: dict[tuple[int, int], int] = {}
    for r1, c1, r2, c2 in boxes:
        grid[r1][c1] += 1
        grid[r1][c2 + 1] -= 1
        grid[r2 + 1][c1] -= 1
        grid[r2 + 1][c2 + 1] += 1
        starts[r1, c1] = starts.get((r1, c1), 0) + 1
    for row in grid:
        for column in range(1, width + 2):
            row[column] += row[column - 1]
    for row in range(1, height + 2):
        above, line = grid[row - 1], grid[row]
        for column in range(width + 2):
            line[column] += above[column]
    for place in [place for place in values if grid[place[0]][place[1]] > starts.get(place, 0)]:
        del values[place]


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")  # 10.000, as Vietnamese writes it


# --- HTML and plain text -------------------------------------------------------------------------------------------

_HTML_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|table|p|div|br|span|h[1-6]|ul|ol|li)\b", re.IGNORECASE)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _read_text_or_html(data: bytes, name: str) -> SourceDocument:
    text = _decode(data)
    start = text.lstrip("\ufeff \t\r\n")
    if start.startswith("<") and _HTML_TAG.search(text):
        with _failures("HTML"):
            return _read_html(text, name)
    if start.startswith("<?xml"):  # Word 2003 XML, flat OPC and the like
        raise ExtractionError(UNSUPPORTED)
    return _document(name, text.removeprefix("\ufeff"), [])


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeError as exc:
            raise ExtractionError(UNSUPPORTED) from exc
    elif b"\x00" in data:
        raise ExtractionError(UNSUPPORTED)
    else:
        text = _decode_8bit(data)
    bad = len(_UNREADABLE.findall(text))
    if bad > len(text) * 0.05:
        raise ExtractionError(UNSUPPORTED)
    return text


def _decode_8bit(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few broken bytes is still UTF-8; reading it as cp1258 would garble every letter.
    lenient = data.decode("utf-8-sig", errors="replace")
    if lenient.count("\ufffd") * 200 <= len(lenient) and any(ord(ch) > 127 and ch != "\ufffd" for ch in lenient):
        return lenient
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeError, ValueError):
            pass
    return data.decode("cp1258", errors="replace")  # Vietnamese Windows; NFC later composes its tone marks


# Replacement characters and control characters other than whitespace (\t \n \v \f \r): signs of a binary file.
_UNREADABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


_SKIPPED = {"script", "style", "title", "template", "noscript"}
_BREAKS = {
    *("p", "div", "br", "li", "ul", "ol", "tr", "table", "caption", "hr", "pre", "blockquote"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "dt", "dd"),
}
_WHITESPACE = re.compile(r"\s+")


def _join_lines(parts: list[str]) -> str:
    lines = (line.strip(" \t") for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _span(attrs: list[tuple[str, str | None]], key: str) -> int:
    for attr, value in attrs:
        if attr == key:
            try:
                return max(1, min(int((value or "1").strip()), 1000))
            except ValueError:
                return 1
    return 1


class _HTMLReader(HTMLParser):
    """Tables (outermost level) become rows of cell texts; everything else is the running text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.depth = 0  # open <table> elements; deeper tables are flattened into the outer cell
        self.skip = 0
        self.pre = 0
        self.rows: list[list[tuple[str, int, int]]] = []  # the outer table's rows: (text, colspan, rowspan)
        self.row: list[tuple[str, int, int]] | None = None
        self.cell: list[str] | None = None
        self.spans = (1, 1)
        self.budget = _TableCells()

    def _sink(self) -> list[str]:
        return self.cell if self.cell is not None else self.text

    def _close_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            self.row.append((_join_lines(self.cell), *self.spans))
        self.cell = None

    def _close_row(self) -> None:
        self._close_cell()
        if self.row:
            self.rows.append(self.row)
        self.row = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip += 1
            return
        if tag == "pre":
            self.pre += 1
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.text.append("\n")
                self.rows, self.row, self.cell = [], None, None
                return
        if self.depth == 1 and tag == "tr":
            self._close_row()
            self.row = []
        elif self.depth == 1 and tag in ("td", "th"):
            self._close_cell()
            if self.row is None:
                self.row = []
            self.cell = []
            self.spans = (_span(attrs, "colspan"), _span(attrs, "rowspan"))
        elif tag in _BREAKS or (self.depth > 1 and tag in ("td", "th")):
            self._sink().append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self._sink().append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag == "table" and self.depth:
            self.depth -= 1
            if self.depth == 0:
                self._close_row()
                if self.rows:
                    self.tables.append(_layout(self.rows, self.budget))
                self.rows = []
                self.text.append("\n")
                return
        if self.depth == 1 and tag == "tr":
            self._close_row()
        elif self.depth == 1 and tag in ("td", "th"):
            self._close_cell()
        elif tag in _BREAKS or (self.depth > 1 and tag in ("td", "th")):
            self._sink().append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self._sink().append(data if self.pre else _WHITESPACE.sub(" ", data))

    def finish(self) -> tuple[str, list[list[list[str]]]]:
        self.close()
        if self.depth:  # an unclosed table
            self._close_row()
            if self.rows:
                self.tables.append(_layout(self.rows, self.budget))
        return _join_lines(self.text), self.tables


def _layout(rows: list[list[tuple[str, int, int]]], budget: _TableCells) -> list[list[str]]:
    """Place cells on the grid: colspan repeats the text across columns, rowspan down the rows (as python-docx)."""
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still to fill)
    grid: list[list[str]] = []
    for cells in rows:
        out: list[str] = []

        def fill_pending(out=out) -> None:
            while len(out) in pending:
                text, left = pending.pop(len(out))
                budget.take(1)
                out.append(text)
                if left > 1:
                    pending[len(out) - 1] = (text, left - 1)

        for text, colspan, rowspan in cells:
            fill_pending()
            budget.take(colspan)
            for _ in range(colspan):
                if rowspan > 1:
                    pending[len(out)] = (text, rowspan - 1)
                out.append(text)
            fill_pending()
        for column in sorted(k for k in pending if k >= len(out)):
            budget.take(max(0, column - len(out)))
            out.extend([""] * (column - len(out)))
            fill_pending()
        grid.append(out)
    return _rectangular(grid, budget)


def _read_html(text: str, name: str) -> SourceDocument:
    text = text.removeprefix("\ufeff")
    # Past the last '>' no tag, comment or declaration can end: what follows is text, and html.parser hands it over
    # as text, but only after reading the rest of the document again for each '<' in it (120 KB of '<a ' took two
    # minutes). It is handed over as text from the start: its '<' escaped (NUL, dropped at reading anyway, too).
    end = text.rfind(">") + 1
    if "<" in text[end:]:
        text = text[:end] + text[end:].replace("\x00", "").replace("<", "&lt;")
    reader = _HTMLReader()
    reader.feed(text)
    running, tables = reader.finish()
    return _document(name, running, tables)
