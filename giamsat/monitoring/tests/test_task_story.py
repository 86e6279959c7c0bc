"""The task page tells the task's whole story to whoever may read it: every report with its evidence and steps,
every deadline change with its deciding document; an agency reads its own reports only, even from a cached page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from giamsat.directives.choices import AssignmentRole, Confidentiality
from giamsat.directives.services import task_change_deadline
from giamsat.directives.tests.factories import TaskAssignmentFactory, task_led_by
from giamsat.reporting import services
from giamsat.reporting.choices import ReportStatus
from giamsat.reporting.models import ProgressReport

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def task(agency_skhcn, agency_finance):
    task = task_led_by(
        agency_skhcn, confidentiality=Confidentiality.PUBLIC, deadline=timezone.localdate() + datetime.timedelta(30)
    )
    TaskAssignmentFactory(task=task, agency=agency_finance, role=AssignmentRole.COORDINATING)
    return task


def accepted_report(users, task):
    officer, head, office = users["officer"], users["head"], users["standing_office"]
    period = services.period_for(timezone.localdate())
    report = services.report_update(
        task=task,
        period=period,
        data={"work_done": "Đã đưa nền tảng vào vận hành", "difficulties": "Thiếu nhân lực"},
        files=(("quyet-dinh.pdf", PDF, "Quyết định"),),
        acting_user=officer,
    )
    services.report_submit(report=report, acting_user=officer)
    services.report_return_to_officer(report=report, comment="Ghi rõ số quyết định", acting_user=head)
    services.report_submit(report=report, acting_user=officer)
    services.report_approve(report=report, acting_user=head)
    services.report_review(report=report, decision="accepted", comment="Đạt yêu cầu", acting_user=office)
    return report


def page(client, user, task) -> str:
    client.force_login(user)
    response = client.get(reverse("directives:task_detail", args=[task.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_standing_office_reads_every_report_step_and_deadline_change(client, users, task):
    accepted_report(users, task)
    task_change_deadline(
        task=task,
        new_deadline=task.deadline + datetime.timedelta(days=60),
        new_deadline_text="",
        decided_by_number="88-TB/BCĐ",
        acting_user=users["standing_office"],
    )
    text = page(client, users["standing_office"], task)
    for expected in (
        "Đã đưa nền tảng vào vận hành",
        "Thiếu nhân lực",
        "quyet-dinh.pdf",
        "Ghi rõ số quyết định",  # the head's return
        "Đạt yêu cầu",  # the standing office's acceptance
        "chấp nhận báo cáo",
        "88-TB/BCĐ",
    ):
        assert expected in text, expected
    assert text.index("Diễn biến thực hiện") < text.index("Lịch sử thay đổi")


def test_an_agency_reads_its_own_reports_only_even_after_another_agency_cached_the_page(client, users, task):
    accepted_report(users, task)
    mine = page(client, users["officer"], task)
    assert "Đã đưa nền tảng vào vận hành" in mine
    theirs = page(client, users["other_officer"], task)  # same visibility, the body comes from the cache
    assert "Diễn biến thực hiện" in theirs and "Đã đưa nền tảng vào vận hành" not in theirs


class EnterOnBehalfTests:
    def test_the_standing_office_enters_a_paper_report_with_its_scan(self, client, users, task, agency_finance):
        client.force_login(users["standing_office"])
        url = reverse("reporting:enter_on_behalf", args=[task.pk])
        response = client.post(
            url,
            {
                "agency": agency_finance.pk,
                "scan": SimpleUploadedFile("cong-van.pdf", PDF),
                "note": "Công văn 45/STC-KHTC",
                "state": "in_progress",
                "progress_percent": "60",
                "work_done": "Đã bố trí kinh phí",
                "difficulties": "",
                "proposals": "",
                "product": "",
                "delivered_on": "",
            },
        )
        report = ProgressReport.objects.get(agency=agency_finance)
        assert response.status_code == 302
        assert (report.status, report.entered_by) == (ReportStatus.APPROVED, users["standing_office"])
        assert report.evidence.get().original_name == "cong-van.pdf"
        assert list(report.steps.values_list("action", "comment")) == [("entered", "Công văn 45/STC-KHTC")]
        text = page(client, users["standing_office"], task)
        assert "nhập thay" in text and "Đã bố trí kinh phí" in text

    @pytest.mark.parametrize("who", ["officer", "head", "leader"])
    def test_only_the_standing_office_enters(self, client, users, task, who):
        client.force_login(users[who])
        assert client.get(reverse("reporting:enter_on_behalf", args=[task.pk])).status_code == 403

    def test_only_the_task_agencies_are_offered(self, client, users, task):
        client.force_login(users["standing_office"])
        response = client.get(reverse("reporting:enter_on_behalf", args=[task.pk]))
        offered = set(response.context["form"].fields["agency"].queryset.values_list("pk", flat=True))
        assert offered == set(task.assignments.values_list("agency_id", flat=True))
        assert len(offered) == 2
