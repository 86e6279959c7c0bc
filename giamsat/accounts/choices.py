from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STANDING_OFFICE = "standing_office", _("Cơ quan Thường trực")
    AGENCY_OFFICER = "agency_officer", _("Chuyên viên đơn vị")
    AGENCY_HEAD = "agency_head", _("Lãnh đạo đơn vị")
    LEADER = "leader", _("Lãnh đạo Ban Chỉ đạo")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


AGENCY_ROLES = frozenset({Role.AGENCY_OFFICER, Role.AGENCY_HEAD})
# Roles that work in the Django admin (registry upkeep, corrections).
STAFF_ROLES = frozenset({Role.STANDING_OFFICE, Role.ADMINISTRATOR})
