"""Events notify the right people where they happen: each step of the reporting workflow tells the next person, an
import tells the agencies given a new task; nobody hears of a secret task they may not see."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from giamsat.accounts.choices import Role
from giamsat.accounts.tests.factories import UserFactory
from giamsat.directives.choices import AssignmentRole, Confidentiality
from giamsat.directives.importing import import_batch_confirm, import_batch_stage
from giamsat.directives.models import Task
from giamsat.directives.samples import SAMPLE_DIR
from giamsat.directives.services import TASK_NOTICES_PER_DIRECTIVE, directive_import_draft
from giamsat.directives.tests.factories import task_led_by
from giamsat.notifications.choices import NotificationKind
from giamsat.notifications.models import Notification
from giamsat.reporting.services import (
    period_for,
    report_approve,
    report_enter_on_behalf,
    report_return_to_officer,
    report_review,
    report_save_draft,
    report_submit,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def received(user, kind=None) -> list[Notification]:
    found = Notification.objects.filter(recipient=user).order_by("pk")
    return list(found.filter(kind=kind) if kind else found)


def everyone_but(users, *keys) -> list:
    return [user for key, user in users.items() if key not in keys]


class ReportWorkflowTests:
    @pytest.fixture
    def task(self, agency_skhcn):
        return task_led_by(
            agency_skhcn, title="Xây dựng kho dữ liệu số dùng chung", deadline=datetime.date(2026, 12, 31)
        )

    @pytest.fixture
    def report(self, users, task):
        period = period_for(datetime.date.today())
        return report_save_draft(
            task=task, period=period, data={"work_done": "Đã khảo sát"}, acting_user=users["officer"]
        )

    def page_of(self, report) -> str:
        return (
            f"{reverse('reporting:report_edit', args=[report.task_id])}?ky={report.period.year}-{report.period.month}"
        )

    def test_submitted_the_agency_heads_have_a_report_waiting(self, users, report, agency_skhcn):
        second_head = UserFactory(username="head2", role=Role.AGENCY_HEAD, agency=agency_skhcn)
        report_submit(report=report, acting_user=users["officer"])
        for head in (users["head"], second_head):
            (notice,) = received(head)
            assert notice.kind == NotificationKind.REPORT_WAITING and notice.url == self.page_of(report)
            assert "Báo cáo chờ duyệt" in notice.title and "Xây dựng kho dữ liệu số dùng chung" in notice.body
        assert not Notification.objects.exclude(recipient__in=[users["head"], second_head]).exists()

    def test_approved_the_standing_office_has_it_waiting_and_the_author_is_told(self, users, report):
        report_submit(report=report, acting_user=users["officer"])
        report_approve(report=report, acting_user=users["head"])
        (waiting,) = received(users["standing_office"])
        assert waiting.kind == NotificationKind.REPORT_WAITING
        assert waiting.url == reverse("reporting:report_review", args=[report.pk])
        (approved,) = received(users["officer"])
        assert approved.kind == NotificationKind.REPORT_APPROVED and approved.url == self.page_of(report)
        # the leader, the administrator, the inspector and the other agency hear nothing of it
        assert not Notification.objects.filter(
            recipient__in=everyone_but(users, "standing_office", "officer", "head")
        ).exists()

    def test_returned_by_the_standing_office_the_author_reads_the_comment_on_the_report_page(
        self, client, users, report
    ):
        report_submit(report=report, acting_user=users["officer"])
        report_approve(report=report, acting_user=users["head"])
        comment = "Bổ sung biên bản nghiệm thu kho dữ liệu"
        report_review(report=report, decision="returned", comment=comment, acting_user=users["standing_office"])
        (returned,) = received(users["officer"], NotificationKind.REPORT_RETURNED)
        assert "Cơ quan Thường trực trả lại báo cáo" in returned.title and comment in returned.body
        client.force_login(users["officer"])
        page = client.get(returned.url)
        assert page.status_code == 200 and comment in page.content.decode()

    def test_accepted_the_author_is_told(self, users, report):
        report_submit(report=report, acting_user=users["officer"])
        report_approve(report=report, acting_user=users["head"])
        report_review(report=report, decision="accepted", comment="", acting_user=users["standing_office"])
        (accepted,) = received(users["officer"], NotificationKind.REPORT_ACCEPTED)
        assert accepted.url == self.page_of(report) and accepted.body == "Xây dựng kho dữ liệu số dùng chung"

    def test_returned_by_the_head_the_author_reads_the_head_s_comment(self, users, report):
        report_submit(report=report, acting_user=users["officer"])
        report_return_to_officer(report=report, comment="Ghi rõ số quyết định", acting_user=users["head"])
        (returned,) = received(users["officer"], NotificationKind.REPORT_RETURNED)
        assert "Lãnh đạo đơn vị trả lại báo cáo" in returned.title and "Ghi rõ số quyết định" in returned.body

    def test_a_report_entered_on_the_agency_s_behalf_is_returned_to_its_officers(self, users, task, agency_skhcn):
        second_officer = UserFactory(username="officer2", role=Role.AGENCY_OFFICER, agency=agency_skhcn)
        report = report_enter_on_behalf(
            task=task,
            period=period_for(datetime.date.today()),
            agency=agency_skhcn,
            data={"work_done": "Theo văn bản giấy"},
            scan=("bao-cao.pdf", PDF),
            acting_user=users["standing_office"],
        )
        report_review(report=report, decision="returned", comment="Thiếu chữ ký", acting_user=users["standing_office"])
        assert [n.kind for n in received(users["officer"])] == [NotificationKind.REPORT_RETURNED]
        assert [n.kind for n in received(second_officer)] == [NotificationKind.REPORT_RETURNED]
        assert received(users["head"]) == []

    def test_a_secret_task_s_report_is_named_to_nobody_in_the_agency(self, users, agency_skhcn):
        secret = task_led_by(agency_skhcn, title="Nhiệm vụ mật về an ninh mạng", confidentiality=Confidentiality.SECRET)
        report = report_enter_on_behalf(
            task=secret,
            period=period_for(datetime.date.today()),
            agency=agency_skhcn,
            data={},
            scan=("bao-cao.pdf", PDF),
            acting_user=users["standing_office"],
        )
        report_review(report=report, decision="returned", comment="Bổ sung", acting_user=users["standing_office"])
        assert not Notification.objects.filter(recipient__in=[users["officer"], users["head"]]).exists()
        assert not Notification.objects.filter(body__contains="an ninh mạng").exists()


DOCUMENT = {
    "number": "21-KH/BCĐ",
    "type": "Kế hoạch",
    "issued_on": "2026-05-04",
    "issuer": "Cơ quan Thường trực Ban Chỉ đạo",
    "title": "Kế hoạch thử nghiệm",
    "working_year": 2026,
}


def draft_task(ref, **overrides):
    task = {
        "ref": ref,
        "title": f"Nhiệm vụ thử {ref}",
        "lead": ["Sở KH&CN"],
        "coordinating": [],
        "directing": ["UBND tỉnh"],
        "deadline": "2026-12-31",
        "deadline_text": "Năm 2026",
        "deadline_kind": "date",
        "recurring": False,
    }
    task.update(overrides)
    return task


class TaskAssignedTests:
    def test_the_lead_and_coordinating_agencies_people_hear_of_their_new_task(self, users):
        """Sở KH&CN leads; the group "Các sở, ban, ngành" coordinates: Sở Tài chính, a member, hears too."""
        result = directive_import_draft(
            document=DOCUMENT,
            tasks=[draft_task("1", coordinating=["Các sở, ban, ngành"])],
            source_reference="t:1",
            acting_user=users["standing_office"],
        )
        task = result.directive.tasks.get()
        for key in ("officer", "head", "other_officer"):
            (notice,) = received(users[key])
            assert notice.kind == NotificationKind.TASK_ASSIGNED
            assert notice.url == reverse("directives:task_detail", args=[task.pk])
            assert str(task) in notice.title and "Nhiệm vụ thử 1" in notice.body and "31/12/2026" in notice.body
        assert not Notification.objects.filter(
            recipient__in=[users["standing_office"], users["leader"], users["administrator"], users["inspector"]]
        ).exists()

    def test_a_re_import_tells_only_an_agency_new_to_the_task(self, users, agency_finance):
        directive_import_draft(document=DOCUMENT, tasks=[draft_task("1")], source_reference="t:2")
        directive_import_draft(document=DOCUMENT, tasks=[draft_task("1", title="Sửa tiêu đề")], source_reference="t:2")
        assert len(received(users["officer"])) == 1 and received(users["other_officer"]) == []
        directive_import_draft(
            document=DOCUMENT, tasks=[draft_task("1", coordinating=["Sở Tài chính"])], source_reference="t:2"
        )
        assert len(received(users["officer"])) == 1
        assert [n.kind for n in received(users["other_officer"])] == [NotificationKind.TASK_ASSIGNED]

    def test_a_directing_agency_is_not_told(self, users):
        directive_import_draft(
            document=DOCUMENT,
            tasks=[draft_task("1", lead=["Sở Tài chính"], directing=["Sở KH&CN"])],
            source_reference="t:3",
        )
        assert received(users["officer"]) == [] and len(received(users["other_officer"])) == 1

    def test_a_secret_task_is_named_to_nobody_in_the_agencies(self, users):
        directive_import_draft(
            document=DOCUMENT,
            tasks=[draft_task("1", title="Nhiệm vụ mật")],
            source_reference="t:4",
            confidentiality=Confidentiality.SECRET,
        )
        assert Task.objects.get().assignments.filter(role=AssignmentRole.LEAD).exists()
        assert not Notification.objects.exists()

    def test_many_tasks_of_one_directive_make_one_notice(self, users):
        many = TASK_NOTICES_PER_DIRECTIVE + 1
        tasks = [draft_task(str(i)) for i in range(1, many + 1)]
        tasks.append(draft_task("99", lead=["Sở Tài chính"]))
        result = directive_import_draft(document=DOCUMENT, tasks=tasks, source_reference="t:5")
        (notice,) = received(users["officer"])
        assert notice.title == f"{many} nhiệm vụ mới giao cho đơn vị theo văn bản 21-KH/BCĐ"
        assert notice.url == f"{reverse('directives:task_list')}?directive={result.directive.pk}"
        (single,) = received(users["other_officer"])
        assert "Nhiệm vụ mới giao cho đơn vị" in single.title

    def test_the_confirmed_review_screen_import_notifies_and_a_refused_one_does_not(self, users):
        sample = SAMPLE_DIR / "002_025e011caf0adbee.txt"
        office = users["standing_office"]
        confirm = {"acting_user": office, "confidentiality": Confidentiality.INTERNAL, "document_overrides": {}}
        batch = import_batch_stage(data=sample.read_bytes(), name=sample.name, acting_user=office)
        with pytest.raises(ValidationError):  # a link to a task that does not exist: nothing written, nobody told
            import_batch_confirm(batch=batch, tasks=[draft_task("1")], links={"1": 10**9}, **confirm)
        assert not Notification.objects.exists()
        import_batch_confirm(batch=batch, tasks=[draft_task("1")], links={}, **confirm)
        assert [n.kind for n in received(users["officer"])] == [NotificationKind.TASK_ASSIGNED]
