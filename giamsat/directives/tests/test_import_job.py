"""The `directive_import` job end to end, in this process (the worker's pass): a file becomes one staged batch,
whatever happens to the worker; a file that cannot be read fails with the reason in Vietnamese and stages nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from giamsat.directives.jobs import DIRECTIVE_IMPORT
from giamsat.directives.models import Directive, ImportBatch
from giamsat.directives.samples import SAMPLE_DIR
from giamsat.extraction.tests.documents import make_docx, make_pdf
from giamsat.jobs.choices import JobState
from giamsat.jobs.models import Job
from giamsat.jobs.runner import job_run, jobs_recover
from giamsat.jobs.services import job_start

from .test_import_review import NOTICE_COLUMNS, NOTICE_HEAD, NOTICE_ROWS, landing

pytestmark = pytest.mark.django_db

SEED_003 = SAMPLE_DIR / "003_02333590f65b17dc.txt"


def start(owner, data: bytes, name: str) -> Job:
    return job_start(
        DIRECTIVE_IMPORT,
        owner=owner,
        title=f"Nhập văn bản chỉ đạo: {name}",
        params={"open_result": True},
        input_data=data,
        input_name=name,
    )


def test_a_pdf_becomes_one_staged_batch_and_the_job_opens_its_review(client, users, run_jobs):
    office = users["standing_office"]
    rows = [
        [str(n), f"Nhiệm vụ chuyển đổi số thứ {n} " + "của các cơ quan " * 10, "Sở Nội vụ", "", "Quý IV"]
        for n in range(1, 31)
    ]
    data = make_pdf(NOTICE_HEAD, NOTICE_COLUMNS, rows)  # several pages
    job = start(office, data, "tb-20.pdf")
    run_jobs()
    job.refresh_from_db()
    batch = ImportBatch.objects.get()
    assert (job.state, job.progress, job.attempts) == (JobState.DONE, 100, 1)
    assert job.result_url == reverse("directives:import_preview", args=[batch.pk])
    assert job.result_note == "Đã tách 30 nhiệm vụ; hãy xem lại trước khi nhập."
    assert (batch.original_name, batch.created_by, batch.status) == ("tb-20.pdf", office, ImportBatch.Status.STAGED)
    assert batch.file.read() == data
    assert batch.draft["document"]["number"] == "20-TB/CQTT" and len(batch.draft["tasks"]) == 30
    client.force_login(office)
    assert landing(client, job) == job.result_url
    run_jobs()
    job_run(job.pk)  # done already: nothing happens
    assert ImportBatch.objects.count() == 1 and not Directive.objects.exists()


def test_a_job_run_again_after_its_worker_was_lost_stages_one_batch(users, run_jobs):
    job = start(users["standing_office"], SEED_003.read_bytes(), "kh-02.txt")
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, worker="elsewhere:1:a", attempts=1, lease_until="2000-01-01T00:00:00Z"
    )
    assert jobs_recover() == [job.pk]
    run_jobs()
    job_run(job.pk, worker="elsewhere:1:a")  # the lost worker comes back: the job is no longer queued
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.DONE, 2)
    assert ImportBatch.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("hong.pdf", b"%PDF-1.4\n garbage", "Không đọc được tệp PDF: tệp bị hỏng hoặc không đúng định dạng."),
        ("rong.docx", make_docx(NOTICE_HEAD, ["STT", "Ghi chú"], []), "Không tìm thấy nhiệm vụ nào"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "Không đọc được tệp: định dạng không được hỗ trợ."),
    ],
)
def test_a_file_that_cannot_be_read_fails_with_its_reason_and_stages_nothing(
    client, users, run_jobs, name, data, message
):
    job = start(users["standing_office"], data, name)
    run_jobs()
    job.refresh_from_db()
    assert job.state == JobState.FAILED and message in job.error
    assert not ImportBatch.objects.exists()
    client.force_login(users["standing_office"])
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'data-state="failed"' in page and message in page
    assert landing(client, job) == ""


def test_the_job_of_someone_who_may_no_longer_import_stages_nothing(users, run_jobs):
    job = start(users["officer"], SEED_003.read_bytes(), "kh-02.txt")
    run_jobs()
    job.refresh_from_db()
    assert (job.state, job.error) == (JobState.FAILED, "Chỉ Cơ quan Thường trực được nhập văn bản.")
    assert not ImportBatch.objects.exists()


def test_the_upload_page_still_lists_the_recent_batches(client, users, run_jobs):
    client.force_login(users["standing_office"])
    data = make_docx(NOTICE_HEAD, NOTICE_COLUMNS, NOTICE_ROWS)
    client.post(reverse("directives:import_upload"), {"file": SimpleUploadedFile("tb-20.docx", data)})
    run_jobs()
    page = client.get(reverse("directives:import_upload")).content.decode()
    batch = ImportBatch.objects.get()
    assert f'href="{reverse("directives:import_preview", args=[batch.pk])}">tb-20.docx</a>' in page
    assert reverse("jobs:list") in page  # where the jobs are followed
