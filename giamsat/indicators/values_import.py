"""Many indicator values at once from Excel, for the officer of the responsible agency: every filled row becomes (or
updates) the draft value of one indicator for one period, all rows or none, with the errors named per row and
column in Vietnamese. The template to fill lists the agency's indicators; export format = import format.

Columns: mã chỉ tiêu, kỳ (mm/yyyy), giá trị, số liệu tính đến ngày (dd/mm/yyyy), nguồn, ghi chú."""

import datetime
import io
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from giamsat.accounts.choices import Role
from giamsat.accounts.policy import has_role, works_in_an_agency
from giamsat.common.spreadsheets import sheet_append
from giamsat.reporting.bulk import bulk_check
from giamsat.reporting.models import ReportingPeriod
from giamsat.reporting.services import period_for

from . import services
from .forms import parse_number, show_number
from .models import Indicator, IndicatorValue

COLUMNS = ["Mã chỉ tiêu", "Kỳ (mm/yyyy)", "Giá trị", "Số liệu tính đến ngày (dd/mm/yyyy)", "Nguồn", "Ghi chú"]
INFO_COLUMNS = ["Tên chỉ tiêu (không cần điền)", "Đơn vị tính"]
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
PERIOD = re.compile(r"^(\d{1,2})\s*/\s*(\d{4})$")
BY_ID = re.compile(r"^ID-(\d+)$", re.IGNORECASE)


class ImportErrors(ValidationError):
    """The file's errors, one line per row and column; nothing was written."""

    def __init__(self, errors: list[str]):
        super().__init__(errors)
        self.errors = errors


def imports_values(user) -> bool:
    """The officers of agencies (each for its own indicators only)."""
    return works_in_an_agency(user) and has_role(user, Role.AGENCY_OFFICER)


def own_indicators(user):
    return Indicator.objects.filter(agency_id=user.agency_id).order_by("code", "pk")


def key_of(indicator: Indicator) -> str:
    return indicator.code or f"ID-{indicator.pk}"


