"""Loading the agency registry from its sources (idempotent; see data/SOURCES.md)."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from giamsat.common.history import save_as
from giamsat.extraction.agency_names import agency_key

from .choices import AgencyKind, AliasSource
from .models import Agency, AgencyAlias, AgencyGroup
from .services import agency_code_for, alias_add, aliases_refresh_keys, groups_sync_members

DATA_DIR = Path(__file__).resolve().parent / "data"
PROVINCE_NAME = "Thái Nguyên"
PROVINCIAL_PEOPLES_COMMITTEE = "Ủy ban nhân dân tỉnh Thái Nguyên"


@dataclass
class LoadResult:
    agencies_created: int = 0
    aliases_created: int = 0
    groups_created: int = 0
    communes: int = 0
    central: int = 0
    aliases_rekeyed: int = 0

    def __str__(self) -> str:
        return _(
            "Đã nạp danh mục: %(a)d cơ quan mới, %(c)d xã/phường và %(t)d cơ quan Trung ương trong danh mục, "
            "%(g)d nhóm mới, %(n)d tên gọi mới."
        ) % {
            "a": self.agencies_created,
            "c": self.communes,
            "t": self.central,
            "g": self.groups_created,
            "n": self.aliases_created,
        }


def _split(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _ensure_alias(
    result: LoadResult, *, name: str, agency=None, group=None, source=AliasSource.REGISTRY, acting_user=None
) -> None:
    if AgencyAlias.objects.filter(key=agency_key(name)).exists():
        return  # already known (possibly moved by a merge or rename: the office's edit wins)
    alias_add(name=name, agency=agency, group=group, source=source, acting_user=acting_user)
    result.aliases_created += 1


def _ensure_agency(result: LoadResult, *, code: str, name: str, kind: str, parent, acting_user, **extra) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        agency = Agency(code=code, name=name, kind=kind, parent=parent, **extra)
        agency.full_clean()
        save_as(agency, acting_user)
        result.agencies_created += 1
    return agency


def communes_of_province(province_name: str = PROVINCE_NAME):
    """The province's communes and wards from the `vietnam-provinces` package (2025 reorganisation)."""
    from vietnam_provinces import Province, Ward

    province = next(p for p in Province.iter_all() if p.name.endswith(province_name))
    return province, sorted((w for w in Ward.iter_all() if w.province_code == province.code), key=lambda w: w.name)


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def _load_agencies(
    result: LoadResult, rows: list[dict[str, str]], by_name: dict[str, Agency], *, acting_user, fill_parent: bool
) -> None:
    """Agencies of a CSV (name, short_names, kind, parent[, former_names]), parents first whatever the order.

    With `fill_parent`, an agency already in the registry without a parent gets the one the file names
    (central bodies first loaded from the seed list, such as 'Bộ Xây dựng'); nothing else is changed.
    """
    pending = rows
    while pending:
        remaining = []
        for row in pending:
            parent_name = row["parent"].strip()
            if parent_name and parent_name not in by_name:
                remaining.append(row)
                continue
            kind = row["kind"].strip()
            if kind not in AgencyKind.values:
                raise ValidationError(
                    _("Loại cơ quan không hợp lệ “%(kind)s” ở dòng %(name)s.") % {"kind": kind, "name": row["name"]}
                )
            parent = by_name.get(parent_name)
            agency = _ensure_agency(
                result,
                code=agency_code_for(row["name"]),
                name=row["name"].strip(),
                kind=kind,
                parent=parent,
                acting_user=acting_user,
            )
            if fill_parent and parent is not None and agency.parent_id is None and agency.pk != parent.pk:
                agency.parent = parent
                save_as(agency, acting_user)
            by_name[row["name"].strip()] = agency
            for alias_name in [row["name"], *_split(row["short_names"])]:
                _ensure_alias(result, name=alias_name, agency=agency, acting_user=acting_user)
            for alias_name in _split(row.get("former_names", "")):
                _ensure_alias(
                    result, name=alias_name, agency=agency, source=AliasSource.RENAME, acting_user=acting_user
                )
        if len(remaining) == len(pending):
            raise ValidationError(
                _("Không tìm thấy cơ quan cấp trên: %(names)s") % {"names": ", ".join(r["parent"] for r in remaining)}
            )
        pending = remaining


def _load_groups(result: LoadResult, rows: list[dict[str, str]], by_name: dict[str, Agency], *, acting_user) -> None:
    """Groups of a CSV (code, name, aliases, member_kinds, member_parents[, included], description)."""

    def agencies(names: list[str]) -> list[Agency]:
        missing = [name for name in names if name not in by_name]
        if missing:
            raise ValidationError(_("Nhóm tham chiếu cơ quan không có: %(names)s") % {"names": ", ".join(missing)})
        return [by_name[name] for name in names]

    for row in rows:
        group = AgencyGroup.objects.filter(code=row["code"]).first()
        if group is None:
            group = AgencyGroup(
                code=row["code"],
                name=row["name"],
                description=row["description"],
                member_kinds=_split(row["member_kinds"]),
            )
            group.full_clean()
            save_as(group, acting_user)
            group.member_parents.set(agencies(_split(row["member_parents"])))
            group.included.set(agencies(_split(row.get("included", ""))))
            result.groups_created += 1
        for alias_name in [row["name"], *_split(row["aliases"])]:
            _ensure_alias(result, name=alias_name, group=group, acting_user=acting_user)


@transaction.atomic
def registry_load(*, data_dir: Path = DATA_DIR, acting_user=None) -> LoadResult:
    """Add to the registry what its sources list and it lacks; re-runnable, all or nothing.

    Sources: the province's agencies (seed_agencies.csv), the central bodies (central_bodies.csv), the
    communes (vietnam-provinces), the provincial and central groups (agency_groups.csv, central_groups.csv).
    """
    result = LoadResult()
    result.aliases_rekeyed = aliases_refresh_keys(acting_user=acting_user)
    by_name: dict[str, Agency] = {}
    _load_agencies(result, _rows(data_dir / "seed_agencies.csv"), by_name, acting_user=acting_user, fill_parent=False)
    central_rows = _rows(data_dir / "central_bodies.csv")
    _load_agencies(result, central_rows, by_name, acting_user=acting_user, fill_parent=True)
    result.central = len({by_name[row["name"].strip()].pk for row in central_rows})

    ubnd = by_name[PROVINCIAL_PEOPLES_COMMITTEE]
    _province, wards = communes_of_province()
    for ward in wards:
        code = f"xa-{int(ward.code):05d}"
        agency = _ensure_agency(
            result,
            code=code,
            name=ward.name,
            kind=AgencyKind.COMMUNE,
            parent=ubnd,
            acting_user=acting_user,
            administrative_code=f"{int(ward.code):05d}",
        )
        # 'Phường Phan Đình Phùng' is also printed 'UBND phường Phan Đình Phùng'.
        unit, _sep, place = ward.name.partition(" ")
        for alias_name in (ward.name, f"UBND {unit.lower()} {place}"):
            _ensure_alias(result, name=alias_name, agency=agency, acting_user=acting_user)
        result.communes += 1

    for groups_file in ("agency_groups.csv", "central_groups.csv"):
        _load_groups(result, _rows(data_dir / groups_file), by_name, acting_user=acting_user)
    groups_sync_members()
    return result
