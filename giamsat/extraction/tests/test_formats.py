"""Formats users actually receive: legacy Word (.doc) and RTF, Excel 97 workbooks, and scanned PDFs.

Real tools, no mocks: .doc and .rtf files are made by LibreOffice from a .docx and read back through LibreOffice;
scanned PDFs are pages of a generated PDF rendered to images, read by Tesseract. The tests that need LibreOffice
or Tesseract (with its Vietnamese data) skip, saying so, where the tool is not installed
(scripts/ensure-system-packages installs both). Each conversion is shared by the tests of the module, and only
three pages are OCR'd, to keep the suite fast.

An Excel 97 workbook cannot be made here with LibreOffice (the project installs LibreOffice Writer only, which
cannot write .xls): `ole_file` writes the OLE2 compound file itself, with a "Workbook" stream holding a BIFF8
workbook's first record, which is what tells an .xls apart.
"""

import io
import os
import shutil
import struct
import subprocess
import tempfile
import time
import unicodedata
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from giamsat.extraction import convert, extract, extract_from_source, ocr, readers
from giamsat.extraction.draft import ExtractionError
from giamsat.extraction.pdf import Page, Table
from giamsat.extraction.readers import read_source
from giamsat.extraction.tests.documents import make_pdf
from giamsat.extraction.tests.test_readers import HEADER, PARAGRAPHS, ROWS
from giamsat.extraction.tests.test_roundtrip import SEEDS, build, gold_table_tasks

needs_soffice = pytest.mark.skipif(
    convert.soffice_path() is None, reason="LibreOffice (soffice) is not installed: scripts/ensure-system-packages"
)
needs_tesseract = pytest.mark.skipif(
    ocr.tesseract_path() is None,
    reason="Tesseract with its Vietnamese data is not installed: scripts/ensure-system-packages",
)

TINY_RTF = rb"{\rtf1\ansi\deff0 Xin ch\u224?o, K\u7871? ho\u7841?ch s\u7889? 12}"


