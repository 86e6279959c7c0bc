"""An agency system submits its monthly reports through the API, then syncs incrementally."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from giamsat.directives.tests.factories import task_led_by
from giamsat.reporting.models import ProgressReport

from .conftest import bearer

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_reports_created_through_the_api_then_updated_since_returns_exactly_the_changed(
    client, tokens, agency_skhcn, users
):
    headers = bearer(tokens["agency_write"])
    tasks = [task_led_by(agency_skhcn, title=f"Nhiệm vụ {i}", deadline=datetime.date(2026, 12, 31)) for i in range(3)]
    with time_machine.travel(datetime.datetime(2026, 11, 10, 9, tzinfo=datetime.UTC), tick=False):
        created = [
            client.post(
                "/api/v1/reports/",
                {"task": task.pk, "period": "2026-11", "state": "in_progress", "progress_percent": 40 + i},
                "application/json",
                **headers,
            )
            for i, task in enumerate(tasks)
        ]
    assert [r.status_code for r in created] == [201, 201, 201]
    ids = [r.json()["id"] for r in created]
    assert ProgressReport.objects.filter(pk__in=ids, agency=agency_skhcn).count() == 3
    report = ProgressReport.objects.get(pk=ids[0])
    assert report.history.first().history_user == tokens["agency_write"].token.user  # audited as the system

    since = "2026-11-12T00:00:00+07:00"
    with time_machine.travel(datetime.datetime(2026, 11, 12, 9, tzinfo=datetime.UTC), tick=False):
        patched = client.patch(f"/api/v1/reports/{ids[1]}/", {"work_done": "Đã lắp đặt"}, "application/json", **headers)
        assert patched.status_code == 200
        evidence = client.post(
            f"/api/v1/reports/{ids[2]}/evidence/",
            {"file": _upload("bien-ban.pdf", PDF), "description": "Biên bản nghiệm thu"},
            **headers,
        )
        assert evidence.status_code == 201, evidence.content
        submitted = client.post(f"/api/v1/reports/{ids[2]}/submit/", **headers)
        assert submitted.status_code == 200
        assert submitted.json()["status"] == "submitted"
    changed = client.get("/api/v1/reports/", {"updated_since": since}, **headers).json()
    assert sorted(r["id"] for r in changed["results"]) == sorted(ids[1:])
    assert changed["count"] == 2
    everything = client.get("/api/v1/reports/", {"updated_since": "2026-11-01T00:00:00+07:00"}, **headers).json()
    assert sorted(r["id"] for r in everything["results"]) == sorted(ids)
    with_file = next(r for r in changed["results"] if r["id"] == ids[2])
    assert with_file["evidence"][0]["sha256"] and with_file["evidence"][0]["original_name"] == "bien-ban.pdf"
    assert timezone.is_aware(datetime.datetime.fromisoformat(with_file["submitted_at"]))


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")
