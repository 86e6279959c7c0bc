"""Bulk reporting by Excel: the template round trip, row-by-row errors, all or nothing. The filled file is checked at
once for what needs no reading (its type and size), then read, checked and saved by a background job
(`bulk_report_import`): the officer follows it on the job's page, which shows the result or every bad row."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import timezone
from openpyxl import load_workbook

from giamsat.accounts.choices import Role
from giamsat.common.progress import progress_listening
from giamsat.directives.models import Task
from giamsat.directives.tests.factories import task_led_by
from giamsat.jobs.choices import JobState
from giamsat.jobs.models import Job
from giamsat.jobs.runner import job_run, jobs_recover
from giamsat.reporting import bulk, services
from giamsat.reporting.models import ProgressReport

from .factories import ProgressReportFactory

pytestmark = pytest.mark.django_db


def fill(data: bytes, rows: dict[int, list]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    for index, values in rows.items():
        for column, value in enumerate(values, start=5):
            ws.cell(row=index, column=column, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def tasks(agency_skhcn):
    return [task_led_by(agency_skhcn, title=f"Nhiệm vụ số {i}") for i in range(3)]


@pytest.fixture
def officer(client, users):
    client.force_login(users["officer"])
    return client


def send(client, data: bytes, name: str = "bc.xlsx"):
    return client.post(reverse("reporting:bulk_excel"), {"file": SimpleUploadedFile(name, data)})


def job_of(response) -> Job:
    """The job the upload's answer sent the browser to: its page."""
    assert response.status_code == 302
    match = resolve(response.url)
    assert match.view_name == "jobs:detail", response.url
    return Job.objects.get(pk=match.kwargs["job_id"])


def job_page(client, job: Job) -> str:
    return client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_template_round_trip_saves_every_row(officer, users, tasks, run_jobs):
    template = officer.get(reverse("reporting:bulk_excel"))
    assert template.status_code == 200
    data = b"".join(template.streaming_content) if template.streaming else template.content
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.cell(row=3, column=1).value == "Mã nhiệm vụ"
    assert {ws.cell(row=r, column=1).value for r in (4, 5, 6)} == {t.pk for t in tasks}
    filled = fill(
        data, {4: ["Đang thực hiện", 40, "Đã khảo sát"], 5: ["Đã hoàn thành", 100, "Xong", "Quyết định", "12/06/2026"]}
    )
    job = job_of(send(officer, filled, "bao-cao-thang.xlsx"))
    assert (job.kind, job.owner, job.state, job.input_name) == (
        "bulk_report_import",
        users["officer"],
        JobState.QUEUED,
        "bao-cao-thang.xlsx",
    )
    assert not ProgressReport.objects.exists()  # nothing before the worker has read the file
    run_jobs()
    job.refresh_from_db()
    assert (job.state, job.progress, job.result_url) == (JobState.DONE, 100, reverse("reporting:my_reports"))
    assert "Đã lưu 2 báo cáo dự thảo từ tệp Excel." in job_page(officer, job)
    assert ProgressReport.objects.count() == 2
    assert set(ProgressReport.objects.values_list("progress_percent", flat=True)) == {40, 100}
    assert {report.history.count() for report in ProgressReport.objects.all()} == {1}  # each written once
    # the template now carries what was saved (export format = import format)
    again = load_workbook(io.BytesIO(officer.get(reverse("reporting:bulk_excel")).content)).active
    assert {again.cell(row=r, column=6).value for r in (4, 5)} == {40, 100}


def test_one_bad_row_saves_nothing_and_names_the_row(officer, tasks, run_jobs):
    data = officer.get(reverse("reporting:bulk_excel")).content
    filled = fill(data, {4: ["Đang thực hiện", 40], 5: ["Đang thực hiện", 140], 6: ["Không rõ", 10]})
    job = job_of(send(officer, filled))
    run_jobs()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error.splitlines() == [
        "Chưa lưu báo cáo nào; hãy sửa tệp rồi tải lên lại.",
        "Dòng 5, cột “Tiến độ”: phải là số từ 0 đến 100.",
        "Dòng 6, cột “Tình trạng”: “Không rõ” không hợp lệ.",
    ]
    page = job_page(officer, job)
    assert "<br>".join(job.error.splitlines()[1:]) in page  # a line each
    assert not ProgressReport.objects.exists()


