"""PDF pages read with PDFium (pypdfium2): each page's running text, and its ruled tables rebuilt cell by cell.

A table is found from the page's ruling lines (stroked lines, and the edges of drawn rectangles, as pdfplumber's
"lines" strategy does): collinear lines are snapped and joined, lines that cross make a grid, and each
character goes to the cell its centre falls in. Cells merged across columns or rows (a missing inner line) hold
their text in their top-left position, "" in the others. The grid builder (`find_grids`, `CellText`) works in any
unit with y growing downwards, so the OCR of a scanned page (ocr.py) rebuilds its tables with the same code.

PDFium is not thread-safe: every call into it holds `_LOCK`, and every PDFium object is closed explicitly (never
left to the garbage collector, which could close it from another thread).
"""

import bisect
import ctypes
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from giamsat.common.progress import progress_step  # no Django: a context variable only

TOLERANCE = 3.0  # points: ruling lines closer than this are one line, and ends closer than this meet
MIN_EDGE = 3.0  # points: shorter ruling pieces are ignored
MAX_EDGES = 20_000  # a page drawn with more straight lines than this is a drawing, not a table
SCAN_MAX_CHARS = 20  # a page with fewer non-blank characters in its text layer has, in effect, none ...
SCAN_MIN_IMAGE_SHARE = 0.05  # ... and is OCR'd if an image covers at least this share of it
SCAN_COVER_MAX_CHARS = 200  # a page mostly covered by an image (a scan with a signature stamp) with fewer
SCAN_COVER_IMAGE_SHARE = 0.5  # characters than this is OCR'd as well

_LOCK = threading.RLock()


@dataclass
class Line:
    """A line of the page's text and its vertical extent (y grows downwards)."""

    text: str
    top: float
    bottom: float


@dataclass
class Table:
    rows: list[list[str]]
    top: float
    bottom: float


@dataclass
class Page:
    text: str
    tables: list[Table] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # filled only for pages with tables (the only use)
    scanned: bool = False  # no text layer to speak of, but an image: a candidate for OCR
    recognised: bool = False  # read by OCR (ocr.py): the same text may be read differently on another page


# --- grids from ruling lines (any unit, y downwards) ---------------------------------------------------------------


def _merge(edges: list[tuple[float, float, float]], tolerance: float, min_length: float, gap: float) -> list[tuple]:
    """(position, start, end) segments: those within `tolerance` of one position are snapped to their mean and
    joined where they overlap or are less than `gap` apart."""
    merged: list[tuple[float, float, float]] = []
    edges.sort()
    i = 0
    while i < len(edges):
        j = i + 1
        while j < len(edges) and edges[j][0] - edges[i][0] <= tolerance:
            j += 1
        group = edges[i:j]
        position = sum(edge[0] for edge in group) / len(group)
        pieces = sorted((edge[1], edge[2]) for edge in group)
        start, end = pieces[0]
        for a, b in pieces[1:]:
            if a <= end + gap:
                end = max(end, b)
            else:
                if end - start >= min_length:
                    merged.append((position, start, end))
                start, end = a, b
        if end - start >= min_length:
            merged.append((position, start, end))
        i = j
    return merged


@dataclass
class Grid:
    """A ruled table: column lines `xs`, row lines `ys`, and the cells between them."""

    xs: list[float]
    ys: list[float]
    cell_at: dict[tuple[int, int], int]  # grid slot (row, column) -> cell number
    starts: list[tuple[int, int]]  # each cell's top-left slot

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def cell(self, x: float, y: float) -> int | None:
        if not (self.xs[0] < x < self.xs[-1] and self.ys[0] < y < self.ys[-1]):
            return None
        return self.cell_at.get((bisect.bisect_right(self.ys, y) - 1, bisect.bisect_right(self.xs, x) - 1))

    def bounds(self) -> list[tuple[float, float, float, float]]:
        """Each cell's (left, top, right, bottom)."""
        extents = [[row, column, row, column] for row, column in self.starts]
        for (row, column), cell in self.cell_at.items():
            extent = extents[cell]
            extent[2], extent[3] = max(extent[2], row), max(extent[3], column)
            extent[1] = min(extent[1], column)
        return [(self.xs[c0], self.ys[r0], self.xs[c1 + 1], self.ys[r1 + 1]) for r0, c0, r1, c1 in extents]

    def rows(self, texts: list[str]) -> list[list[str]]:
        """The table as rows of cell texts: a row per row line where a cell starts, a column likewise."""
        by_start = dict(zip(self.starts, texts, strict=True))
        rows = sorted({row for row, _ in self.starts})
        columns = sorted({column for _, column in self.starts})
        return [[by_start.get((row, column), "") for column in columns] for row in rows]


