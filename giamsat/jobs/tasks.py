"""The one task on the queue: run a Job. What the job does is its kind's handler (registry.py)."""

from django.tasks import task


@task()
def run_job(job_id: int) -> None:
    from .runner import job_run

    job_run(job_id)
