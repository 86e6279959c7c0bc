"""Indicators (chỉ tiêu): measurable targets beside the tasks, their yearly milestones, the values the responsible
agency reports per period (through the same review chain as progress reports), the targets proposed at import,
and the provincial indices (DTI, PII, PAR Index, SIPAS) by year. The colour of an indicator is colour.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from giamsat.agencies.models import Agency
from giamsat.common.models import TimeStampedModel
from giamsat.directives.models import Directive, Task
from giamsat.reporting.choices import EvidenceKind, ReportAction, ReportStatus
from giamsat.reporting.models import ReportingPeriod

from .choices import Direction, Frequency, IndexKind, Layer, ProposalDecision

VALUE_DIGITS = {"max_digits": 20, "decimal_places": 4}


class Indicator(TimeStampedModel):
    code = models.CharField(_("mã"), max_length=32, blank=True, help_text=_("Ví dụ: NQ57-01"))
    name = models.TextField(_("tên chỉ tiêu"))
    unit = models.CharField(_("đơn vị tính"), max_length=64, help_text=_("%, công trình, điểm, ..."))
    direction = models.CharField(_("chiều tốt"), max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    baseline_value = models.DecimalField(_("giá trị gốc"), null=True, blank=True, **VALUE_DIGITS)
    baseline_on = models.DateField(_("ngày của giá trị gốc"), null=True, blank=True)
    target_value = models.DecimalField(_("giá trị mục tiêu"), **VALUE_DIGITS)
    target_on = models.DateField(_("hạn đạt mục tiêu"))
    layer = models.CharField(_("tầng"), max_length=16, choices=Layer.choices, default=Layer.OPERATIONAL)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan chịu trách nhiệm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    frequency = models.CharField(_("kỳ báo cáo"), max_length=16, choices=Frequency.choices, default=Frequency.MONTHLY)
    data_source = models.CharField(_("nguồn số liệu"), max_length=500, blank=True)
    directive = models.ForeignKey(
        Directive,
        verbose_name=_("văn bản đặt chỉ tiêu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    tasks = models.ManyToManyField(Task, verbose_name=_("nhiệm vụ liên quan"), blank=True, related_name="indicators")
    source_text = models.TextField(_("trích văn bản"), blank=True, help_text=_("Câu trong văn bản đặt chỉ tiêu."))
    is_public = models.BooleanField(_("công khai"), default=False)
    history = HistoricalRecords(m2m_fields=[tasks])

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["layer", "code", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class Milestone(models.Model):
    """A yearly (or any dated) step on the way to the target; the trajectory passes through each."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="milestones"
    )
    due_on = models.DateField(_("mốc thời gian"))
    value = models.DecimalField(_("giá trị phải đạt"), **VALUE_DIGITS)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mốc lộ trình")
        verbose_name_plural = _("mốc lộ trình")
        ordering = ["indicator_id", "due_on"]
        constraints = [models.UniqueConstraint(fields=["indicator", "due_on"], name="one_milestone_per_day")]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.due_on:%d/%m/%Y} · {self.value}"


class IndicatorValue(TimeStampedModel):
    """The value of an indicator for a reporting period, reported by its responsible agency, with its source; drafted
    by the agency's officer, approved by its head, accepted or returned by the standing office (ReportStatus)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="values"
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="indicator_values"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan báo cáo"), on_delete=models.PROTECT, related_name="indicator_values"
    )
    value = models.DecimalField(_("giá trị"), **VALUE_DIGITS)
    measured_on = models.DateField(_("số liệu tính đến ngày"))
    source = models.CharField(_("nguồn số liệu"), max_length=500, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        ordering = ["indicator_id", "-period__year", "-period__month"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period"], name="one_value_per_indicator_period")]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.period} · {self.value}"


class ValueStep(models.Model):
    """One step of a value's way (as reporting.ReportStep): who sent, approved, returned or accepted it, when, why."""

    value = models.ForeignKey(IndicatorValue, verbose_name=_("giá trị"), on_delete=models.CASCADE, related_name="steps")
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
        verbose_name = _("bước xử lý giá trị chỉ tiêu")
        verbose_name_plural = _("bước xử lý giá trị chỉ tiêu")
        ordering = ["value_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.value_id} · {self.get_action_display()}"


class ValueEvidence(TimeStampedModel):
    value = models.ForeignKey(
        IndicatorValue, verbose_name=_("giá trị"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("loại minh chứng"), max_length=16, choices=EvidenceKind.choices)
    file = models.FileField(_("tệp"), upload_to="indicator-evidence/%Y/%m/", blank=True)
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
        verbose_name = _("minh chứng giá trị chỉ tiêu")
        verbose_name_plural = _("minh chứng giá trị chỉ tiêu")
        ordering = ["value_id", "created_at"]

    def __str__(self) -> str:
        return self.original_name or self.url or str(self.pk)


class TargetProposal(TimeStampedModel):
    """A quantified expected result found in a task at import ("đạt 95%", "100% ...", "45 công trình"), proposed
    as an indicator; the standing office accepts it (with edits), or declines it."""

    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="target_proposals"
    )
    phrase = models.TextField(_("cụm từ trong văn bản"))
    name = models.TextField(_("tên chỉ tiêu đề xuất"))
    value = models.DecimalField(_("giá trị mục tiêu"), **VALUE_DIGITS)
    unit = models.CharField(_("đơn vị tính"), max_length=64)
    decision = models.CharField(
        _("kết quả xem xét"), max_length=16, choices=ProposalDecision.choices, default=ProposalDecision.PENDING
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem xét"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu đề xuất")
        verbose_name_plural = _("chỉ tiêu đề xuất")
        ordering = ["task_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["task", "phrase"], name="one_proposal_per_task_phrase")]

    def __str__(self) -> str:
        return self.phrase


class IndexScore(TimeStampedModel):
    """The province's score and rank on one provincial index in one year."""

    kind = models.CharField(_("chỉ số"), max_length=8, choices=IndexKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    score = models.DecimalField(_("điểm"), max_digits=8, decimal_places=4)
    rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    out_of = models.PositiveSmallIntegerField(_("trên tổng số tỉnh, thành"), null=True, blank=True)
    source = models.CharField(_("nguồn công bố"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm chỉ số cấp tỉnh")
        verbose_name_plural = _("điểm chỉ số cấp tỉnh")
        ordering = ["kind", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="one_index_score_per_year"),
            models.CheckConstraint(condition=Q(rank__isnull=True) | Q(rank__gte=1), name="index_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: {self.score}"
