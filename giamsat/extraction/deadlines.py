"""Deadline cells ('Hoàn thành trước ngày 30/5/2026', 'Quý III', 'Thường xuyên', ...) -> DeadlineInfo.

Rules for Vietnamese administrative documents, matched on the folded text (no diacritics, lower case):

- exact dates win: 'd/m/yyyy', 'd-m-yyyy', 'd.m.yyyy', 'ngày d tháng m năm yyyy', 'trước Tết (Nguyên đán) ...'.
  Dates of cited documents ('Kế hoạch số 54/KH-UBND ngày 13/02/2026') and start dates ('từ ngày ...') are
  skipped; among the rest a date after a deadline cue ('trước', 'đến', 'hạn', ...) is preferred, else the last;
- then quarter > month > half-year > year > range, each giving the last day of the period
  (the year defaults to `working_year`; no year at all -> date None, kind kept);
- otherwise 'thường xuyên' / 'hằng tháng' / ... -> kind 'recurring', 'theo lộ trình' -> 'roadmap', else 'none'.

Recurrence is reported alongside whatever kind wins. `parse_deadline` never raises: it runs on every table cell.
"""

from __future__ import annotations

import calendar
import datetime
import re

import lunar_vn
from lunar_vn.can_chi import get_year_can_chi

from .draft import DeadlineInfo
from .text import fold, nfc

# Years outside this window are typos or numbers, not deadlines (and outside lunar_vn's supported range).
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_YEAR = r"(?<![0-9])[0-9]{4}(?![0-9])"
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")  # hyphens, en/em dashes, minus -> '-'

# An exact date, optionally after 'ngày': 10/4/2026, 10-4-2026, 10.4.2026, 'ngày 10 tháng 4 năm 2026';
# 'ngày 30/5' / 'ngày 30 tháng 5' without a year (only used with 'ngày' and a working year).
_DATE = re.compile(
    rf"""(?P<ngay>\bngay\s*)?(?<![0-9])
    (?:
        (?P<d>[0-9]{{1,2}})\s*(?P<sep>[/.-])\s*(?P<m>[0-9]{{1,2}})(?![0-9])
            (?:\s*(?P=sep)\s*(?P<y>{_YEAR}) | [\s,]*nam\s*(?P<y2>{_YEAR}) | (?!\s*[/.-]?\s*[0-9]))
      | (?<=ngay\s)(?P<ld>[0-9]{{1,2}})\s*thang\s*(?P<lm>[0-9]{{1,2}})(?![0-9])
            (?:[\s,]*(?:nam\s*|/\s*)?(?P<ly>{_YEAR}))?
    )""",
    re.VERBOSE,
)
# 'trước Tết (Nguyên đán) (Bính Ngọ) (năm) (2026)' -> the day before lunar new year; not 'Tết Dương lịch'.
_TET = re.compile(
    rf"""\btruoc\s*(?:dip\s*|ky\s*nghi\s*)?tet\b(?!\s*(?:duong\s*lich|tay)\b)(?:\s*nguyen\s*dan\b)?
    (?:\s*(?P<canchi>(?:giap|at|binh|dinh|mau|ky|canh|tan|nham|quy)\s+
                     (?:ty|suu|dan|mao|thin|ngo|mui|than|dau|tuat|hoi))\b)?
    (?:[\s,]*(?:nam\s*)?(?P<y>{_YEAR}))?""",
    re.VERBOSE,
)
# Just before a date: a cited document ('số 54/KH-UBND, ', '57-NQ/TW ', 'Quyết định số ... ', 'Thông tư ').
_CITED = re.compile(
    r"""(?:\bso\s*(?:[0-9]|\.\.|…)\S* | \b[0-9]+(?:[/-][0-9]+)*[/-][a-z]\S*
       | \b(?:ke\s*hoach|quyet\s*dinh|thong\s*tu|nghi\s*quyet|nghi\s*dinh|chi\s*thi|cong\s*van|thong\s*bao
             |ket\s*luan|van\s*ban|cong\s*dien|luat)
    )[\s,]*(?:ban\s*hanh\s*)?$""",
    re.VERBOSE,
)
# Just before a date: a start ('từ ngày', 'bắt đầu (từ) ngày'), which is not a deadline ...
_START = re.compile(r"\b(?:tu|bat\s*dau(?:\s*tu)?)\s*$")
_AFTER = re.compile(r"\b(?:tu|sau|bat\s*dau(?:\s*tu)?)\s*$")
# ... or a deadline cue ('trước', 'đến hết', 'hoàn thành', 'chậm nhất', 'hạn:', 'xong'), preferred among dates.
_CUE = re.compile(
    r"\b(?:truoc|den|hoan\s*thanh|cham\s*nhat|han|xong|ket\s*thuc)\b(?:\s*(?:het|trong|vao|la|[:,-]))*\s*$"
)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Q = r"(?:iv|iii|ii|i|[1-4])\b"
_M = r"(?:1[0-2]|0?[1-9])(?![0-9])"
_JOIN = r"\s*(?:-|,|va|den)\s*"
# 'quý II', 'quý IV/2025', 'quý III năm 2026', 'quý I, II năm 2026' (the last quarter counts).
_QUARTER = re.compile(rf"\bquy\s*(?:{_Q}{_JOIN}(?:quy\s*)?)*(?P<q>{_Q})(?:\s*[/,-]?\s*(?:nam\s*)?(?P<y>{_YEAR}))?")
# 'tháng 11/2025', 'tháng 10 năm 2025', 'tháng 10-2025' (not 'hằng tháng', not '6 tháng đầu năm').
_MONTH = re.compile(rf"\bthang\s*(?:{_M}{_JOIN}(?:thang\s*)?)*(?P<m>{_M})(?:\s*[/,-]?\s*(?:nam\s*)?(?P<y>{_YEAR}))?")
# '6 tháng đầu năm 2026', 'nửa cuối năm'.
_HALF = re.compile(rf"\b(?:6\s*thang|nua)\s*(?P<h>dau|cuoi)\s*nam\b(?:\s*(?P<y>{_YEAR}))?")
# 'năm 2026', or a cell holding only '2026'.
_YEAR_RE = re.compile(rf"\bnam\s*(?P<y>{_YEAR})|^(?P<bare>[0-9]{{4}})\W*$")
# '2026 - 2030', 'giai đoạn 2026-2030', 'từ năm 2026 đến năm 2030'.
_RANGE = re.compile(rf"(?:\bnam\s*)?(?P<a>{_YEAR})\s*(?:-|den)\s*(?:nam\s*)?(?P<b>{_YEAR})")

