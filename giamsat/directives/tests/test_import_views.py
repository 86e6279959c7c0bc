"""Directive import in the web UI: upload, preview with corrections, confirm atomically, lineage."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from giamsat.agencies.models import Agency
from giamsat.directives.choices import AssignmentRole
from giamsat.directives.models import DeadlineChange, Directive, ImportBatch, Task, TaskAssignment
from giamsat.directives.samples import SAMPLE_DIR, samples_load
from giamsat.extraction.tests.documents import make_docx
from giamsat.jobs.choices import JobState
from giamsat.jobs.models import Job

from .test_import_review import Screen, job_of, landing

pytestmark = pytest.mark.django_db

SEED_003 = SAMPLE_DIR / "003_02333590f65b17dc.txt"


@pytest.fixture
def upload(client, run_jobs):
    """Send a file to the upload form, then run the queued work as the worker would: the form's answer."""

    def send(name: str, data: bytes):
        response = client.post(reverse("directives:import_upload"), {"file": SimpleUploadedFile(name, data)})
        run_jobs()
        return response

    return send


class ImportPermissionTests:
    @pytest.mark.parametrize("who", ["officer", "head", "other_officer", "leader"])
    def test_only_the_standing_office_imports(self, client, users, upload, who):
        client.force_login(users[who])
        assert client.get(reverse("directives:import_upload")).status_code == 403
        response = upload("x.txt", SEED_003.read_bytes())
        assert response.status_code == 403
        assert not Job.objects.exists()
        assert not ImportBatch.objects.exists() and not Directive.objects.exists()


class ImportFlowTests:
    def test_unreadable_file_gets_a_vietnamese_error_and_writes_nothing(self, client, users, upload):
        client.force_login(users["standing_office"])
        job = job_of(upload("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100))
        job.refresh_from_db()
        assert job.state == JobState.FAILED and "định dạng không được hỗ trợ" in job.error
        assert landing(client, job) == ""  # the page stays, and says why
        page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        assert "Không đọc được tệp: định dạng không được hỗ trợ." in page
        assert not ImportBatch.objects.exists() and not Task.objects.exists()

    def test_upload_preview_correct_confirm(self, client, users, upload):
        client.force_login(users["standing_office"])
        text = SEED_003.read_text(encoding="utf-8").replace("Sở Tư pháp\n", "Sở Ngoại vụ\n", 1)
        job = job_of(upload("ke-hoach-02.txt", text.encode()))
        batch = ImportBatch.objects.get()
        job.refresh_from_db()
        assert (job.state, job.progress, job.input_name) == (JobState.DONE, 100, "ke-hoach-02.txt")
        assert job.result_url == reverse("directives:import_preview", args=[batch.pk])
        assert landing(client, job) == job.result_url  # the job's page moves on to the review by itself
        assert (batch.original_name, batch.created_by) == ("ke-hoach-02.txt", users["standing_office"])
        assert not Directive.objects.exists()  # staged only

        preview = client.get(job.result_url)
        body = preview.content.decode()
        assert preview.status_code == 200
        assert body.count('data-ref="') == len(batch.draft["tasks"]) >= 34
        assert "Chưa có trong danh mục" in body and "“Sở Ngoại vụ”" in body

        screen = Screen(client, batch, preview)
        justice = Agency.objects.get(name="Sở Tư pháp")
        screen.set("number", "02-KH/BCĐ").set("issued_on", "18/10/2025").set("confidentiality", "public")
        screen.set(screen.name("8", "lead-0"), justice.name)
        screen.set(screen.name("1", "deadline"), "31/12/2025").set(screen.name("1", "deadline_kind"), "date")
        response = screen.submit()
        directive = Directive.objects.get(number="02-KH/BCĐ")
        assert response.status_code == 302
        assert response.url == reverse("directives:directive_detail", args=[directive.pk])
        task8 = directive.tasks.get(ref="8")
        lead = task8.assignments.get(role=AssignmentRole.LEAD)
        assert (lead.agency, lead.printed_name) == (justice, "Sở Ngoại vụ")
        first = directive.tasks.get(ref="1")
        assert (first.deadline, first.deadline_kind) == (datetime.date(2025, 12, 31), "date")
        assert directive.tasks.filter(confidentiality="public").count() == directive.tasks.count()
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.CONFIRMED and batch.directive == directive
        assert directive.original_file.name == batch.file.name
        assert first.history.first().history_user == users["standing_office"]

        again = client.post(reverse("directives:import_preview", args=[batch.pk]), {"confirm": "1"})
        assert again.status_code == 200  # a confirmed batch cannot be confirmed twice
        assert directive.tasks.count() == len(batch.draft["tasks"])

    def test_bad_deadline_in_the_preview_is_refused_and_nothing_written(self, client, users, upload):
        client.force_login(users["standing_office"])
        upload("kh.txt", SEED_003.read_bytes())
        batch = ImportBatch.objects.get()
        screen = Screen(client, batch)
        response = screen.set(screen.name(screen.refs[0], "deadline"), "31/13/2025").submit()
        assert response.status_code == 200
        assert "Thời hạn “31/13/2025” không đúng dạng dd/mm/yyyy." in screen.html
        assert screen.get(screen.name(screen.refs[0], "deadline")) == ["31/13/2025"]
        assert not Directive.objects.exists() and not TaskAssignment.objects.exists()

    def test_reimporting_the_same_document_changes_nothing(self, client, users, upload):
        client.force_login(users["standing_office"])
        counts = []
        for _ in range(2):
            upload("kh.txt", SEED_003.read_bytes())
            batch = ImportBatch.objects.order_by("-pk").first()
            assert Screen(client, batch).set("number", "02-KH/BCĐ").submit().status_code == 302
            counts.append(
                (
                    Directive.objects.count(),
                    Task.objects.count(),
                    Task.history.count(),
                    TaskAssignment.objects.count(),
                    TaskAssignment.history.count(),
                )
            )
        assert counts[0] == counts[1]
        assert counts[0][0] == 1 and counts[0][1] == len(batch.draft["tasks"])

    def test_a_repeated_task_is_proposed_and_recorded_as_lineage(self, client, users, upload):
        samples_load()
        earlier = Task.objects.get(directive__number="13-TB/CQTT", ref="9")
        data = make_docx(
            ["Số 20-TB/CQTT", "Thái Nguyên, ngày 15 tháng 5 năm 2026", "THÔNG BÁO KẾT LUẬN"],
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
            [["1", earlier.title, "Sở Tài chính, Sở KH&CN", "Quý II"]],
        )
        client.force_login(users["standing_office"])
        upload("tb-20.docx", data)
        batch = ImportBatch.objects.get()
        assert batch.draft["lineage"]["1"]["task_id"] == earlier.pk
        screen = Screen(client, batch)
        assert "Có thể là cùng nhiệm vụ đã giao: 13-TB/CQTT · 9" in screen.html
        assert screen.get(screen.name("1", "link")) == []  # proposed, never ticked for the reviewer
        assert screen.set(screen.name("1", "link"), str(earlier.pk)).submit().status_code == 302
        later = Task.objects.get(directive__number="20-TB/CQTT", ref="1")
        earlier.refresh_from_db()
        assert later.previous == earlier
        assert earlier.deadline == datetime.date(2026, 6, 30)
        change = DeadlineChange.objects.get(task=earlier)
        assert (change.old_deadline, change.decided_by.number, change.changed_by) == (
            datetime.date(2026, 9, 30),
            "20-TB/CQTT",
            users["standing_office"],
        )
