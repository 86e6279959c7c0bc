"""The reporting workflow, step by step, with permissions, evidence checks and history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from giamsat.directives.tests.factories import task_led_by
from giamsat.extraction.tests.documents import make_docx
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.status import end_of_day, task_status
from giamsat.reporting.choices import ReportStatus, WorkState
from giamsat.reporting.services import (
    evidence_add_file,
    evidence_add_reference,
    period_for,
    report_approve,
    report_review,
    report_save_draft,
    report_submit,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def moment(day: datetime.date) -> datetime.datetime:
    return end_of_day(day) - datetime.timedelta(hours=12)


@pytest.fixture
def task(agency_skhcn):
    return task_led_by(agency_skhcn, deadline=datetime.date(2026, 6, 30))


@pytest.fixture
def period():
    return period_for(datetime.date(2026, 6, 5))


class DraftTests:
    def test_only_officers_of_the_lead_or_coordinating_agency_report(self, users, task, period):
        for who in ("other_officer", "head", "leader", "standing_office"):
            with pytest.raises(PermissionDenied):
                report_save_draft(task=task, period=period, data={"work_done": "x"}, acting_user=users[who])
        report = report_save_draft(
            task=task, period=period, data={"work_done": "Đã khảo sát"}, acting_user=users["officer"]
        )
        assert report.agency == users["officer"].agency
        assert report.history.first().history_user == users["officer"]

    def test_closed_period_refuses_reports(self, users, task, period):
        period.is_open = False
        period.save()
        with pytest.raises(ValidationError, match="đã đóng"):
            report_save_draft(task=task, period=period, data={}, acting_user=users["officer"])


class EvidenceTests:
    def test_type_is_checked_by_content_not_name(self, users, task, period):
        report = report_save_draft(task=task, period=period, data={}, acting_user=users["officer"])
        with pytest.raises(ValidationError, match="không phải PDF"):
            evidence_add_file(
                report=report, name="bao-cao.pdf", data=b"MZ\x90\x00 not a pdf", acting_user=users["officer"]
            )
        docx = evidence_add_file(
            report=report, name="anh.jpg", data=make_docx([], ["A"], [["1"]]), acting_user=users["officer"]
        )
        assert docx.content_type.endswith("wordprocessingml.document")
        pdf = evidence_add_file(report=report, name="bien-ban.pdf", data=PDF, acting_user=users["officer"])
        assert (pdf.content_type, pdf.size, len(pdf.sha256)) == ("application/pdf", len(PDF), 64)

    def test_other_agency_cannot_add_evidence(self, users, task, period):
        report = report_save_draft(task=task, period=period, data={}, acting_user=users["officer"])
        with pytest.raises(PermissionDenied):
            evidence_add_file(report=report, name="x.pdf", data=PDF, acting_user=users["other_officer"])
        assert not report.evidence.exists()


class WorkflowTests:
    def test_completion_without_evidence_is_refused_with_a_clear_message(self, users, task, period):
        report = report_save_draft(
            task=task, period=period, data={"state": WorkState.COMPLETED}, acting_user=users["officer"]
        )
        with pytest.raises(ValidationError, match="Báo cáo hoàn thành phải kèm minh chứng .* và ngày hoàn thành"):
            report_submit(report=report, acting_user=users["officer"])
        report.refresh_from_db()
        assert report.status == ReportStatus.DRAFT

    def test_the_whole_journey_decides_the_status(self, users, task, period):
        officer, head, office = users["officer"], users["head"], users["standing_office"]
        report = report_save_draft(
            task=task,
            period=period,
            acting_user=officer,
            data={"state": WorkState.COMPLETED, "delivered_on": datetime.date(2026, 6, 12), "product": "Quyết định"},
        )
        evidence_add_file(report=report, name="qd.pdf", data=PDF, acting_user=officer)
        report_submit(report=report, acting_user=officer, now=moment(datetime.date(2026, 6, 13)))
        # Submitted to the head only: the standing office has nothing to confirm yet.
        assert task_status(task, datetime.date(2026, 6, 14)).status == TaskStatus.ON_TIME
        with pytest.raises(PermissionDenied):
            report_approve(report=report, acting_user=officer)
        report_approve(report=report, acting_user=head, now=moment(datetime.date(2026, 6, 14)))
        assert task_status(task, datetime.date(2026, 6, 13)).status == TaskStatus.ON_TIME
        assert task_status(task, datetime.date(2026, 6, 14)).status == TaskStatus.PENDING_VERIFICATION
        with pytest.raises(ValidationError, match="phải kèm ý kiến"):
            report_review(report=report, decision="returned", comment=" ", acting_user=office)
        report_review(
            report=report,
            decision="returned",
            comment="Thiếu quyết định có chữ ký",
            acting_user=office,
            now=moment(datetime.date(2026, 6, 15)),
        )
        report.refresh_from_db()
        assert report.status == ReportStatus.RETURNED
        assert task_status(task, datetime.date(2026, 6, 16)).status == TaskStatus.ON_TIME

        evidence_add_reference(
            report=report, document_number="123/QĐ-UBND", document_date=datetime.date(2026, 6, 12), acting_user=officer
        )
        report_submit(report=report, acting_user=officer, now=moment(datetime.date(2026, 6, 17)))
        report_approve(report=report, acting_user=head, now=moment(datetime.date(2026, 6, 18)))
        report_review(
            report=report, decision="accepted", comment="", acting_user=office, now=moment(datetime.date(2026, 7, 3))
        )
        result = task_status(task, datetime.date(2026, 7, 5))
        assert (result.status, result.completed_on) == (TaskStatus.DONE_ON_TIME, datetime.date(2026, 6, 12))
        assert task_status(task, datetime.date(2026, 7, 1)).status == TaskStatus.PENDING_VERIFICATION
        assert [r.decision for r in report.reviews.order_by("created_at")] == ["returned", "accepted"]
        assert {h.history_user for h in report.history.all()} >= {officer, head, office}

    def test_late_submission_is_allowed_and_marked_late(self, users, task, period):
        report = report_save_draft(task=task, period=period, data={"work_done": "x"}, acting_user=users["officer"])
        report_submit(report=report, acting_user=users["officer"], now=moment(datetime.date(2026, 6, 21)))
        assert report.is_late
        other = task_led_by(users["officer"].agency)
        on_time = report_save_draft(task=other, period=period, data={}, acting_user=users["officer"])
        report_submit(report=on_time, acting_user=users["officer"], now=moment(datetime.date(2026, 6, 20)))
        assert not on_time.is_late

    def test_submitted_report_cannot_be_edited(self, users, task, period):
        report = report_save_draft(task=task, period=period, data={}, acting_user=users["officer"])
        report_submit(report=report, acting_user=users["officer"])
        with pytest.raises(ValidationError, match="đã gửi"):
            report_save_draft(task=task, period=period, data={"work_done": "sửa"}, acting_user=users["officer"])
