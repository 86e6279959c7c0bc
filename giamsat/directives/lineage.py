"""Lineage: is a drafted task one that an earlier directive already assigned?

Titles are compared on their distinctive words only: place names ("tỉnh Thái Nguyên", "xã Đồng Hỷ"),
function words and the verbs every directive uses ("triển khai", "tăng cường") are dropped first. What
is compared is then the pairs of consecutive distinctive words (so "dự án chuyển đổi số" and "ngày hội
chuyển đổi số" share "chuyển đổi", "đổi số" but not "dự án", "án chuyển"). The score is the share of
the shorter title's pairs found in the other one: a later notice often restates an earlier task with
more detail, and that must still match. Same lead agency is required as well.
"""

import functools
import re
from dataclasses import dataclass

from giamsat.agencies.selectors import AgencyResolver
from giamsat.extraction.text import fold, nfc

LINEAGE_MIN_SCORE = 80.0
LINEAGE_MIN_SHARED = 2  # pairs of words; shorter titles match only when their distinctive words are equal

PLACE_WORDS = frozenset({"tỉnh", "xã", "phường", "huyện", "quận", "tp", "thủ đô", "vùng", "thành phố", "thị xã"})
# Province names beyond the 34 of today (vietnam-provinces): the ones merged in 2025, still printed in documents.
FORMER_PROVINCES = (
    "Bắc Kạn", "Bắc Giang", "Hà Giang", "Yên Bái", "Vĩnh Phúc", "Hòa Bình", "Hải Dương", "Thái Bình", "Nam Định",
    "Hà Nam", "Quảng Bình", "Thừa Thiên Huế", "Quảng Nam", "Kon Tum", "Bình Định", "Phú Yên", "Ninh Thuận",
    "Đắk Nông", "Bình Thuận", "Bình Phước", "Bình Dương", "Bà Rịa", "Vũng Tàu", "Long An", "Tiền Giang",
    "Bến Tre", "Trà Vinh", "Sóc Trăng", "Hậu Giang", "Bạc Liêu", "Kiên Giang", "Việt Nam", "Việt Bắc",
)  # fmt: skip


@functools.cache
def place_names() -> tuple[tuple[str, ...], ...]:
    """Province names as word tuples, longest first ('Hồ Chí Minh' before any two-word name)."""
    from vietnam_provinces import Province

    names = {nfc(p.name).removeprefix("Thành phố ").removeprefix("Tỉnh ") for p in Province.iter_all()}
    names |= {nfc(name) for name in FORMER_PROVINCES}
    return tuple(sorted((tuple(name.split()) for name in names), key=len, reverse=True))


PLACE_NAME_MAX_WORDS = 4  # "Thành phố Hồ Chí Minh"; an all-capitals title is not swallowed whole
STOP_WORDS = frozenset(
    "và của các cho với về để trong trên tại theo từ đến tới là có được những một này đó như nhằm đối hoặc "
    "cũng đã sẽ đang năm tháng quý toàn cấp việc".split()
)
STOP_PHRASES = frozenset(
    {
        "triển khai", "thực hiện", "tăng cường", "đẩy mạnh", "nâng cao", "hoàn thiện", "hoàn thành", "tiếp tục",
        "khẩn trương", "chủ động", "phối hợp", "chỉ đạo", "tham mưu", "hiệu quả", "bảo đảm", "đảm bảo",
        "liên quan", "đơn vị", "cơ quan", "địa phương", "địa bàn", "giai đoạn", "công tác", "nhiệm vụ",
    }
)  # fmt: skip
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|\W+")


def _place_at(words: list[str], i: int) -> int:
    """How many words from i name a place (0 if none): 'tỉnh Thái Nguyên', 'Bắc Ninh', 'TỈNH BẮC NINH'."""
    low = [w.lower() for w in words[i : i + 2]]
    head = 2 if " ".join(low) in PLACE_WORDS else 1 if low and low[0] in PLACE_WORDS else 0
    if head:
        end = i + head
        while end < len(words) and end < i + head + PLACE_NAME_MAX_WORDS and words[end][:1].isupper():
            end += 1
        return end - i
    for name in place_names():
        window = words[i : i + len(name)]
        if window == list(name) or (
            window and all(w.isupper() for w in window) and [w.lower() for w in window] == [n.lower() for n in name]
        ):
            return len(name)
    return 0


