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
        officer.post(
            reverse("reporting:report_edit", args=[task.pk]),
            {"action": "file", "file": SimpleUploadedFile("bien-ban.pdf", PDF), "description": "Biên bản"},
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
        response = post_report(
            as_user(client, users["officer"]), task, "submit", state="completed", delivered_on="10/06/2026"
        )
        assert response.status_code == 200  # the page comes back with the message and the values typed
        assert "Báo cáo hoàn thành phải kèm minh chứng" in response.content.decode()
        assert ProgressReport.objects.get().status == ReportStatus.DRAFT

    def test_wrong_content_is_refused_whatever_its_name(self, client, users, task):
        officer = as_user(client, users["officer"])
        response = officer.post(
            reverse("reporting:report_edit", args=[task.pk]),
            {"action": "file", "file": SimpleUploadedFile("bao-cao.pdf", b"<html>not a pdf")},
        )
        assert "không phải PDF" in response.content.decode()
        assert not Evidence.objects.exists()


class ReportPermissionTests:
    def test_other_agency_cannot_report_nor_download(self, client, users, task):
        officer = as_user(client, users["officer"])
        post_report(officer, task, "save")
        officer.post(
            reverse("reporting:report_edit", args=[task.pk]),
            {"action": "file", "file": SimpleUploadedFile("x.pdf", PDF)},
        )
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