class _Union:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def find_grids(
    horizontals: list[tuple[float, float, float]],
    verticals: list[tuple[float, float, float]],
    *,
    tolerance: float = TOLERANCE,
    min_length: float = MIN_EDGE,
    gap: float | None = None,
) -> list[Grid]:
    """Tables drawn by ruling lines: horizontals are (y, x0, x1), verticals (x, y0, y1), y growing downwards.

    Collinear pieces less than `gap` apart (default: `tolerance`) are one line; lines that cross (within
    `tolerance`) belong to one table; a table needs two lines each way. Grids come back from the top down.
    """
    gap = tolerance if gap is None else gap
    hs = _merge(list(horizontals), tolerance, min_length, gap)
    vs = _merge(list(verticals), tolerance, min_length, gap)
    if len(hs) < 2 or len(vs) < 2:
        return []
    union = _Union(len(hs) + len(vs))
    h_ys = [h[0] for h in hs]  # sorted: _merge sorts by position
    for v_index, (x, y0, y1) in enumerate(vs):
        low = bisect.bisect_left(h_ys, y0 - tolerance)
        high = bisect.bisect_right(h_ys, y1 + tolerance)
        for h_index in range(low, high):
            _, x0, x1 = hs[h_index]
            if x0 - tolerance <= x <= x1 + tolerance:
                union.join(h_index, len(hs) + v_index)
    groups: dict[int, tuple[list, list]] = {}
    for index, h in enumerate(hs):
        groups.setdefault(union.find(index), ([], []))[0].append(h)
    for index, v in enumerate(vs):
        groups.setdefault(union.find(len(hs) + index), ([], []))[1].append(v)
    grids = [
        grid
        for group_hs, group_vs in groups.values()
        if len(group_hs) >= 2 and len(group_vs) >= 2
        for grid in [_grid(group_hs, group_vs, tolerance)]
        if grid is not None
    ]
    grids.sort(key=lambda grid: (grid.ys[0], grid.xs[0]))
    return grids


def _covered(spans: list[tuple[float, float]], start: float, end: float, tolerance: float) -> bool:
    return any(a <= start + tolerance and b >= end - tolerance for a, b in spans)


