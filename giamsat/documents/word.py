"""python-docx building blocks for the generated documents, in two layouts.

The Party layout (Hướng dẫn 36-HD/VPTW), the standing office's own: A4, margins top/bottom 2 cm, left 3 cm,
right 1.5 cm; Times New Roman everywhere (body 14, tables 12); the two-column header (issuing body and number
on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date on the right), page numbers from the second
page, "Nơi nhận" beside the signature block.

The state layout (Nghị định 30/2020/NĐ-CP, Phụ lục I): the same page, font and page numbers; the header
gives the parent body over the issuing body (bold, a short rule beneath) and "Số: …/BC-…" on the left, the
national name and motto (underlined) and the place and date on the right (`state_letterhead`).

In both, table rows never split across pages and header rows repeat (`_keep_whole`, `_repeat_header`), and
document numbers never break inside (`document_number`).
"""

import datetime
import io
import re
from copy import deepcopy
from dataclasses import dataclass

from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement

FONT = "Times New Roman"
BODY_SIZE = 14
TABLE_SIZE = 12

# The issuing body as the Standing Office's documents print it (see shared/seeds/000: 13-TB/CQTT).
PARTY_BODY = "ĐẢNG BỘ TỈNH THÁI NGUYÊN"
COMMITTEE_LINES = (
    "BAN CHỈ ĐẠO VỀ PHÁT TRIỂN",
    "KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI",
    "SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ",
    "TỈNH THÁI NGUYÊN",
)
ISSUER = "CƠ QUAN THƯỜNG TRỰC"
ISSUER_CODE = "CQTT"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
PLACE = "Thái Nguyên"
# The state layout (Nghị định 30/2020/NĐ-CP).
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
STATE_MARGINS_CM = (2.0, 2.0, 3.0, 1.5)  # top 20-25 mm, bottom 20-25 mm, left 30-35 mm, right 15-20 mm
STATE_HEADER_WIDTHS_CM = [7.0, 9.5]  # the national name (12 pt, bold) fits one line of the right column
HEADER_SIZE = 12  # the parent body, the issuing body and the national name (12-13 pt); the motto 13 (13-14)
# Document numbers: a hyphen that is no break opportunity (written as <w:noBreakHyphen/>, which Word and
# LibreOffice draw with the font's own hyphen) and a word joiner after each slash.
NO_BREAK_HYPHEN = "\u2011"
WORD_JOINER = "\u2060"
# '13-TB/CQTT', '57-NQ/TW', '30/2020/NĐ-CP', '36/TT-BKHCN', and the blank-numbered '-BC/CQTT', '/BC-SKHCN'.
NUMBER_PATTERN = re.compile(r"(?<![\w/\-\u2011])\d*(?:/\d{4})?(?:[-/\u2011][\w&.\u2060]+)+")
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


