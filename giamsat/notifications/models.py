from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import NotificationKind


class Notification(models.Model):
    """Something that happened that one person should know about, with the page where they act on it.

    Written by `services.notify` only, with the channels the person chose for its kind at that moment: `in_app` (on
    the bell and the list) and `digest` (waiting for the daily digest e-mail, monitoring/reminders.py). `emailed_at`
    is set once it has gone out by e-mail, at once or in the digest, so it is never e-mailed twice. A non-empty `key`
    is unique per person: an event noticed every day (a deadline coming) is notified once."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("loại thông báo"), max_length=32, choices=NotificationKind.choices)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("địa chỉ trang"), max_length=500, blank=True)
    key = models.CharField(_("khóa chống trùng"), max_length=200, blank=True)
    in_app = models.BooleanField(_("hiện trong ứng dụng"), default=True)
    digest = models.BooleanField(_("gửi trong thư tổng hợp"), default=True)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""), name="notification_once_per_key")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A person's choice of channels for one kind; no row means the defaults (choices.DEFAULT_CHANNELS)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("loại thông báo"), max_length=32, choices=NotificationKind.choices)
    in_app = models.BooleanField(_("trong ứng dụng"), default=True)
    digest = models.BooleanField(_("thư tổng hợp hằng ngày"), default=True)
    immediate = models.BooleanField(_("thư ngay"), default=False)

    class Meta:
        verbose_name = _("tùy chọn thông báo")
        verbose_name_plural = _("tùy chọn thông báo")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}"
