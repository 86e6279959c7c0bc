"""Scanned PDF pages read by OCR: Tesseract with its Vietnamese data (Debian: tesseract-ocr, tesseract-ocr-vie).

Each page without a text layer is rendered with PDFium at 300 dpi, straightened (a scan is rarely square to the
page), and its ruling lines are found and painted out before `tesseract - - -l vie --psm 6 tsv` reads it: the
lines would otherwise be read as letters and throw whole rows away. Tesseract gives words with their positions;
the page's text is its lines, and a ruled table is rebuilt cell by cell with the grid code of pdf.py, so a scanned
table reaches the parsers as the same rows as a PDF with a text layer (and its text as the same flattened lines).

Pages are read in parallel, one Tesseract process per CPU; PDFium renders them one at a time (pdf._LOCK).
"""

import functools
import io
import os
import re
import shutil
import subprocess  # noqa: S404 - runs Tesseract with a fixed argument list, never a shell
import tempfile
import unicodedata
from concurrent.futures import ThreadPoolExecutor

from giamsat.common.progress import progress_step

from .convert import stop
from .draft import ExtractionError
from .pdf import CellText, Line, Page, Table, find_grids

DPI = 300
LANGUAGE = "vie"
PAGE_LIMIT = 60
TIMEOUT_SECONDS = 120  # for one page
WORKERS = max(1, min(4, os.cpu_count() or 1))

# at 300 dpi: ruling lines within 12 px (1 mm) are one line, and pieces of a line less than 40 px apart (a rule
# faded in the scan, or broken where the page was straightened) are joined; runs shorter than 48 px (4 mm) are
# not rules
TOLERANCE_PX = 12
GAP_PX = 40
MIN_RULE_PX = 48
WINDOW_PX = 8  # a rule is a run of windows of this width that are mostly ink
MAX_SKEW_DEGREES = 3.0

MISSING = (
    "Tệp PDF là bản chụp (không có lớp văn bản) nhưng máy chủ chưa cài phần mềm nhận dạng chữ Tesseract với dữ liệu "
    "tiếng Việt (gói tesseract-ocr, tesseract-ocr-vie); hãy dùng bản PDF xuất từ Word hoặc tệp Word/Excel."
)
NOTHING_READ = (
    "Không nhận dạng được chữ nào trong tệp PDF bản chụp (ảnh mờ, quá nhỏ hoặc không phải văn bản); "
    "hãy dùng bản PDF xuất từ Word hoặc tệp Word/Excel."
)


def too_many_pages(pages: int) -> str:
    return (
        f"Tệp PDF có {pages} trang bản chụp cần nhận dạng chữ (OCR), quá giới hạn {PAGE_LIMIT} trang; "
        "hãy tách thành các tệp nhỏ hơn hoặc dùng bản PDF có lớp văn bản."
    )


def failed(page: int, detail: str) -> str:
    return f"Không nhận dạng được chữ trên trang {page} của tệp PDF bản chụp ({detail})."


def timed_out(page: int) -> str:
    return (
        f"Nhận dạng chữ trang {page} của tệp PDF bản chụp không xong trong {TIMEOUT_SECONDS} giây; "
        "hãy dùng bản PDF có lớp văn bản."
    )