@dataclass
class Run:
    """A piece of text with its formatting, for paragraphs that mix bold and plain words."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float | None = None


def document_number(number: str) -> str:
    """A document number ('13-TB/CQTT', '-BC/CQTT', '30/2020/NĐ-CP') that no line break can cut.

    Its hyphens become non-breaking hyphens (U+2011 here, written into the .docx as <w:noBreakHyphen/>, so
    no font needs a glyph for U+2011) and a word joiner (U+2060) follows each slash. The one place where this
    is decided: every document number a document prints goes through here, directly or through
    `protect_numbers`.
    """
    number = number.replace(WORD_JOINER, "")
    return number.replace("-", NO_BREAK_HYPHEN).replace("/", "/" + WORD_JOINER)


def protect_numbers(text: str) -> str:
    """`text` with every document number in it passed through `document_number`.

    A number is digits (or nothing: a number left blank for the clerk) followed by code parts joined by '-'
    and '/', at least one of them in capitals: '13-TB/CQTT', '57-NQ/TW', '36/TT-BKHCN'. Dates ('20/06/2026'),
    year ranges ('2026-2030') and hyphenated words are left as they are.
    """

    def protect(match: re.Match) -> str:
        parts = [part for part in re.split(r"[-/\u2011]", match.group().replace(WORD_JOINER, "")) if part]
        if any(part.isupper() for part in parts) and all(part.isupper() or part.isdigit() for part in parts[1:]):
            return document_number(match.group())
        return match.group()

    return NUMBER_PATTERN.sub(protect, text)


def _write_text(r, text: str) -> None:
    """Append `text` to the w:r element `r` as python-docx writes it (tabs, line feeds), each U+2011 as
    <w:noBreakHyphen/>."""
    for index, piece in enumerate(text.split(NO_BREAK_HYPHEN)):
        if index:
            SubElement(r, qn("w:noBreakHyphen"))
        if piece:
            scratch = OxmlElement("w:r")
            scratch.text = piece
            r.extend(list(scratch))


def _set_fonts(rpr_parent) -> None:
    """Times New Roman for every script (Latin, East Asian, complex) on a style's or run's properties."""
    rpr = rpr_parent.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_parent.insert(0, rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def new_document(
    *,
    title: str,
    body_size: float = BODY_SIZE,
    margins_cm: tuple[float, float, float, float] = (2, 2, 3, 1.5),
    author: str = ISSUER.capitalize(),
) -> DocumentObject:
    """An empty A4 document in Times New Roman; margins (top, bottom, left, right) in cm."""
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.language = "vi-VN"
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None and defaults.find(qn("w:rPrDefault")) is not None:
        _set_fonts(defaults.find(qn("w:rPrDefault")))
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        style.font.name = FONT
        _set_fonts(style.element)
    normal = document.styles["Normal"]
    normal.font.size = Pt(body_size)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    top, bottom, left, right = margins_cm
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)
    section.header_distance = section.footer_distance = Cm(1)
    return document


def page_numbers(document: DocumentObject) -> None:
    """Page numbers centred at the top from the second page on (the first page carries the header)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def paragraph(
    container,
    content: str | list[Run] = "",
    *,
    align: str = "justify",
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    first_line_cm: float | None = None,
    before: float = 0,
    after: float = 6,
    line_spacing: float = 1.1,
    keep_with_next: bool = False,
) -> Paragraph:
    """Add a paragraph to a document or a table cell; `content` is a string or a list of Runs."""
    para = container.add_paragraph()
    para.alignment = ALIGN[align]
    fmt = para.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(before), Pt(after), line_spacing
    fmt.keep_with_next = keep_with_next
    if first_line_cm is not None:
        fmt.first_line_indent = Cm(first_line_cm)
    runs = [Run(content, bold, italic, underline, size)] if isinstance(content, str) else content
    for piece in runs:
        add_run(para, piece)
    return para


def add_run(para: Paragraph, piece: Run) -> None:
    lines = piece.text.split("\n")
    for index, line in enumerate(lines):
        if NO_BREAK_HYPHEN in line:
            run = para.add_run()
            _write_text(run._r, line)
        else:
            run = para.add_run(line)
        run.bold, run.italic, run.underline = piece.bold or None, piece.italic or None, piece.underline or None
        if piece.size:
            run.font.size = Pt(piece.size)
        if index < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def body(document, content: str | list[Run], **kwargs) -> Paragraph:
    """A body paragraph: justified, first line indented 1 cm."""
    kwargs.setdefault("first_line_cm", 1.0)
    return paragraph(document, content, **kwargs)


def heading(document, text: str, *, level: int = 1) -> Paragraph:
    """'I. KẾT QUẢ ...' (bold) or '1. Nhiệm vụ quá hạn' (bold italic), kept with what follows."""
    return paragraph(
        document,
        text,
        align="left",
        bold=True,
        italic=level > 1,
        first_line_cm=1.0,
        before=6,
        after=6,
        keep_with_next=True,
    )


def _cell_text(cell: _Cell, content: str | list[Run], *, align: str, size: float, bold: bool = False) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    para = cell.paragraphs[0]
    para.alignment = ALIGN[align]
    para.paragraph_format.space_before = Pt(2)
    para.paragraph_format.space_after = Pt(2)
    para.paragraph_format.line_spacing = 1.0
    runs = [Run(content, bold=bold, size=size)] if isinstance(content, str) else content
    for piece in runs:
        add_run(para, Run(piece.text, piece.bold or bold, piece.italic, piece.underline, piece.size or size))


def text_width_cm(document) -> float:
    section = document.sections[0]
    return (section.page_width - section.left_margin - section.right_margin) / Cm(1)


def _fix_widths(table: Table, widths_cm: list[float], *, cell_margin_cm: float | None = None) -> None:
    """Fixed column widths that Word and LibreOffice both honour (grid, cells and a fixed layout)."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    if cell_margin_cm is not None:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            element = OxmlElement(f"w:{side}")
            element.set(qn("w:w"), str(round(cell_margin_cm * 567)))
            element.set(qn("w:type"), "dxa")
            margins.append(element)
        table._tbl.tblPr.append(margins)
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _keep_whole(row) -> None:
    """The row never splits across two pages (w:cantSplit); every row of every table gets it."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_header(row) -> None:
    """A header row: repeated at the top of each page the table runs onto (w:tblHeader)."""
    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    trpr.append(element)


