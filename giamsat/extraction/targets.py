"""Quantified expected results in directive text ("đạt 95%", "100% CBCCVC ...", "Có 45 công trình ...") -> Target.

Rules, for Vietnamese administrative documents:

- a target is a percentage ("95%", "trên 70%", "≥ 30% GDP") or a count of a known kind of product followed by its
  noun ("45 công trình", "01 tác phẩm", "982 dịch vụ công", "30 ha"); any other number is not a target: dates
  ("năm 2025", "ngày 20", "30/5/2026"), document numbers ("57-NQ/TW", "số 13"), durations ("12 tháng"), periods
  ("giai đoạn 2026 - 2030"), levels ("02 cấp") and money are never counted;
- ranges ("10-15%", "02 - 05 clip") set no single target and are skipped, and so are quantities in parentheses,
  which explain rather than set ("giảm thuốc bảo vệ thực vật (30%)", "(dự kiến 05 tác phẩm)");
- the phrase is the clause around the quantity (clauses end at ';', a sentence end, a line break or a bullet):
  "X đạt N%" from the clause start to the quantity, "N% X" from the quantity to the clause end (or the next
  quantity); the indicator's name is derived from it ("Tỷ lệ X", "Số công trình X", "X (% Y)"), and is only a
  proposal: people edit it;
- the direction is 'lower' after "dưới", "không quá", "tối đa", "≤", "<", otherwise 'higher'.

`find_targets` never raises and has no Django import: it runs on every task at import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .text import nfc

HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class Target:
    phrase: str  # an exact substring of the text given
    name: str
    value: Decimal
    unit: str
    direction: str = HIGHER
    start: int = 0  # offsets of the phrase in the text
    end: int = 0


# The nouns a count target is made of, longest first within a shared start. Each is a unit as the indicator keeps it.
_COUNT_UNITS = (
    "công trình",
    "dịch vụ công",
    "thủ tục hành chính",
    "vùng lõm sóng",
    "tác phẩm",
    "sản phẩm",
    "trường",
    "clip",
    "dự án",
    "đề tài",
    "mô hình",
    "doanh nghiệp",
    "sáng kiến",
    "ha",
    "tấn",
    "km",
)
_NUMBER = r"(?<![\w.,/-])(?P<num>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)"
_LOWER_CUES = r"dưới|không quá|không vượt quá|tối đa|≤|<"
_COMPARATOR = rf"(?P<cmp>(?:đạt\s+)?(?:trên|tối thiểu|ít nhất|từ|hơn|{_LOWER_CUES}|≥|>)\s*)?"
_PERCENT = re.compile(rf"{_COMPARATOR}{_NUMBER}\s*%(?P<gdp>\s*(?:GDP|GRDP)\b)?", re.IGNORECASE)
_COUNT = re.compile(
    rf"{_COMPARATOR}{_NUMBER}\s*(?P<unit>{'|'.join(re.escape(u) for u in _COUNT_UNITS)})(?!\w)",
    re.IGNORECASE,
)
# A range just before or after the number ("10-15%", "02 - 05 clip").
_RANGE_BEFORE = re.compile(r"\d\s*[-–—]\s*$")
_RANGE_AFTER = re.compile(r"^\s*[-–—]\s*\d")
# Clause boundaries: ';', a sentence end (one dot, not an ellipsis or a thousands separator), a line break, a tab,
# a colon, a bullet ("- ", "(2) ").
_BOUNDARY = re.compile(r";|:|(?<!\.)\.(?!\.)(?=\s|$)|[\n\t]|(?:^|(?<=\s))(?:[-–•+]|\(\d+\))\s")
_SHARE = re.compile(r",\s+|\s+và\s+")
_MARKER = re.compile(r"\s*(?:\(\d+\)|[a-zđ]\)|\d+\.(?!\d))?\s*")
_LEAD_WORDS = re.compile(
    r"^(?:\(\d+\)\s*|[a-zđ]\)\s*)?(?:(?:có|dự kiến:?|đạt|bảo đảm|đảm bảo|phấn đấu)(?:\s+|$))*",
    re.IGNORECASE,
)
_TRAIL_WORDS = re.compile(r"(?:(?:^|\s+)(?:đạt|đến|là|ở mức|với|từ|dự kiến|có))+\s*$", re.IGNORECASE)
# Where the phrase after a quantity stops: a parenthesis (an explanation), or, right after it, ',' or 'và'.
_TAIL_STOP = re.compile(r"\s*\(")
_TAIL_NONE = re.compile(r"\s*(?:,|và\b)", re.IGNORECASE)


def _decimal(number: str) -> Decimal | None:
    """'1.139' -> 1139 (thousands), '2,5' -> 2.5 (decimal comma), '01' -> 1."""
    try:
        return Decimal(number.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _in_parentheses(text: str, at: int) -> bool:
    before = text[:at]
    return before.rfind("(") > before.rfind(")")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,:-–(\"“”'":
        start += 1
    while end > start and text[end - 1] in " ,:-–\"“”'":
        end -= 1
    return start, end


def _tidy(name: str) -> str:
    name = _TRAIL_WORDS.sub("", _LEAD_WORDS.sub("", nfc(name))).strip(" ,:;-–")
    return name[:1].upper() + name[1:]


def _name(before: str, after: str, unit: str, percent: bool) -> str:
    before, after = _tidy(before), nfc(after).strip(" ,:;-–")
    if percent:
        if before and after:
            return f"{before} (% {after})"
        if after:
            return _tidy(f"Tỷ lệ {after}")
        return before
    measure = unit in ("ha", "tấn", "km")
    if after and not measure:
        return f"Số {unit} {after}"
    if before and after:
        return f"{before} ({unit} {after})"
    if before:
        return before if measure else f"{before} (số {unit})"
    return _tidy(f"{after} ({unit})") if after else f"Số {unit}"


def find_targets(text: str | None) -> list[Target]:
    """The quantified expected results of `text`, in text order (see the module's rules)."""
    if not text:
        return []
    found: list[tuple[int, int, re.Match, bool]] = []
    for pattern, percent in ((_PERCENT, True), (_COUNT, False)):
        for m in pattern.finditer(text):
            num_start, num_end = m.start("num"), m.end()
            if _RANGE_BEFORE.search(text[:num_start]) or _RANGE_AFTER.match(text[m.end("num") :]):
                continue
            if _in_parentheses(text, num_start):
                continue
            found.append((m.start(), num_end, m, percent))
    found.sort(key=lambda f: f[0])
    targets: list[Target] = []
    for clause_start, clause_end in _clauses(text):
        inside = [f for f in found if clause_start <= f[0] and f[1] <= clause_end]
        # The text between two quantities of one clause is shared at its last ',' or 'và': the first part ends
        # the former's phrase, the rest begins the latter's.
        cuts = [clause_start]
        for (_, former_end, _, _), (latter_start, _, _, _) in zip(inside, inside[1:], strict=False):
            between = text[former_end:latter_start]
            seps = list(_SHARE.finditer(between))
            cuts.append(former_end + seps[-1].start() if seps else former_end)
            cuts.append(former_end + seps[-1].end() if seps else former_end)
        cuts.append(clause_end)
        for i, (q_start, q_end, m, percent) in enumerate(inside):
            value = _decimal(m.group("num"))
            if value is None:
                continue
            seg_start, seg_end = cuts[2 * i], cuts[2 * i + 1]
            seg_start += len(_MARKER.match(text, seg_start).group(0))
            if _TAIL_NONE.match(text, q_end):
                seg_end = q_end
            stop = _TAIL_STOP.search(text, q_end, seg_end)
            if stop:
                seg_end = stop.start()
            before, after = text[seg_start:q_start], text[q_end:seg_end]
            start, end = _trim(text, seg_start, seg_end)
            if not text[start:end]:
                continue
            unit = ("% GDP" if m.group("gdp") else "%") if percent else m.group("unit").lower()
            lower = m.group("cmp") and re.search(_LOWER_CUES, m.group("cmp"), re.IGNORECASE)
            targets.append(
                Target(
                    phrase=text[start:end],
                    name=_name(before, after, unit, percent),
                    value=value,
                    unit=unit,
                    direction=LOWER if lower else HIGHER,
                    start=start,
                    end=end,
                )
            )
    return targets
