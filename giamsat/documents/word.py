"""python-docx building blocks for Party administrative documents (Hướng dẫn 36-HD/VPTW layout).

A4, margins top/bottom 2 cm, left 3 cm, right 1.5 cm; Times New Roman everywhere (body 14, tables 12);
the two-column header (issuing body and number on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and
date on the right), page numbers from the second page, "Nơi nhận" beside the signature block.
"""

import datetime
import io
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
    *, title: str, body_size: float = BODY_SIZE, margins_cm: tuple[float, float, float, float] = (2, 2, 3, 1.5)
) -> DocumentObject:
    """An empty A4 document in Times New Roman; margins (top, bottom, left, right) in cm."""
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = ISSUER.capitalize()
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


def _repeat_header(row) -> None:
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
    _repeat_header(header)
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
                if "\t" in line or "\r" in line:
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


def layout_table(document, widths_cm: list[float]) -> Table:
    """A borderless one-row table for side-by-side blocks (header, signature)."""
    table = document.add_table(rows=1, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fix_widths(table, widths_cm)
    for cell in table.rows[0].cells:
        cell.paragraphs[0].paragraph_format.space_after = Pt(0)
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
            Run(_("Số        -%(kind)s/%(issuer)s") % {"kind": kind_code, "issuer": ISSUER_CODE}, size=14),
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


def to_bytes(document: DocumentObject) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