def soffice(source: Path, target: str) -> bytes:
    """`source` converted by LibreOffice to `target` ("doc", "rtf"), with a profile of its own."""
    out = source.parent / "out"
    subprocess.run(
        [
            convert.soffice_path(),
            f"-env:UserInstallation={(source.parent / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (out / f"{source.stem}.{target}").read_bytes()


@pytest.fixture(scope="module")
def legacy(tmp_path_factory) -> dict[str, bytes]:
    """Seed 003's gold table (numbered title, sections, agencies, deadlines) as .docx, and as .doc and .rtf saved
    from that .docx by LibreOffice."""
    if convert.soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed: scripts/ensure-system-packages")
    folder = tmp_path_factory.mktemp("legacy")
    source = folder / "phu-luc.docx"
    source.write_bytes(build("003", "docx"))
    return {"docx": source.read_bytes(), "doc": soffice(source, "doc"), "rtf": soffice(source, "rtf")}


def summary(draft) -> dict:
    def words(text):
        return " ".join((text or "").split())

    return {
        "number": draft.document.number,
        "working_year": draft.document.working_year,
        "tasks": [
            (
                task.ref,
                words(task.title),
                [mention.text for mention in task.lead],
                [mention.text for mention in task.coordinating],
                task.deadline,
                task.deadline_kind,
                task.section,
                task.parent_ref,
            )
            for task in draft.tasks
        ],
    }


# --- legacy Word: .doc and .rtf through LibreOffice ----------------------------------------------------------------


@needs_soffice
class LegacyWordTests:
    @pytest.mark.parametrize("fmt", ["doc", "rtf"])
    def test_same_document_and_tasks_as_the_docx(self, legacy, fmt):
        assert legacy[fmt][:8] != legacy["docx"][:8]  # really another format, not the .docx again
        original = read_source(legacy["docx"], "phu-luc.docx")
        document = read_source(legacy[fmt], f"phu-luc.{fmt}")
        assert document.name == f"phu-luc.{fmt}"
        assert document.text.splitlines() == original.text.splitlines()
        assert [table.rows for table in document.tables] == [table.rows for table in original.tables]

        draft = extract(legacy[fmt], f"phu-luc.{fmt}")
        assert summary(draft) == summary(extract(legacy["docx"], "phu-luc.docx"))
        assert draft.document.number == SEEDS["003"]["title"][0].removeprefix("Số ")
        assert [task.ref for task in draft.tasks if task.origin == "table"] == [
            task["ref"] for task in gold_table_tasks("003")
        ]

    def test_doc_is_recognised_by_its_content_not_its_name(self, legacy):
        assert read_source(legacy["doc"], "phu-luc.txt").tables[0].rows[0] == SEEDS["003"]["header"]

    def test_a_tiny_rtf_is_read(self):
        document = read_source(TINY_RTF, "thu.rtf")
        assert document.text == "Xin chào, Kế hoạch số 12"
        assert document.tables == []

    def test_word_document_stream_of_junk_is_refused(self):
        junk = ole_file({"WordDocument": bytes(range(256)) * 40})
        with pytest.raises(ExtractionError) as raised:
            read_source(junk, "hong.doc")
        assert str(raised.value) == convert.failed("Word cũ (.doc)")

    def test_a_conversion_that_takes_too_long_is_killed_and_leaves_nothing(self, monkeypatch, tmp_path):
        monkeypatch.setattr(convert, "TIMEOUT_SECONDS", 0.2)
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        with pytest.raises(ExtractionError) as raised:
            read_source(TINY_RTF, "thu.rtf")
        assert str(raised.value) == convert.timed_out("RTF (.rtf)")
        assert list(tmp_path.iterdir()) == []  # the conversion's folder (file, profile, output) is gone
        assert_no_process_mentions(str(tmp_path))


def assert_no_process_mentions(text: str, wait: float = 0.5) -> None:
    """No running process has `text` in its command line (killed processes may take a moment to go)."""
    deadline = time.monotonic() + wait
    while True:
        left = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if text.encode() in (entry / "cmdline").read_bytes():
                        left.append(entry.name)
                except OSError:
                    pass
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert left == [], f"processes left running: {left}"


def test_without_libreoffice_legacy_word_is_refused_with_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no soffice, no libreoffice
    with pytest.raises(ExtractionError) as raised:
        read_source(TINY_RTF, "thu.rtf")
    assert str(raised.value) == convert.missing("RTF (.rtf)")
    assert "LibreOffice" in str(raised.value) and ".docx" in str(raised.value)


# --- other OLE2 files: Excel 97, damaged files --------------------------------------------------------------------

FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
BIFF8_WORKBOOK = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x0206) + struct.pack(
    "<HH", 0x000A, 0
)  # BOF (workbook globals, BIFF8) then EOF


def ole_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 compound file (version 3, 512-byte sectors) holding `streams` (at most three) at its root.

    Streams are padded with zeros to 4,096 bytes at least (the padding is part of the stream), so that they live in
    ordinary sectors (no mini stream).
    """
    assert len(streams) <= 3
    sector = 512
    payloads = [data.ljust(max(4096, -(-len(data) // sector) * sector), b"\x00") for data in streams.values()]
    fat = [FAT_SECTOR, END]  # sector 0: this FAT; sector 1: the directory
    starts = []
    for data in payloads:
        starts.append(len(fat))
        count = len(data) // sector
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [END]
    assert len(fat) <= sector // 4
    fat += [FREE] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBBIII", len(encoded), kind, 1, NO_STREAM, right, child)
            + b"\x00" * 36  # class id, state bits, creation and modification times
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, NO_STREAM, 1 if names else NO_STREAM, END, 0)
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else NO_STREAM  # siblings chained to the right
        directory += entry(name, 2, right, NO_STREAM, starts[index], len(payloads[index]))
    directory = directory.ljust(sector, b"\x00")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x003E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
        + struct.pack("<109I", 0, *[FREE] * 108)
    )
    assert len(header) == sector
    return header + struct.pack(f"<{sector // 4}I", *fat) + directory + b"".join(payloads)


class OldOfficeTests:
    def test_the_test_compound_file_is_well_formed(self):
        import olefile

        with olefile.OleFileIO(io.BytesIO(ole_file({"Workbook": BIFF8_WORKBOOK}))) as ole:
            assert ole.listdir() == [["Workbook"]]
            assert ole.openstream("Workbook").read()[: len(BIFF8_WORKBOOK)] == BIFF8_WORKBOOK

    def test_excel_97_workbook_is_refused_with_what_to_do(self):
        with pytest.raises(ExtractionError) as raised:
            read_source(ole_file({"Workbook": BIFF8_WORKBOOK, "\x05SummaryInformation": b""}), "phu-luc.xls")
        assert str(raised.value) == readers.OLD_EXCEL

    def test_excel_5_workbook_is_refused_likewise(self):
        with pytest.raises(ExtractionError) as raised:
            read_source(ole_file({"Book": BIFF8_WORKBOOK}), "cu.xls")
        assert str(raised.value) == readers.OLD_EXCEL

    def test_other_compound_files_are_unsupported(self):
        with pytest.raises(ExtractionError) as raised:
            read_source(ole_file({"PowerPoint Document": b"\x00" * 100}), "trinh-chieu.ppt")
        assert str(raised.value) == readers.UNSUPPORTED

    @pytest.mark.parametrize(
        "data",
        [
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 20,
            ole_file({"Workbook": BIFF8_WORKBOOK})[:700],  # cut inside the directory
        ],
        ids=["zeros", "junk", "truncated"],
    )
    def test_damaged_compound_file_is_refused_in_vietnamese(self, data):
        with pytest.raises(ExtractionError) as raised:
            read_source(data, "hong.doc")
        assert str(raised.value) == readers.corrupt("Word/Excel cũ (.doc, .xls)")

    @needs_soffice
    def test_truncated_doc_is_refused_in_vietnamese(self, legacy):
        with pytest.raises(ExtractionError) as raised:
            read_source(legacy["doc"][: len(legacy["doc"]) // 2], "cat-do.doc")
        assert str(raised.value) in (readers.corrupt("Word/Excel cũ (.doc, .xls)"), convert.failed("Word cũ (.doc)"))


# --- scanned PDFs: OCR ------------------------------------------------------------------------------------------


def scanned(data: bytes, *, angle: float = 0.0) -> bytes:
    """An image-only PDF of `data`'s pages: each rendered at 300 dpi (turned by `angle` degrees, as a page laid
    askew on the scanner), no text layer."""
    import pypdfium2
    from PIL import Image

    document = pypdfium2.PdfDocument(data)
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=300 / 72, grayscale=True).to_pil()
            page.close()
            if angle:
                image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
            images.append(image)
    finally:
        document.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=300)
    return out.getvalue()


def fold(text: str) -> str:
    """Lower case, tone marks and spacing left out: what OCR tolerance is measured on."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split())


