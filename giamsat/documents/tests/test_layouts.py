"""Both layouts of the generated Word files: rows never split and header rows repeat in every table, document
numbers never break, and the state layout (Nghị định 30/2020/NĐ-CP) has its page, font, page numbers and header."""

import io
import re
import shutil

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from giamsat.agencies.models import Agency
from giamsat.documents.choices import Layout, parse_layout
from giamsat.documents.issuers import agency_issuer, issuer_code, parent_line
from giamsat.documents.word import NO_BREAK_HYPHEN, WORD_JOINER, document_number, protect_numbers
from giamsat.jobs.models import Job

from .jobflow import fetch

pytestmark = pytest.mark.django_db

# A hyphen or a slash inside a document number that Word or LibreOffice may break a line at.
BREAKABLE_NUMBER = re.compile(r"\d-[A-ZĐ]|(?<!\w)-[A-ZĐ]+/|/[A-ZĐ]+-[A-ZĐ]|/(?!\u2060)[A-ZĐ]{2}")
STATE_HEADER = (
    "UBND TỈNH THÁI NGUYÊN",
    "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số:",
    "/BC-SKHCN",
    "Thái Nguyên, ngày",
)


def monthly(tmp_path, *layout: str) -> Document:
    out = tmp_path / f"bc{'-'.join(layout)}.docx"
    call_command(
        "report",
        "monthly",
        "--month",
        "2026-06",
        "--as-of",
        "20/06/2026",
        *layout,
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    return Document(str(out))


def summary(tmp_path, agency: Agency, *layout: str) -> Document:
    out = tmp_path / f"tt{'-'.join(layout)}.docx"
    call_command(
        "report", "agency", "--agency", str(agency.pk), "--as-of", "20/06/2026", *layout, "--out", str(out),
        stdout=io.StringIO(),
    )  # fmt: skip
    return Document(str(out))


def run_texts(document) -> list[str]:
    """The text of every run in the body and the headers, a <w:noBreakHyphen/> read as U+2011."""
    parts = [document.element.body] + [
        header._element for section in document.sections for header in (section.header, section.first_page_header)
    ]
    texts = []
    for part in parts:
        for run in part.iter(qn("w:r")):
            texts.append(
                "".join(
                    NO_BREAK_HYPHEN if child.tag == qn("w:noBreakHyphen") else (child.text or "")
                    for child in run
                    if child.tag in (qn("w:t"), qn("w:noBreakHyphen"))
                )
            )
    return texts


def visible(text: str) -> str:
    """The text as printed: no word joiners, non-breaking hyphens as hyphens."""
    return text.replace(WORD_JOINER, "").replace(NO_BREAK_HYPHEN, "-")


def header_text(document) -> str:
    return visible("\n".join(cell.text for row in document.tables[0].rows for cell in row.cells))


def runs_with(document, text: str):
    return [
        run
        for table in document.tables[:1]
        for cell in table._cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if visible(run.text) == text
    ]


def runs_with_prefix(document, prefix: str):
    return [
        run
        for cell in document.tables[0]._cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if run.text.startswith(prefix)
    ]


def has_page_field(header) -> bool:
    return any("PAGE" in (node.text or "") for node in header._element.iter(qn("w:instrText")))


class TablesAndNumbersTests:
    """Every table of every generated Word file, in both layouts."""

    @pytest.fixture(params=["monthly-dang", "monthly-nha_nuoc", "summary-dang", "summary-nha_nuoc"])
    def document(self, request, tmp_path, dataset, agency_skhcn):
        kind, layout = request.param.split("-")
        if kind == "monthly":
            return monthly(tmp_path, "--layout", layout)
        return summary(tmp_path, agency_skhcn, "--layout", layout)

    def test_rows_never_split_and_headers_repeat(self, document):
        assert len(document.tables) >= 3
        for table in document.tables:
            rows = table._tbl.tr_lst
            for tr in rows:
                assert tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None
            assert rows[0].trPr.find(qn("w:tblHeader")) is not None

    def test_document_numbers_have_no_breakable_hyphen_or_slash(self, document):
        texts = run_texts(document)
        assert [text for text in texts if BREAKABLE_NUMBER.search(text)] == []
        printed = "".join(texts)
        assert document_number("9001-KH/BCĐ") in printed  # the plan's number, in the tables
        assert "9001-KH" not in printed


class DocumentNumberTests:
    @pytest.mark.parametrize(
        ("text", "protected"),
        [
            ("13-TB/CQTT", "13\u2011TB/\u2060CQTT"),
            ("Số        -BC/CQTT", "Số        \u2011BC/\u2060CQTT"),
            ("Số:    /BC-SKHCN", "Số:    /\u2060BC\u2011SKHCN"),
            ("Nghị quyết số 57-NQ/TW (sau đây", "Nghị quyết số 57\u2011NQ/\u2060TW (sau đây"),
            ("Nghị định 30/2020/NĐ-CP.", "Nghị định 30/\u20602020/\u2060NĐ\u2011CP."),
            ("Thông tư số 36/TT-BKHCN, ngày 26/11/2025", "Thông tư số 36/\u2060TT\u2011BKHCN, ngày 26/11/2025"),
        ],
    )
    def test_numbers_found_in_text(self, text, protected):
        assert protect_numbers(text) == protected
        assert protect_numbers(protected) == protected  # twice is once
        assert visible(protected) == text

    @pytest.mark.parametrize(
        "text",
        [
            "giai đoạn 2026-2030, ngày 20/06/2026",
            "Độc lập - Tự do - Hạnh phúc; T/M CƠ QUAN; P.CĐS-CY; b/c",
            "COVID-19, Internet-of-Things, 5G-Advanced",
        ],
    )
    def test_other_hyphens_and_slashes_are_left_alone(self, text):
        assert protect_numbers(text) == text

    def test_a_number_reads_back_with_plain_hyphens(self, tmp_path):
        from giamsat.documents import word

        document = word.new_document(title="t")
        word.paragraph(document, "Văn bản số " + document_number("02-KH/BCĐ"))
        out = tmp_path / "x.docx"
        out.write_bytes(word.to_bytes(document))
        paragraph = Document(str(out)).paragraphs[0]
        assert paragraph.text == "Văn bản số 02-KH/\u2060BCĐ"  # python-docx reads <w:noBreakHyphen/> as '-'
        assert len(paragraph._p.findall(f".//{qn('w:noBreakHyphen')}")) == 1


class StateLayoutTests:
    def test_monthly_report_page_font_and_page_numbers(self, tmp_path, dataset):
        document = monthly(tmp_path, "--layout", "nha_nuoc")
        section = document.sections[0]
        assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
        assert 2.0 <= round(section.top_margin.cm, 2) <= 2.5
        assert 2.0 <= round(section.bottom_margin.cm, 2) <= 2.5
        assert 3.0 <= round(section.left_margin.cm, 2) <= 3.5
        assert 1.5 <= round(section.right_margin.cm, 2) <= 2.0
        normal = document.styles["Normal"].font
        assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14
        fonts = document.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:rFonts')}")
        assert {fonts.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
        runs = [run for p in document.paragraphs for run in p.runs] + [
            run for t in document.tables for c in t._cells for p in c.paragraphs for run in p.runs
        ]
        assert {run.font.name for run in runs} <= {None, "Times New Roman"}
        # page numbers centred at the top from page 2, none on page 1
        assert section.different_first_page_header_footer
        assert has_page_field(section.header) and not has_page_field(section.first_page_header)
        assert section.header.paragraphs[0].alignment == 1

    def test_monthly_report_header_block(self, tmp_path, dataset):
        document = monthly(tmp_path, "--layout", "nha_nuoc")
        header = header_text(document)
        for line in STATE_HEADER:
            assert line in header, line
        assert "tháng 6 năm 2026" in header and "ĐẢNG" not in header
        (parent,) = runs_with(document, "UBND TỈNH THÁI NGUYÊN")
        (issuer,) = runs_with(document, "SỞ KHOA HỌC VÀ CÔNG NGHỆ")
        (nation,) = runs_with(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        (motto,) = runs_with(document, "Độc lập - Tự do - Hạnh phúc")
        assert not parent.bold and issuer.bold and nation.bold
        assert motto.bold and motto.underline
        assert 12 <= parent.font.size.pt <= 13 and 12 <= issuer.font.size.pt <= 13 and 13 <= motto.font.size.pt <= 14
        (place,) = [r for r in runs_with_prefix(document, "Thái Nguyên, ngày")]
        assert place.italic
        # the number and the date share a line: the header's second row
        assert visible(document.tables[0].rows[1].cells[0].text).startswith("Số:")
        title = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
        assert title.alignment == 1 and all(r.bold for r in title.runs)
        text = "\n".join(p.text for p in document.paragraphs)
        assert "Sở Khoa học và Công nghệ báo cáo kết quả thực hiện nhiệm vụ tháng 06/2026" in text
        signature = "\n".join(cell.text for cell in document.tables[-1].rows[0].cells)
        assert "Nơi nhận:" in signature and "Lưu: VT." in signature and "GIÁM ĐỐC" in signature

    def test_same_figures_as_the_party_layout(self, tmp_path, dataset):
        party, state = monthly(tmp_path), monthly(tmp_path, "--layout", "nha_nuoc")

        def figures(document):  # every table but the header and the signature
            return [[[c.text for c in row.cells] for row in table.rows] for table in document.tables[1:-1]]

        assert figures(state) == figures(party)
        assert len(figures(party)) >= 3

    def test_party_layout_is_the_default(self, tmp_path, dataset):
        default, party = monthly(tmp_path), monthly(tmp_path, "--layout", "dang")
        assert default.element.xml == party.element.xml
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header_text(default)

    def test_agency_summary_is_the_agencys_own_report(self, tmp_path, dataset, agency_skhcn, agency_finance):
        document = summary(tmp_path, agency_skhcn, "--layout", "nha_nuoc")
        header = header_text(document)
        for line in STATE_HEADER:
            assert line in header, line
        section = document.sections[0]
        assert 3.0 <= round(section.left_margin.cm, 2) <= 3.5 and 2.0 <= round(section.top_margin.cm, 2) <= 2.5
        assert has_page_field(section.header) and section.different_first_page_header_footer
        text = "\n".join(p.text for p in document.paragraphs)
        assert "1. Nhiệm vụ chủ trì:" in text and "(Số liệu tính đến hết ngày 20/06/2026)" in text
        assert "GIÁM ĐỐC" in "\n".join(c.text for c in document.tables[-1].rows[0].cells)
        finance = header_text(summary(tmp_path, agency_finance, "--layout", "nha_nuoc"))
        assert "UBND TỈNH THÁI NGUYÊN" in finance and "SỞ TÀI CHÍNH" in finance and "/BC-STC" in finance


class IssuerTests:
    def test_parent_lines_and_codes(self):
        assert parent_line("Ủy ban nhân dân tỉnh Thái Nguyên") == "UBND TỈNH THÁI NGUYÊN"
        assert parent_line("Hội đồng nhân dân tỉnh Thái Nguyên") == "HĐND TỈNH THÁI NGUYÊN"
        assert issuer_code("Sở Khoa học và Công nghệ") == "SKHCN"
        assert issuer_code("Sở Văn hóa, Thể thao và Du lịch") == "SVHTTDL"
        assert issuer_code("Văn phòng Ủy ban nhân dân tỉnh") == "VPUBND"
        assert issuer_code("Ủy ban nhân dân tỉnh Thái Nguyên") == "UBND"

    def test_agencies_of_the_registry(self, registry):
        department = agency_issuer(Agency.objects.get(code="so-khoa-hoc-va-cong-nghe"))
        assert (department.parent, department.title, department.code, department.signer) == (
            "UBND TỈNH THÁI NGUYÊN",
            "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            "SKHCN",
            "GIÁM ĐỐC",
        )
        committee = agency_issuer(Agency.objects.get(name="Ủy ban nhân dân tỉnh Thái Nguyên"))
        assert committee.parent == "" and committee.title == "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"
        assert committee.signer == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
        sub = agency_issuer(Agency.objects.get(name="Chi cục Kiểm lâm tỉnh"))
        assert sub.parent == "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" and sub.signer == "CHI CỤC TRƯỞNG"
        commune = Agency.objects.filter(kind="commune").first()
        issuer = agency_issuer(commune)
        assert issuer.parent == "" and issuer.title == f"ỦY BAN NHÂN DÂN\n{commune.name.upper()}"


class LayoutChoiceTests:
    def test_parse(self):
        assert parse_layout(None) == parse_layout("") == parse_layout("dang") == Layout.PARTY
        assert parse_layout("nha_nuoc") == Layout.STATE
        with pytest.raises(ValueError, match="Thể thức “abc” không hỗ trợ"):
            parse_layout("abc")

    def test_monthly_view(self, client, users, dataset, run_jobs):
        client.force_login(users["standing_office"])
        url = reverse("documents:monthly_report")
        fetched = fetch(client, run_jobs, url, {"month": "2026-06", "as_of": "20/06/2026", "layout": "nha_nuoc"})
        assert 'filename="bao-cao-thang-2026-06-nha-nuoc.docx"' in fetched.response["Content-Disposition"]
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header_text(Document(io.BytesIO(fetched.content)))
        response = client.get(url, {"month": "2026-06", "layout": "abc"})
        assert response.status_code == 400 and "không hỗ trợ" in response.content.decode()
        assert Job.objects.count() == 1  # the refused request queued nothing

    def test_summary_views(self, client, users, dataset, agency_skhcn, run_jobs):
        client.force_login(users["head"])
        url = reverse("documents:agency_summary", args=[agency_skhcn.pk])
        fetched = fetch(client, run_jobs, url, {"as_of": "20/06/2026", "layout": "nha_nuoc"})
        assert fetched.response["Content-Disposition"].endswith('-nha-nuoc.docx"')
        assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in header_text(Document(io.BytesIO(fetched.content)))
        assert client.get(url, {"layout": "abc"}).status_code == 400
        assert Job.objects.count() == 1
        picked = client.get(
            reverse("documents:agency_summary_pick"),
            {"agency": agency_skhcn.pk, "format": "docx", "layout": "nha_nuoc"},
        )
        assert picked.status_code == 302 and picked["Location"] == f"{url}?layout=nha_nuoc"

    @pytest.mark.parametrize("who", ["standing_office", "officer"])
    def test_index_offers_the_layouts(self, client, users, registry, who):
        client.force_login(users[who])
        content = client.get(reverse("documents:index")).content.decode()
        assert content.count('name="layout"') == (2 if who == "standing_office" else 1)
        assert '<option value="nha_nuoc">' in content and '<option value="dang">' in content


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) không có trên máy này")
class StateLayoutPdfTests:
    def test_monthly_report(self, tmp_path, dataset):
        import pdfplumber

        out = tmp_path / "bc.pdf"
        call_command(
            "report", "monthly", "--month", "2026-06", "--as-of", "20/06/2026", "--layout", "nha_nuoc",
            "--out", str(out), stdout=io.StringIO(),
        )  # fmt: skip
        with pdfplumber.open(out) as pdf:
            first = pdf.pages[0].extract_text()
            second = pdf.pages[1].extract_text() if len(pdf.pages) > 1 else ""
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in first
        assert not first.strip().startswith("1\n")  # no number on the first page
        if second:
            assert second.strip().startswith("2")  # centred at the top of the second

    def test_a_typical_agency_fits_one_page(self, tmp_path, agency_skhcn):
        import pdfplumber

        from giamsat.directives.samples import samples_load

        samples_load()  # Sở Khoa học và Công nghệ leads 34 tasks of the three seed directives
        out = tmp_path / "tom-tat.pdf"
        call_command(
            "report", "agency", "--agency", str(agency_skhcn.pk), "--as-of", "01/07/2026", "--layout", "nha_nuoc",
            "--out", str(out), stdout=io.StringIO(),
        )  # fmt: skip
        with pdfplumber.open(out) as pdf:
            assert len(pdf.pages) == 1
            text = pdf.pages[0].extract_text()
        assert "UBND TỈNH THÁI NGUYÊN" in text and "GIÁM ĐỐC" in text
