"""An agency system sends a month's report in one request: draft, evidence and submission, all or nothing."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from giamsat.directives.tests.factories import task_led_by
from giamsat.reporting.models import Evidence, ProgressReport

from .conftest import bearer

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NOVEMBER = datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC)


def pdf(name="bien-ban.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def task(agency_skhcn):
    return task_led_by(agency_skhcn, title="Triển khai nền tảng số", deadline=datetime.date(2026, 12, 31))


def send(client, token, **fields):
    with time_machine.travel(NOVEMBER, tick=False):
        return client.post("/api/v1/reports/send/", fields, **bearer(token))


def test_one_request_drafts_attaches_and_submits(client, tokens, task, agency_skhcn):
    response = send(
        client,
        tokens["agency_write"],
        task=task.pk,
        period="2026-11",
        state="completed",
        delivered_on="2026-11-05",
        product="Nền tảng đã vận hành",
        file=pdf(),
        evidence_description="Biên bản nghiệm thu",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted" and body["progress_percent"] == 100
    assert [(e["original_name"], e["description"]) for e in body["evidence"]] == [
        ("bien-ban.pdf", "Biên bản nghiệm thu")
    ]
    report = ProgressReport.objects.get(pk=body["id"])
    assert (report.agency, report.task, report.status) == (agency_skhcn, task, "submitted")
    assert report.submitted_by == tokens["agency_write"].token.user
    assert report.history.first().history_user == tokens["agency_write"].token.user


def test_a_reference_can_stand_for_the_file(client, tokens, task):
    response = send(
        client,
        tokens["agency_write"],
        task=task.pk,
        period="2026-11",
        state="in_progress",
        progress_percent=50,
        document_number="123/QĐ-SKHCN",
        document_date="2026-11-03",
    )
    assert response.status_code == 201, response.content
    assert [(e["kind"], e["document_number"]) for e in response.json()["evidence"]] == [("document", "123/QĐ-SKHCN")]


def test_a_document_date_without_its_number_is_refused_not_dropped(client, tokens, task):
    response = send(
        client, tokens["agency_write"], task=task.pk, period="2026-11", state="in_progress", document_date="2026-11-03"
    )
    assert response.status_code == 400
    assert "số văn bản" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_completion_without_evidence_writes_nothing(client, tokens, task):
    response = send(
        client, tokens["agency_write"], task=task.pk, period="2026-11", state="completed", delivered_on="2026-11-05"
    )
    assert response.status_code == 400
    assert "minh chứng" in response.content.decode()
    assert not ProgressReport.objects.exists()  # the draft of the first step rolled back with the rest


def test_a_bad_file_writes_nothing(client, tokens, task):
    response = send(
        client,
        tokens["agency_write"],
        task=task.pk,
        period="2026-11",
        state="in_progress",
        file=pdf("virus.exe", b"MZ\x90\x00not a document"),
    )
    assert response.status_code == 400
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


def test_a_report_already_sent_is_not_sent_again(client, tokens, task):
    first = send(client, tokens["agency_write"], task=task.pk, period="2026-11", state="in_progress")
    assert first.status_code == 201
    again = send(client, tokens["agency_write"], task=task.pk, period="2026-11", state="in_progress")
    assert again.status_code == 400
    assert ProgressReport.objects.get().pk == first.json()["id"]


@pytest.mark.parametrize(
    ("token", "expected"),
    [("neighbour_write", 404), ("agency_read", 403), ("office", 403), ("public", 403)],
)
def test_only_a_writer_of_an_agency_on_the_task_may_send(client, tokens, task, token, expected):
    response = send(client, tokens[token], task=task.pk, period="2026-11", state="in_progress", file=pdf())
    assert response.status_code == expected
    assert not ProgressReport.objects.exists()


def test_anonymous_may_not_send(client, task):
    response = client.post("/api/v1/reports/send/", {"task": task.pk, "period": "2026-11"})
    assert response.status_code in (401, 403)
    assert not ProgressReport.objects.exists()


def test_a_sent_report_can_be_withdrawn_until_the_head_acts(client, tokens, task, users):
    body = send(client, tokens["agency_write"], task=task.pk, period="2026-11", work_done="Bản nháp gửi nhầm").json()
    with time_machine.travel(NOVEMBER, tick=False):
        response = client.post(f"/api/v1/reports/{body['id']}/withdraw/", **bearer(tokens["agency_write"]))
    assert response.status_code == 200 and response.json()["status"] == "draft"
    again = client.post(f"/api/v1/reports/{body['id']}/withdraw/", **bearer(tokens["agency_write"]))
    assert again.status_code == 400  # nothing sent to withdraw: a clear error, not a second withdrawal


def test_the_head_returns_a_report_with_a_comment(client, tokens, task, users):
    body = send(client, tokens["agency_write"], task=task.pk, period="2026-11", work_done="Bản đầu").json()
    client.force_login(users["head"])
    url = f"/api/v1/reports/{body['id']}/return/"
    assert client.post(url, {}, content_type="application/json").status_code == 400  # comment required
    response = client.post(url, {"comment": "Bổ sung số liệu"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "returned"
    report = ProgressReport.objects.get(pk=body["id"])
    assert list(report.steps.values_list("action", "comment")) == [
        ("submitted", ""),
        ("head_returned", "Bổ sung số liệu"),
    ]
