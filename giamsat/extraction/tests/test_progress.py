"""A PDF read page by page tells how far it has got (giamsat.common.progress): each page read, then each scanned page
read by OCR, moves the bar of the job reading it; what is extracted is the same whoever listens."""

import io

from giamsat.common.progress import progress_listening
from giamsat.extraction import extract
from giamsat.extraction.readers import read_source

from .documents import make_pdf
from .test_formats import needs_tesseract, scanned

HEADING = ["Số 12/KH-UBND", "Quảng Ninh, ngày 01 tháng 4 năm 2025", "KẾ HOẠCH", "Chuyển đổi số năm 2025"]
COLUMNS = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"]


def plan(rows: int) -> bytes:
    return make_pdf(
        HEADING,
        COLUMNS,
        [
            [
                str(n),
                f"Triển khai nhiệm vụ chuyển đổi số thứ {n} " + "của các cơ quan, đơn vị " * 8,
                "Sở Nội vụ",
                "Quý IV",
            ]
            for n in range(1, rows + 1)
        ],
    )


def pages_of(data: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def listened(read, *args):
    steps = []
    with progress_listening(lambda done, total, label: steps.append((done, total, label))):
        result = read(*args)
    return result, steps


def test_each_page_of_a_pdf_moves_the_bar_and_the_draft_is_the_same():
    data = plan(40)
    pages = pages_of(data)
    assert pages >= 4
    draft, steps = listened(extract, data, "ke-hoach.pdf")
    assert steps == [(page, pages, f"trang {page}/{pages}") for page in range(1, pages + 1)]
    assert draft.to_dict() == extract(data, "ke-hoach.pdf").to_dict()  # nobody listening: the same draft
    assert len(draft.tasks) == 40


def test_nothing_listens_outside_a_job():
    assert extract(plan(3), "ke-hoach.pdf").tasks  # progress_step with no reporter costs a lookup, nothing else


@needs_tesseract
def test_scanned_pages_move_the_bar_as_ocr_reads_them():
    """A PDF whose first page has a text layer and whose next two are scans: the text page counts as read at once,
    each scanned page when OCR has read it, in order, up to every page."""
    import pypdfium2

    text = make_pdf(HEADING, COLUMNS, [["1", "Lập kế hoạch chuyển đổi số", "Sở Nội vụ", "Quý IV"]])
    scans = scanned(make_pdf(["Phụ lục"], COLUMNS, [["2", "Số hóa hồ sơ", "Sở Tư pháp", "Quý III"]]))
    merged = pypdfium2.PdfDocument(text)
    for _ in range(2):
        scan = pypdfium2.PdfDocument(scans)
        merged.import_pages(scan)
        scan.close()
    out = io.BytesIO()
    merged.save(out)
    merged.close()
    document, steps = listened(read_source, out.getvalue(), "ke-hoach-ky.pdf")
    assert steps == [
        (1, 3, "trang 1/3"),
        (1, 3, "trang 2/3"),  # scanned: read by OCR below
        (1, 3, "trang 3/3"),
        (2, 3, "nhận dạng chữ trang 2/3"),
        (3, 3, "nhận dạng chữ trang 3/3"),
    ]
    again = read_source(out.getvalue(), "ke-hoach-ky.pdf")  # nobody listening: the same reading
    assert (document.text, [table.rows for table in document.tables]) == (
        again.text,
        [table.rows for table in again.tables],
    )
