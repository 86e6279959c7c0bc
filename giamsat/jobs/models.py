from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import JobState


class Job(models.Model):
    """One piece of long work run by the background worker for a person (or for the schedule): what it is, how far it
    has got, and where its result is. The queue itself is Django's tasks framework (django-tasks-db); this row is
    what the person sees under "Việc của tôi" and what makes a job complete exactly once (jobs/runner.py)."""

    kind = models.CharField(_("loại việc"), max_length=64)
    title = models.CharField(_("tên việc"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    input_file = models.FileField(_("tệp đầu vào"), upload_to="jobs/input/%Y/%m/", blank=True)
    input_name = models.CharField(_("tên tệp đầu vào"), max_length=255, blank=True)
    state = models.CharField(_("tình trạng"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    step = models.CharField(_("đang làm"), max_length=300, blank=True)
    result_url = models.CharField(_("địa chỉ kết quả"), max_length=500, blank=True)
    result_file = models.FileField(_("tệp kết quả"), upload_to="jobs/result/%Y/%m/", blank=True)
    result_name = models.CharField(_("tên tệp kết quả"), max_length=255, blank=True)
    result_note = models.CharField(_("kết quả"), max_length=500, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    worker = models.CharField(_("tiến trình xử lý"), max_length=120, blank=True)
    lease_until = models.DateTimeField(_("giữ việc đến"), null=True, blank=True)
    task_result_id = models.CharField(_("mã trong hàng đợi"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("việc chạy nền")
        verbose_name_plural = _("việc chạy nền")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="job_owner_recent"),
            models.Index(fields=["state", "lease_until"], name="job_state_lease"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)


class Schedule(models.Model):
    """Work the worker starts by itself on a schedule (jobs/schedules.py): the daily digest, the nightly status
    refresh, the monthly report draft. A row per schedule, kept in step with the code when the worker starts; the
    admin lists them with their last run and outcome."""

    kind = models.CharField(_("loại việc"), max_length=64, unique=True)
    title = models.CharField(_("tên"), max_length=300)
    when = models.CharField(_("lịch chạy"), max_length=200)
    next_run_at = models.DateTimeField(_("lần chạy tới"))
    last_run_at = models.DateTimeField(_("lần chạy gần nhất"), null=True, blank=True)
    last_job = models.ForeignKey(
        Job, verbose_name=_("việc gần nhất"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enabled = models.BooleanField(_("đang bật"), default=True)

    class Meta:
        verbose_name = _("việc theo lịch")
        verbose_name_plural = _("việc theo lịch")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.title
