from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    PARTY = "party", _("Cơ quan Đảng")
    STATE = "state", _("Cơ quan nhà nước")
    PEOPLE_COUNCIL = "people_council", _("Hội đồng nhân dân")
    POLICE = "police", _("Công an")
    COMMUNE = "commune", _("Xã, phường")
    UNIVERSITY = "university", _("Đại học, trường")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    CENTRAL = "central", _("Cơ quan Trung ương")
    OTHER = "other", _("Khác")


class AliasSource(models.TextChoices):
    REGISTRY = "registry", _("Danh mục gốc")
    RENAME = "rename", _("Tên cũ (đổi tên)")
    MERGE = "merge", _("Hợp nhất")
    MANUAL = "manual", _("Nhập tay")