def assert_close(got: list[list[str]], want: list[list[str]], *, exact_columns: tuple[int, ...]) -> None:
    """Same shape; the cells of `exact_columns` (refs, dates) equal; the others within OCR tolerance: rapidfuzz
    ratio ≥ 90 when folded and ≥ 85 as printed (so a lost tone mark here and there passes, lost tone marks all
    over do not)."""
    assert len(got) == len(want), (len(got), len(want))
    problems = []
    for got_row, want_row in zip(got, want, strict=True):
        assert len(got_row) == len(want_row), got_row
        for column, (cell, expected) in enumerate(zip(got_row, want_row, strict=True)):
            cell, expected = " ".join(cell.split()), " ".join(expected.split())
            if column in exact_columns:
                ok = cell == expected
            else:
                ok = fuzz.ratio(fold(cell), fold(expected)) >= 90 and fuzz.ratio(cell, expected) >= 85
            if not ok:
                problems.append(f"{expected!r} read as {cell!r}")
    assert not problems, "\n".join(problems)


TITLE = ["Số 12/KH-UBND", "Quảng Ninh, ngày 01 tháng 4 năm 2025", *PARAGRAPHS]


@pytest.fixture(scope="module")
def text_pdf() -> bytes:
    return make_pdf(TITLE, HEADER, ROWS)


