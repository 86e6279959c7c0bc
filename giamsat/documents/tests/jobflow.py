"""Asking for a generated document as a person does: the request starts a job and leads to its page, the worker makes
the file (`run_jobs`, in this process), and the person downloads it from the job's page."""

import io
from dataclasses import dataclass

from django.urls import resolve, reverse
from openpyxl import load_workbook

from giamsat.documents.excel import HEADER_ROW
from giamsat.jobs.choices import JobState
from giamsat.jobs.models import Job


@dataclass
class Fetched:
    job: Job
    response: object  # the download's FileResponse: its headers
    content: bytes


def started_job(response) -> Job:
    """The job a document request started: the request answers a redirect to the job's page."""
    assert response.status_code == 302, (response.status_code, response.content[:500])
    match = resolve(response["Location"])
    assert match.view_name == "jobs:detail", response["Location"]
    return Job.objects.get(pk=match.kwargs["job_id"])


def fetch(client, run_jobs, url: str, params: dict | None = None) -> Fetched:
    job = started_job(client.get(url, params or {}))
    run_jobs()
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    assert reverse("jobs:download", args=[job.pk]) in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    return download(client, job)


def download(client, job: Job) -> Fetched:
    """A done job's file, as its owner (signed in on `client`) downloads it."""
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200, job.error
    return Fetched(job, response, b"".join(response.streaming_content))


def exported_ids(fetched: Fetched) -> list[int]:
    """The task ids of an exported task sheet, in its order."""
    ws = load_workbook(io.BytesIO(fetched.content)).active
    return [row[1] for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
