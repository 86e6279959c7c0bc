"""Monitoring's scheduled work as the worker runs it: the nightly status refresh (what `giamsat status_history
--refresh --compact` does, then the cached data dated) and the morning digest's job."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from giamsat.common.cache import DOMAINS, data_versions
from giamsat.directives.tests.factories import task_led_by
from giamsat.jobs.choices import JobState
from giamsat.jobs.models import Job
from giamsat.jobs.registry import handlers
from giamsat.jobs.schedules import Daily
from giamsat.jobs.services import job_start
from giamsat.monitoring.history import status_history_stale
from giamsat.monitoring.models import ReminderLog, StatusSpan, StatusTally
from giamsat.monitoring.tallies import status_tally_stale

pytestmark = pytest.mark.django_db
D = datetime.date


def test_both_are_scheduled_daily_at_their_settings(settings):
    digest, nightly = handlers()["daily_digest"], handlers()["status_refresh"]
    assert digest.schedule == Daily(datetime.time.fromisoformat(settings.DIGEST_AT))
    assert nightly.schedule == Daily(datetime.time.fromisoformat(settings.NIGHTLY_AT))
    assert str(digest.title) == "Thư tổng hợp và nhắc việc hằng ngày"
    assert str(nightly.title) == "Làm mới trạng thái nhiệm vụ hằng đêm"


def test_the_nightly_refresh_repairs_the_histories_and_dates_the_cached_data(
    users, agency_skhcn, run_jobs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # committed, as the day's requests are
        task = task_led_by(agency_skhcn, deadline=D(2026, 5, 31))
        task_led_by(agency_skhcn, deadline=D(2026, 12, 31))
    StatusSpan.objects.filter(task=task).delete()  # as after bulk SQL or a restore of one table
    assert status_history_stale() == [task.pk] and status_tally_stale()
    before = data_versions()
    job = job_start("status_refresh", owner=None, title="Làm mới", params={"as_of": timezone.localdate().isoformat()})
    with django_capture_on_commit_callbacks(execute=True):
        run_jobs()
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    assert "tính lại 1 nhiệm vụ" in job.result_note and "Đã đếm lại số đếm trạng thái" in job.result_note
    assert status_history_stale() == [] and not status_tally_stale()
    assert StatusTally.objects.exists()
    after = data_versions()
    assert all(after[domain] > before.get(domain, 0) for domain in DOMAINS)


def test_the_digest_job_sends_and_says_how_many(users, agency_skhcn, run_jobs, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    users["officer"].email = "officer@example.vn"
    users["officer"].save()
    task_led_by(agency_skhcn, deadline=D(2026, 5, 1), title="Nhiệm vụ quá hạn")
    job = job_start("daily_digest", owner=None, title="Thư tổng hợp", params={"as_of": "2026-06-20"})
    run_jobs()
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    assert job.result_note == "Ngày 20/06/2026: 0 thông báo mới, 1 thư tổng hợp đã gửi (0 thông báo)."
    assert [m.to for m in mail.outbox] == [["officer@example.vn"]]
    assert ReminderLog.objects.get().sent_on == D(2026, 6, 20)
    assert not Job.objects.filter(state=JobState.FAILED).exists()
