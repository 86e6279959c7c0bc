"""Requests for explanation (yêu cầu giải trình): a leader or the standing office asks the lead agency of a task or
the responsible agency of an indicator a question with an answer deadline; the agency's head answers with text and
evidence; the asker accepts the answer or reopens the request."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamsat.agencies.models import Agency
from giamsat.common.models import TimeStampedModel
from giamsat.directives.models import Task
from giamsat.indicators.models import Indicator
from giamsat.reporting.choices import EvidenceKind

from .choices import RequestState


class ExplanationRequest(TimeStampedModel):
    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), null=True, blank=True, on_delete=models.PROTECT, related_name="explanations"
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("chỉ tiêu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="explanations",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan giải trình"), on_delete=models.PROTECT, related_name="explanations"
    )
    question = models.TextField(_("nội dung yêu cầu giải trình"))
    answer_due_on = models.DateField(_("hạn giải trình"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(_("trạng thái"), max_length=16, choices=RequestState.choices, default=RequestState.OPEN)
    answer = models.TextField(_("nội dung giải trình"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giải trình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("giải trình lúc"), null=True, blank=True)
    decision_comment = models.TextField(_("ý kiến của người yêu cầu"), blank=True)
    decided_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yêu cầu giải trình")
        verbose_name_plural = _("yêu cầu giải trình")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(task__isnull=False) & Q(indicator__isnull=True))
                | (Q(task__isnull=True) & Q(indicator__isnull=False)),
                name="explanation_on_task_or_indicator",
            )
        ]

    def __str__(self) -> str:
        return self.question[:80]

    @property
    def subject(self):
        return self.task or self.indicator


class AnswerEvidence(TimeStampedModel):
    request = models.ForeignKey(
        ExplanationRequest, verbose_name=_("yêu cầu giải trình"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("loại minh chứng"), max_length=16, choices=EvidenceKind.choices)
    file = models.FileField(_("tệp"), upload_to="explanations/%Y/%m/", blank=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    url = models.URLField(_("đường dẫn"), max_length=1000, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minh chứng giải trình")
        verbose_name_plural = _("minh chứng giải trình")
        ordering = ["request_id", "created_at"]

    def __str__(self) -> str:
        return self.original_name or self.url or str(self.pk)
