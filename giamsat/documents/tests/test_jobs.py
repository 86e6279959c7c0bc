"""The documents as background jobs (issue 17): each kind makes its file as its owner may see it when it is made, a
refused request queues nothing, a failure is said on the job's page, a result file is its owner's alone; on the 21st
the monthly draft gives each person of the standing office their own copy."""

import datetime
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from docx import Document

from giamsat.accounts.choices import AuditKind, Role
from giamsat.accounts.models import AuditEvent
from giamsat.accounts.tests.factories import UserFactory
from giamsat.documents import jobs
from giamsat.jobs.choices import JobState
from giamsat.jobs.models import Job, Schedule
from giamsat.jobs.schedules import schedules_run_due, schedules_sync
from giamsat.jobs.services import job_start

from .jobflow import download, exported_ids, fetch, started_job

pytestmark = pytest.mark.django_db

MONTHLY = reverse("documents:monthly_report")
EXPORT = reverse("documents:task_list_export")


def become(user, role: str, agency=None) -> None:
    """The person's role changes between asking and the worker making the file."""
    user.role, user.agency = role, agency
    user.save()


def failed(job: Job) -> Job:
    job.refresh_from_db()
    assert job.state == JobState.FAILED and not job.result_file
    return job


class PermissionsAskedAgainTests:
    """The handler runs as the owner, as the owner is when the file is made."""

    def test_the_task_export_follows_the_owner_s_visibility_when_it_is_made(
        self, client, users, dataset, agency_finance, run_jobs
    ):
        office = users["standing_office"]
        client.force_login(office)
        job = started_job(client.get(EXPORT, {"scope": "all", "as_of": "20/06/2026"}))
        become(office, Role.AGENCY_OFFICER, agency_finance)
        run_jobs()
        ids = exported_ids(download(client, job))
        assert dataset.tasks["secret"].pk not in ids  # the standing office would have had it
        assert dataset.tasks["overdue_2"].pk not in ids  # internal, led by Sở Khoa học và Công nghệ
        assert dataset.tasks["overdue"].pk in ids and dataset.tasks["public"].pk in ids

    def test_a_leader_who_is_no_longer_one_gets_no_monthly_report(self, client, users, dataset, run_jobs):
        client.force_login(users["leader"])
        job = started_job(client.get(MONTHLY, {"month": "2026-06", "as_of": "20/06/2026"}))
        become(users["leader"], Role.AGENCY_OFFICER, users["officer"].agency)
        run_jobs()
        assert failed(job).error == "Báo cáo tháng dành cho lãnh đạo và Cơ quan Thường trực."
        page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        assert 'data-testid="job-error"' in page and "lãnh đạo và Cơ quan Thường trực" in page
        assert 'data-testid="job-download"' not in page
        assert not AuditEvent.objects.filter(kind=AuditKind.EXPORTED).exists()

    def test_an_officer_moved_to_another_agency_gets_no_summary_of_the_old_one(
        self, client, users, dataset, agency_skhcn, agency_finance, run_jobs
    ):
        client.force_login(users["officer"])
        job = started_job(client.get(reverse("documents:agency_summary", args=[agency_skhcn.pk])))
        become(users["officer"], Role.AGENCY_OFFICER, agency_finance)
        run_jobs()
        assert "không có quyền" in failed(job).error

    def test_a_deactivated_owner_gets_nothing(self, client, users, dataset, run_jobs):
        client.force_login(users["officer"])
        job = started_job(client.get(EXPORT))
        users["officer"].is_active = False
        users["officer"].save()
        run_jobs()
        assert "không còn hoạt động" in failed(job).error
        assert not AuditEvent.objects.filter(kind=AuditKind.EXPORTED).exists()


class RefusedBeforeQueueingTests:
    @pytest.mark.parametrize(
        ("who", "name", "params", "code"),
        [
            ("officer", "documents:monthly_report", {"month": "2026-06"}, 403),
            ("leader", "documents:monthly_report", {"month": "2026-6x"}, 400),
            ("leader", "documents:monthly_report", {"month": "2099-01"}, 400),  # not started yet
            ("leader", "documents:monthly_report", {"layout": "abc"}, 400),
            ("officer", "documents:task_list_export", {"as_of": "31/02/2026"}, 400),
            ("officer", "documents:agency_summary", {"layout": "abc"}, 400),
            ("other_officer", "documents:agency_summary", {}, 404),  # another agency's summary
            ("officer", "documents:agency_summary_pdf", {"as_of": "hôm qua"}, 400),
        ],
    )
    def test_a_refused_request_queues_nothing(self, client, users, agency_skhcn, who, name, params, code):
        client.force_login(users[who])
        args = [agency_skhcn.pk] if name.startswith("documents:agency_summary") else []
        response = client.get(reverse(name, args=args), params)
        assert response.status_code == code
        if code == 400:
            assert 'role="alert"' in response.content.decode()
        assert not Job.objects.exists()


