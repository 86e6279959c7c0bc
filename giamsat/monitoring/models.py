from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import TaskStatus


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


class ReminderSent(models.Model):
    """A reminder the standing office sent by hand ("Gửi nhắc việc") to the lead agencies of late tasks: who sent
    it, when, to which agencies (those e-mailed) about which tasks. Written by `reminders.late_tasks_remind`; the
    e-mails themselves are digests, each logged in ReminderLog."""

    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    tasks = models.ManyToManyField("directives.Task", verbose_name=_("nhiệm vụ quá hạn"), related_name="+")
    agencies = models.ManyToManyField("agencies.Agency", verbose_name=_("cơ quan được nhắc"), related_name="+")
    email_count = models.PositiveIntegerField(_("số thư đã gửi"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhắc việc của Cơ quan Thường trực")
        verbose_name_plural = _("nhắc việc của Cơ quan Thường trực")
        indexes = [models.Index(fields=["sent_at"], name="reminder_sent_at")]

    def __str__(self) -> str:
        sent_at = timezone.localtime(self.sent_at).strftime("%d/%m/%Y %H:%M") if self.sent_at else ""
        return f"{self.sent_by} · {sent_at}"


class StatusSpan(models.Model):
    """The status history: one interval of days over which a task's computed status holds — the whole task
    (`agency` empty) or one lead agency's part of it. Never typed: written by `history.status_history_refresh`
    from the status engine itself, in the same transaction as every event that moves it (a task saved, its
    assignments, deadline changes, reports and reviews). The intervals already hold the days ahead (a deadline
    passing is a new interval from the day after), so no nightly job is needed.

    "As of D" is the span with `from_day <= D <= to_day`; the first span starts at the earliest date, the last
    one ends at the latest.
    """

    task = models.ForeignKey(
        "directives.Task", verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="status_spans"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan chủ trì (phần việc)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(_("trạng thái"), max_length=24, choices=TaskStatus.choices)
    # The task's, copied: counts for those who may not see every task are kept by it (StatusTally).
    confidentiality = models.CharField(_("mức độ công khai"), max_length=16, default="internal")
    from_day = models.DateField(_("từ ngày"))
    to_day = models.DateField(_("đến ngày"))
    deadline = models.DateField(_("thời hạn có hiệu lực"), null=True, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    parts_done = models.PositiveIntegerField(_("số phần việc đã hoàn thành"), default=0)
    parts_total = models.PositiveIntegerField(_("số phần việc"), default=1)

    class Meta:
        verbose_name = _("lịch sử trạng thái")
        verbose_name_plural = _("lịch sử trạng thái")
        indexes = [
            models.Index(fields=["task", "from_day"], condition=Q(agency__isnull=True), name="span_task_day"),
            models.Index(fields=["from_day", "to_day"], condition=Q(agency__isnull=True), name="span_day"),
            models.Index(fields=["agency", "from_day", "to_day"], name="span_part_day"),
            models.Index(fields=["task", "agency", "from_day"], name="span_task_part_day"),
            # The overdue and due-soon tasks of the overview, in the order shown (the first 20 read, not all).
            models.Index(
                fields=["status", "deadline", "task"], condition=Q(agency__isnull=True), name="span_status_deadline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} · {self.agency_id or '*'} · {self.from_day}–{self.to_day} · {self.status}"


class StatusTally(models.Model):
    """The status history counted: how many tasks (`agency` empty) or parts of a lead agency enter (`delta` +1) or
    leave (−1) a status on a day, by confidentiality. The number in a status as of D is the sum of the deltas up to
    D: a sum over a few thousand rows instead of a scan of every task. Never typed: written by
    `history.status_history_refresh` with the spans, from the difference between the spans it replaces and those it
    writes; rows are only added (no two writers wait for the same row) and `tallies.status_tally_compact` merges
    them. `tallies.status_tally_stale` compares them with the spans."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan chủ trì"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    confidentiality = models.CharField(_("mức độ công khai"), max_length=16)
    status = models.CharField(_("trạng thái"), max_length=24, choices=TaskStatus.choices)
    day = models.DateField(_("ngày"))
    delta = models.IntegerField(_("thay đổi"))
    # The parts' deltas up to `day` summed in one row per agency, confidentiality and status (`tallies.status_tally_
    # compact`): the parts' counts before that day are no longer kept here (the spans answer them).
    folded = models.BooleanField(_("gộp đến ngày"), default=False)

    class Meta:
        verbose_name = _("số đếm trạng thái")
        verbose_name_plural = _("số đếm trạng thái")
        indexes = [
            models.Index(fields=["day"], condition=Q(agency__isnull=True), name="tally_task_day"),
            models.Index(fields=["day"], condition=Q(agency__isnull=False), name="tally_part_day"),
            models.Index(fields=["day"], condition=Q(folded=True), name="tally_folded_day"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id or '*'} · {self.confidentiality} · {self.status} · {self.day} · {self.delta:+d}"


class LatestReport(models.Model):
    """Which report of an agency on a task is its latest sent one, over an interval of days: the report of the
    latest period sent by then (then the latest sent, then the highest id), as the bottlenecks read it. Never typed:
    written by `latest_reports.latest_reports_refresh` with every save or delete of a report (and with the status
    history after bulk writes). `noted`: the report names a difficulty or a proposal."""

    report = models.ForeignKey(
        "reporting.ProgressReport", verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="+"
    )
    task = models.ForeignKey("directives.Task", verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan báo cáo"), on_delete=models.CASCADE, related_name="+"
    )
    from_day = models.DateField(_("từ ngày"))
    to_day = models.DateField(_("đến ngày"))
    noted = models.BooleanField(_("có khó khăn hoặc kiến nghị"), default=False)

    class Meta:
        verbose_name = _("báo cáo mới nhất")
        verbose_name_plural = _("báo cáo mới nhất")
        indexes = [
            models.Index(fields=["from_day", "to_day"], condition=Q(noted=True), name="latest_noted_day"),
            models.Index(fields=["task", "agency"], name="latest_task_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} · {self.from_day}–{self.to_day}"