def template_workbook(*, user, period: ReportingPeriod) -> bytes:
    """The agency's indicators, one row each, with this period's value when there is one."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Gia tri chi tieu"
    sheet_append(ws, [f"Giá trị chỉ tiêu — {user.agency.name} — kỳ {period}"])
    sheet_append(ws, ["Điền cột “Giá trị” (ví dụ 95,5) và các cột sau; không sửa cột “Mã chỉ tiêu”."])
    sheet_append(ws, COLUMNS + INFO_COLUMNS)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEEEEE")
    indicators = list(own_indicators(user))
    existing = {v.indicator_id: v for v in IndicatorValue.objects.filter(period=period, indicator__in=indicators)}
    for indicator in indicators:
        value = existing.get(indicator.pk)
        sheet_append(
            ws,
            [
                key_of(indicator),
                f"{period.month:02d}/{period.year}",
                show_number(value.value) if value else "",
                value.measured_on.strftime("%d/%m/%Y") if value else "",
                value.source if value else indicator.data_source,
                value.note if value else "",
                indicator.name,
                indicator.unit,
            ],
        )
    for letter, width in zip("ABCDEFGH", (16, 12, 14, 20, 30, 30, 60, 14), strict=True):
        ws.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _period(raw, today: datetime.date) -> ReportingPeriod:
    if isinstance(raw, datetime.datetime | datetime.date):
        month, year = raw.month, raw.year
    else:
        match = PERIOD.match(_text(raw))
        if not match or not 1 <= int(match.group(1)) <= 12:
            raise ValidationError(_("“%(v)s” không đúng dạng mm/yyyy.") % {"v": _text(raw)})
        month, year = int(match.group(1)), int(match.group(2))
    if (year, month) > (today.year, today.month):
        raise ValidationError(_("kỳ %(m)02d/%(y)d chưa đến.") % {"m": month, "y": year})
    period = ReportingPeriod.objects.filter(year=year, month=month).first()
    if period is None:
        period = period_for(datetime.date(year, month, 1))
    if not period.is_open:
        raise ValidationError(_("kỳ %(period)s đã đóng.") % {"period": period})
    return period


def _day(raw) -> datetime.date:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    try:
        return datetime.datetime.strptime(_text(raw), "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar date
    except ValueError:
        raise ValidationError(_("“%(v)s” không đúng dạng dd/mm/yyyy.") % {"v": _text(raw)}) from None


def _read_rows(data: bytes) -> list[tuple]:
    bulk_check(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows = list(workbook.active.iter_rows(max_row=MAX_ROWS + 1, max_col=len(COLUMNS), values_only=True))
        finally:
            workbook.close()
    except Exception as error:  # noqa: BLE001 - any reading failure is a file we cannot read
        raise ImportErrors([_("Không đọc được tệp Excel; hãy dùng đúng mẫu đã tải về (.xlsx).")]) from error
    if len(rows) > MAX_ROWS:
        raise ImportErrors([_("Tệp có quá nhiều dòng (tối đa %(n)d dòng).") % {"n": MAX_ROWS}])
    return rows


@transaction.atomic
def values_import(*, data: bytes, acting_user, today: datetime.date | None = None) -> list[IndicatorValue]:
    """Read the file and save each filled row as a draft value; any error: nothing is saved (ImportErrors)."""
    if not imports_values(acting_user):
        raise PermissionDenied(_("Chỉ chuyên viên đơn vị nhập giá trị chỉ tiêu từ Excel."))
    today = today or timezone.localdate()
    try:
        rows = _read_rows(data)
    except ValidationError as error:
        raise ImportErrors(error.messages) from error
    header = next((i for i, row in enumerate(rows[:10]) if row and _text(row[0]) == COLUMNS[0]), None)
    if header is None:
        raise ImportErrors([_("Không thấy dòng tiêu đề “Mã chỉ tiêu”; hãy dùng đúng mẫu đã tải về.")])
    indicators = {key_of(i).casefold(): i for i in own_indicators(acting_user)}
    errors: list[str] = []
    parsed: list[tuple[int, Indicator, ReportingPeriod, dict]] = []
    seen: dict[tuple[int, int], int] = {}
    for number, row in enumerate(rows[header + 1 :], start=header + 2):
        row = list(row) + [None] * (len(COLUMNS) - len(row))
        if all(_text(cell) == "" for cell in row[2:6]):
            continue  # a listed indicator left empty
        row_errors = []

        def problem(column: int, message: str, *, n=number, into=row_errors) -> None:
            into.append(_("Dòng %(n)d, cột “%(col)s”: %(msg)s") % {"n": n, "col": COLUMNS[column], "msg": message})

        indicator = indicators.get(_text(row[0]).casefold())
        if indicator is None:
            problem(0, _("“%(v)s” không phải chỉ tiêu đơn vị chịu trách nhiệm.") % {"v": _text(row[0])})
        period = value = measured_on = None
        try:
            period = _period(row[1], today)
        except ValidationError as error:
            problem(1, " ".join(error.messages))
        if _text(row[2]) == "":
            problem(2, _("chưa nhập giá trị."))
        else:
            try:
                value = parse_number(row[2])
            except ValidationError as error:
                problem(2, " ".join(error.messages))
        if _text(row[3]) == "":
            problem(3, _("chưa nhập ngày số liệu."))
        else:
            try:
                measured_on = _day(row[3])
                if measured_on > today:
                    problem(3, _("ngày số liệu không được sau hôm nay."))
            except ValidationError as error:
                problem(3, " ".join(error.messages))
        if indicator is not None and period is not None:
            twin = seen.get((indicator.pk, period.pk))
            if twin is not None:
                problem(0, _("chỉ tiêu và kỳ này đã có ở dòng %(n)d.") % {"n": twin})
            seen[(indicator.pk, period.pk)] = number
        if row_errors:
            errors.extend(row_errors)
            continue
        data_row = {"value": value, "measured_on": measured_on, "source": _text(row[4]), "note": _text(row[5])}
        parsed.append((number, indicator, period, data_row))
    if not errors and not parsed:
        errors.append(_("Tệp không có dòng nào đã điền giá trị."))
    saved = []
    if not errors:
        for number, indicator, period, values in parsed:
            try:
                with transaction.atomic():
                    saved.append(
                        services.value_save_draft(
                            indicator=indicator, period=period, data=values, acting_user=acting_user
                        )
                    )
            except ValidationError as error:
                errors.append(_("Dòng %(n)d: %(msg)s") % {"n": number, "msg": " ".join(error.messages)})
    if errors:
        transaction.set_rollback(True)
        raise ImportErrors(errors)
    return saved