class FailureOnTheJobPageTests:
    @override_settings(SOFFICE_BINARY="/khong-co/soffice")
    def test_a_pdf_that_cannot_be_made_says_why_on_the_job_page(self, client, users, dataset, agency_skhcn, run_jobs):
        """LibreOffice gone between the request and the work (the view checks it first when it can)."""
        job = job_start(
            jobs.AGENCY_SUMMARY,
            owner=users["head"],
            title="Tóm tắt",
            params={"agency": agency_skhcn.pk, "as_of": "2026-06-20", "format": "pdf", "layout": "dang"},
        )
        run_jobs()
        assert "chưa cài LibreOffice" in failed(job).error
        client.force_login(users["head"])
        page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        assert "chưa cài LibreOffice" in page and "hãy tải bản Word (.docx)" in page


class ResultBelongsToItsOwnerTests:
    def test_only_the_owner_sees_and_downloads_the_file(self, client, users, dataset, run_jobs):
        client.force_login(users["standing_office"])
        fetched = fetch(client, run_jobs, EXPORT, {"scope": "all", "as_of": "20/06/2026"})
        assert dataset.tasks["secret"].pk in exported_ids(fetched)
        for who in ("leader", "officer", "administrator", "inspector"):
            client.force_login(users[who])
            assert client.get(reverse("jobs:download", args=[fetched.job.pk])).status_code == 404
            assert client.get(reverse("jobs:detail", args=[fetched.job.pk])).status_code == 404
        client.logout()
        assert client.get(reverse("jobs:download", args=[fetched.job.pk])).status_code == 302

    def test_the_job_is_listed_under_my_jobs_with_its_file(self, client, users, dataset, run_jobs):
        client.force_login(users["leader"])
        fetched = fetch(client, run_jobs, MONTHLY, {"month": "2026-06", "format": "xlsx", "as_of": "20/06/2026"})
        page = client.get(reverse("jobs:list")).content.decode()
        assert "Phụ lục (Excel) báo cáo tháng 06/2026" in page
        assert fetched.job.result_name == "phu-luc-bao-cao-thang-2026-06.xlsx"


def moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


class MonthlyDraftTests:
    def test_the_21st_gives_each_person_of_the_standing_office_a_copy(self, client, users, dataset, run_jobs):
        office = users["standing_office"]
        second = UserFactory(username="office2", role=Role.STANDING_OFFICE, agency=office.agency)
        UserFactory(username="office3", role=Role.STANDING_OFFICE, agency=office.agency, is_active=False)
        schedules_sync(now=moment(datetime.date(2026, 6, 20), 12))
        row = Schedule.objects.get(kind=jobs.MONTHLY_DRAFT)
        assert row.title == "Dự thảo báo cáo tháng gửi Ban Chỉ đạo"
        assert row.next_run_at == moment(datetime.date(2026, 6, 21), 6)  # MONTHLY_DRAFT_DAY, MONTHLY_DRAFT_AT
        Schedule.objects.exclude(kind=jobs.MONTHLY_DRAFT).update(enabled=False)  # the other apps' schedules
        assert schedules_run_due(now=moment(datetime.date(2026, 6, 21), 6, 1)) == [jobs.MONTHLY_DRAFT]
        Schedule.objects.update(enabled=False)  # run_jobs asks the schedule again at today's real time
        run_jobs()
        scheduled = Job.objects.get(kind=jobs.MONTHLY_DRAFT, owner=None)
        assert scheduled.state == JobState.DONE, scheduled.error
        assert "06/2026" in scheduled.result_note and "2 người" in scheduled.result_note
        copies = Job.objects.filter(kind=jobs.MONTHLY_DRAFT, owner__isnull=False)
        assert sorted(copy.owner.username for copy in copies) == ["office", "office2"]  # active ones only
        for person, other in ((office, second), (second, office)):
            copy = copies.get(owner=person)
            assert copy.state == JobState.DONE and copy.progress == 100 and copy.finished_at
            assert copy.title == "Dự thảo báo cáo tháng 06/2026 gửi Ban Chỉ đạo" and "20/06/2026" in copy.result_note
            client.force_login(person)
            assert copy.title in client.get(reverse("jobs:list")).content.decode()
            response = client.get(reverse("jobs:download", args=[copy.pk]))
            assert 'filename="bao-cao-thang-2026-06.docx"' in response["Content-Disposition"]
            document = Document(io.BytesIO(b"".join(response.streaming_content)))
            assert any("tháng 06/2026" in p.text for p in document.paragraphs[:6])
            client.force_login(other)
            assert client.get(reverse("jobs:download", args=[copy.pk])).status_code == 404
        run_jobs()
        assert copies.count() == 2  # made once
