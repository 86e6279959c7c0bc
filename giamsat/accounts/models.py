from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamsat.agencies.models import Agency

from .choices import AGENCY_ROLES, AuditKind, Role


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
    def is_inspector(self) -> bool:
        return self.role == Role.INSPECTOR

    @property
    def sees_everything(self) -> bool:
        """Standing office and administrators see every task, secret ones included."""
        return self.is_active and (self.is_standing_office or self.is_administrator)


class AuditTrailIsAppendOnly(Exception):
    """Raised when code tries to change or delete an entry of the audit trail (only `purge_expired` deletes)."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditTrailIsAppendOnly("The audit trail is append-only.")

    def delete(self):
        raise AuditTrailIsAppendOnly("The audit trail is append-only.")

    def purge_expired(self, *, before) -> int:
        """Delete the entries older than `before` (the retention period, settings.AUDIT_RETENTION_DAYS, never under
        a year: accounts/audit.py); on PostgreSQL the database refuses to delete a younger one."""
        deleted, _counts = models.QuerySet.delete(self.filter(at__lt=before))
        return deleted


class AuditEvent(models.Model):
    """One entry of the audit trail: who did what, when, from which address, to what (accounts/audit.py).

    Append-only: an entry is never changed; it is deleted only after the retention period. The actor is kept as a
    name too, so the entry outlives the account; the user column has no database constraint for the same reason.
    """

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    kind = models.CharField(_("loại sự kiện"), max_length=32, choices=AuditKind.choices, db_index=True)
    actor = models.ForeignKey(
        "accounts.User",
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("tên đăng nhập"), max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    target_type = models.CharField(_("loại đối tượng"), max_length=40, blank=True)
    target_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    target_label = models.CharField(_("đối tượng"), max_length=500, blank=True)
    detail = models.JSONField(_("chi tiết"), default=dict, blank=True)
    path = models.CharField(_("địa chỉ trang"), max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký kiểm tra")
        verbose_name_plural = _("nhật ký kiểm tra")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["actor", "-at"], name="audit_actor_at")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_kind_display()} {self.actor_name}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("The audit trail is append-only.")
