"""Reading the agency registry: resolving printed names to agencies and groups."""

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import Q, QuerySet
from rapidfuzz import fuzz, process

from giamsat.extraction.agency_names import agency_key, parse_printed_name
from giamsat.extraction.text import fold

from .choices import AgencyKind
from .models import Agency, AgencyAlias, AgencyGroup

PROVINCES_CSV = Path(__file__).resolve().parent / "data" / "provinces.csv"
OWN_PROVINCE = "Thái Nguyên"

# Words that name a person or a position in front of the agency ('Thủ trưởng các sở, ban, ngành',
# 'Đồng chí Giám đốc Sở ...', 'Bí thư, Chủ tịch UBND cấp xã'); folded forms.
ROLE_PREFIXES = (
    "nguoi dung dau",
    "thu truong",
    "lanh dao",
    "cac dong chi",
    "dong chi",
    "giam doc",
    "bi thu",
    "chu tich",
    "bo truong",
    "thong doc",
    "chu nhiem",
)
# After a central body's name, these words make it that body's local branch or another level
# ('Mặt trận Tổ quốc Việt Nam tỉnh', 'Kho bạc Nhà nước khu vực V', 'VNPT Thái Nguyên'): not the body.
LOCAL_LEVEL_WORDS = (
    "tinh",
    "thanh pho",
    "thanh uy",
    "xa",
    "phuong",
    "dac khu",
    "huyen",
    "cap tinh",
    "cap xa",
    "cac cap",
    "khu vuc",
    "chi nhanh",
    "tai dia phuong",
    "dia phuong",
)
# After a provincial body's name, these make it a central one ('Ban Chỉ đạo quốc gia ...').
CENTRAL_LEVEL_WORDS = ("trung uong", "quoc gia", "chinh phu", "cua chinh phu")
CENTRAL_KINDS = (AgencyKind.CENTRAL, AgencyKind.ENTERPRISE)
FUZZY_CUTOFF = 94.0  # "Sở Ngoại vụ" (unknown) must not become "Sở Nội vụ" (ratio 90)


@dataclass(frozen=True)
class Resolution:
    printed: str
    name: str
    scope_note: str
    agency: Agency | None
    group: AgencyGroup | None
    method: str  # alias, prefix, role, fuzzy, unknown
    score: float
    other_province: str = ""  # unresolved because the name is another province's body ('Đồng Tháp')

    @property
    def target(self) -> Agency | AgencyGroup | None:
        return self.agency or self.group

    @property
    def resolved(self) -> bool:
        return self.target is not None


