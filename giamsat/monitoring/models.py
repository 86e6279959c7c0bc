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


class TaskStatusFacts(models.Model):
    """What the status engine concluded from every recorded event of a task: a cache, never typed.

    Written by `facts.status_facts_refresh` (on every save or delete of the task, its deadline changes,
    reports and reviews) from `compute_task_status` itself. The facts hold for every "as of" day from
    `valid_from` (the day of the task's newest event) on; `annotate_status` reads them on days every task's
    facts hold, and uses the SQL twin's subqueries on other days.
    """

    task = models.OneToOneField(
        "directives.Task",
        verbose_name=_("nhiệm vụ"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="status_facts",
    )
    deadline = models.DateField(_("thời hạn có hiệu lực"), null=True, blank=True)
    accepted = models.BooleanField(_("đã được công nhận hoàn thành"), default=False)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    pending = models.BooleanField(_("chờ xác nhận"), default=False)
    valid_from = models.DateField(_("đúng từ ngày"))

    class Meta:
        verbose_name = _("dữ kiện trạng thái")
        verbose_name_plural = _("dữ kiện trạng thái")

    def __str__(self) -> str:
        return f"{self.task_id} · {self.valid_from}"
