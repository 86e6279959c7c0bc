"""Job kinds for the worker's tests (JOB_HANDLER_MODULES in the test settings)."""

import time
from pathlib import Path

from django.db.models import F

from giamsat.common.models import DataVersion
from giamsat.common.progress import progress_step
from giamsat.jobs.registry import JobFailed, JobResult, job_handler


def probe_domain(job) -> str:
    return f"probe-{job.pk}"


@job_handler("test_count")
def count(job, progress):
    """Reports progress through the deep hook, then writes its effect once with the job's completion: a counter
    that would read 2 if the writes ran twice. On its first run it waits for the test's gate file, if one is named."""
    progress(10, "bắt đầu")
    gate = job.params.get("gate")
    if gate and job.attempts == 1:
        deadline = time.monotonic() + 60
        while not Path(gate).exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # the worker is held here until the test kills it or opens the gate
    for page in range(1, 5):
        progress_step(page, 4, f"trang {page}")

    def commit():
        DataVersion.objects.get_or_create(domain=probe_domain(job))
        DataVersion.objects.filter(domain=probe_domain(job)).update(version=F("version") + 1)
        return JobResult(note="xong", file=b"ket qua", name="ket-qua.txt")

    return commit


@job_handler("test_refuse")
def refuse(job, progress):
    raise JobFailed("Tệp không đọc được.")


@job_handler("test_crash")
def crash(job, progress):
    raise RuntimeError("bug")
