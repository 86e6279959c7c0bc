"""Writing the agency registry: create, rename, merge, deactivate, aliases, group membership, loading."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from giamsat.common.history import save_as
from giamsat.extraction.agency_names import agency_key
from giamsat.extraction.text import fold, nfc

from .choices import AgencyKind, AliasSource
from .models import Agency, AgencyAlias, AgencyGroup
from .selectors import group_member_ids


def agency_code_for(name: str) -> str:
    return slugify(fold(name))[:80]


def alias_add(
    *,
    name: str,
    agency: Agency | None = None,
    group: AgencyGroup | None = None,
    source: str = AliasSource.MANUAL,
    acting_user=None,
) -> AgencyAlias:
    """Add a name for an agency or a group. A name already used by another one is refused."""
    key = agency_key(name)
    if not key:
        raise ValidationError(_("Tên gọi không được để trống."))
    existing = AgencyAlias.objects.filter(key=key).select_related("agency", "group").first()
    if existing is not None:
        if existing.agency_id == (agency.pk if agency else None) and existing.group_id == (group.pk if group else None):
            return existing
        raise ValidationError(
            _("Tên gọi “%(name)s” đã dùng cho “%(other)s”.") % {"name": nfc(name), "other": existing.target}
        )
    alias = AgencyAlias(name=name, agency=agency, group=group, source=source)
    save_as(alias, acting_user)
    return alias


def aliases_refresh_keys(*, acting_user=None) -> int:
    """Recompute stored alias keys after the key rules change (a new abbreviation such as 'TP', 'BHXH').

    A key that the new rules would give to another name already is left as it was (keys stay unique).
    Returns how many keys changed.
    """
    aliases = list(AgencyAlias.objects.all())
    taken = {alias.key for alias in aliases}
    changed = 0
    for alias in aliases:
        key = agency_key(alias.name)
        if key == alias.key or not key or key in taken:
            continue
        taken.discard(alias.key)
        taken.add(key)
        save_as(alias, acting_user)  # save() recomputes the key from the name
        changed += 1
    return changed


@transaction.atomic
def agency_create(
    *,
    name: str,
    kind: str = AgencyKind.OTHER,
    parent: Agency | None = None,
    short_names: list[str] | tuple = (),
    code: str = "",
    administrative_code: str = "",
    acting_user=None,
) -> Agency:
    agency = Agency(
        code=code or agency_code_for(name),
        name=name,
        kind=kind,
        parent=parent,
        administrative_code=administrative_code,
    )
    agency.full_clean()
    save_as(agency, acting_user)
    for alias_name in [name, *short_names]:
        alias_add(name=alias_name, agency=agency, source=AliasSource.REGISTRY, acting_user=acting_user)
    groups_sync_members()
    return agency


@transaction.atomic
def agency_rename(*, agency: Agency, new_name: str, acting_user=None) -> Agency:
    """Rename an agency; the old name stays an alias so documents that print it still resolve."""
    new_name = nfc(new_name)
    if not new_name:
        raise ValidationError(_("Tên mới không được để trống."))
    old_name = agency.name
    if new_name == old_name:
        return agency
    alias_add(name=old_name, agency=agency, source=AliasSource.RENAME, acting_user=acting_user)
    alias_add(name=new_name, agency=agency, source=AliasSource.REGISTRY, acting_user=acting_user)
    agency.name = new_name
    save_as(agency, acting_user)
    return agency


@transaction.atomic
def agency_deactivate(*, agency: Agency, acting_user=None) -> Agency:
    agency.is_active = False
    save_as(agency, acting_user)
    groups_sync_members()
    return agency


@transaction.atomic
def agency_merge(*, duplicate: Agency, into: Agency, acting_user=None) -> Agency:
    """Merge a duplicate into the agency that stays: names, children, users and every reference move.

    Rows pointing at the duplicate are re-pointed one by one (so history records them); a row
    that would then repeat an existing one (same task, same role) is removed as the duplicate it is.
    """
    if duplicate.pk == into.pk:
        raise ValidationError(_("Không thể hợp nhất một cơ quan vào chính nó."))
    ancestor = into
    while ancestor is not None:
        if ancestor.pk == duplicate.pk:
            raise ValidationError(_("Không thể hợp nhất một cơ quan vào đơn vị trực thuộc của nó."))
        ancestor = ancestor.parent
    for alias in duplicate.aliases.all():
        alias.agency = into
        alias.source = AliasSource.MERGE
        save_as(alias, acting_user)
    for relation in Agency._meta.related_objects:  # hidden relations (history tables) are not listed
        model, field_name = relation.related_model, relation.field.name
        if not relation.one_to_many or model is AgencyAlias or (model is Agency and field_name == "merged_into"):
            continue
        for row in model._default_manager.filter(**{field_name: duplicate}):
            setattr(row, field_name, into)
            try:
                with transaction.atomic():
                    save_as(row, acting_user)
            except IntegrityError:
                row.delete()
    for group in AgencyGroup.objects.filter(models.Q(included=duplicate) | models.Q(member_parents=duplicate)):
        if group.included.filter(pk=duplicate.pk).exists():
            group.included.remove(duplicate)
            group.included.add(into)
        if group.member_parents.filter(pk=duplicate.pk).exists():
            group.member_parents.remove(duplicate)
            group.member_parents.add(into)
    duplicate.refresh_from_db()
    duplicate.is_active = False
    duplicate.merged_into = into
    save_as(duplicate, acting_user)
    groups_sync_members()
    return into


def groups_sync_members(*, groups=None) -> None:
    """Recompute the materialised members of groups from their rules and hand-picked additions."""
    for group in groups if groups is not None else AgencyGroup.objects.all():
        wanted = group_member_ids(group)
        current = set(group.members.values_list("pk", flat=True))
        if wanted - current:
            group.members.add(*(wanted - current))
        if current - wanted:
            group.members.remove(*(current - wanted))