def data_table(
    document,
    headers: list[str],
    rows: list[list],
    *,
    widths_cm: list[float],
    aligns: list[str] | None = None,
    size: float = TABLE_SIZE,
    header_size: float | None = None,
    bold_rows: set[int] | frozenset[int] = frozenset(),
    merged_rows: set[int] | frozenset[int] = frozenset(),
) -> Table:
    """A bordered table across the text width with a bold header row repeated on each page.

    `widths_cm` are scaled to the text width; `merged_rows`: indexes of rows drawn as one cell across the
    table (a group heading, bold);
    `bold_rows`: rows in bold (totals).
    """
    aligns = aligns or ["left"] * len(headers)
    table = document.add_table(rows=2, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    scale = text_width_cm(document) / sum(widths_cm)
    _fix_widths(table, [round(width * scale, 2) for width in widths_cm], cell_margin_cm=0.1)
    header, model = table.rows
    _keep_whole(header)
    _repeat_header(header)
    _keep_whole(model)
    for cell, text in zip(header.cells, headers, strict=True):
        _cell_text(cell, text, align="center", size=header_size or size, bold=True)
    factory = _RowFactory(table, model, aligns, size)
    for index, values in enumerate(rows):
        if index in merged_rows:
            factory.add_merged(str(values[0]))
        else:
            contents = [value if isinstance(value, list) else ("" if value is None else str(value)) for value in values]
            factory.add(contents, bold=index in bold_rows)
    document.add_paragraph().paragraph_format.space_after = Pt(0)
    return table


class _RowFactory:
    """The data rows of `data_table`, as copies of model rows and runs that python-docx formatted once.

    The result is what `_cell_text` writes cell by cell (a test holds the two to the same XML), without
    python-docx looking up every property of every cell again: a province's monthly report has thousands
    of cells, and writing them one property at a time took most of its time (docs/performance.md).
    """

    def __init__(self, table: Table, model, aligns: list[str], size: float) -> None:
        self.tbl, self.size = table._tbl, size
        for cell, align in zip(model.cells, aligns, strict=True):
            _cell_text(cell, "", align=align, size=size)
        self.row = self._without_runs(model._tr)
        merged_model = table.add_row()
        _keep_whole(merged_model)
        merged = merged_model.cells[0].merge(merged_model.cells[-1])
        _cell_text(merged, "", align="left", size=size, bold=True)
        self.merged_row = self._without_runs(merged_model._tr)
        self.scratch = Paragraph(OxmlElement("w:p"), table)  # where the model runs are made
        self.runs: dict[tuple, object] = {}

    def _without_runs(self, tr):
        self.tbl.remove(tr)
        for run in tr.xpath("./w:tc/w:p/w:r"):
            run.getparent().remove(run)
        return tr

    def _run_model(self, piece: Run):
        """A w:r with the piece's formatting and no text, made once by `add_run` for each formatting."""
        key = (piece.bold, piece.italic, piece.underline, piece.size)
        if key not in self.runs:
            add_run(self.scratch, Run("", *key))
            run = self.scratch._p.r_lst[-1]
            self.scratch._p.remove(run)
            self.runs[key] = run
        return self.runs[key]

    def _fill(self, p, content: str | list[Run], *, bold: bool) -> None:
        pieces = [Run(content, bold=bold, size=self.size)] if isinstance(content, str) else content
        for piece in pieces:
            model = self._run_model(Run("", piece.bold or bold, piece.italic, piece.underline, piece.size or self.size))
            lines = piece.text.split("\n")
            for index, line in enumerate(lines):
                run = deepcopy(model)
                if NO_BREAK_HYPHEN in line:
                    _write_text(run, line)
                elif "\t" in line or "\r" in line:
                    run.text = line  # python-docx's own conversion to w:tab and w:br
                elif line:
                    text = SubElement(run, qn("w:t"))
                    text.text = line
                    if len(line.strip()) < len(line):
                        text.set(qn("xml:space"), "preserve")
                if index < len(lines) - 1:
                    SubElement(run, qn("w:br"))
                p.append(run)

    def add(self, contents: list, *, bold: bool) -> None:
        tr = deepcopy(self.row)
        for p, content in zip(tr.xpath("./w:tc/w:p"), contents, strict=True):
            self._fill(p, content, bold=bold)
        self.tbl.append(tr)

    def add_merged(self, text: str) -> None:
        tr = deepcopy(self.merged_row)
        self._fill(tr.xpath("./w:tc/w:p")[0], text, bold=True)
        self.tbl.append(tr)


def layout_table(document, widths_cm: list[float], *, rows: int = 1) -> Table:
    """A borderless table for side-by-side blocks (header, signature): rows kept whole, the first a header row."""
    table = document.add_table(rows=rows, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fix_widths(table, widths_cm)
    for row in table.rows:
        _keep_whole(row)
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    _repeat_header(table.rows[0])
    return table


def _cell_lines(cell: _Cell, lines: list[Run], *, align: str = "center") -> None:
    first = True
    for line in lines:
        para = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        para.alignment = ALIGN[align]
        para.paragraph_format.space_after = Pt(0)
        para.paragraph_format.line_spacing = 1.0
        add_run(para, line)


def place_and_date(day: datetime.date | None) -> str:
    """'Thái Nguyên, ngày    tháng 6 năm 2026': the day left for the clerk who registers the document."""
    if day is None:
        return _("%(place)s, ngày     tháng     năm     ") % {"place": PLACE}
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)  # "tháng 01", "tháng 02" (HD 36-HD/VPTW)
    return _("%(place)s, ngày      tháng %(month)s năm %(year)d") % {"place": PLACE, "month": month, "year": day.year}


def letterhead(document, *, kind_code: str, day: datetime.date | None) -> None:
    """The two-column header: issuing body, '*', 'Số    -BC/CQTT' | party name (underlined), place and date."""
    table = layout_table(document, [7.6, 8.9])
    left, right = table.rows[0].cells
    _cell_lines(
        left,
        [
            Run(PARTY_BODY, size=14),
            *(Run(line, size=12) for line in COMMITTEE_LINES),
            Run(ISSUER, bold=True, size=14),
            Run("*", size=14),
            Run(
                protect_numbers(_("Số        -%(kind)s/%(issuer)s") % {"kind": kind_code, "issuer": ISSUER_CODE}),
                size=14,
            ),
        ],
    )
    _cell_lines(
        right,
        [
            Run(PARTY, bold=True, underline=True, size=15),
            Run("", size=14),
            Run("", size=14),
            Run(place_and_date(day), italic=True, size=14),
        ],
    )


def title_block(document, title: str, subject: str) -> None:
    """'BÁO CÁO' and its subject line, centred and bold, with the short rule beneath."""
    paragraph(document, title, align="center", bold=True, size=15, before=18, after=0)
    paragraph(document, subject, align="center", bold=True, size=14, after=0)
    paragraph(document, "-----", align="center", size=14, after=12)


def recipients_and_signature(document, *, recipients: list[str], on_behalf: str, signer_title: str = "") -> None:
    """'Nơi nhận:' (underlined, as HD 36-HD/VPTW asks) and its list on the left; on the right 'T/M ...',
    the signer's title and room to sign (the name is left blank for the signer)."""
    table = layout_table(document, [7.6, 8.9])
    left, right = table.rows[0].cells
    _cell_lines(
        left,
        [Run(_("Nơi nhận:"), underline=True, size=14), *(Run(line, size=12) for line in recipients)],
        align="left",
    )
    lines = [Run(on_behalf, bold=True, size=14)]
    if signer_title:
        lines.append(Run(signer_title, bold=True, size=14))
    lines += [Run("", size=14)] * 5
    _cell_lines(right, lines)


# --- the state layout (Nghị định 30/2020/NĐ-CP, Phụ lục I) ---------------------------------------------


@dataclass(frozen=True)
class Issuer:
    """The issuing body of a document in the state layout.

    `parent`: the direct parent body as its line prints ('UBND TỈNH THÁI NGUYÊN'; empty: no such line);
    `name`: the body as prose names it ('Sở Khoa học và Công nghệ'; printed in capitals); `code`: its part
    of the document number ('SKHCN' in 'BC-SKHCN'); `signer`: the signing authority, one or more lines
    ('GIÁM ĐỐC'; 'TM. ỦY BAN NHÂN DÂN' over 'CHỦ TỊCH'); `heading`: the issuer's lines when they are not
    simply `name` in capitals (a commune: 'ỦY BAN NHÂN DÂN' over 'PHƯỜNG PHAN ĐÌNH PHÙNG').
    """

    name: str
    code: str
    parent: str = ""
    signer: str = ""
    heading: str = ""

    @property
    def title(self) -> str:
        return self.heading or self.name.upper()


def estimated_width_cm(text: str, size: float) -> float:
    """The printed width of one line of Times New Roman, roughly (capitals are wider): for the short rules."""
    per_point = sum(0.021 if char.isupper() else 0.0148 for char in text)
    return per_point * size


def rule(container, *, width_cm: float, within_cm: float, before: float = 2, after: float = 0) -> Paragraph:
    """A short solid line, centred in a column `within_cm` wide: an empty paragraph one point high (its mark
    in 1 pt type) with a top border, indented on both sides."""
    para = container.add_paragraph()
    ppr = para._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")  # first: python-docx puts the spacing and indents after it, in schema order
    top = SubElement(borders, qn("w:top"))
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        top.set(qn(name), value)
    ppr.append(borders)
    fmt = para.paragraph_format
    side = max((within_cm - width_cm) / 2, 0)
    fmt.left_indent = fmt.right_indent = Cm(side)
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(before), Pt(after), 1.0
    mark = SubElement(ppr, qn("w:rPr"))  # the paragraph mark's properties come last in w:pPr
    for tag in ("w:sz", "w:szCs"):
        SubElement(mark, qn(tag)).set(qn("w:val"), "2")
    return para


def rule_width(lines: list[str], size: float, within_cm: float) -> float:
    """Two fifths of the longest line: within the 1/3 to 1/2 that NĐ 30/2020 asks for."""
    longest = max(min(estimated_width_cm(line, size), within_cm) for line in lines)
    return round(0.4 * longest, 2)


def state_letterhead(document, *, issuer: Issuer, kind_code: str, day: datetime.date | None) -> Table:
    """The state header, two columns in two rows so that the number and the date share a line:

    UBND TỈNH THÁI NGUYÊN                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    SỞ KHOA HỌC VÀ CÔNG NGHỆ (bold)            Độc lập - Tự do - Hạnh phúc (bold, underlined)
          ──────
    Số:      /BC-SKHCN                 Thái Nguyên, ngày    tháng 6 năm 2026 (italic)
    """
    left_cm, right_cm = STATE_HEADER_WIDTHS_CM
    table = layout_table(document, STATE_HEADER_WIDTHS_CM, rows=2)
    (body, nation), (number, place) = (row.cells for row in table.rows)
    lines = [Run(issuer.parent.upper(), size=HEADER_SIZE)] if issuer.parent else []
    lines += [Run(issuer.title, bold=True, size=HEADER_SIZE)]
    _cell_lines(body, lines)
    inner = left_cm - 0.4  # the cell's own margins
    rule(body, width_cm=rule_width(issuer.title.split("\n"), HEADER_SIZE, inner), within_cm=inner)
    _cell_lines(nation, [Run(NATION, bold=True, size=HEADER_SIZE), Run(MOTTO, bold=True, underline=True, size=13)])
    text = _("Số:        /%(kind)s-%(issuer)s") % {"kind": kind_code, "issuer": issuer.code}
    _cell_lines(number, [Run(protect_numbers(text), size=13)])
    _cell_lines(place, [Run(place_and_date(day), italic=True, size=14)])
    for cell in (number, place):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)
    return table