def _grid(hs: list[tuple], vs: list[tuple], tolerance: float) -> Grid | None:
    xs = sorted({v[0] for v in vs})
    ys = sorted({h[0] for h in hs})
    v_spans: dict[float, list[tuple[float, float]]] = {}
    h_spans: dict[float, list[tuple[float, float]]] = {}
    for x, y0, y1 in vs:
        v_spans.setdefault(x, []).append((y0, y1))
    for y, x0, x1 in hs:
        h_spans.setdefault(y, []).append((x0, x1))
    n_rows, n_columns = len(ys) - 1, len(xs) - 1

    def wall_right(row: int, column: int) -> bool:  # the line at xs[column + 1] along this row
        return _covered(v_spans[xs[column + 1]], ys[row], ys[row + 1], tolerance)

    def wall_below(row: int, column: int) -> bool:  # the line at ys[row + 1] along this column
        return _covered(h_spans[ys[row + 1]], xs[column], xs[column + 1], tolerance)

    # Slots (the spaces between neighbouring lines) with no line between them are one region.
    union = _Union(n_rows * n_columns)
    for row in range(n_rows):
        for column in range(n_columns):
            slot = row * n_columns + column
            if column + 1 < n_columns and not wall_right(row, column):
                union.join(slot, slot + 1)
            if row + 1 < n_rows and not wall_below(row, column):
                union.join(slot, slot + n_columns)
    open_roots: set[int] = set()  # regions open to the outside of the table: not cells
    for column in range(n_columns):
        if not _covered(h_spans[ys[0]], xs[column], xs[column + 1], tolerance):
            open_roots.add(union.find(column))
        if not _covered(h_spans[ys[-1]], xs[column], xs[column + 1], tolerance):
            open_roots.add(union.find((n_rows - 1) * n_columns + column))
    for row in range(n_rows):
        if not _covered(v_spans[xs[0]], ys[row], ys[row + 1], tolerance):
            open_roots.add(union.find(row * n_columns))
        if not _covered(v_spans[xs[-1]], ys[row], ys[row + 1], tolerance):
            open_roots.add(union.find(row * n_columns + n_columns - 1))
    slots: dict[int, list[tuple[int, int]]] = {}  # region root -> its slots, for the regions that are cells
    for row in range(n_rows):
        for column in range(n_columns):
            root = union.find(row * n_columns + column)
            if root not in open_roots:
                slots.setdefault(root, []).append((row, column))
    if not slots:
        return None
    # A cell whose outline is not a rectangle but goes round other cells holds a nested table (drawn inset in the
    # cell): the nested cells belong to the outer cell, their text line after line, as the Word reader gives it.
    boxes = {
        root: (min(r for r, _ in found), min(c for _, c in found), max(r for r, _ in found), max(c for _, c in found))
        for root, found in slots.items()
    }
    owner = {root: root for root in slots}
    for root, (r0, c0, r1, c1) in boxes.items():
        if len(slots[root]) == (r1 - r0 + 1) * (c1 - c0 + 1):
            continue
        for other, (o_r0, o_c0, o_r1, o_c1) in boxes.items():
            if other != root and r0 <= o_r0 and o_r1 <= r1 and c0 <= o_c0 and o_c1 <= c1:
                owner[other] = root
    cell_of_root: dict[int, int] = {}
    cell_at: dict[tuple[int, int], int] = {}
    starts: list[tuple[int, int]] = []
    for row in range(n_rows):
        for column in range(n_columns):
            root = union.find(row * n_columns + column)
            if root in open_roots:
                continue
            while owner[root] != root:
                root = owner[root]
            if root not in cell_of_root:  # slots are visited top-down, left to right: this is the cell's top-left
                cell_of_root[root] = len(starts)
                starts.append((row, column))
            cell_at[row, column] = cell_of_root[root]
    return Grid(xs=xs, ys=ys, cell_at=cell_at, starts=starts)


class CellText:
    """The text of one cell, built from pieces (characters or words) as they arrive, in lines by position."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        self.lines: list[list] = []  # [centre y, height, [(x, text), ...]]

    def add(self, text: str, x: float, y: float, height: float) -> None:
        lines = self.lines
        if lines:
            line = lines[-1]
            if abs(y - line[0]) <= max(line[1], height) * 0.5:
                line[2].append((x, text))
                return
        if not text.strip():
            return  # a space never starts a line
        lines.append([y, height, [(x, text)]])

    def text(self, joiner: str = "") -> str:
        lines = self.lines
        if any(a[0] > b[0] for a, b in zip(lines, lines[1:], strict=False)):
            lines = sorted(lines, key=lambda line: line[0])
        out = []
        for _, _, pieces in lines:
            if any(a[0] > b[0] + 1 for a, b in zip(pieces, pieces[1:], strict=False)):
                pieces = sorted(pieces, key=lambda piece: piece[0])
            text = " ".join(joiner.join(text for _, text in pieces).split())
            if text:
                out.append(text)
        return "\n".join(out)


# --- PDFium -----------------------------------------------------------------------------------------------------


@contextmanager
def open_pdf(data: bytes) -> Iterator["Document"]:
    """The PDF in `data`; pypdfium2's PdfiumError (err_code FPDF_ERR_PASSWORD when locked) if it cannot be opened."""
    import pypdfium2

    with _LOCK:
        document = pypdfium2.PdfDocument(data)
    try:
        yield Document(document)
    finally:
        with _LOCK:
            document.close()


def is_password_error(error: BaseException) -> bool:
    import pypdfium2
    import pypdfium2.raw as raw

    return isinstance(error, pypdfium2.PdfiumError) and error.err_code == raw.FPDF_ERR_PASSWORD


