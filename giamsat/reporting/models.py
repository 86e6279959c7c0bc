"""Monthly reporting: periods, progress reports with evidence, the standing office's reviews, and each report's
steps (who sent, withdrew, approved, returned or accepted it, when, with what comment). The workflow is services.py.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamsat.agencies.models import Agency
from giamsat.common.models import TimeStampedModel
from giamsat.directives.models import Task

from .choices import EvidenceKind, ReportAction, ReportStatus, ReviewDecision, WorkState


class ReportingPeriod(TimeStampedModel):
    """A monthly reporting period (kỳ báo cáo); reports are due on the 20th unless set otherwise."""

    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    due_on = models.DateField(_("hạn nộp báo cáo"))
    is_open = models.BooleanField(_("đang mở"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-year", "-month"]
        constraints = [models.UniqueConstraint(fields=["year", "month"], name="one_period_per_month")]

    def __str__(self) -> str:
        return f"{self.month:02d}/{self.year}"

    @staticmethod
    def default_due_on(year: int, month: int) -> datetime.date:
        return datetime.date(year, month, settings.REPORTING_DUE_DAY)


class ProgressReport(TimeStampedModel):
    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="reports"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan báo cáo"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    state = models.CharField(_("tình trạng"), max_length=16, choices=WorkState.choices, default=WorkState.NOT_STARTED)
    progress_percent = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    work_done = models.TextField(_("kết quả thực hiện"), blank=True)
    product = models.TextField(_("sản phẩm"), blank=True)
    delivered_on = models.DateField(_("ngày hoàn thành sản phẩm"), null=True, blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    status = models.CharField(
        _("trạng thái báo cáo"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Cơ quan Thường trực nhập thay"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Báo cáo đơn vị gửi bằng văn bản giấy hoặc qua hệ thống văn bản điều hành, được nhập thay."),
    )
    is_late = models.BooleanField(_("nộp muộn"), default=False)
    result_is_public = models.BooleanField(
        _("công khai sản phẩm"),
        default=False,
        help_text=_("Cơ quan Thường trực cho phép đăng sản phẩm và ngày hoàn thành lên cổng công khai."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-period__year", "-period__month", "task_id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "period", "agency"], name="one_report_per_task_period_agency"),
            models.CheckConstraint(
                condition=Q(progress_percent__gte=0, progress_percent__lte=100), name="progress_percent_0_100"
            ),
        ]
        # "Sent this period by the day": the overview's reporting column reads the period's sent reports from it.
        indexes = [models.Index(fields=["period", "submitted_at", "task", "agency"], name="report_period_sent")]

    def __str__(self) -> str:
        return f"{self.task} · {self.period} · {self.agency}"


class Evidence(TimeStampedModel):
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("loại minh chứng"), max_length=16, choices=EvidenceKind.choices)
    file = models.FileField(_("tệp"), upload_to="evidence/%Y/%m/", blank=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    url = models.URLField(_("đường dẫn"), max_length=1000, blank=True)
    document_number = models.CharField(_("số văn bản"), max_length=64, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    is_public = models.BooleanField(_("công khai"), default=False)
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
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["report_id", "created_at"]

    def __str__(self) -> str:
        return self.original_name or self.url or self.document_number or str(self.pk)


class Review(TimeStampedModel):
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="reviews"
    )
    decision = models.CharField(_("kết quả thẩm định"), max_length=16, choices=ReviewDecision.choices)
    comment = models.TextField(_("ý kiến"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thẩm định")
        verbose_name_plural = _("thẩm định")
        ordering = ["report_id", "created_at"]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_decision_display()}"


class ReportStep(models.Model):
    """One step of a report's way, written by the workflow service that takes it, in the same transaction: the
    report's story (task page) and who to tell when two people act at once. Never edited."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("bước"), max_length=16, choices=ReportAction.choices)
    comment = models.TextField(_("ý kiến"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("lúc"), db_index=True)

    class Meta:
        verbose_name = _("bước xử lý báo cáo")
        verbose_name_plural = _("bước xử lý báo cáo")
        ordering = ["report_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} · {self.get_action_display()}"
