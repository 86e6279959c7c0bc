import datetime
import functools
import io
import unicodedata
import zipfile

import docx
import openpyxl
import pypdfium2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giamsat.extraction import readers
from giamsat.extraction.draft import ExtractionError
from giamsat.extraction.readers import read_source
from giamsat.extraction.source import SourceDocument
from giamsat.extraction.tests.documents import make_docx, make_html, make_pdf, make_xlsx

HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]
ROWS = [
    [
        "1",
        "Xây dựng Đề án chuyển đổi số\ntỉnh Quảng Ninh giai đoạn 2025-2030",
        "Sở Khoa học và Công nghệ",
        "",
        "Quý IV/2025",
    ],
    ["15.1", "Hoàn thiện hạ tầng số dùng chung", "Sở Thông tin và Truyền thông", "UBND các huyện, thị xã", "30/6/2025"],
    ["2", "Đào tạo nguồn nhân lực số cho cán bộ, công chức", "Sở Nội vụ", "Các sở, ban, ngành", "Hằng năm"],
]
PARAGRAPHS = ["ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", "KẾ HOẠCH Triển khai Nghị quyết số 57-NQ/TW"]
EXPECTED = [HEADER, *ROWS]


def squash(rows):
    return [[" ".join(cell.split()) for cell in row] for row in rows]


def vietnamese(message: str) -> bool:
    return any(ord(ch) > 127 for ch in message)


