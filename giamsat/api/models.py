"""API tokens: one per connected system, bound to an agency and a scope, stored hashed, revocable."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamsat.agencies.models import Agency
from giamsat.common.models import TimeStampedModel

from .choices import AGENCY_SCOPES, TokenScope


class ApiToken(TimeStampedModel):
    """A system's key. The secret is shown once at creation; only its SHA-256 is kept.

    The token acts through its own service account (`user`), whose role follows the scope, so the API
    applies exactly the permission policy of the pages to it.
    """

    name = models.CharField(_("tên hệ thống"), max_length=255)
    scope = models.CharField(_("phạm vi"), max_length=20, choices=TokenScope.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="api_tokens"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản hệ thống"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_token",
    )
    prefix = models.CharField(_("tiền tố"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    rate_per_minute = models.PositiveIntegerField(_("số yêu cầu tối đa mỗi phút"), default=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_scope_display()})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def clean(self):
        super().clean()
        if self.scope in AGENCY_SCOPES and self.agency_id is None:
            raise ValidationError({"agency": _("Mã truy cập của cơ quan phải gắn với một cơ quan.")})
        if self.scope not in AGENCY_SCOPES and self.agency_id is not None:
            raise ValidationError({"agency": _("Chỉ mã truy cập của cơ quan mới gắn với cơ quan.")})
