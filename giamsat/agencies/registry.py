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
from .services import agency_code_for, alias_add, groups_sync_members

DATA_DIR = Path(__file__).resolve().parent / "data"
PROVINCE_NAME = "Thái Nguyên"
PROVINCIAL_PEOPLES_COMMITTEE = "Ủy ban nhân dân tỉnh Thái Nguyên"


@dataclass
class LoadResult:
    agencies_created: int = 0
    aliases_created: int = 0
    groups_created: int = 0
    communes: int = 0

    def __str__(self) -> str:
        return _(
            "Đã nạp danh mục: %(a)d cơ quan mới, %(c)d xã/phường trong danh mục, %(g)d nhóm mới, %(n)d tên gọi mới."
        ) % {"a": self.agencies_created, "c": self.communes, "g": self.groups_created, "n": self.aliases_created}


def _split(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _ensure_alias(result: LoadResult, *, name: str, agency=None, group=None, acting_user=None) -> None:
    if AgencyAlias.objects.filter(key=agency_key(name)).exists():
        return  # already known (possibly moved by a merge or rename: the office's edit wins)
    alias_add(name=name, agency=agency, group=group, source=AliasSource.REGISTRY, acting_user=acting_user)
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


@transaction.atomic
def registry_load(*, data_dir: Path = DATA_DIR, acting_user=None) -> LoadResult:
    """Add to the registry what its sources list and it lacks; re-runnable, all or nothing."""
    result = LoadResult()
    rows = list(csv.DictReader((data_dir / "seed_agencies.csv").open(encoding="utf-8")))
    by_name: dict[str, Agency] = {}
    pending = rows
    while pending:  # parents first, whatever the order of the file
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
            agency = _ensure_agency(
                result,
                code=agency_code_for(row["name"]),
                name=row["name"].strip(),
                kind=kind,
                parent=by_name.get(parent_name),
                acting_user=acting_user,
            )
            by_name[row["name"].strip()] = agency
            for alias_name in [row["name"], *_split(row["short_names"])]:
                _ensure_alias(result, name=alias_name, agency=agency, acting_user=acting_user)
        if len(remaining) == len(pending):
            raise ValidationError(
                _("Không tìm thấy cơ quan cấp trên: %(names)s") % {"names": ", ".join(r["parent"] for r in remaining)}
            )
        pending = remaining

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

    for row in csv.DictReader((data_dir / "agency_groups.csv").open(encoding="utf-8")):
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
            parents = [by_name[name] for name in _split(row["member_parents"])]
            group.member_parents.set(parents)
            result.groups_created += 1
        for alias_name in [row["name"], *_split(row["aliases"])]:
            _ensure_alias(result, name=alias_name, group=group, acting_user=acting_user)
    groups_sync_members()
    return result
