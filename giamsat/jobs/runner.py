"""Running a job once, and running again the jobs of a worker that died.

A job is claimed (queued → running) with the worker's id and a lease; the handler reads and computes, reporting
progress, which also renews the lease; then, in one transaction, the job row is locked, checked to be still this
worker's, the handler's writes are made and the job is marked done. A worker killed mid-job leaves a running job
whose worker is gone (same host, process not alive) or whose lease ran out: `jobs_recover` puts it back on the queue,
and the next run does the work again from the start. Nothing the first run wrote survives (its writes were never
committed), so the work is done exactly once.
"""

import logging
import os
import socket
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from giamsat.common.progress import progress_listening

from .choices import JobState
from .models import Job
from .registry import JobFailed, JobResult, handlers

logger = logging.getLogger(__name__)

HOST = socket.gethostname()
WORKER_ID = f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def worker_id() -> str:
    """This process's id as a worker: host, process id and a random part (a process id is reused in time)."""
    global WORKER_ID
    if WORKER_ID.split(":")[1] != str(os.getpid()):  # a forked process is another worker
        WORKER_ID = f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    return WORKER_ID


def _lease():
    return timezone.now() + timedelta(seconds=settings.JOB_LEASE_SECONDS)


class Progress:
    """`progress(percent, step)` from a handler; `progress.stage(start, end, step)` maps the `progress_step` calls of
    deeper code (pages of a PDF, rows of a workbook) onto that part of the bar."""

    def __init__(self, job: Job, worker: str):
        self.job = job
        self.worker = worker
        self.percent = 0
        self.range = (0, 100)
        self.label = ""

    def __call__(self, percent: int, step: str = "") -> None:
        percent = max(self.percent, min(int(percent), 99))  # 100 is written with the result, never before it
        if percent == self.percent and (not step or step == self.job.step):
            return
        self.percent = percent
        self.job.step = step or self.job.step
        self.job.progress = percent
        try:
            Job.objects.filter(pk=self.job.pk, worker=self.worker).update(
                progress=percent, step=self.job.step[:300], lease_until=_lease()
            )
        except OperationalError:  # the database busy (SQLite's lock): the bar waits for the next step, the work goes on
            logger.warning("job %s: progress not written", self.job.pk, exc_info=True)

    def stage(self, start: int, end: int, step: str = "") -> "Progress":
        self.range = (start, end)
        self.label = step
        self(start, step)
        return self

    def step(self, done: int, total: int, label: str = "") -> None:
        start, end = self.range
        percent = start + (end - start) * done // total
        self(percent, f"{self.label} ({label or f'{done}/{total}'})" if self.label else label)


def _claim(job_id: int, worker: str) -> Job | None:
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING,
        worker=worker,
        started_at=now,
        lease_until=_lease(),
        attempts=F("attempts") + 1,
        progress=0,
        step=_("Bắt đầu"),
    )
    return Job.objects.get(pk=job_id) if claimed else None