def test_garbage_and_other_agencies_are_refused(officer, users, tasks, agency_finance, run_jobs):
    response = officer.post(
        reverse("reporting:bulk_excel"), {"file": SimpleUploadedFile("bc.xlsx", b"not excel")}, follow=True
    )
    assert "Không đọc được tệp Excel" in response.content.decode()  # told at once: nothing queued
    assert not Job.objects.exists()
    foreign = task_led_by(agency_finance)
    data = officer.get(reverse("reporting:bulk_excel")).content
    wb = load_workbook(io.BytesIO(data))
    wb.active.cell(row=4, column=1, value=foreign.pk)
    wb.active.cell(row=4, column=5, value="Đang thực hiện")
    out = io.BytesIO()
    wb.save(out)
    job = job_of(send(officer, out.getvalue()))
    run_jobs()
    assert f"nhiệm vụ {foreign.pk} không thuộc đơn vị" in job_page(officer, job)
    assert not ProgressReport.objects.exists()
    officer.force_login(users["head"])
    assert officer.get(reverse("reporting:bulk_excel")).status_code == 403
    assert send(officer, data).status_code == 403
    assert Job.objects.count() == 1


def test_a_row_refused_when_saving_saves_none_of_the_others(officer, users, tasks, run_jobs):
    """The rows are written with the job's completion, in one transaction: a report sent for approval after the file
    was uploaded refuses its row at saving time, and the rows saved before it are rolled back."""
    data = officer.get(reverse("reporting:bulk_excel")).content
    ws = load_workbook(io.BytesIO(data)).active
    second = Task.objects.get(pk=ws.cell(row=5, column=1).value)  # row 4 is saved first, then this one refuses
    job = job_of(send(officer, fill(data, {4: ["Đang thực hiện", 40], 5: ["Đang thực hiện", 60]})))
    period = services.period_for(timezone.localdate())
    sent = ProgressReportFactory(task=second, period=period, agency=users["officer"].agency, status="submitted")
    run_jobs()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "Báo cáo đã gửi, không sửa được; chờ kết quả thẩm định." in job.error
    assert list(ProgressReport.objects.all()) == [sent]


def test_the_rows_are_saved_once_when_the_job_is_run_again(officer, users, tasks, run_jobs):
    """A worker that lost the job (its lease ran out) before saving: the job runs again and the rows are saved once;
    the lost worker coming back writes nothing."""
    data = officer.get(reverse("reporting:bulk_excel")).content
    job = job_of(send(officer, fill(data, {4: ["Đang thực hiện", 40], 5: ["Đang thực hiện", 50]})))
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, worker="elsewhere:1:a", attempts=1, lease_until="2000-01-01T00:00:00Z"
    )
    assert jobs_recover() == [job.pk]
    run_jobs()
    job_run(job.pk, worker="elsewhere:1:a")
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.DONE, 2)
    assert ProgressReport.objects.count() == 2
    assert {report.history.count() for report in ProgressReport.objects.all()} == {1}


def test_a_job_of_someone_who_no_longer_drafts_reports_saves_nothing(officer, users, tasks, run_jobs):
    data = officer.get(reverse("reporting:bulk_excel")).content
    job = job_of(send(officer, fill(data, {4: ["Đang thực hiện", 40]})))
    users["officer"].role = Role.AGENCY_HEAD
    users["officer"].save()
    run_jobs()
    job.refresh_from_db()
    assert (job.state, job.error) == (JobState.FAILED, "Chỉ chuyên viên đơn vị nhập báo cáo hàng loạt.")
    assert not ProgressReport.objects.exists()


def test_each_row_checked_moves_the_progress_bar(users, tasks):
    period = services.period_for(timezone.localdate())
    data = bulk.template_workbook(user=users["officer"], period=period)
    steps = []
    with progress_listening(lambda done, total, label: steps.append((done, total, label))):
        parsed = bulk.bulk_parse(user=users["officer"], period=period, data=fill(data, {4: ["Đang thực hiện", 40]}))
    assert len(parsed) == 1
    assert steps == [(1, 3, "dòng 1/3"), (2, 3, "dòng 2/3"), (3, 3, "dòng 3/3")]
