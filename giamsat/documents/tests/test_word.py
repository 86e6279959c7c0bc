"""The data tables of the generated documents: rows copied from model rows are what python-docx writes cell by
cell (the slow way they replace, kept here as the reference)."""

from docx import Document

from giamsat.documents import word

HEADERS = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"]
WIDTHS = [0.9, 8.9, 4.0, 2.2]
ALIGNS = ["center", "left", "left", "center"]
ROWS = [
    ["Nghị quyết 57", "", "", ""],
    [1, [word.Run("13-TB/CQTT · 3: ", bold=True), word.Run("Triển khai  nền tảng\nsố")], "Sở KH&CN", "30/6/2026"],
    [2, "Lắp đặt trạm 5G\tgiai đoạn 2 ", None, ""],
    [3, [word.Run("in nghiêng", italic=True, size=9), word.Run("gạch chân", underline=True)], "<b>Sở</b>", "—"],
    ["", "Tổng cộng", 3, ""],
    [4, [word.Run("Theo " + word.document_number("02-KH/BCĐ") + ":\t"), word.Run("in", bold=True)], "—", ""],
]


def reference_table(document, rows, *, size=word.TABLE_SIZE, merged_rows=frozenset(), bold_rows=frozenset()):
    """The table as python-docx's cell API writes it: every row made by add_table, every cell by _cell_text."""
    table = document.add_table(rows=1 + len(rows), cols=len(HEADERS))
    table.style = document.styles["Table Grid"]
    table.alignment = word.WD_TABLE_ALIGNMENT.CENTER
    scale = word.text_width_cm(document) / sum(WIDTHS)
    word._fix_widths(table, [round(width * scale, 2) for width in WIDTHS], cell_margin_cm=0.1)
    for row in table.rows:
        word._keep_whole(row)
    word._repeat_header(table.rows[0])
    for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
        word._cell_text(cell, header, align="center", size=size, bold=True)
    for index, values in enumerate(rows):
        row = table.rows[index + 1]
        if index in merged_rows:
            merged = row.cells[0].merge(row.cells[-1])
            word._cell_text(merged, str(values[0]), align="left", size=size, bold=True)
            continue
        for cell, value, align in zip(row.cells, values, ALIGNS, strict=True):
            content = value if isinstance(value, list) else ("" if value is None else str(value))
            word._cell_text(cell, content, align=align, size=size, bold=index in bold_rows)
    return table


def test_rows_are_what_the_cell_api_writes():
    fast, slow = Document(), Document()
    options = {"merged_rows": {0}, "bold_rows": {4}, "size": 11}
    made = word.data_table(fast, HEADERS, ROWS, widths_cm=WIDTHS, aligns=ALIGNS, **options)
    expected = reference_table(slow, ROWS, **options)
    assert made._tbl.xml == expected._tbl.xml
    assert len(made.rows) == 1 + len(ROWS)


def test_cells_read_back_with_their_text_and_formatting():
    table = word.data_table(Document(), HEADERS, ROWS, widths_cm=WIDTHS, aligns=ALIGNS, merged_rows={0})
    assert [cell.text for cell in table.rows[2].cells] == [
        "1",
        "13-TB/CQTT · 3: Triển khai  nền tảng\nsố",
        "Sở KH&CN",
        "30/6/2026",
    ]
    assert table.rows[3].cells[1].text == "Lắp đặt trạm 5G\tgiai đoạn 2 "
    assert table.rows[4].cells[2].text == "<b>Sở</b>"  # text, never markup
    runs = table.rows[2].cells[1].paragraphs[0].runs
    assert (runs[0].bold, runs[1].bold) == (True, None)
    assert runs[0].font.size == word.Pt(word.TABLE_SIZE)
    assert table.rows[1].cells[0].text == table.rows[1].cells[-1].text == "Nghị quyết 57"  # one merged cell