def state_title_block(document, title: str, subject: str, *, before: float = 18, after: float = 12) -> None:
    """'BÁO CÁO' and its subject (bold, 14 pt), centred, with a solid rule of 1/3 to 1/2 of the subject's
    longest line beneath."""
    paragraph(document, title, align="center", bold=True, size=14, before=before, after=0)
    paragraph(document, subject, align="center", bold=True, size=14, after=0)
    width = text_width_cm(document)
    rule(document, width_cm=rule_width(subject.split("\n"), 14, width), within_cm=width, before=3, after=after)


def state_recipients_and_signature(document, *, recipients: list[str], signer: str) -> None:
    """'Nơi nhận:' (bold italic, 12 pt) and its list (11 pt) on the left; on the right the signing
    authority (bold, capitals) and room to sign (the name is left blank for the signer)."""
    table = layout_table(document, [7.6, 8.9])
    left, right = table.rows[0].cells
    _cell_lines(
        left,
        [Run(_("Nơi nhận:"), bold=True, italic=True, size=12), *(Run(line, size=11) for line in recipients)],
        align="left",
    )
    _cell_lines(right, [*(Run(line, bold=True, size=14) for line in signer.split("\n")), *[Run("", size=14)] * 5])


def to_bytes(document: DocumentObject) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