def _finish(job_id: int, worker: str, outcome) -> bool:
    """The handler's writes and the job's completion, together; False if the job is no longer this worker's."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.state != JobState.RUNNING or job.worker != worker:
            return False
        result = outcome() if callable(outcome) else outcome
        if not isinstance(result, JobResult):
            raise TypeError(f"job {job.kind} returned {result!r}, not a JobResult")
        if result.file is not None:
            job.result_file.save(result.name or "ket-qua", ContentFile(result.file), save=False)
            job.result_name = result.name[:255]
        job.result_url = result.url[:500]
        job.result_note = result.note[:500]
        job.state = JobState.DONE
        job.progress = 100
        job.step = _("Hoàn thành")
        job.finished_at = timezone.now()
        job.lease_until = None
        job.save()
    return True


def _fail(job_id: int, worker: str, message: str) -> None:
    Job.objects.filter(pk=job_id, worker=worker, state=JobState.RUNNING).update(
        state=JobState.FAILED, error=message, step="", finished_at=timezone.now(), lease_until=None
    )


def job_run(job_id: int, worker: str | None = None) -> None:
    """Run a queued job to its end (done or failed). A job already taken, done or failed is left alone."""
    worker = worker or worker_id()
    job = _claim(job_id, worker)
    if job is None:
        return
    handler = handlers().get(job.kind)
    if handler is None:
        _fail(job_id, worker, _("Loại việc không còn được hỗ trợ."))
        return
    progress = Progress(job, worker)
    try:
        with progress_listening(progress.step):
            outcome = handler.run(job, progress)
            _finish(job_id, worker, outcome)
    except JobFailed as error:
        _fail(job_id, worker, str(error))
    except Exception:
        logger.exception("job %s (%s) failed", job_id, job.kind)
        _fail(job_id, worker, _("Có lỗi khi xử lý; quản trị hệ thống đã được ghi nhận lỗi. Vui lòng thử lại sau."))
    job.refresh_from_db()
    if job.finished:
        from .signals import job_finished

        job_notify_finished(job)
        job_finished.send(sender=Job, job=job)


def job_notify_finished(job: Job) -> None:
    """The bell of the person who asked: done (with where the result is) or failed (with why); nobody for scheduled
    work. In the app only by default (notifications/choices.py): the person may have left the job's page."""
    from django.urls import reverse

    from giamsat.notifications.services import notify

    if job.owner_id is None:
        return
    if job.state == JobState.DONE:
        title = _("Đã xong: %(title)s") % {"title": job.title}
    else:
        title = _("Không thành công: %(title)s") % {"title": job.title}
    notify(
        [job.owner],
        "job_finished",
        title[:300],
        reverse("jobs:detail", args=[job.pk]),
        body=(job.error or job.result_note)[:1000],
        key=f"job:{job.pk}",
    )


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _worker_gone(worker: str, now) -> bool:
    host, _sep, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    return host == HOST and pid.isdigit() and not _process_alive(int(pid))


def jobs_recover() -> list[int]:
    """Put back on the queue the running jobs whose worker is gone (on this host) or whose lease ran out; a job that
    has already been tried JOB_MAX_ATTEMPTS times fails instead. Returns the ids put back."""
    from django_tasks_db.models import DBTaskResult

    from .services import job_enqueue

    now = timezone.now()
    requeued = []
    for job in Job.objects.filter(state=JobState.RUNNING).only("pk", "worker", "lease_until", "attempts", "kind"):
        expired = job.lease_until is not None and job.lease_until < now
        if not (expired or _worker_gone(job.worker, now)):
            continue
        with transaction.atomic():
            if job.attempts >= settings.JOB_MAX_ATTEMPTS:
                Job.objects.filter(pk=job.pk, state=JobState.RUNNING, worker=job.worker).update(
                    state=JobState.FAILED,
                    error=_("Việc bị gián đoạn %(n)d lần nên đã dừng; vui lòng thử lại.") % {"n": job.attempts},
                    finished_at=now,
                    lease_until=None,
                )
                continue
            taken = Job.objects.filter(pk=job.pk, state=JobState.RUNNING, worker=job.worker).update(
                state=JobState.QUEUED, worker="", lease_until=None, step=_("Chạy lại sau khi tiến trình xử lý dừng")
            )
            if not taken:
                continue
            stale = Job.objects.get(pk=job.pk)
            DBTaskResult.objects.filter(pk=stale.task_result_id, status="RUNNING").update(
                status="FAILED", finished_at=now, exception_class_path="giamsat.jobs.runner.WorkerLost"
            )
            job_enqueue(stale)
        logger.warning("job %s (%s) put back on the queue: worker %s gone", job.pk, job.kind, job.worker)
        requeued.append(job.pk)
    return requeued


def jobs_heartbeat(worker: str) -> int:
    """Renew the lease of this worker's running jobs (the worker's heartbeat thread)."""
    return Job.objects.filter(state=JobState.RUNNING, worker=worker).update(lease_until=_lease())