# Most specific first: 'định kỳ hằng tháng' with 'thường xuyên' is monthly.
_RECURRENCE = (
    ("monthly", re.compile(r"\b(?:hang|moi)\s*thang\b")),
    ("quarterly", re.compile(r"\b(?:hang|moi)\s*quy\b")),
    ("yearly", re.compile(r"\b(?:hang|moi)\s*nam\b")),
    ("regular", re.compile(r"\bthuong\s*xuyen\b|\b(?:hang|moi)\s*(?:ngay|tuan)\b")),
)
_ROADMAP = re.compile(r"\btheo\s*(?:lo\s*trinh|tien\s*do)\b")


def parse_deadline(text: str | None, *, working_year: int | None = None) -> DeadlineInfo:
    """Read one deadline phrase; `working_year` fills in periods printed without a year. Never raises."""
    printed = nfc(text if text is None or isinstance(text, str) else str(text))
    folded = _DASHES.sub("-", fold(printed))
    recurring = next((name for name, pattern in _RECURRENCE if pattern.search(folded)), False)

    found, date, rest = _exact_date(folded, working_year)
    if found:
        return DeadlineInfo(date, "date", printed, recurring)
    for finder in (_quarter, _month, _half_year, _year_or_range):
        kind, date = finder(rest, working_year)
        if kind:
            return DeadlineInfo(date, kind, printed, recurring)
    if recurring:
        return DeadlineInfo(None, "recurring", printed, recurring)
    if _ROADMAP.search(rest):
        return DeadlineInfo(None, "roadmap", printed, recurring)
    return DeadlineInfo(None, "none", printed, recurring)


def _make_date(year: int | None, month: int, day: int) -> datetime.date | None:
    if year is None or not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int | None, month: int) -> datetime.date | None:
    if year is None or not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    return datetime.date(year, month, calendar.monthrange(year, month)[1])  # month is 1-12 by the regexes


def _int(value: str | None) -> int | None:
    return int(value) if value else None  # regex groups hold at most 4 digits


