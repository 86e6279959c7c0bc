"""Build small documents (docx, xlsx, pdf, html) holding a header row and data rows, for reader and parser tests.

Each helper returns the file's bytes. A "\\n" in a cell becomes a line break in that cell (a new paragraph in
Word, a <br> in HTML and PDF, a wrapped line in Excel).
"""

import html
import io
from collections.abc import Sequence

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT = "DejaVuSans"


def make_docx(
    paragraphs: Sequence[str], header: Sequence[str], rows: Sequence[Sequence[str]], *, after: Sequence[str] = ()
) -> bytes:
    """Paragraphs, one table (header + rows, 'Table Grid' style), then the `after` paragraphs."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for table_row, values in zip(table.rows, [header, *rows], strict=True):
        for cell, value in zip(table_row.cells, values, strict=False):
            first, *more = str(value).split("\n")
            cell.paragraphs[0].text = first
            for line in more:
                cell.add_paragraph(line)
    for text in after:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_xlsx(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    title_rows: Sequence[str] = (),
    start_col: int = 1,
    sheet_title: str = "Nhiệm vụ",
) -> bytes:
    """One sheet: each title row merged across the table's width, then the header, then the rows."""
    import openpyxl
    from openpyxl.styles import Alignment

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    width = max(1, len(header))
    line = 1
    for title in title_rows:
        sheet.cell(row=line, column=start_col, value=title)
        if width > 1:
            sheet.merge_cells(start_row=line, start_column=start_col, end_row=line, end_column=start_col + width - 1)
        line += 1
    for values in [header, *rows]:
        for offset, value in enumerate(values):
            cell = sheet.cell(row=line, column=start_col + offset, value=value)
            if isinstance(value, str) and "\n" in value:
                cell.alignment = Alignment(wrap_text=True)
        line += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, DEJAVU))


def _markup(text: str) -> str:
    return html.escape(str(text), quote=False).replace("\n", "<br/>")


def make_pdf(
    paragraphs: Sequence[str],
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    after: Sequence[str] = (),
    column_weights: Sequence[float] | None = None,
    font_size: float = 10,
) -> bytes:
    """A4 landscape: paragraphs, a gridded table (header repeated on every page it spans), the `after` paragraphs.

    Column widths follow `column_weights` (relative) when given, else the longest text of each column.
    Every row must fit on one page (rows are not split across pages).
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    _register_font()
    style = ParagraphStyle("body", fontName=FONT, fontSize=font_size, leading=round(font_size * 1.3, 1))
    buffer = io.BytesIO()
    template = SimpleDocTemplate(buffer, pagesize=landscape(A4))
    data = [[Paragraph(_markup(value), style) for value in values] for values in [header, *rows]]
    weights = list(column_weights or ()) or [
        max(8, min(40, max((len(str(values[i])) for values in [header, *rows] if i < len(values)), default=8)))
        for i in range(len(header))
    ]
    widths = [template.width * weight / sum(weights) for weight in weights]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story = [Paragraph(_markup(text), style) for text in paragraphs]
    story.append(table)
    story.extend(Paragraph(_markup(text), style) for text in after)
    template.build(story)
    return buffer.getvalue()


def make_html(
    paragraphs: Sequence[str], header: Sequence[str], rows: Sequence[Sequence[str]], *, after: Sequence[str] = ()
) -> bytes:
    """A UTF-8 page: <p> paragraphs, a <table> with a <th> header row, then the `after` paragraphs."""

    def cells(tag: str, values: Sequence[str]) -> str:
        return "".join(f"<{tag}>{_markup(value).replace('<br/>', '<br>')}</{tag}>" for value in values)

    parts = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Văn bản</title></head><body>']
    parts.extend(f"<p>{_markup(text)}</p>" for text in paragraphs)
    parts.append('<table border="1">')
    parts.append(f"<tr>{cells('th', header)}</tr>")
    parts.extend(f"<tr>{cells('td', values)}</tr>" for values in rows)
    parts.append("</table>")
    parts.extend(f"<p>{_markup(text)}</p>" for text in after)
    parts.append("</body></html>")
    return "\n".join(parts).encode("utf-8")
