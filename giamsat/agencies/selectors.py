"""Reading the agency registry: resolving printed names to agencies and groups."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from rapidfuzz import fuzz, process

from giamsat.extraction.agency_names import agency_key, parse_printed_name
from giamsat.extraction.text import fold

from .models import Agency, AgencyAlias, AgencyGroup

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
)
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

    def resolve(self, printed: str) -> Resolution:
        parsed = parse_printed_name(printed)
        key = parsed.key

        def result(alias: AgencyAlias | None, method: str, score: float) -> Resolution:
            return Resolution(
                printed=parsed.printed,
                name=parsed.name,
                scope_note=parsed.scope_note,
                agency=alias.agency if alias else None,
                group=alias.group if alias else None,
                method=method if alias else "unknown",
                score=score if alias else 0.0,
            )

        if not key:
            return result(None, "unknown", 0)
        if key in self._by_key:
            return result(self._by_key[key], "alias", 100)
        stripped = _strip_role_prefixes(key)
        if stripped != key and stripped in self._by_key:
            return result(self._by_key[stripped], "role", 100)
        for candidate in (key, stripped):
            alias = self._longest_prefix(candidate)
            if alias is not None:
                return result(alias, "prefix", 95)
        # Fuzzy only among names with the same head word: 'Sở Xây dựng' must never become 'Bộ Xây dựng'.
        candidates = self._keys_by_head.get(key.split(" ", 1)[0], [])
        match = process.extractOne(key, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if match is not None:
            return result(self._by_key[match[0]], "fuzzy", float(match[1]))
        return result(None, "unknown", 0)

    def _longest_prefix(self, key: str) -> AgencyAlias | None:
        for alias_key in self._keys_longest_first:
            if " " in alias_key and key.startswith(alias_key + " "):
                return self._by_key[alias_key]
        return None


def _strip_role_prefixes(key: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in ROLE_PREFIXES:
            if key.startswith(prefix + " "):
                key = key[len(prefix) + 1 :]
                changed = True
    return key


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