def assert_nfc(document: SourceDocument) -> None:
    assert unicodedata.is_normalized("NFC", document.text)
    for table in document.tables:
        for row in table.rows:
            for cell in row:
                assert unicodedata.is_normalized("NFC", cell)


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str) -> bytes:
    """Vietnamese Windows encoding: precomposed base letters where cp1258 has them, tone marks combining."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            tone = next(mark for mark in decomposed if mark in TONE_MARKS)
            base = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
            out += (base + tone).encode("cp1258")
    return bytes(out)


class DocxReaderTests:
    def test_table_and_paragraphs_round_trip(self):
        document = read_source(make_docx(PARAGRAPHS, HEADER, ROWS, after=["Nơi nhận:"]), "ke-hoach.docx")
        assert document.name == "ke-hoach.docx"
        assert len(document.tables) == 1
        assert document.tables[0].rows == EXPECTED
        assert document.text.splitlines() == [*PARAGRAPHS, "Nơi nhận:"]
        assert "Sở Nội vụ" not in document.text  # table text stays out of the running text
        assert_nfc(document)

    def test_detected_by_content_not_name(self):
        document = read_source(make_docx(PARAGRAPHS, HEADER, ROWS), "x.txt")
        assert document.tables[0].rows == EXPECTED

    def test_merged_cells_keep_grid_positions(self):
        document = docx.Document()
        table = document.add_table(rows=4, cols=4)
        values = [
            ["STT", "Nội dung", "Chủ trì", "Thời hạn"],
            ["I", "", "", ""],
            ["1", "Nhiệm vụ A", "Sở Tài chính", "2025"],
            ["2", "Nhiệm vụ B", "", ""],
        ]
        for r, row in enumerate(values):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        section = table.cell(1, 1).merge(table.cell(1, 3))
        section.text = "Công tác chỉ đạo"
        lead = table.cell(2, 2).merge(table.cell(3, 2))  # one lead agency for two tasks
        lead.text = "Sở Tài chính"  # merging appends the lower cell's (empty) paragraph: reset to one
        rows = read_source(docx_bytes(document), "m.docx").tables[0].rows
        assert rows[1] == ["I", "Công tác chỉ đạo", "Công tác chỉ đạo", "Công tác chỉ đạo"]
        assert rows[2] == ["1", "Nhiệm vụ A", "Sở Tài chính", "2025"]
        assert rows[3] == ["2", "Nhiệm vụ B", "Sở Tài chính", ""]  # vertical merge repeated, as python-docx does
        assert {len(row) for row in rows} == {4}

    def test_nested_table_is_flattened_into_the_cell(self):
        document = docx.Document()
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "Phối hợp"
        inner = table.cell(0, 1).add_table(rows=2, cols=1)
        inner.cell(0, 0).text = "Sở Y tế"
        inner.cell(1, 0).text = "Sở Giáo dục và Đào tạo"
        rows = read_source(docx_bytes(document), "n.docx").tables[0].rows
        assert rows == [["Phối hợp", "\nSở Y tế\nSở Giáo dục và Đào tạo\n"]]

    def test_decomposed_text_comes_back_composed(self):
        decomposed = unicodedata.normalize("NFD", "Chuyển đổi số")
        document = read_source(make_docx([decomposed], ["Nội dung"], [[decomposed]]), "d.docx")
        assert document.text == "Chuyển đổi số"
        assert document.tables[0].rows[1] == ["Chuyển đổi số"]


class XlsxReaderTests:
    def test_header_below_title_rows_and_right_of_column_a(self):
        titles = ["ỦY BAN NHÂN DÂN TỈNH", "PHỤ LỤC NHIỆM VỤ", "(Kèm theo Kế hoạch số 12/KH-UBND)"]
        document = read_source(make_xlsx(HEADER, ROWS, title_rows=titles, start_col=3), "pl.xlsx")
        assert document.text == ""
        [table] = document.tables
        # positions are the sheet's own: row 4 is the header, columns A and B are empty
        assert [row[2] for row in table.rows[:3]] == titles
        assert table.rows[0] == ["", "", titles[0], "", "", "", ""]  # a merged title: value in its first cell only
        assert table.rows[3] == ["", "", *HEADER]
        assert [row[2:] for row in table.rows[3:]] == EXPECTED
        assert len(table.rows) == 3 + len(EXPECTED)
        assert_nfc(document)

    def test_cell_values_become_strings(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["STT", "Số", "Tỷ lệ", "Hạn", "Lúc", "Trống", "Thực"])
        sheet.append(
            [12, 12.0, 15.1, datetime.date(2025, 6, 30), datetime.datetime(2025, 12, 1, 8, 30), None, 0.1 + 0.2]
        )
        rows = read_source(xlsx_bytes(workbook), "v.xlsx").tables[0].rows
        assert rows[1] == ["12", "12", "15.1", "30/06/2025", "01/12/2025", "", "0.3"]

    def test_every_worksheet_is_a_table(self):
        workbook = openpyxl.Workbook()
        workbook.active.append(["Sheet một"])
        second = workbook.create_sheet("Phụ lục 2")
        second.append(["A", "B"])
        second.append([None, "Nội dung"])
        tables = read_source(xlsx_bytes(workbook), "s.xlsx").tables
        assert [table.rows for table in tables] == [[["Sheet một"]], [["A", "B"], ["", "Nội dung"]]]

    def test_formatting_far_away_does_not_stretch_the_table(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["Nội dung"])
        sheet.cell(row=100000, column=200).number_format = "0.00"
        assert read_source(xlsx_bytes(workbook), "f.xlsx").tables[0].rows == [["Nội dung"]]


class PdfReaderTests:
    def test_table_and_paragraphs_round_trip(self):
        document = read_source(make_pdf(PARAGRAPHS, HEADER, ROWS), "ke-hoach.pdf")
        assert len(document.tables) == 1
        assert squash(document.tables[0].rows) == squash(EXPECTED)
        for paragraph in PARAGRAPHS:
            assert paragraph in document.text
        assert_nfc(document)

    def test_table_spanning_pages_is_one_table_with_one_header(self):
        rows = [
            [str(n), f"Nhiệm vụ số {n}: triển khai chuyển đổi số, đổi mới sáng tạo", "Sở Nội vụ", "Các sở", "2025"]
            for n in range(1, 61)
        ]
        data = make_pdf(["Phụ lục"], HEADER, rows)
        pdf = pypdfium2.PdfDocument(data)
        assert len(pdf) >= 2
        pdf.close()
        document = read_source(data, "dai.pdf")
        assert len(document.tables) == 1
        assert squash(document.tables[0].rows) == squash([HEADER, *rows])

    def test_tables_of_different_widths_stay_apart(self):
        first = make_pdf(["Bảng 1"], HEADER, ROWS)
        document = read_source(first, "a.pdf")
        assert len(document.tables) == 1
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

        from giamsat.extraction.tests.documents import FONT, _register_font

        _register_font()
        style = ParagraphStyle("p", fontName=FONT)
        grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTNAME", (0, 0), (-1, -1), FONT)])
        buffer = io.BytesIO()
        SimpleDocTemplate(buffer, pagesize=A4).build(
            [
                Table([["Số", "Tên"], ["1", "Một"]], style=grid),
                PageBreak(),
                Table([["Số", "Tên", "Hạn"], ["2", "Hai", "2026"]], style=grid),
                Paragraph("Kết thúc", style),
            ]
        )
        document = read_source(buffer.getvalue(), "b.pdf")
        assert [table.rows for table in document.tables] == [
            [["Số", "Tên"], ["1", "Một"]],
            [["Số", "Tên", "Hạn"], ["2", "Hai", "2026"]],
        ]

    def test_characters_without_unicode_do_not_shift_the_cells(self):
        """PDFium leaves out of a page's text the characters it has no Unicode value for (here symbols outside the
        Basic Multilingual Plane, which the generator's font subset does not map; in real documents, fonts
        without a ToUnicode map): the characters after them must still fall into their own cells."""
        data = make_pdf(["Đầu 🙂 trang"], ["STT", "Nội dung"], [["1", "𝐀𝐁 Nhiệm vụ A"], ["2", "Nhiệm vụ B"]])
        pdf = pypdfium2.PdfDocument(data)
        textpage = pdf[0].get_textpage()
        assert len(textpage.get_text_range()) < textpage.count_chars()  # the case at hand
        pdf.close()
        document = read_source(data, "ky-tu.pdf")
        assert document.tables[0].rows == [["STT", "Nội dung"], ["1", "Nhiệm vụ A"], ["2", "Nhiệm vụ B"]]

    def test_pdf_without_text_layer_is_refused(self):
        from reportlab.pdfgen import canvas

        buffer = io.BytesIO()
        page = canvas.Canvas(buffer)
        page.rect(50, 50, 300, 300, fill=1)
        page.save()
        with pytest.raises(ExtractionError) as raised:
            read_source(buffer.getvalue(), "scan.pdf")
        assert str(raised.value) == readers.SCANNED_PDF

    def test_password_protected_pdf_is_refused(self):
        from reportlab.lib.pdfencrypt import StandardEncryption
        from reportlab.pdfgen import canvas

        buffer = io.BytesIO()
        page = canvas.Canvas(buffer, encrypt=StandardEncryption("mat-khau", "chu-so-huu"))
        page.drawString(50, 800, "Bí mật")
        page.save()
        with pytest.raises(ExtractionError) as raised:
            read_source(buffer.getvalue(), "khoa.pdf")
        assert str(raised.value) == readers.ENCRYPTED_PDF
        assert raised.value.__cause__ is not None


class HtmlReaderTests:
    def test_table_and_paragraphs_round_trip(self):
        document = read_source(make_html(PARAGRAPHS, HEADER, ROWS, after=["Nơi nhận:"]), "ke-hoach.html")
        assert document.tables[0].rows == EXPECTED
        assert document.text.splitlines() == [*PARAGRAPHS, "Nơi nhận:"]
        assert_nfc(document)

    def test_spans_script_style_and_nested_tables(self):
        page = """\ufeff
        <html><head><style>td { color: red }</style><script>var x = "<table>";</script></head>
        <body><div>Kế hoạch<br>số 12</div>
        <table>
          <tr><th>STT</th><th>Nội dung</th><th>Chủ trì</th></tr>
          <tr><td>I</td><td colspan="2">Công tác   chỉ đạo</td></tr>
          <tr><td>1</td><td>Nhiệm vụ A</td><td rowspan="2">Sở Tài chính</td></tr>
          <tr><td>2</td><td><p>Nhiệm vụ B</p><ul><li>ý 1</li><li>ý 2</li></ul></td></tr>
          <tr><td>3</td><td><table><tr><td>trong</td><td>bảng</td></tr></table></td><td>Sở&nbsp;Y tế</td></tr>
        </table>
        <p>Nơi nhận</p></body></html>"""
        document = read_source(page.encode("utf-8"), "a.htm")
        assert document.text == "Kế hoạch\nsố 12\nNơi nhận"
        assert document.tables[0].rows == [
            ["STT", "Nội dung", "Chủ trì"],
            ["I", "Công tác chỉ đạo", "Công tác chỉ đạo"],
            ["1", "Nhiệm vụ A", "Sở Tài chính"],
            ["2", "Nhiệm vụ B\ný 1\ný 2", "Sở Tài chính"],
            ["3", "trong\nbảng", "Sở Y tế"],  # &nbsp; collapses to a plain space
        ]

    def test_windows_1258_page_with_declared_charset(self):
        page = '<html><head><meta charset="windows-1258"></head><body><p>Chuyển đổi số</p></body></html>'
        document = read_source(encode_cp1258(page), "cu.html")
        assert document.text == "Chuyển đổi số"


class TextReaderTests:
    TEXT = "KẾ HOẠCH\r\nTriển khai Nghị quyết 57\r\n1\tXây dựng đề án\tSở Nội vụ"

    @pytest.mark.parametrize(
        "encode",
        [
            lambda text: text.encode("utf-8"),
            lambda text: text.encode("utf-8-sig"),
            lambda text: text.encode("utf-16"),
            lambda text: text.encode("utf-16-be").join([b"\xfe\xff", b""]),
            lambda text: unicodedata.normalize("NFD", text).encode("utf-8"),
            encode_cp1258,
        ],
        ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "nfd", "cp1258"],
    )
    def test_encodings(self, encode):
        document = read_source(encode(self.TEXT), "vb.txt")
        assert document.text == self.TEXT.replace("\r\n", "\n")
        assert document.tables == []

    def test_utf8_with_a_broken_byte_stays_utf8(self):
        data = ("Chuyển đổi số " * 50).encode("utf-8") + b"\xff" + " hết.".encode()
        document = read_source(data, "vb.txt")
        assert document.text.startswith("Chuyển đổi số")


class BadInputTests:
    @staticmethod
    @functools.cache
    def inputs():
        random_zip = io.BytesIO()
        with zipfile.ZipFile(random_zip, "w") as archive:
            archive.writestr("hello.txt", "xin chào")
        return {
            "empty": b"",
            "garbage": b"\x00\x01garbage",
            "png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
            "jpeg": b"\xff\xd8\xff\xe0" + b"junk" * 20,
            "gif": b"GIF89a" + b"junk" * 20,
            "truncated docx": make_docx(PARAGRAPHS, HEADER, ROWS)[:200],
            "truncated xlsx": make_xlsx(HEADER, ROWS)[:200],
            "truncated pdf": make_pdf(PARAGRAPHS, HEADER, ROWS)[:200],
            "random zip": random_zip.getvalue(),
            "ole": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
            "word xml": b'<?xml version="1.0"?><w:wordDocument><w:body/></w:wordDocument>',
            "control characters": bytes(range(1, 32)) * 3,
        }

    @pytest.mark.parametrize(
        "case",
        [
            "empty",
            "garbage",
            "png",
            "jpeg",
            "gif",
            "truncated docx",
            "truncated xlsx",
            "truncated pdf",
            "random zip",
            "ole",
            "word xml",
            "control characters",
        ],
    )
    def test_refused_with_a_vietnamese_message(self, case):
        with pytest.raises(ExtractionError) as raised:
            read_source(self.inputs()[case], "tep")
        assert vietnamese(str(raised.value))

    def test_specific_messages(self):
        assert self.message(b"") == "Tệp rỗng."
        # a .doc/.xls header with no readable directory (a valid RTF, .doc or .xls is read: test_formats.py)
        assert self.message(self.inputs()["ole"]) == readers.corrupt("Word/Excel cũ (.doc, .xls)")
        assert self.message(self.inputs()["random zip"]) == readers.UNSUPPORTED
        assert self.message(self.inputs()["png"]) == readers.UNSUPPORTED
        assert self.message(b"\x00\x01garbage") == readers.UNSUPPORTED
        assert self.message(self.inputs()["truncated pdf"]) == readers.corrupt("PDF")
        assert self.message(b"a" * (readers.MAX_BYTES + 1)) == readers.TOO_LARGE

    def test_library_errors_are_chained(self):
        with pytest.raises(ExtractionError) as raised:
            read_source(self.inputs()["truncated docx"], "a.docx")
        assert str(raised.value).startswith("Không đọc được tệp Word")
        assert isinstance(raised.value.__cause__, zipfile.BadZipFile)

    def test_docx_with_broken_xml(self):
        source = io.BytesIO(make_docx(PARAGRAPHS, HEADER, ROWS))
        broken = io.BytesIO()
        with zipfile.ZipFile(source) as original, zipfile.ZipFile(broken, "w") as copy:
            for item in original.infolist():
                payload = original.read(item)
                copy.writestr(item, payload[:-40] if item.filename == "word/document.xml" else payload)
        assert self.message(broken.getvalue()) == readers.corrupt("Word (.docx)")

    @staticmethod
    def message(data: bytes) -> str:
        with pytest.raises(ExtractionError) as raised:
            read_source(data, "tep")
        return str(raised.value)


@functools.cache
def valid_documents() -> tuple[bytes, ...]:
    return (
        make_docx(PARAGRAPHS, HEADER, ROWS),
        make_xlsx(HEADER, ROWS, title_rows=["Tiêu đề"]),
        make_pdf(PARAGRAPHS, HEADER, ROWS),
        make_html(PARAGRAPHS, HEADER, ROWS),
    )


def read_or_refuse(data: bytes) -> None:
    try:
        document = read_source(data, "ngau-nhien")
    except ExtractionError as error:
        assert str(error)
    else:
        assert isinstance(document, SourceDocument)
        assert isinstance(document.text, str)


class FuzzTests:
    @settings(max_examples=300, deadline=None)
    @given(
        prefix=st.sampled_from([b"", b"%PDF-1.4", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
        tail=st.binary(max_size=2000),
    )
    def test_random_bytes(self, prefix, tail):
        read_or_refuse(prefix + tail)

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        which=st.integers(min_value=0, max_value=3),
        flips=st.lists(
            st.tuples(st.floats(min_value=0, max_value=1, exclude_max=True), st.integers(0, 255)), max_size=8
        ),
        cut=st.floats(min_value=0.05, max_value=1),
    )
    def test_damaged_documents(self, which, flips, cut):
        data = bytearray(valid_documents()[which])
        for position, value in flips:
            data[int(position * len(data))] = value
        read_or_refuse(bytes(data[: max(1, int(len(data) * cut))]))


def test_control_characters_are_dropped_at_reading():
    """A UTF-16 file with stray NULs (PostgreSQL refuses NUL in text; found by Hypothesis on PostgreSQL)."""
    text = "KẾ HOẠCH\n" + "Triển khai nền tảng số\tngay\n" * 30 + "Triển khai\x00 nền tảng\x07 số\tngay\n"
    document = read_source(text.encode("utf-16"), "ke-hoach.txt")
    assert "\x00" not in document.text and "\x07" not in document.text
    assert "Triển khai nền tảng số\tngay" in document.text
