from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderLog(models.Model):
    """One digest per person per day and kind: what makes `giamsat remind` safe to run twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField(_("ngày gửi"))
    kind = models.CharField(_("loại"), max_length=32)
    item_count = models.PositiveIntegerField(_("số mục"))
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc việc đã gửi")
        verbose_name_plural = _("nhắc việc đã gửi")
        constraints = [models.UniqueConstraint(fields=["recipient", "sent_on", "kind"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.sent_on} · {self.kind}"