class AgencyResolver:
    """Resolves printed agency names against the registry's aliases.

    In order: the exact key; without person/position words in front; the longest alias that the
    name starts with (the rest is kept as a scope note: 'Các xã, phường thực hiện triển khai mô
    hình'); then fuzzy matching (rapidfuzz) at or above FUZZY_CUTOFF. Unknown names are returned
    unresolved, never dropped. Loads the aliases once; use one resolver for a whole document.

    Levels are kept apart: a name that mentions another province ('Sở Xây dựng tỉnh Đồng Tháp', 'UBND
    tỉnh Nghệ An') matches only an alias naming that province, so it stays unknown (with
    `other_province`) instead of becoming Thái Nguyên's body of the same type; a central body's name
    followed by a local level ('Mặt trận Tổ quốc Việt Nam tỉnh', 'Kho bạc Nhà nước khu vực V') is not
    the central body, and a provincial name followed by 'trung ương' / 'quốc gia' is not the provincial one.
    """

    def __init__(self) -> None:
        aliases = AgencyAlias.objects.select_related("agency", "group").filter(
            Q(agency__is_active=True) | Q(group__is_active=True)
        )
        self._by_key: dict[str, AgencyAlias] = {a.key: a for a in aliases}
        self._keys_longest_first = sorted(self._by_key, key=len, reverse=True)
        self._keys_by_head: dict[str, list[str]] = {}
        for key in self._by_key:
            self._keys_by_head.setdefault(key.split(" ", 1)[0], []).append(key)
        self._provinces = province_names()

    def resolve(self, printed: str) -> Resolution:
        parsed = parse_printed_name(printed)
        key = parsed.key

        def result(alias: AgencyAlias | None, method: str, score: float, other_province: str = "") -> Resolution:
            return Resolution(
                printed=parsed.printed,
                name=parsed.name,
                scope_note=parsed.scope_note,
                agency=alias.agency if alias else None,
                group=alias.group if alias else None,
                method=method if alias else "unknown",
                score=score if alias else 0.0,
                other_province="" if alias else other_province,
            )

        if not key:
            return result(None, "unknown", 0)
        if key in self._by_key:
            return result(self._by_key[key], "alias", 100)
        stripped = _strip_role_prefixes(key)
        if stripped != key and stripped in self._by_key:
            return result(self._by_key[stripped], "role", 100)
        # 'Sở Xây dựng tỉnh Đồng Tháp' is not Thái Nguyên's Sở Xây dựng: a name that mentions another
        # province only matches an alias that mentions it too; otherwise it stays unknown, for review.
        others = self._provinces.others_in(key)
        for candidate in dict.fromkeys((stripped, key)):  # 'Bộ trưởng Bộ Tư pháp và ...': the ministry first
            alias = self._longest_prefix(candidate, others)
            if alias is not None:
                return result(alias, "prefix", 95)
        # Fuzzy only among names with the same head word: 'Sở Xây dựng' must never become 'Bộ Xây dựng'.
        candidates = [
            k
            for k in self._keys_by_head.get(key.split(" ", 1)[0], [])
            if not others or others <= self._provinces.others_in(k)
        ]
        match = process.extractOne(key, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if match is not None:
            return result(self._by_key[match[0]], "fuzzy", float(match[1]))
        return result(None, "unknown", 0, other_province=", ".join(sorted(others)))

    def _longest_prefix(self, key: str, others: frozenset[str]) -> AgencyAlias | None:
        for alias_key in self._keys_longest_first:
            if " " in alias_key and key.startswith(alias_key + " "):
                alias = self._by_key[alias_key]
                if self._prefix_fits(alias, alias_key, key[len(alias_key) + 1 :], others):
                    return alias
        return None

    def _prefix_fits(self, alias: AgencyAlias, alias_key: str, rest: str, others: frozenset[str]) -> bool:
        """Whether the words after an alias keep the name that body's ('... thực hiện', '... liên quan')."""
        if others and not others <= self._provinces.others_in(alias_key):
            return False
        if rest[:1].isdigit():  # 'Ban Chỉ đạo 389 ...' is another body than 'Ban Chỉ đạo'
            return False
        if alias.agency is not None and alias.agency.kind in CENTRAL_KINDS:
            # 'Mặt trận Tổ quốc Việt Nam tỉnh', 'Kho bạc Nhà nước khu vực V', 'VNPT Thái Nguyên'
            return not (_starts_with_any(rest, LOCAL_LEVEL_WORDS) or self._provinces.starts_with_any(rest))
        # 'Ban Chỉ đạo quốc gia về ...' is not the provincial 'Ban Chỉ đạo'
        return not _starts_with_any(rest, CENTRAL_LEVEL_WORDS)


def _strip_role_prefixes(key: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in ROLE_PREFIXES:
            if key.startswith(prefix + " "):
                key = key[len(prefix) + 1 :]
                changed = True
    return key


def _starts_with_any(text: str, words: tuple[str, ...]) -> bool:
    return any(text == word or text.startswith(word + " ") for word in words)


@dataclass(frozen=True)
class ProvinceNames:
    """The 34 provinces and cities (2025) and the provinces merged into them, to tell other provinces' bodies.

    A province is mentioned when its name follows 'tỉnh', 'thành phố' (TP), 'tỉnh ủy' or 'thành ủy'
    anywhere in a name, or ends the name ('Báo và Đài PT-TH Đồng Nai'); 'Hồ Chí Minh' and 'Hòa Bình'
    only after such a word, since they also end other names ('Đoàn Thanh niên Cộng sản Hồ Chí Minh').
    The own province (and the province merged into it) is never 'other'.
    """

    qualified: re.Pattern[str]
    at_end: re.Pattern[str]
    at_start: re.Pattern[str]
    province_of: dict[str, str]

    def others_in(self, key: str) -> frozenset[str]:
        found = {m.group(1) for m in self.qualified.finditer(key)}
        found |= {m.group(1) for m in self.at_end.finditer(key)}
        return frozenset(self.province_of[name] for name in found if name in self.province_of)

    def starts_with_any(self, text: str) -> bool:
        return self.at_start.match(text) is not None


BARE_AMBIGUOUS = ("ho chi minh", "hoa binh")


@cache
def province_names(path: Path = PROVINCES_CSV, own: str = OWN_PROVINCE) -> ProvinceNames:
    province_of: dict[str, str] = {}  # key of a current or former name -> current name
    own_keys: set[str] = set()
    for row in csv.DictReader(path.open(encoding="utf-8")):
        names = [row["name"], *(n.strip() for n in row["former_names"].split("|") if n.strip())]
        for name in names:
            if row["name"] == own:
                own_keys.add(agency_key(name))
            else:
                province_of[agency_key(name)] = row["name"]

    def alternation(keys: Iterable[str]) -> str:
        return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))

    everyone = alternation([*province_of, *own_keys])
    others = alternation(province_of)
    bare = alternation(k for k in province_of if k not in BARE_AMBIGUOUS)
    return ProvinceNames(
        qualified=re.compile(rf"(?:^| )(?:tinh uy|thanh uy|tinh|thanh pho) ({others})(?= |$)"),
        at_end=re.compile(rf"(?:^| )({bare})$"),
        at_start=re.compile(rf"(?:tinh |thanh pho )?(?:{everyone})(?: |$)"),
        province_of=province_of,
    )


def agency_resolve(printed: str) -> Resolution:
    """Resolve one printed name (loads the registry's aliases; use AgencyResolver for many)."""
    return AgencyResolver().resolve(printed)


def agency_list(*, q: str = "", kind: str = "", include_inactive: bool = False) -> QuerySet[Agency]:
    qs = Agency.objects.select_related("parent")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        matching = AgencyAlias.objects.filter(key__contains=agency_key(q), agency__isnull=False).values("agency_id")
        qs = qs.filter(Q(name_folded__contains=fold(q)) | Q(pk__in=matching))
    return qs.order_by("kind", "name")


def group_member_ids(group: AgencyGroup) -> set[int]:
    """Members by the group's rule and hand-picked additions (what `members` must hold)."""
    qs = Agency.objects.filter(is_active=True)
    ids: set[int] = set()
    if group.member_kinds or group.member_parents.exists():
        rule = qs
        if group.member_kinds:
            rule = rule.filter(kind__in=group.member_kinds)
        parent_ids = list(group.member_parents.values_list("pk", flat=True))
        if parent_ids:
            rule = rule.filter(parent_id__in=parent_ids)
        ids |= set(rule.values_list("pk", flat=True))
    ids |= set(group.included.filter(is_active=True).values_list("pk", flat=True))
    return ids