def _exact_date(folded: str, working_year: int | None) -> tuple[bool, datetime.date | None, str]:
    """(found, date, folded text with every printed date blanked out) -- blanked so '2026' is not read again."""
    candidates: list[tuple[bool, datetime.date | None]] = []  # (after a deadline cue, date)

    def date_match(match: re.Match) -> str:
        before = folded[max(0, match.start() - 80) : match.start()]
        if match["ld"]:
            day, month, year = int(match["ld"]), int(match["lm"]), _int(match["ly"])
        else:
            day, month, year = int(match["d"]), int(match["m"]), _int(match["y"] or match["y2"])
        if year is None and match["ngay"]:
            year = working_year  # 'trước ngày 30/5' in a plan for the working year
        elif year is None:
            return match.group()  # '1/2' is a fraction, not a date
        date = _make_date(year, month, day)
        if date and not _CITED.search(before) and not _START.search(before):
            candidates.append((bool(_CUE.search(before)), date))
        return " "

    def tet_match(match: re.Match) -> str:
        year = _int(match["y"]) or _can_chi_year(match["canchi"], working_year) or working_year
        candidates.append((True, _day_before_tet(year)))
        return " "

    rest = _TET.sub(tet_match, _DATE.sub(date_match, folded))
    if not candidates:
        return False, None, rest
    dated = [c for c in candidates if c[1]] or candidates  # 'trước Tết' with no known year: date None
    cued = [c for c in dated if c[0]]
    return True, (cued or dated)[-1][1], rest


def _can_chi_year(name: str | None, working_year: int | None) -> int | None:
    """The Gregorian year named e.g. 'binh ngo' nearest to the working year (60-year cycle)."""
    if not name or working_year is None:
        return None
    years = [y for y in range(working_year - 30, working_year + 30) if fold(get_year_can_chi(y)) == name]
    return years[0] if years else None


def _day_before_tet(year: int | None) -> datetime.date | None:
    if year is None or not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return lunar_vn.lunar_to_solar(lunar_vn.LunarDate(1, 1, year)) - datetime.timedelta(days=1)
    except ValueError:
        return None


def _last_match(pattern: re.Pattern, text: str) -> re.Match | None:
    matches = list(pattern.finditer(text))
    return matches[-1] if matches else None


_Period = tuple[str | None, datetime.date | None]  # (kind or None when absent, last day of the period)


def _quarter(text: str, working_year: int | None) -> _Period:
    match = _last_match(_QUARTER, text)
    if not match:
        return None, None
    return "quarter", _month_end(_int(match["y"]) or working_year, _ROMAN[match["q"]] * 3)


def _month(text: str, working_year: int | None) -> _Period:
    match = _last_match(_MONTH, text)
    if not match:
        return None, None
    return "month", _month_end(_int(match["y"]) or working_year, int(match["m"]))


def _half_year(text: str, working_year: int | None) -> _Period:
    match = _last_match(_HALF, text)
    if not match:
        return None, None
    return "half_year", _month_end(_int(match["y"]) or working_year, 6 if match["h"] == "dau" else 12)


_AFTER_WORD = re.compile(r"\b(?:tu|sau|bat\s*dau(?:\s*tu)?)\s*")


def _back_over_spaces(text: str, end: int) -> int:
    while end and text[end - 1].isspace():
        end -= 1
    return end


def _after_cue(text: str, end: int) -> bool:
    """`_AFTER.search(text[:end])`, trying only the few places where the cue can start: the pattern searched in each
    prefix again made a text with many years cost time quadratic in it."""
    end_of_word = _back_over_spaces(text, end)  # a match ends with '\s*' up to `end`, its last word before
    starts = [end_of_word - 2, end_of_word - 3]  # 'tu', 'sau'
    last = end_of_word
    if text.endswith("tu", 0, last):  # 'bat dau tu'
        last = _back_over_spaces(text, last - 2)
    for dau_end in {end_of_word, last}:
        if text.endswith("dau", 0, dau_end):
            starts.append(_back_over_spaces(text, dau_end - 3) - 3)  # 'bat' before it
    return any(start >= 0 and _AFTER_WORD.fullmatch(text, start, end) for start in starts)


def _year_or_range(text: str, working_year: int | None) -> _Period:
    """A single year beats a range, but a range's own years ('từ năm 2026 đến năm 2030') are not single years."""
    ranges = [int(m["b"]) for m in _RANGE.finditer(text) if _MIN_YEAR <= int(m["a"]) < int(m["b"]) <= _MAX_YEAR]
    rest = _RANGE.sub(" ", text)
    # 'bắt đầu (triển khai) từ năm 2026' is a start and 'mở rộng sau năm 2028' an aftermath, not deadlines
    years = [int(m["y"] or m["bare"]) for m in _YEAR_RE.finditer(rest) if not _after_cue(rest, m.start())]
    years = [y for y in years if _MIN_YEAR <= y <= _MAX_YEAR]
    if years:
        return "year", datetime.date(years[-1], 12, 31)
    if ranges:
        return "range", datetime.date(ranges[-1], 12, 31)
    return None, None
