"""The agency registry: agencies (a tree), groups that resolve to members, and the names they go by."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamsat.common.models import TimeStampedModel
from giamsat.extraction.agency_names import agency_key
from giamsat.extraction.text import fold, nfc

from .choices import AgencyKind, AliasSource


class Agency(TimeStampedModel):
    code = models.SlugField(_("mã"), max_length=80, unique=True)
    name = models.CharField(_("tên chính thức"), max_length=255)
    kind = models.CharField(_("loại"), max_length=20, choices=AgencyKind.choices, default=AgencyKind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    administrative_code = models.CharField(
        _("mã đơn vị hành chính"), max_length=10, blank=True, help_text=_("Mã xã, phường theo danh mục quốc gia.")
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("đã hợp nhất vào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def short_names(self) -> list[str]:
        return [a.name for a in self.aliases.all() if a.name != self.name]


class AgencyGroup(TimeStampedModel):
    """A collective printed in documents ('Các sở, ban, ngành', 'UBND các xã, phường').

    Its members are the agencies matching its rule (kinds, parents) plus those added by hand; they
    are materialised in `members` (kept in sync by services.group_sync_members) so that permission
    and list queries can join on them in SQL.
    """

    code = models.SlugField(_("mã"), max_length=80, unique=True)
    name = models.CharField(_("tên nhóm"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    member_kinds = models.JSONField(
        _("gồm các loại cơ quan"),
        default=list,
        blank=True,
        help_text=_("Mọi cơ quan đang hoạt động thuộc các loại này là thành viên."),
    )
    member_parents = models.ManyToManyField(
        Agency,
        verbose_name=_("gồm cơ quan trực thuộc"),
        blank=True,
        related_name="+",
        help_text=_("Mọi cơ quan trực thuộc các cơ quan này là thành viên."),
    )
    included = models.ManyToManyField(Agency, verbose_name=_("thêm thành viên"), blank=True, related_name="+")
    members = models.ManyToManyField(
        Agency, verbose_name=_("thành viên (tính tự động)"), blank=True, related_name="agency_groups"
    )
    is_active = models.BooleanField(_("đang sử dụng"), default=True)
    history = HistoricalRecords(m2m_fields=[included])

    class Meta:
        verbose_name = _("nhóm cơ quan")
        verbose_name_plural = _("nhóm cơ quan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgencyAlias(TimeStampedModel):
    """A name an agency or group goes by: short form, old name, spelling printed in a document."""

    name = models.CharField(_("tên gọi"), max_length=255)
    key = models.CharField(_("khóa so khớp"), max_length=255, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.CASCADE, related_name="aliases"
    )
    group = models.ForeignKey(
        AgencyGroup, verbose_name=_("nhóm"), null=True, blank=True, on_delete=models.CASCADE, related_name="aliases"
    )
    source = models.CharField(_("nguồn"), max_length=20, choices=AliasSource.choices, default=AliasSource.MANUAL)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=False, group__isnull=True) | Q(agency__isnull=True, group__isnull=False),
                name="alias_names_one_agency_or_group",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.key = agency_key(self.name)
        super().save(*args, **kwargs)

    @property
    def target(self) -> Agency | AgencyGroup:
        return self.agency or self.group