class Document:
    def __init__(self, document) -> None:
        self.document = document

    def __len__(self) -> int:
        with _LOCK:
            return len(self.document)

    def pages(self) -> list[Page]:
        """Every page, read in order; each read page moves the progress bar of the job reading it (a scanned page
        moves it once OCR has read it: ocr.py)."""
        with _LOCK:
            count = len(self.document)
            pages = []
            read = 0
            for index in range(count):
                page = self._page(index)
                pages.append(page)
                read += not page.scanned
                progress_step(read, count, f"trang {index + 1}/{count}")
            return pages

    def render(self, index: int, dpi: int):
        """Page `index` as a greyscale PIL image at `dpi`."""
        with _LOCK:
            page = self.document[index]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                try:
                    return bitmap.to_pil().copy()
                finally:
                    bitmap.close()
            finally:
                page.close()

    def _page(self, index: int) -> Page:
        page = self.document[index]
        try:
            left, bottom, right, top = page.get_mediabox()
            textpage = page.get_textpage()
            try:
                chars = _page_chars(textpage)
                text = "".join(chars)
                visible = len("".join(text.split()))
                horizontals, verticals, image_share = _drawing(page, left, top)
                scanned = (visible < SCAN_MAX_CHARS and image_share >= SCAN_MIN_IMAGE_SHARE) or (
                    visible < SCAN_COVER_MAX_CHARS and image_share >= SCAN_COVER_IMAGE_SHARE
                )
                if scanned:
                    return Page(text="", scanned=True)
                grids = find_grids(horizontals, verticals) if len(horizontals) + len(verticals) <= MAX_EDGES else []
                if not grids:
                    return Page(text=text)
                tables, lines = _fill(textpage, chars, grids, left, top)
                return Page(text=text, tables=tables, lines=lines)
            finally:
                textpage.close()
        finally:
            page.close()


# PDFium gives a hyphen that ends a line as U+FFFE (U+0002 in older versions)
_LINE_END_HYPHENS = str.maketrans({"\ufffe": "-", "\x02": "-"})


def _page_chars(textpage) -> str | list[str]:
    """The page's characters, item i being PDFium's character i (whose box FPDFText_GetLooseCharBox(i) gives).

    The whole text in one call when it has one item per character, as it has in nearly every PDF. PDFium leaves
    out of it the characters it has no Unicode value for (a font without a ToUnicode map, a symbol outside the
    Basic Multilingual Plane): every later character would then take its neighbour's box and the table cells
    would be cut in the wrong places. Such a page is read character by character, those characters as "".
    """
    import pypdfium2.raw as raw

    count = textpage.count_chars()
    text = textpage.get_text_range()
    if len(text) == count:
        return text.translate(_LINE_END_HYPHENS)
    get = raw.FPDFText_GetUnicode
    handle = textpage.raw
    return [_char(get(handle, index)) for index in range(count)]


def _char(code: int) -> str:
    if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return ""
    return chr(code).translate(_LINE_END_HYPHENS)


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(outer: tuple, inner: tuple) -> tuple:
    a, b, c, d, e, f = outer
    ia, ib, ic, id_, ie, if_ = inner
    return (
        a * ia + c * ib,
        b * ia + d * ib,
        a * ic + c * id_,
        b * ic + d * id_,
        a * ie + c * if_ + e,
        b * ie + d * if_ + f,
    )


def _objects(handle, count, get, matrix: tuple) -> Iterable[tuple[object, int, tuple]]:
    """(object, type, matrix to page space of the object's container) for every object, forms opened."""
    import pypdfium2.raw as raw

    for index in range(count(handle)):
        obj = get(handle, index)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            m = raw.FS_MATRIX()
            raw.FPDFPageObj_GetMatrix(obj, m)
            inner = _compose(matrix, (m.a, m.b, m.c, m.d, m.e, m.f))
            yield from _objects(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, inner)
        else:
            yield obj, kind, matrix