@functools.cache
def _has_vietnamese(binary: str) -> bool:
    """Whether this Tesseract has the Vietnamese data."""
    try:
        listed = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [binary, "--list-langs"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return LANGUAGE in listed.stdout.decode(errors="replace").split()


def tesseract_path() -> str | None:
    """The Tesseract binary, if it is installed with the Vietnamese data."""
    binary = shutil.which("tesseract")
    return binary if binary and _has_vietnamese(binary) else None


def read_scanned(document, pages: list[Page]) -> list[Page]:
    """`pages` with each page marked `scanned` replaced by what OCR reads on it.

    Without Tesseract a document that has text on other pages is read without its scanned pages; one with no
    text at all is refused with a message saying what is missing.
    """
    wanted = [index for index, page in enumerate(pages) if page.scanned]
    has_text = any(page.text.strip() for page in pages if not page.scanned)
    binary = tesseract_path()
    if binary is None:
        if has_text:
            return pages
        raise ExtractionError(MISSING)
    if len(wanted) > PAGE_LIMIT:
        raise ExtractionError(too_many_pages(len(wanted)))
    pages = list(pages)
    for index, page in zip(wanted, _recognise(binary, document, wanted, total=len(pages)), strict=True):
        pages[index] = page
    if not any(page.text.strip() for page in pages):
        raise ExtractionError(NOTHING_READ)
    return pages


def _recognise(binary: str, document, indexes: list[int], *, total: int) -> list[Page]:
    """The pages `indexes` of the `total` in the document, read by OCR. Each page read, in order, moves the progress
    bar of the job reading the document (from this thread: the OCR threads have no job to report to), counting the
    pages with a text layer as read already (pdf.Document.pages)."""
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="ocr")
    already = total - len(indexes)
    futures = []
    collected = 0

    def collect(upto: int) -> None:
        nonlocal collected
        while collected < upto:
            futures[collected].result()
            collected += 1
            page = indexes[collected - 1] + 1
            progress_step(already + collected, total, f"nhận dạng chữ trang {page}/{total}")

    try:
        for count, index in enumerate(indexes):
            image = document.render(index, DPI)  # PDFium, one page at a time, in this thread
            futures.append(pool.submit(read_image, image, binary=binary, page_number=index + 1))
            if count >= WORKERS:  # at most WORKERS rendered pages wait in memory
                collect(count - WORKERS + 1)
        collect(len(futures))
        return [future.result() for future in futures]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def read_image(image, *, binary: str, page_number: int = 1) -> Page:
    """One page image (PIL, any mode) read by Tesseract: its text lines and its ruled tables."""
    image = _straightened(image.convert("L"))
    horizontals, verticals = _rulings(image)
    grids = find_grids(horizontals, verticals, tolerance=TOLERANCE_PX, min_length=MIN_RULE_PX, gap=GAP_PX)
    _erase(image, grids, horizontals, verticals)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    [words] = _tesseract(binary, page_number, png=buffer.getvalue())
    lines = _lines(words)
    tables = []
    for grid in grids:
        cells = [CellText() for _ in grid.starts]
        for text, left, top, width, height, _ in words:
            cell = grid.cell(left + width / 2, top + height / 2)
            if cell is not None:
                cells[cell].add(text, left, top + height / 2, height)
        texts = [cell.text(" ") for cell in cells]
        _reread_short_cells(binary, page_number, image, grid, texts)
        tables.append(Table(rows=grid.rows(texts), top=grid.top, bottom=grid.bottom))
    return Page(text="\n".join(line.text for line in lines), tables=tables, lines=lines, recognised=True)


SHORT_CELL = 6  # characters: a short cell that is not a number is read again on its own, in case it is one
_NUMBER = re.compile(r"(?:\d{1,3}(?:[.,]\d{1,3})*|[IVX]{1,5})[.)]?")


