"""The background worker: a job runs to its end, reports progress, fails with a message, and completes exactly once
when its worker dies mid-job (a real worker process, killed and restarted)."""

import pytest

from conftest import wait_until
from giamsat.common.models import DataVersion
from giamsat.jobs.choices import JobState
from giamsat.jobs.models import Job
from giamsat.jobs.runner import job_run, jobs_recover
from giamsat.jobs.services import job_start
from giamsat.jobs.tests.handlers import probe_domain
from giamsat.notifications.models import Notification


def _probe(job) -> int | None:
    row = DataVersion.objects.filter(domain=probe_domain(job)).first()
    return row.version if row else None


def test_a_job_runs_to_its_result(users, run_jobs):
    job = job_start("test_count", owner=users["officer"], title="Đếm")
    assert job.state == JobState.QUEUED and job.task_result_id
    run_jobs()
    job.refresh_from_db()
    assert (job.state, job.progress, job.result_note, job.attempts) == (JobState.DONE, 100, "xong", 1)
    assert job.result_file.read() == b"ket qua"
    assert _probe(job) == 1
    (notice,) = Notification.objects.filter(recipient=users["officer"])  # the bell of the person who asked
    assert notice.title == "Đã xong: Đếm" and notice.url == f"/viec-cua-toi/{job.pk}/" and notice.read_at is None


def test_a_refused_job_shows_its_reason_and_a_crash_a_plain_message(users, run_jobs):
    refused = job_start("test_refuse", owner=users["officer"], title="Từ chối")
    crashed = job_start("test_crash", owner=users["officer"], title="Lỗi")
    run_jobs()
    refused.refresh_from_db()
    crashed.refresh_from_db()
    assert (refused.state, refused.error) == (JobState.FAILED, "Tệp không đọc được.")
    assert crashed.state == JobState.FAILED
    assert "bug" not in crashed.error and "thử lại" in crashed.error


def test_an_unknown_kind_is_refused_before_anything_is_queued(users):
    with pytest.raises(ValueError):
        job_start("no_such_kind", owner=users["officer"], title="?")
    assert not Job.objects.exists()


def test_a_worker_that_lost_its_job_does_not_write_its_result(users, run_jobs):
    """Worker A's lease ran out and the job was given to worker B: when A comes back to finish, nothing it computed
    is written; B's run is the one that counts."""
    job = job_start("test_count", owner=users["officer"], title="Đếm")
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, worker="elsewhere:1:a", attempts=1)
    Job.objects.filter(pk=job.pk).update(lease_until="2000-01-01T00:00:00Z")
    assert jobs_recover() == [job.pk]
    run_jobs()
    job.refresh_from_db()
    assert (job.state, job.attempts, _probe(job)) == (JobState.DONE, 2, 1)
    job_run(job.pk, worker="elsewhere:1:a")  # A again: the job is no longer queued, nothing happens
    assert _probe(job) == 1


def test_a_job_interrupted_too_often_fails(users, settings):
    job = job_start("test_count", owner=users["officer"], title="Đếm")
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING,
        worker="elsewhere:1:a",
        attempts=settings.JOB_MAX_ATTEMPTS,
        lease_until="2000-01-01T00:00:00Z",
    )
    assert jobs_recover() == []
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "gián đoạn" in job.error


def test_a_killed_worker_s_job_completes_exactly_once_after_a_restart(users, worker_process, tmp_path):
    gate = tmp_path / "gate"
    job = job_start("test_count", owner=users["officer"], title="Đếm", params={"gate": str(gate)})
    worker_process.start()
    wait_until(lambda: Job.objects.get(pk=job.pk).state == JobState.RUNNING, what="the job to start")
    worker_process.kill()  # mid-job: held at the gate, its result not written
    job.refresh_from_db()
    assert job.state == JobState.RUNNING and _probe(job) is None
    worker_process.start()
    done = wait_until(lambda: Job.objects.filter(pk=job.pk, state=JobState.DONE).first(), what="the job to finish")
    assert done.attempts == 2, worker_process.log()
    assert _probe(job) == 1


def test_a_second_identical_request_while_the_first_waits_is_the_same_job(users, run_jobs):
    first = job_start("test_count", owner=users["officer"], title="Xuất", params={"q": "a"})
    assert job_start("test_count", owner=users["officer"], title="Xuất", params={"q": "a"}).pk == first.pk
    assert job_start("test_count", owner=users["officer"], title="Xuất", params={"q": "b"}).pk != first.pk
    assert job_start("test_count", owner=users["head"], title="Xuất", params={"q": "a"}).pk != first.pk
    run_jobs()
    assert job_start("test_count", owner=users["officer"], title="Xuất", params={"q": "a"}).pk != first.pk


def test_the_result_is_downloaded_by_its_owner_only_and_never_cached(client, users, run_jobs):
    job = job_start("test_count", owner=users["officer"], title="Đếm")
    run_jobs()
    url = f"/viec-cua-toi/{job.pk}/tai-ve/"
    client.force_login(users["head"])
    assert client.get(url).status_code == 404
    assert client.get(f"/viec-cua-toi/{job.pk}/").status_code == 404
    client.force_login(users["officer"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"ket qua"
    assert response["Cache-Control"] == "no-store, private"
    assert 'filename="ket-qua.txt"' in response["Content-Disposition"]
