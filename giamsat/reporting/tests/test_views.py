"""Reporting pages: who reaches what, the journey through the views, and evidence downloads."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from giamsat.directives.tests.factories import task_led_by
from giamsat.reporting.choices import ReportStatus
from giamsat.reporting.models import Evidence, ProgressReport, Review

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def task(agency_skhcn):
    return task_led_by(agency_skhcn, deadline=timezone.localdate() + datetime.timedelta(days=30))


def as_user(client, user):
    client.force_login(user)
    return client


def post_report(client, task, action, **fields):
    data = {
        "state": "in_progress",
        "progress_percent": "40",
        "work_done": "Đã khảo sát",
        "product": "",
        "delivered_on": "",
        "difficulties": "",
        "proposals": "",
        "action": action,
        **fields,
    }
    return client.post(reverse("reporting:report_edit", args=[task.pk]), data)


class ReportJourneyTests:
    def test_draft_evidence_submit_approve_return_resubmit_accept(self, client, users, task):
        officer = as_user(client, users["officer"])
        assert post_report(officer, task, "save").status_code == 302
        report = ProgressReport.objects.get()
        assert report.status == ReportStatus.DRAFT
        post_report(
            officer,
            task,
            "save",
            **{"file-file": SimpleUploadedFile("bien-ban.pdf", PDF), "file-description": "Biên bản"},
        )
        evidence = Evidence.objects.get()
        response = post_report(
            officer, task, "submit", state="completed", delivered_on="10/06/2026", product="Quyết định"
        )
        assert response.status_code == 302
        report.refresh_from_db()
        assert (report.status, report.delivered_on) == (ReportStatus.SUBMITTED, datetime.date(2026, 6, 10))

        head = as_user(client, users["head"])
        head.post(reverse("reporting:report_edit", args=[task.pk]), {"action": "approve"})
        report.refresh_from_db()
        assert report.status == ReportStatus.APPROVED

        office = as_user(client, users["standing_office"])
        assert report in office.get(reverse("reporting:review_queue")).context["reports"]
        office.post(reverse("reporting:report_review", args=[report.pk]), {"decision": "return", "comment": ""})
        report.refresh_from_db()
        assert report.status == ReportStatus.APPROVED  # a return without a comment is refused
        office.post(
            reverse("reporting:report_review", args=[report.pk]),
            {"decision": "return", "comment": "Bổ sung quyết định có chữ ký"},
        )
        report.refresh_from_db()
        assert report.status == ReportStatus.RETURNED

        officer = as_user(client, users["officer"])
        assert (
            "Bổ sung quyết định có chữ ký"
            in officer.get(reverse("reporting:report_edit", args=[task.pk])).content.decode()
        )
        post_report(officer, task, "submit", state="completed", delivered_on="10/06/2026", product="Quyết định số 5")
        as_user(client, users["head"]).post(reverse("reporting:report_edit", args=[task.pk]), {"action": "approve"})
        as_user(client, users["standing_office"]).post(
            reverse("reporting:report_review", args=[report.pk]), {"decision": "accept", "comment": ""}
        )
        report.refresh_from_db()
        assert report.status == ReportStatus.ACCEPTED
        assert list(Review.objects.values_list("decision", flat=True).order_by("created_at")) == [
            "returned",
            "accepted",
        ]
        assert evidence.report == report

    def test_completion_without_evidence_shows_the_message(self, client, users, task):
        officer = as_user(client, users["officer"])
        response = post_report(officer, task, "submit", state="completed", delivered_on="10/06/2026")
        assert response.status_code == 302  # the draft is saved; the page says why it was not sent
        page = officer.get(response.url).content.decode()
        assert "chưa gửi được" in page and "Báo cáo hoàn thành phải kèm minh chứng" in page
        assert ProgressReport.objects.get().status == ReportStatus.DRAFT

    def test_wrong_content_is_refused_whatever_its_name(self, client, users, task):
        officer = as_user(client, users["officer"])
        response = post_report(
            officer,
            task,
            "save",
            work_done="Đã họp 3 lần",
            **{"file-file": SimpleUploadedFile("bao-cao.pdf", b"<html>")},
        )
        page = response.content.decode()
        assert response.status_code == 200 and "không phải PDF" in page
        assert "Đã họp 3 lần" in page and "hãy chọn lại tệp" in page  # what was typed is still there
        assert not Evidence.objects.exists() and not ProgressReport.objects.exists()  # nothing half-written


class ReportPermissionTests:
    def test_other_agency_cannot_report_nor_download(self, client, users, task):
        officer = as_user(client, users["officer"])
        post_report(officer, task, "save", **{"file-file": SimpleUploadedFile("x.pdf", PDF)})
        evidence = Evidence.objects.get()
        url = reverse("reporting:evidence_download", args=[evidence.pk])
        response = officer.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF

        other = as_user(client, users["other_officer"])
        assert other.get(reverse("reporting:report_edit", args=[task.pk])).status_code == 404  # internal task
        assert other.get(url).status_code == 404
        assert other.get(reverse("reporting:report_review", args=[evidence.report_id])).status_code == 404
        before = ProgressReport.objects.values().get()
        assert post_report(other, task, "save").status_code == 404
        assert ProgressReport.objects.values().get() == before

        for who, code in (("leader", 200), ("standing_office", 200), ("head", 200)):
            assert as_user(client, users[who]).get(url).status_code == code, who

    @pytest.mark.parametrize("who", ["officer", "head", "other_officer", "leader"])
    def test_only_the_standing_office_reviews(self, client, users, task, who):
        as_user(client, users["officer"])
        post_report(client, task, "submit")
        as_user(client, users["head"]).post(reverse("reporting:report_edit", args=[task.pk]), {"action": "approve"})
        report = ProgressReport.objects.get()
        c = as_user(client, users[who])
        assert c.get(reverse("reporting:review_queue")).status_code == 403
        c.post(reverse("reporting:report_review", args=[report.pk]), {"decision": "accept"})
        report.refresh_from_db()
        assert report.status == ReportStatus.APPROVED and not Review.objects.exists()

    def test_my_reports_lists_the_agency_tasks_and_what_is_missing(self, client, users, task, agency_finance):
        task_led_by(agency_finance)
        response = as_user(client, users["officer"]).get(reverse("reporting:my_reports"))
        assert [row["task"] for row in response.context["rows"]] == [task]
        assert response.context["missing"] == 1
        assert "Chưa báo cáo" in response.content.decode()


class OneFormTests:
    """Text, progress and evidence are one form: whatever the officer clicks first, nothing typed is lost."""

    def test_text_typed_then_evidence_added_keeps_both(self, client, users, task):
        officer = as_user(client, users["officer"])
        response = post_report(
            officer,
            task,
            "save",
            work_done="Đã ban hành kế hoạch triển khai",
            **{"file-file": SimpleUploadedFile("ke-hoach.pdf", PDF), "ref-document_number": "12/KH-SKHCN"},
        )
        assert response.status_code == 302
        report = ProgressReport.objects.get()
        assert report.work_done == "Đã ban hành kế hoạch triển khai"
        assert sorted(report.evidence.values_list("kind", flat=True)) == ["document", "file"]
        page = officer.get(reverse("reporting:report_edit", args=[task.pk])).content.decode()
        assert "Đã ban hành kế hoạch triển khai" in page and "ke-hoach.pdf" in page

    def test_evidence_ticked_for_removal_goes_with_the_next_save(self, client, users, task):
        officer = as_user(client, users["officer"])
        post_report(officer, task, "save", **{"file-file": SimpleUploadedFile("nham.pdf", PDF)})
        evidence = Evidence.objects.get()
        post_report(officer, task, "save", work_done="Sửa lại", remove_evidence=str(evidence.pk))
        assert not Evidence.objects.exists()
        assert ProgressReport.objects.get().work_done == "Sửa lại"

    def test_a_failed_submit_still_saves_the_draft(self, client, users, task):
        officer = as_user(client, users["officer"])
        post_report(officer, task, "submit", state="completed", work_done="Đã xong", delivered_on="")
        report = ProgressReport.objects.get()
        assert (report.status, report.work_done) == (ReportStatus.DRAFT, "Đã xong")

    def test_autosave_saves_the_text_and_answers_json(self, client, users, task):
        officer = as_user(client, users["officer"])
        url = reverse("reporting:report_edit", args=[task.pk])
        data = {"state": "in_progress", "progress_percent": "30", "work_done": "Đang gõ dở"}
        response = officer.post(url, data, headers={"X-Autosave": "1"})
        assert response.status_code == 200 and response.json()["saved"]
        assert ProgressReport.objects.get().work_done == "Đang gõ dở"
        wrong = officer.post(url, {**data, "progress_percent": "140"}, headers={"X-Autosave": "1"})
        assert wrong.status_code == 400 and not wrong.json()["saved"]
        assert ProgressReport.objects.get().progress_percent == 30


class ReversibleStepTests:
    def test_head_returns_with_a_comment_officer_revises_and_resends(self, client, users, task):
        post_report(as_user(client, users["officer"]), task, "submit", work_done="Bản đầu")
        head = as_user(client, users["head"])
        url = reverse("reporting:report_edit", args=[task.pk])
        head.post(url, {"action": "head_return", "comment": ""})
        assert ProgressReport.objects.get().status == ReportStatus.SUBMITTED  # no comment: refused
        head.post(url, {"action": "head_return", "comment": "Bổ sung số liệu tháng"})
        report = ProgressReport.objects.get()
        assert report.status == ReportStatus.RETURNED
        officer = as_user(client, users["officer"])
        assert "Bổ sung số liệu tháng" in officer.get(url).content.decode()
        post_report(officer, task, "submit", work_done="Bản đã bổ sung")
        report.refresh_from_db()
        assert (report.status, report.work_done) == (ReportStatus.SUBMITTED, "Bản đã bổ sung")
        assert list(report.steps.values_list("action", flat=True)) == ["submitted", "head_returned", "submitted"]

    def test_officer_withdraws_until_the_head_acts(self, client, users, task):
        officer = as_user(client, users["officer"])
        url = reverse("reporting:report_edit", args=[task.pk])
        post_report(officer, task, "submit")
        officer.post(url, {"action": "withdraw"})
        report = ProgressReport.objects.get()
        assert (report.status, report.submitted_at) == (ReportStatus.DRAFT, None)
        post_report(officer, task, "submit")
        as_user(client, users["head"]).post(url, {"action": "approve"})
        response = as_user(client, users["officer"]).post(url, {"action": "withdraw"}, follow=True)
        report.refresh_from_db()
        assert report.status == ReportStatus.APPROVED
        assert "thao tác của bạn không được thực hiện" in response.content.decode()

    def test_two_reviewers_at_once_one_wins_the_other_is_told(self, client, users, task):
        post_report(as_user(client, users["officer"]), task, "submit")
        as_user(client, users["head"]).post(reverse("reporting:report_edit", args=[task.pk]), {"action": "approve"})
        report = ProgressReport.objects.get()
        url = reverse("reporting:report_review", args=[report.pk])
        office = as_user(client, users["standing_office"])
        assert office.get(url).status_code == 200  # both reviewers have the page open
        office.post(url, {"decision": "accept", "comment": ""})
        response = office.post(url, {"decision": "return", "comment": "Thiếu minh chứng"}, follow=True)
        assert "đã được" in response.content.decode() and "chấp nhận báo cáo" in response.content.decode()
        report.refresh_from_db()
        assert report.status == ReportStatus.ACCEPTED
        assert list(Review.objects.values_list("decision", flat=True)) == ["accepted"]


class EvidencePreviewTests:
    def test_pdf_is_shown_inline_to_readers_only(self, client, users, task):
        officer = as_user(client, users["officer"])
        post_report(officer, task, "save", **{"file-file": SimpleUploadedFile("x.pdf", PDF)})
        url = reverse("reporting:evidence_view", args=[Evidence.objects.get().pk])
        response = officer.get(url)
        assert response.status_code == 200 and response["Content-Disposition"] == "inline"
        assert response["X-Frame-Options"] == "SAMEORIGIN" and "sandbox" in response["Content-Security-Policy"]
        assert as_user(client, users["other_officer"]).get(url).status_code == 404


def test_the_head_approves_a_report_of_an_earlier_period(client, users, task):
    """A report sent on the last day of a month still reaches the head in the next one (`?ky=YYYY-M`)."""
    from giamsat.reporting import services
    from giamsat.reporting.tests.factories import ReportingPeriodFactory

    today = timezone.localdate()
    earlier = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    period = ReportingPeriodFactory(year=earlier.year, month=earlier.month)
    report = services.report_save_draft(task=task, period=period, data={"work_done": "x"}, acting_user=users["officer"])
    services.report_submit(report=report, acting_user=users["officer"])
    head = as_user(client, users["head"])
    queue = head.get(reverse("reporting:my_reports")).content.decode()
    link = f"{reverse('reporting:report_edit', args=[task.pk])}?ky={earlier.year}-{earlier.month}"
    assert link in queue
    head.post(link, {"action": "approve"})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert head.get(f"{reverse('reporting:report_edit', args=[task.pk])}?ky=1999-1").status_code == 404