def _reread_short_cells(binary: str, page_number: int, image, grid, texts: list[str]) -> None:
    """Read short cells that are not a number again, each cut out on its own, in one Tesseract run for them all.

    Read as part of the page, a lone "1" or "2" in a narrow column may come out as "Nj" or "%2", and a lone "S" as
    "ŠS"; cut out, they are read right. The new reading is kept when it is a number, or when the first one held a
    letter no Vietnamese text has and the new one does not; otherwise the first stands (a header "ST T" read
    again may turn into "ST 1").
    """
    from PIL import ImageOps

    short = [
        index
        for index, text in enumerate(texts)
        if 0 < len("".join(text.split())) <= SHORT_CELL and not _NUMBER.fullmatch("".join(text.split()))
    ]
    if not short:
        return
    bounds = grid.bounds()
    with tempfile.TemporaryDirectory(prefix="giamsat-ocr-") as folder:
        paths = []
        for index in short:
            left, top, right, bottom = bounds[index]
            crop = image.crop(
                (int(left) + 3, int(top) + 3, max(int(left) + 4, int(right) - 3), max(int(top) + 4, int(bottom) - 3))
            )
            path = os.path.join(folder, f"{index}.png")
            ImageOps.expand(crop, border=24, fill=255).save(path, compress_level=1)
            paths.append(path)
        listing = os.path.join(folder, "cells.txt")
        with open(listing, "w", encoding="utf-8") as out:
            out.write("\n".join(paths) + "\n")
        read = _tesseract(binary, page_number, listing=listing, images=len(paths))
    for index, words in zip(short, read, strict=True):
        text = "\n".join(line.text for line in _lines(words))
        if _NUMBER.fullmatch("".join(text.split())) or (_foreign(texts[index]) and text.strip() and not _foreign(text)):
            texts[index] = text


# The marks Vietnamese letters carry: grave, acute, circumflex, tilde, breve, hook above, horn, dot below.
_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323")


def _foreign(text: str) -> bool:
    """Whether `text` holds a letter no Vietnamese (or English) text has: "Š", "ö", "ß"... a sign of a misreading."""
    for char in text:
        if not char.isalpha() or char.isascii() or char in "đĐ":
            continue
        base, *marks = unicodedata.normalize("NFD", char)
        if not (base.isascii() and base.isalpha()) or any(mark not in _VIETNAMESE_MARKS for mark in marks):
            return True
    return False


def _tesseract(binary: str, page_number: int, *, png: bytes = b"", listing: str = "", images: int = 1) -> list[list]:
    """Tesseract's words on each image (the PNG on stdin, or the images named in `listing`): (text, left, top,
    width, height, line key), in reading order."""
    command = [binary, listing or "-", "-", "-l", LANGUAGE, "--psm", "6", "--dpi", str(DPI), "tsv"]
    process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},  # one thread each: pages run in parallel instead
    )
    try:
        out, err = process.communicate(png, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        raise ExtractionError(timed_out(page_number)) from None
    finally:
        stop(process)
    if process.returncode != 0:
        detail = err.decode(errors="replace").strip().splitlines()
        raise ExtractionError(failed(page_number, detail[-1][:200] if detail else f"mã lỗi {process.returncode}"))
    found: list[list] = [[] for _ in range(images)]
    for row in out.decode("utf-8", errors="replace").splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) != 12 or fields[0] != "5":
            continue
        text = _word(fields[11])
        try:
            image, left, top, width, height = (int(value) for value in (fields[1], *fields[6:10]))
        except ValueError:
            continue
        if text and 1 <= image <= images:
            found[image - 1].append((text, left, top, width, height, (fields[2], fields[3], fields[4])))
    return found


# "I", "II", "IV" set in a sans-serif face are read as "|", "lI", "lV": the bar and the l are taken for I when the
# word is nothing else (no Vietnamese word is made of them). Underscores and bars at a word's ends are what is
# left of rules and cell borders.
_ROMAN_LOOKALIKE = re.compile(r"[|lI]{1,3}[VX]?|[VX][|lI]{1,3}")
_RULE_LEFTOVERS = "_|`~¦"


def _word(text: str) -> str:
    text = text.strip()
    match = re.fullmatch(r"(.*?)([.)]?)", text)
    core, end = (match.group(1), match.group(2)) if match else (text, "")
    if _ROMAN_LOOKALIKE.fullmatch(core) and core != "l":
        return core.replace("|", "I").replace("l", "I") + end
    return text.strip(_RULE_LEFTOVERS)


def _lines(words: list[tuple]) -> list[Line]:
    lines: list[Line] = []
    key = None
    for text, _left, top, _width, height, line_key in words:
        if line_key != key or not lines:
            lines.append(Line(text, top, top + height))
            key = line_key
        else:
            line = lines[-1]
            line.text += " " + text
            line.top, line.bottom = min(line.top, top), max(line.bottom, top + height)
    return lines