def title_terms(title: str) -> list[str]:
    """The distinctive words of a title, folded, in order (place names, function words, stock verbs dropped)."""
    words = _WORD.findall(nfc(title))
    terms: list[str] = []
    i = 0
    while i < len(words):
        place = _place_at(words, i)
        if place:
            i += place
            continue
        low = words[i].lower()
        if i + 1 < len(words) and f"{low} {words[i + 1].lower()}" in STOP_PHRASES:
            i += 2
            continue
        if low not in STOP_WORDS:
            terms.append(fold(low))
        i += 1
    return terms


@dataclass(frozen=True)
class Similarity:
    score: float  # 0-100: share of the shorter title's word pairs found in the other
    words: frozenset[str]  # the distinctive (folded) words the two titles share in those pairs

    def matches(self) -> bool:
        return self.score >= LINEAGE_MIN_SCORE


def _pairs(terms: list[str]) -> set[tuple[str, str]]:
    return set(zip(terms, terms[1:], strict=False))


def _years(pairs: set[tuple[str, str]]) -> set[str]:
    return {word for pair in pairs for word in pair if len(word) == 4 and word.isdigit() and word[:2] in ("19", "20")}


def title_similarity(a: str, b: str, *, pairs_b: set | None = None) -> Similarity:
    terms_a = title_terms(a)
    pairs_a = _pairs(terms_a)
    if pairs_b is None:
        pairs_b = _pairs(title_terms(b))
    if not pairs_a or not pairs_b:
        return Similarity(0.0, frozenset())
    shared = pairs_a & pairs_b
    if len(shared) < LINEAGE_MIN_SHARED and pairs_a != pairs_b:
        return Similarity(0.0, frozenset())
    years_a, years_b = _years(pairs_a), _years(pairs_b)
    if years_a and years_b and not years_a & years_b:  # "Ngày hội ... năm 2026" is not the one of 2027
        return Similarity(0.0, frozenset())
    score = 100.0 * len(shared) / min(len(pairs_a), len(pairs_b))
    return Similarity(round(score, 1), frozenset(word for pair in shared for word in pair))


def highlight(text: str, words) -> list[tuple[str, bool]]:
    """`text` in pieces, each marked when it is one of the shared distinctive words (for <mark> in templates)."""
    return [(piece, piece[:1].isalnum() and fold(piece) in words) for piece in _TOKEN.findall(text or "")]


def lead_ids_of(names: list[str], resolver: AgencyResolver) -> set[int]:
    return {r.agency.pk for r in (resolver.resolve(name) for name in names) if r.agency is not None}


def lineage_candidates(rows: list[dict], *, exclude_directive_id: int | None = None) -> dict[str, dict]:
    """For each row {ref, title, lead_ids}, the earlier task with the same lead it most resembles, if any."""
    from .choices import AssignmentRole
    from .models import TaskAssignment

    all_ids = set().union(*(row["lead_ids"] for row in rows)) if rows else set()
    if not all_ids:
        return {}
    assignments = TaskAssignment.objects.filter(role=AssignmentRole.LEAD, agency_id__in=all_ids).select_related(
        "task__directive", "agency"
    )
    if exclude_directive_id:
        assignments = assignments.exclude(task__directive_id=exclude_directive_id)
    by_lead: dict[int, list] = {}
    pairs: dict[int, set] = {}
    for assignment in assignments:
        task = assignment.task
        if task.pk not in pairs:
            pairs[task.pk] = _pairs(title_terms(task.title))
        by_lead.setdefault(assignment.agency_id, []).append((task, assignment.agency.name))
    proposals: dict[str, dict] = {}
    for row in rows:
        best = None
        for agency_id in row["lead_ids"]:
            for task, lead_name in by_lead.get(agency_id, ()):
                similarity = title_similarity(row["title"], task.title, pairs_b=pairs[task.pk])
                if similarity.matches() and (best is None or similarity.score > best["score"]):
                    best = {
                        "task_id": task.pk,
                        "label": str(task),
                        "score": similarity.score,
                        "title": task.title,
                        "words": sorted(similarity.words),
                        "lead": lead_name,
                    }
        if best:
            proposals[row["ref"]] = best
    return proposals