@needs_tesseract
class ScannedPdfTests:
    def test_a_page_scanned_askew_gives_back_its_table_and_tasks(self, text_pdf):
        data = scanned(text_pdf, angle=1.2)
        document = read_source(data, "ban-chup.pdf")
        [table] = document.tables
        assert_close(table.rows, [HEADER, *ROWS], exact_columns=(0,))
        assert [row[0] for row in table.rows] == ["STT", "1", "15.1", "2"]
        assert "Quảng Ninh, ngày 01 tháng 4 năm 2025" in document.text

        got, want = extract(data, "ban-chup.pdf"), extract(text_pdf, "van-ban.pdf")
        assert got.document.number == want.document.number == "12/KH-UBND"
        assert [(t.ref, t.deadline, t.deadline_kind) for t in got.tasks] == [
            (t.ref, t.deadline, t.deadline_kind) for t in want.tasks
        ]
        for mine, theirs in zip(got.tasks, want.tasks, strict=True):
            assert [fold(m.text) for m in mine.lead] == [fold(m.text) for m in theirs.lead]
            assert fuzz.ratio(fold(mine.title), fold(theirs.title)) >= 90

    def test_a_printed_appendix_continued_over_a_page_break(self):
        """Seed 000's appendix as printed (8 pt, narrow STT and date columns, the header repeated on each page), its
        first two pages scanned: one table with its header once, and the tasks of the same pages read from the
        text layer. OCR reads the lone letters of the narrow "S T T" header differently on each page ("ŠS",
        "= T T"), which must neither hide the header nor make a task of it."""
        first_pages = pages_of(build("000", "pdf"), 2)
        document = read_source(scanned(first_pages), "phu-luc.pdf")
        assert len(document.tables) == 1
        header = document.tables[0].rows[0]
        assert [fold(cell) for cell in header[:2]] == ["s t t", "ten nhiem vu"]
        assert [row for row in document.tables[0].rows[1:] if fold(row[1]) == "ten nhiem vu"] == []

        got, want = extract_from_source(document), extract(first_pages, "phu-luc.pdf")
        assert len(want.tasks) >= 5
        assert [(t.ref, t.deadline, t.deadline_kind, t.section) for t in got.tasks] == [
            (t.ref, t.deadline, t.deadline_kind, t.section) for t in want.tasks
        ]
        for mine, theirs in zip(got.tasks, want.tasks, strict=True):
            assert [fold(m.text) for m in mine.lead] == [fold(m.text) for m in theirs.lead], mine.ref
            assert fuzz.ratio(fold(mine.title), fold(theirs.title)) >= 90, (mine.title, theirs.title)


def pages_of(data: bytes, count: int) -> bytes:
    """The first `count` pages of a PDF."""
    import pypdfium2

    source, target = pypdfium2.PdfDocument(data), pypdfium2.PdfDocument.new()
    try:
        assert len(source) > count
        target.import_pages(source, list(range(count)))
        out = io.BytesIO()
        target.save(out)
        return out.getvalue()
    finally:
        target.close()
        source.close()