def _ink(image, threshold: int = 128):
    """255 where the page is dark, 0 elsewhere."""
    return image.point(lambda value: 255 if value < threshold else 0)


def _straightened(image):
    """The page turned by the angle (within ±3°) at which its rows of ink line up best (projection profile)."""
    from PIL import Image

    small = _ink(image.reduce(4), 160)
    width, height = small.size

    def sharpness(angle: float) -> float:
        profile = small.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=0).resize(
            (1, height), Image.Resampling.BOX
        )
        rows = profile.tobytes()
        return float(sum((a - b) ** 2 for a, b in zip(rows, rows[1:], strict=False)))

    level = sharpness(0.0)
    if level == 0:
        return image  # a blank page
    best, best_score = 0.0, level
    step = 0.5
    for angle in (a * step for a in range(-int(MAX_SKEW_DEGREES / step), int(MAX_SKEW_DEGREES / step) + 1)):
        score = sharpness(angle)
        if score > best_score:
            best, best_score = angle, score
    centre = best
    for angle in (centre + a * 0.1 for a in range(-4, 5)):
        score = sharpness(angle)
        if score > best_score:
            best, best_score = angle, score
    if abs(best) < 0.1 or best_score < level * 1.02:
        return image
    return image.rotate(best, resample=Image.Resampling.BICUBIC, fillcolor=255)


def _runs(ink, min_length: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of each horizontal run of ink at least `min_length` long, in windows of WINDOW_PX."""
    from PIL import Image

    width, height = ink.size
    columns = max(1, width // WINDOW_PX)
    windows = ink.resize((columns, height), Image.Resampling.BOX).point(lambda value: 255 if value >= 200 else 0)
    data = windows.tobytes()
    run = re.compile(b"\xff{%d,}" % max(1, min_length // WINDOW_PX))
    found = []
    for row in range(height):
        for match in run.finditer(data, row * columns, (row + 1) * columns):
            start = (match.start() - row * columns) * WINDOW_PX
            found.append((row, start, (match.end() - row * columns) * WINDOW_PX))
    return found


def _rulings(image) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """The page's horizontal (y, x0, x1) and vertical (x, y0, y1) rules, as runs of ink one pixel thick."""
    from PIL import Image

    ink = _ink(image, 170)  # thin rules come out grey
    horizontals = _runs(ink, MIN_RULE_PX)
    verticals = _runs(ink.transpose(Image.Transpose.TRANSPOSE), MIN_RULE_PX)
    return horizontals, verticals


def _erase(image, grids: list, horizontals: list[tuple], verticals: list[tuple]) -> None:
    """Paint the tables' rules white, so Tesseract reads only the text between them.

    Only rules of a table: a run of ink elsewhere may be letters side by side (the bars of "TT").
    """
    import bisect

    from PIL import ImageDraw

    near = TOLERANCE_PX / 2
    margin = 2

    def on(position: float, lines: list[float]) -> bool:
        index = bisect.bisect_left(lines, position - near)
        return index < len(lines) and lines[index] <= position + near

    draw = ImageDraw.Draw(image)
    for grid in grids:
        left, right, top, bottom = grid.xs[0], grid.xs[-1], grid.ys[0], grid.ys[-1]
        for y, x0, x1 in horizontals:
            if top - near <= y <= bottom + near and x1 >= left - near and x0 <= right + near and on(y, grid.ys):
                draw.rectangle((x0 - WINDOW_PX, y - margin, x1 + WINDOW_PX, y + margin), fill=255)
        for x, y0, y1 in verticals:
            if left - near <= x <= right + near and y1 >= top - near and y0 <= bottom + near and on(x, grid.xs):
                draw.rectangle((x - margin, y0 - WINDOW_PX, x + margin, y1 + WINDOW_PX), fill=255)
