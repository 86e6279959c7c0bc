"""Bulk reporting through Excel: a template of the agency's tasks for the period, filled and uploaded back.

The upload is checked at once (`bulk_check`), then read by the background worker (jobs.py): validated row by row
(`bulk_parse`: errors name the row and the column, in Vietnamese) and saved in one transaction with the job's
completion (`bulk_save`): either every row becomes a draft report, or nothing is written. Export format = import
format.
"""

import datetime
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from giamsat.common.progress import progress_step
from giamsat.common.spreadsheets import sheet_append
from giamsat.directives import selectors as task_selectors
from giamsat.directives.models import Task

from . import services
from .choices import WorkState
from .models import ProgressReport, ReportingPeriod

COLUMNS = [
    "Mã nhiệm vụ",
    "Văn bản",
    "STT",
    "Nội dung nhiệm vụ",
    "Tình trạng",
    "Tiến độ (%)",
    "Kết quả thực hiện",
    "Sản phẩm",
    "Ngày hoàn thành sản phẩm (dd/mm/yyyy)",
    "Khó khăn, vướng mắc",
    "Kiến nghị, đề xuất",
]
STATES = {str(label): value for value, label in WorkState.choices}


def template_workbook(*, user, period: ReportingPeriod) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"Bao cao {period.month:02d}-{period.year}"
    sheet_append(ws, [f"Báo cáo kỳ {period} — {user.agency.name} — hạn nộp {period.due_on:%d/%m/%Y}"])
    sheet_append(ws, ["Điền các cột từ “Tình trạng”; không sửa cột “Mã nhiệm vụ”. Tình trạng: " + "; ".join(STATES)])
    sheet_append(ws, COLUMNS)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEEEEE")
    existing = {r.task_id: r for r in ProgressReport.objects.filter(period=period, agency=user.agency)}
    for task in task_selectors.task_list(user=user, mine=True):
        report = existing.get(task.pk)
        sheet_append(  # titles and reports typed as "=..." stay text (giamsat.common.spreadsheets)
            ws,
            [
                task.pk,
                str(task.directive),
                task.display_ref,
                task.title,
                report.get_state_display() if report else "",  # rows left empty are not saved
                report.progress_percent if report else None,
                report.work_done if report else "",
                report.product if report else "",
                report.delivered_on.strftime("%d/%m/%Y") if report and report.delivered_on else "",
                report.difficulties if report else "",
                report.proposals if report else "",
            ],
        )
    for column, width in zip("ABCDEFGHIJK", (10, 14, 8, 60, 18, 10, 40, 30, 16, 30, 30), strict=True):
        ws.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar date


NOT_EXCEL = gettext_lazy("Không đọc được tệp Excel; hãy dùng đúng mẫu đã tải về (.xlsx).")


def bulk_check(data: bytes) -> None:
    """What can be told of an upload at once, before it is queued: an .xlsx (a zip) whose parts inflate to at most
    BULK_UPLOAD_MAX_INFLATED_SIZE (openpyxl parses the styles and shared strings whole, and a sheet without its
    dimensions twice). Raises ValidationError."""
    from django.conf import settings

    from giamsat.common.archives import looks_like_zip
    from giamsat.common.uploads import check_archive

    if not looks_like_zip(data):
        raise ValidationError(NOT_EXCEL)
    check_archive(data, max_total=settings.BULK_UPLOAD_MAX_INFLATED_SIZE)


