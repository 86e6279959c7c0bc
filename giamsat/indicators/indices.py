"""The provincial indices (DTI, PII, PAR Index, SIPAS): the province's score and rank per year, entered one by one
or imported from Excel by the standing office. Writes are atomic and recorded with their acting user; an import
writes every row or none, and lists the bad rows in Vietnamese."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from giamsat.common.history import save_as
from giamsat.extraction.text import fold

from . import policy
from .choices import IndexKind
from .models import IndexScore

# Excel columns, as the header row names them (compared without diacritics or case).
COLUMNS = ("chỉ số", "năm", "điểm", "xếp hạng", "trên tổng số", "nguồn")
KIND_NAMES = {"dti": IndexKind.DTI, "pii": IndexKind.PII, "par": IndexKind.PAR, "par index": IndexKind.PAR}
KIND_NAMES["sipas"] = IndexKind.SIPAS
MAX_IMPORT_ROWS = 2000


def _require(user) -> None:
    if not policy.keeps_catalogue(user):
        raise PermissionDenied(_("Chỉ Cơ quan Thường trực nhập điểm chỉ số cấp tỉnh."))


def _check(*, year: int, score: Decimal, rank: int | None, out_of: int | None) -> list[str]:
    errors = []
    if not 2000 <= year <= 2100:
        errors.append(_("Năm %(year)s không hợp lệ.") % {"year": year})
    if score < 0:
        errors.append(_("Điểm không được âm."))
    if rank is not None and rank < 1:
        errors.append(_("Xếp hạng phải từ 1 trở lên."))
    if rank is not None and out_of is not None and rank > out_of:
        errors.append(_("Xếp hạng %(rank)s lớn hơn tổng số %(out_of)s tỉnh, thành.") % {"rank": rank, "out_of": out_of})
    return errors


@transaction.atomic
def index_score_save(*, data: dict, acting_user, score: IndexScore | None = None) -> IndexScore:
    """Create the score of (kind, year), or update it (the same kind and year entered again updates it too)."""
    _require(acting_user)
    errors = _check(year=data["year"], score=data["score"], rank=data.get("rank"), out_of=data.get("out_of"))
    if errors:
        raise ValidationError(errors)
    if score is None:
        score = IndexScore.objects.select_for_update().filter(kind=data["kind"], year=data["year"]).first()
    elif IndexScore.objects.filter(kind=data["kind"], year=data["year"]).exclude(pk=score.pk).exists():
        raise ValidationError(_("Đã có điểm của chỉ số này cho năm %(year)s.") % {"year": data["year"]})
    score = score or IndexScore()
    for field in ("kind", "year", "score", "rank", "out_of", "source"):
        setattr(score, field, data.get(field) if field != "source" else (data.get("source") or "").strip())
    score.full_clean()
    save_as(score, acting_user)
    return score


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _integer(value, label: str, errors: list[str], *, required: bool = False) -> int | None:
    text = _text(value)
    if not text:
        if required:
            errors.append(_("thiếu %(column)s") % {"column": label})
        return None
    try:
        number = Decimal(text.replace(",", ".")) if not isinstance(value, int | float) else Decimal(str(value))
    except InvalidOperation:
        errors.append(_("%(column)s “%(value)s” không phải là số nguyên") % {"column": label, "value": text})
        return None
    if number != number.to_integral_value():
        errors.append(_("%(column)s “%(value)s” không phải là số nguyên") % {"column": label, "value": text})
        return None
    return int(number)


def _decimal(value, label: str, errors: list[str]) -> Decimal | None:
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = _text(value).replace(" ", "")
    if not text:
        errors.append(_("thiếu %(column)s") % {"column": label})
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        errors.append(_("%(column)s “%(value)s” không phải là số") % {"column": label, "value": _text(value)})
        return None


def read_rows(rows: list[tuple]) -> tuple[list[dict], list[str]]:
    """The scores of a sheet's rows (the first is the header), and the errors, one line per bad row."""
    if not rows:
        return [], [_("Tệp không có dữ liệu.")]
    header = [fold(_text(cell)) for cell in rows[0]]
    positions = {}
    for column in COLUMNS:
        if fold(column) not in header:
            return [], [_("Thiếu cột “%(column)s” ở dòng tiêu đề.") % {"column": column}]
        positions[column] = header.index(fold(column))
    if len(rows) - 1 > MAX_IMPORT_ROWS:
        return [], [_("Tệp có quá %(max)d dòng.") % {"max": MAX_IMPORT_ROWS}]
    scores, errors, seen = [], [], {}
    for number, row in enumerate(rows[1:], start=2):
        cells = {column: (row[at] if at < len(row) else None) for column, at in positions.items()}
        if not any(_text(value) for value in cells.values()):
            continue
        problems: list[str] = []
        kind = KIND_NAMES.get(fold(_text(cells["chỉ số"])))
        if kind is None:
            problems.append(
                _("chỉ số “%(value)s” không phải DTI, PII, PAR hoặc SIPAS") % {"value": _text(cells["chỉ số"])}
            )
        year = _integer(cells["năm"], _("năm"), problems, required=True)
        score = _decimal(cells["điểm"], _("điểm"), problems)
        rank = _integer(cells["xếp hạng"], _("xếp hạng"), problems)
        out_of = _integer(cells["trên tổng số"], _("trên tổng số"), problems)
        if year is not None and score is not None and not problems:
            problems += _check(year=year, score=score, rank=rank, out_of=out_of)
        if kind and year and (kind, year) in seen:
            problems.append(_("trùng với dòng %(row)d") % {"row": seen[(kind, year)]})
        if problems:
            errors.append(_("Dòng %(row)d: %(problems)s.") % {"row": number, "problems": "; ".join(problems)})
            continue
        seen[(kind, year)] = number
        source = _text(cells["nguồn"])[:500]
        scores.append({"kind": kind, "year": year, "score": score, "rank": rank, "out_of": out_of, "source": source})
    if not scores and not errors:
        errors.append(_("Tệp không có dòng dữ liệu nào."))
    return scores, errors


def read_workbook(content) -> list[tuple]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(content, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a file that is not a workbook
        raise ValidationError(_("Không đọc được tệp Excel (.xlsx).")) from error
    sheet = book.worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@transaction.atomic
def index_scores_import(*, rows: list[tuple], acting_user) -> ImportResult:
    """Every row written, or none: a bad row raises ValidationError listing each bad row."""
    _require(acting_user)
    scores, errors = read_rows(rows)
    if errors:
        raise ValidationError(errors)
    created = updated = 0
    for data in scores:
        existing = IndexScore.objects.filter(kind=data["kind"], year=data["year"]).exists()
        index_score_save(data=data, acting_user=acting_user)
        updated, created = (updated + 1, created) if existing else (updated, created + 1)
    return ImportResult(created=created, updated=updated)


def index_history() -> list[dict]:
    """Each index with its years in order: for the tables and the charts."""
    by_kind = {kind: [] for kind in IndexKind.values}
    for score in IndexScore.objects.order_by("kind", "year"):
        by_kind[score.kind].append(score)
    return [{"kind": kind, "label": IndexKind(kind).label, "scores": by_kind[kind]} for kind in IndexKind.values]
