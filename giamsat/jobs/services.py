"""Starting background work and handing it back to the queue (jobs/runner.py runs it)."""

from django.core.files.base import ContentFile
from django.db import transaction

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
    job = Job(kind=kind, owner=owner, title=title[:300], params=params or {}, input_name=input_name[:255])
    if input_data is not None:
        job.input_file.save(input_name or "input", ContentFile(input_data), save=False)
    job.save()
    job_enqueue(job)
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