def bulk_parse(*, user, period: ReportingPeriod, data: bytes) -> list[tuple[Task, dict]]:
    """Every filled row of the template, validated: (task, the report's fields) each, or a ValidationError naming
    every bad row and column. Nothing is written; `bulk_save` writes what this gives.

    A hostile file costs little: `bulk_check` first, then the sheet is streamed (read-only) over the template's
    columns only, and reading stops past BULK_UPLOAD_MAX_ROWS rows. Each row checked moves the progress bar of the
    job reading the file (giamsat.common.progress)."""
    from django.conf import settings

    bulk_check(data)
    max_rows = settings.BULK_UPLOAD_MAX_ROWS
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows = list(workbook.active.iter_rows(max_row=max_rows + 1, max_col=len(COLUMNS), values_only=True))
        finally:
            workbook.close()
    except (InvalidFileException, KeyError, ValueError, OSError, Exception) as error:  # noqa: BLE001
        raise ValidationError(NOT_EXCEL) from error
    if len(rows) > max_rows:
        raise ValidationError(
            _("Tệp Excel có quá nhiều dòng (tối đa %(limit)d dòng); hãy dùng đúng mẫu đã tải về. Chưa có gì được lưu.")
            % {"limit": max_rows}
        )
    header_index = next((i for i, row in enumerate(rows[:10]) if row and row[0] == COLUMNS[0]), None)
    if header_index is None:
        raise ValidationError(_("Không thấy dòng tiêu đề “Mã nhiệm vụ”; hãy dùng đúng mẫu đã tải về."))
    allowed = set(task_selectors.task_list(user=user, mine=True).values_list("pk", flat=True))
    errors: list[str] = []
    parsed: list[tuple[int, dict]] = []
    body = rows[header_index + 1 :]
    every = max(1, len(body) // 100)  # the bar moves by a percent at most: not a write per row
    for count, row in enumerate(body, start=1):
        number = header_index + 1 + count  # the row's number in Excel
        if count % every == 0 or count == len(body):
            progress_step(count, len(body), _("dòng %(n)d/%(total)d") % {"n": count, "total": len(body)})
        row = list(row) + [None] * (len(COLUMNS) - len(row))
        if not any(v not in (None, "") for v in row[4:]):
            continue
        try:
            task_id = int(row[0])
        except (TypeError, ValueError):
            errors.append(_("Dòng %(n)d: “Mã nhiệm vụ” không hợp lệ.") % {"n": number})
            continue
        if task_id not in allowed:
            errors.append(_("Dòng %(n)d: nhiệm vụ %(id)s không thuộc đơn vị.") % {"n": number, "id": task_id})
            continue
        state = STATES.get(str(row[4] or "").strip())
        if state is None:
            errors.append(_("Dòng %(n)d, cột “Tình trạng”: “%(v)s” không hợp lệ.") % {"n": number, "v": row[4] or ""})
            continue
        try:
            progress = int(row[5] or 0)
            if not 0 <= progress <= 100:
                raise ValueError
        except (TypeError, ValueError):
            errors.append(_("Dòng %(n)d, cột “Tiến độ”: phải là số từ 0 đến 100.") % {"n": number})
            continue
        try:
            delivered = _date(row[8])
        except ValueError:
            errors.append(
                _("Dòng %(n)d, cột “Ngày hoàn thành”: “%(v)s” không đúng dạng dd/mm/yyyy.") % {"n": number, "v": row[8]}
            )
            continue
        parsed.append(
            (
                task_id,
                {
                    "state": state,
                    "progress_percent": progress,
                    "work_done": str(row[6] or ""),
                    "product": str(row[7] or ""),
                    "delivered_on": delivered,
                    "difficulties": str(row[9] or ""),
                    "proposals": str(row[10] or ""),
                },
            )
        )
    if errors:
        raise ValidationError(errors)
    tasks = Task.objects.in_bulk([task_id for task_id, _values in parsed])
    return [(tasks[task_id], values) for task_id, values in parsed]


@transaction.atomic
def bulk_save(*, user, period: ReportingPeriod, parsed: list[tuple[Task, dict]]) -> int:
    """Save the rows `bulk_parse` gave as draft reports, all of them or (on any refusal) none; how many were saved."""
    for task, values in parsed:
        services.report_save_draft(task=task, period=period, data=values, acting_user=user)
    return len(parsed)
