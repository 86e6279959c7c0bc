"""The API allows what the pages allow, no more: agency tokens stay inside their agency, scopes limit writes."""

import datetime

import pytest
from django.utils import timezone

from giamsat.directives.choices import Confidentiality
from giamsat.directives.tests.factories import task_led_by
from giamsat.reporting.models import ProgressReport
from giamsat.reporting.services import period_for, report_save_draft

from .conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbour(users, agency_finance):
    """An internal task of Sở Tài chính only, with its draft report carrying an internal narrative."""
    task = task_led_by(agency_finance, title="Rà soát dự toán nội bộ", deadline=datetime.date(2026, 12, 31))
    report = report_save_draft(
        task=task,
        period=period_for(timezone.localdate()),
        data={"work_done": "Nội dung nội bộ của Sở Tài chính"},
        acting_user=users["other_officer"],
    )
    return task, report


@pytest.fixture
def own(agency_skhcn):
    return task_led_by(agency_skhcn, title="Xây dựng kho dữ liệu KH&CN", deadline=datetime.date(2026, 12, 31))


def this_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


@pytest.mark.parametrize("kind", ["agency_read", "agency_write"])
def test_an_agency_token_cannot_read_the_neighbours_internal_data(client, tokens, neighbour, own, kind):
    task, report = neighbour
    headers = bearer(tokens[kind])
    listed = client.get("/api/v1/tasks/", {"page_size": 500}, **headers).json()["results"]
    assert own.pk in {t["id"] for t in listed} and task.pk not in {t["id"] for t in listed}
    assert client.get(f"/api/v1/tasks/{task.pk}/", **headers).status_code == 404
    assert client.get(f"/api/v1/reports/{report.pk}/", **headers).status_code == 404
    reports = client.get("/api/v1/reports/", **headers).content.decode()
    assert "Nội dung nội bộ của Sở Tài chính" not in reports


def test_an_agency_token_cannot_write_anything_of_another_agency(client, tokens, neighbour):
    task, report = neighbour
    headers = bearer(tokens["agency_write"])
    before = list(ProgressReport.objects.values())
    created = client.post(
        "/api/v1/reports/", {"task": task.pk, "period": this_month(), "work_done": "x"}, "application/json", **headers
    )
    assert created.status_code == 404
    patched = client.patch(f"/api/v1/reports/{report.pk}/", {"work_done": "y"}, "application/json", **headers)
    assert patched.status_code == 404
    assert client.post(f"/api/v1/reports/{report.pk}/submit/", **headers).status_code == 404
    evidence = client.post(f"/api/v1/reports/{report.pk}/evidence/", {"url": "https://a.vn"}, **headers)
    assert evidence.status_code == 404
    assert list(ProgressReport.objects.values()) == before


def test_a_read_token_cannot_write_even_its_own_agencys_reports(client, tokens, own):
    response = client.post(
        "/api/v1/reports/",
        {"task": own.pk, "period": this_month(), "work_done": "x"},
        "application/json",
        **bearer(tokens["agency_read"]),
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not ProgressReport.objects.exists()


def test_only_the_standing_office_reviews_and_sees_the_dashboard(client, tokens, own):
    for kind in ("agency_read", "agency_write"):
        assert client.get("/api/v1/dashboard/", **bearer(tokens[kind])).status_code == 403
        review = client.post("/api/v1/reviews/", {"report": 1, "decision": "accepted"}, **bearer(tokens[kind]))
        assert review.status_code == 403
    assert client.get("/api/v1/dashboard/", **bearer(tokens["office"])).status_code == 200


def test_a_public_token_and_anonymous_callers_reach_only_public_endpoints(client, tokens, own):
    for headers in (bearer(tokens["public"]), {}):
        assert client.get("/api/v1/tasks/", **headers).status_code in (401, 403)
        assert client.get("/api/v1/reports/", **headers).status_code in (401, 403)
        assert client.get("/api/v1/agencies/", **headers).status_code == 200
        assert client.post("/api/v1/agencies/", {}, **headers).status_code in (401, 403, 405)


def test_secret_tasks_stay_with_the_standing_office(client, tokens, agency_skhcn):
    secret = task_led_by(agency_skhcn, title="Nhiệm vụ mật", confidentiality=Confidentiality.SECRET)
    assert client.get(f"/api/v1/tasks/{secret.pk}/", **bearer(tokens["agency_read"])).status_code == 404
    assert client.get(f"/api/v1/tasks/{secret.pk}/", **bearer(tokens["office"])).status_code == 200


def test_session_users_need_csrf_for_writes(users, own):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["officer"])
    response = browser.post("/api/v1/reports/", {"task": own.pk, "period": this_month()}, "application/json")
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_open_data_through_the_api_without_authentication(client, tokens, agency_skhcn, own):
    public = task_led_by(agency_skhcn, title="Công khai kết quả chuyển đổi số", confidentiality=Confidentiality.PUBLIC)
    secret = task_led_by(agency_skhcn, title="Nhiệm vụ mật tuyệt đối", confidentiality=Confidentiality.SECRET)
    for headers in ({}, bearer(tokens["public"]), bearer(tokens["agency_read"])):
        body = client.get("/api/v1/public/tasks/", **headers).json()
        assert [row["id"] for row in body["results"]] == [public.pk]
        assert set(body["results"][0]) == {
            "id", "directive_number", "directive_title", "ref", "title", "lead", "deadline", "deadline_text",
            "status", "status_label", "completed_on", "public_results", "public_evidence_count",
            "parts_done", "parts_total",
        }  # fmt: skip
        assert (body["results"][0]["parts_done"], body["results"][0]["parts_total"]) == (0, 1)
    found = client.get("/api/v1/public/tasks/", {"q": "chuyen doi so"}).json()
    assert [row["id"] for row in found["results"]] == [public.pk]
    assert secret.title not in client.get("/api/v1/public/tasks/", {"q": "mat"}).content.decode()
    assert own.title not in client.get("/api/v1/public/tasks/").content.decode()  # internal
    assert client.post("/api/v1/public/tasks/", {}).status_code in (401, 403, 405)  # read only
