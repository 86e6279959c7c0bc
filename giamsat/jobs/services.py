"""Starting background work and handing it back to the queue (jobs/runner.py runs it)."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import JobState
from .models import Job
from .registry import handlers
from .tasks import run_job


@transaction.atomic
def job_start(
    kind: str,
    *,
    owner,
    title: str,
    params: dict | None = None,
    input_data: bytes | None = None,
    input_name: str = "",
) -> Job:
    """Record a job and put it on the queue in the same transaction: a job is queued exactly when its row exists.

    `input_data` (an uploaded file) is kept in the media storage until the job is done with it."""
    if kind not in handlers():
        raise ValueError(f"unknown job kind {kind!r}")
    if input_data is None and owner is not None:
        # A second click on "Tải Excel" while the first is still being made: the same job, not a second one.
        waiting = Job.objects.filter(
            owner=owner, kind=kind, state__in=(JobState.QUEUED, JobState.RUNNING), params=params or {}
        ).first()
        if waiting is not None:
            return waiting
    job = Job(kind=kind, owner=owner, title=title[:300], params=params or {}, input_name=input_name[:255])
    if input_data is not None:
        job.input_file.save(input_name or "input", ContentFile(input_data), save=False)
    job.save()
    job_enqueue(job)
    return job


@transaction.atomic
def job_record_done(kind: str, *, owner, title: str, file: bytes, name: str, note: str = "") -> Job:
    """A job already done, with its result file, for a person who did not ask for it: work done once for several
    people (the monthly draft, a copy for each person of the standing office) hands each their own copy under "Việc
    của tôi". Nothing is queued; called from a handler's commit function, it is written exactly once with it."""
    if kind not in handlers():
        raise ValueError(f"unknown job kind {kind!r}")
    now = timezone.now()
    job = Job(
        kind=kind,
        owner=owner,
        title=title[:300],
        state=JobState.DONE,
        progress=100,
        step=_("Hoàn thành"),
        result_name=name[:255],
        result_note=note[:500],
        started_at=now,
        finished_at=now,
    )
    job.result_file.save(name or "ket-qua", ContentFile(file), save=False)
    job.save()
    from .runner import job_notify_finished

    job_notify_finished(job)
    return job


def job_enqueue(job: Job) -> None:
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))
    job.task_result_id = str(result.id)


def job_input(job: Job) -> bytes:
    with job.input_file.open("rb") as handle:
        return handle.read()


def jobs_of(user, *, state: str = "", query: str = ""):
    """The jobs a person asked for, newest first."""
    jobs = Job.objects.filter(owner=user)
    if state in JobState.values:
        jobs = jobs.filter(state=state)
    if query:
        jobs = jobs.filter(title__icontains=query)
    return jobs