def _drawing(page, left: float, top: float) -> tuple[list, list, float]:
    """The page's straight horizontal and vertical lines (y downwards from the page top), and the share of the page
    covered by images."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    area = max(width * height, 1.0)
    horizontals: list[tuple[float, float, float]] = []
    verticals: list[tuple[float, float, float]] = []
    image_area = 0.0
    x, y = ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    r, g, b, alpha = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    bl, bb, br, bt = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    for obj, kind, container in _objects(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, _IDENTITY):
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            if raw.FPDFPageObj_GetBounds(obj, bl, bb, br, bt):
                corners = [_apply(container, px, py) for px in (bl.value, br.value) for py in (bb.value, bt.value)]
                xs = [corner[0] for corner in corners]
                ys = [corner[1] for corner in corners]
                image_area += (max(xs) - min(xs)) * (max(ys) - min(ys))
            continue
        if kind != raw.FPDF_PAGEOBJ_PATH or len(horizontals) + len(verticals) > MAX_EDGES:
            continue
        if not raw.FPDFPath_GetDrawMode(obj, fill, stroke):
            continue
        if not stroke.value:
            if fill.value == raw.FPDF_FILLMODE_NONE:
                continue  # drawn neither way: invisible
            raw.FPDFPageObj_GetFillColor(obj, r, g, b, alpha)
            if alpha.value == 0 or min(r.value, g.value, b.value) >= 250:
                continue  # a white (or transparent) fill: a background, not a rule
        m = raw.FS_MATRIX()
        raw.FPDFPageObj_GetMatrix(obj, m)
        matrix = _compose(container, (m.a, m.b, m.c, m.d, m.e, m.f))
        start = current = None
        for index in range(raw.FPDFPath_CountSegments(obj)):
            segment = raw.FPDFPath_GetPathSegment(obj, index)
            raw.FPDFPathSegment_GetPoint(segment, x, y)
            point = _apply(matrix, x.value, y.value)
            kind_of_segment = raw.FPDFPathSegment_GetType(segment)
            if kind_of_segment == raw.FPDF_SEGMENT_MOVETO:
                start = point
            elif kind_of_segment == raw.FPDF_SEGMENT_LINETO and current is not None:
                _edge(current, point, left, top, horizontals, verticals)
            current = point
            if raw.FPDFPathSegment_GetClose(segment) and start is not None and current is not None:
                _edge(current, start, left, top, horizontals, verticals)
                current = start
    return horizontals, verticals, min(1.0, image_area / area)


def _apply(matrix: tuple, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _edge(p: tuple, q: tuple, left: float, top: float, horizontals: list, verticals: list) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) <= 1 and x0 != x1:
        horizontals.append((top - (y0 + y1) / 2, min(x0, x1) - left, max(x0, x1) - left))
    elif abs(x0 - x1) <= 1 and y0 != y1:
        verticals.append(((x0 + x1) / 2 - left, top - max(y0, y1), top - min(y0, y1)))


def _fill(textpage, text: Sequence[str], grids: list[Grid], left: float, top: float) -> tuple[list[Table], list[Line]]:
    """Each character into the cell its centre falls in; and the page's text lines with their extent."""
    import pypdfium2.raw as raw

    cells = [[CellText() for _ in grid.starts] for grid in grids]
    bounds = [(grid.xs[0], grid.xs[-1], grid.ys[0], grid.ys[-1]) for grid in grids]
    box = raw.FS_RECTF()
    loose_box = raw.FPDFText_GetLooseCharBox
    handle = textpage.raw
    lines: list[Line] = []
    line_start, line_top, line_bottom = 0, None, None
    for index, char in enumerate(text):
        if char == "\r" or char == "\n":
            if char == "\n" and line_top is not None:
                lines.append(Line("".join(text[line_start:index]).strip(), line_top, line_bottom))
            if char == "\n":
                line_start, line_top, line_bottom = index + 1, None, None
            continue
        if not char:  # a character without a Unicode value (see _page_chars)
            continue
        loose_box(handle, index, box)
        x = (box.left + box.right) / 2 - left
        y_top, y_bottom = top - box.top, top - box.bottom
        if char != " ":
            line_top = y_top if line_top is None else min(line_top, y_top)
            line_bottom = y_bottom if line_bottom is None else max(line_bottom, y_bottom)
        y = (y_top + y_bottom) / 2
        for number, (x0, x1, y0, y1) in enumerate(bounds):
            if x0 < x < x1 and y0 < y < y1:
                cell = grids[number].cell(x, y)
                if cell is not None:
                    cells[number][cell].add(char, box.left, y, y_bottom - y_top)
                break
    if line_top is not None:
        lines.append(Line("".join(text[line_start:]).strip(), line_top, line_bottom))
    tables = [
        Table(rows=grid.rows([cell.text() for cell in texts]), top=grid.top, bottom=grid.bottom)
        for grid, texts in zip(grids, cells, strict=True)
    ]
    return tables, lines
