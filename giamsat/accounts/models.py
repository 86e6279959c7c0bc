from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamsat.agencies.models import Agency

from .choices import AGENCY_ROLES, Role


class User(AbstractUser):
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.AGENCY_OFFICER)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan, đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    position_title = models.CharField(_("chức vụ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def clean(self):
        super().clean()
        if self.role in AGENCY_ROLES and self.agency_id is None:
            raise ValidationError({"agency": _("Chuyên viên và lãnh đạo đơn vị phải thuộc một cơ quan, đơn vị.")})

    def get_full_name(self) -> str:
        """Vietnamese order: family name first ('Trần Thị Mai')."""
        return " ".join(part for part in (self.last_name, self.first_name) if part).strip()

    @property
    def is_standing_office(self) -> bool:
        return self.role == Role.STANDING_OFFICE

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMINISTRATOR

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def is_agency_user(self) -> bool:
        return self.role in AGENCY_ROLES

    @property
    def sees_everything(self) -> bool:
        """Standing office and administrators see every task, secret ones included."""
        return self.is_active and (self.is_standing_office or self.is_administrator)