class ScannedTableJoinTests:
    """The joining of a table continued on the next page, for pages read by OCR (no Tesseract needed)."""

    HEADER = ["S\nT\nT", "Tên nhiệm vụ", "Cơ quan chủ trì"]

    @staticmethod
    def pages(first: list[list[str]], second: list[list[str]], *, recognised: bool = True) -> list[list[list[str]]]:
        pages = [
            Page(text="", tables=[Table(rows=rows, top=100, bottom=800)], recognised=recognised)
            for rows in (first, second)
        ]
        return readers._pdf_pages(pages)[1]

    def test_the_header_read_differently_on_the_next_page_is_left_out(self):
        task1, task2 = ["1", "Nhiệm vụ một", "Sở Nội vụ"], ["2", "Nhiệm vụ hai", "Sở Y tế"]
        again = ["=\nT\nT", "Tên nhiệm vụ", "Cơ quan chủ trì"]
        assert self.pages([self.HEADER, task1], [again, task2]) == [[self.HEADER, task1, task2]]

    def test_a_text_layer_header_must_repeat_exactly(self):
        task1, task2 = ["1", "Nhiệm vụ một", "Sở Nội vụ"], ["2", "Nhiệm vụ hai", "Sở Y tế"]
        again = ["=\nT\nT", "Tên nhiệm vụ", "Cơ quan chủ trì"]
        tables = self.pages([self.HEADER, task1], [again, task2], recognised=False)
        assert tables == [[self.HEADER, task1, again, task2]]

    def test_a_task_row_like_the_first_one_is_kept(self):
        """A table without a header: the next page's first task differs from the first task by its number only."""
        task1, task2 = ["1", "Rà soát thủ tục", "Sở Nội vụ"], ["2", "Rà soát thủ tục", "Sở Nội vụ"]
        assert self.pages([task1], [task2]) == [[task1, task2]]

    def test_a_different_header_is_kept(self):
        task1 = ["1", "Nhiệm vụ một", "Sở Nội vụ"]
        other = ["S\nT\nT", "Nội dung", "Đơn vị thực hiện"]
        assert self.pages([self.HEADER, task1], [other]) == [[self.HEADER, task1, other]]


def test_without_tesseract_a_scanned_pdf_is_refused_with_what_to_do(monkeypatch, tmp_path):
    data = scanned(make_pdf(["Phụ lục"], ["STT", "Nội dung"], [["1", "Nhiệm vụ"]]))
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no tesseract
    with pytest.raises(ExtractionError) as raised:
        read_source(data, "ban-chup.pdf")
    assert str(raised.value) == ocr.MISSING


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
def test_tesseract_without_vietnamese_data_counts_as_missing(monkeypatch, tmp_path):
    data = scanned(make_pdf(["Phụ lục"], ["STT", "Nội dung"], [["1", "Nhiệm vụ"]]))
    (tmp_path / "bin").mkdir()
    (tmp_path / "tessdata").mkdir()  # no language data at all
    os.symlink(shutil.which("tesseract"), tmp_path / "bin" / "tesseract")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path / "tessdata"))
    with pytest.raises(ExtractionError) as raised:
        read_source(data, "ban-chup.pdf")
    assert str(raised.value) == ocr.MISSING


def test_without_tesseract_the_text_pages_of_a_pdf_are_still_read(monkeypatch, tmp_path, text_pdf):
    """A PDF with a text layer and one scanned page (a signed last page, say): read without the scanned page."""
    import pypdfium2

    merged = pypdfium2.PdfDocument(text_pdf)
    scan = pypdfium2.PdfDocument(scanned(make_pdf(["Nơi nhận"], ["STT"], [["9"]])))
    merged.import_pages(scan)
    out = io.BytesIO()
    merged.save(out)
    scan.close()
    merged.close()
    monkeypatch.setenv("PATH", str(tmp_path))
    document = read_source(out.getvalue(), "ky-ten.pdf")
    assert [row[0] for row in document.tables[0].rows] == ["STT", "1", "15.1", "2"]
    assert "Nơi nhận" not in document.text


@pytest.mark.parametrize(
    ("text", "foreign"),
    [
        ("Nguyễn Thị Ánh Hồng, Đức, ư ơ ặ ỷ", False),
        ("Sở KH&CN; Quý IV/2025 (50%)", False),
        ("STT", False),
        ("ŠS", True),  # a lone "S" in a narrow header cell, read with the page (the 20-page bench appendix)
        ("cö", True),
        ("ß", True),
    ],
)
def test_letters_no_vietnamese_text_has_mark_a_misreading(text, foreign):
    assert ocr._foreign(text) is foreign
