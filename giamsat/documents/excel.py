"""Excel task lists: the monthly report's appendix and the task list's export share one layout.

Two title lines, then a header row (row 3) with frozen panes and an autofilter, then one row per task.
Dates are real dates shown as dd/mm/yyyy, so Excel sorts and filters them. Rows go through `sheet_append`:
titles and reports typed as `=...` stay text, never formulas (giamsat.common.spreadsheets).
"""

import datetime
import io
from copy import copy

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from giamsat.common.spreadsheets import sheet_append

from .selectors import TaskRow

HEADER_ROW = 3
DATE_FORMAT = "DD/MM/YYYY"
# (heading, width, value of a TaskRow)
COLUMNS = [
    (gettext_lazy("TT"), 6, None),
    (gettext_lazy("Mã nhiệm vụ"), 10, lambda r: r.task_id),
    (gettext_lazy("Văn bản"), 14, lambda r: r.directive),
    (gettext_lazy("STT"), 8, lambda r: r.ref),
    (gettext_lazy("Nhóm nhiệm vụ (mục)"), 30, lambda r: r.section),
    (gettext_lazy("Nội dung nhiệm vụ"), 60, lambda r: r.title),
    (gettext_lazy("Cơ quan chủ trì"), 28, lambda r: "; ".join(r.leads)),
    (gettext_lazy("Cơ quan phối hợp"), 28, lambda r: "; ".join(r.coordinators)),
    (gettext_lazy("Thời hạn"), 12, lambda r: r.deadline),
    (gettext_lazy("Thời hạn (như văn bản)"), 24, lambda r: r.deadline_text),
    (gettext_lazy("Trạng thái"), 24, lambda r: r.status_label),
    (gettext_lazy("Số ngày quá hạn"), 10, lambda r: r.overdue_days),
    (gettext_lazy("Kỳ báo cáo gần nhất"), 12, lambda r: r.report_period),
    (gettext_lazy("Cơ quan báo cáo"), 24, lambda r: r.report_agency),
    (gettext_lazy("Tiến độ (%)"), 10, lambda r: r.report_progress),
    (gettext_lazy("Kết quả thực hiện"), 50, lambda r: r.report_work_done),
    (gettext_lazy("Ngày gửi báo cáo"), 12, lambda r: r.report_date),
]
HEADINGS = [str(heading) for heading, _width, _value in COLUMNS]


def tasks_workbook(rows: list[TaskRow], *, title: str, note: str = "", sheet: str | None = None) -> bytes:
    """The workbook's bytes: `title` on row 1, `note` (filters, task set) on row 2, the header on row 3."""
    wb = Workbook()
    ws = wb.active
    ws.title = (sheet or _("Nhiệm vụ"))[:31]
    sheet_append(ws, [title])
    ws["A1"].font = Font(bold=True, size=13)
    sheet_append(ws, [note])
    ws["A2"].font = Font(italic=True)
    headings = [str(heading) for heading, _width, _value in COLUMNS]
    sheet_append(ws, headings)
    for cell in ws[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEEEEE")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for number, row in enumerate(rows, start=1):
        sheet_append(ws, [number if value is None else value(row) for _heading, _width, value in COLUMNS])
    for index, (_heading, width, _value) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    # The style is set on the first cell of each kind and copied to the others: assigning an Alignment cell
    # by cell makes openpyxl look it up in the workbook's style table each time (most of the file's time).
    # Quote-prefixed text (sheet_append: text that starts like a formula) is a kind of its own, so it keeps it.
    wrapped = Alignment(wrap_text=True, vertical="top")
    styled: dict[tuple[bool, bool], object] = {}
    for row_cells in ws.iter_rows(min_row=HEADER_ROW + 1):
        for cell in row_cells:
            kind = (isinstance(cell.value, datetime.date), bool(cell.quotePrefix))
            if kind in styled:
                cell._style = copy(styled[kind])
                continue
            cell.alignment = wrapped
            if kind[0]:
                cell.number_format = DATE_FORMAT
            styled[kind] = cell._style
    last = get_column_letter(len(COLUMNS))
    ws.freeze_panes = f"D{HEADER_ROW + 1}"  # the header and the task's number, directive and STT stay in view
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(len(rows), 1)}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
