"""Errors, conditional requests, rate limits and the schema: what a client programs against."""

import datetime
import re
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from giamsat.api.tokens import token_create
from giamsat.directives.tests.factories import task_led_by

from .conftest import bearer

pytestmark = pytest.mark.django_db


def test_validation_errors_come_per_field_in_vietnamese(client, tokens, agency_skhcn):
    task = task_led_by(agency_skhcn, deadline=datetime.date(2026, 12, 31))
    response = client.post(
        "/api/v1/reports/",
        {"task": task.pk, "period": "2026-13", "progress_percent": 140},
        "application/json",
        **bearer(tokens["agency_write"]),
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["message"] == "Dữ liệu không hợp lệ."
    assert body["errors"]["period"] == ["Kỳ báo cáo phải có dạng YYYY-MM, ví dụ 2026-11."]
    assert set(body["errors"]) == {"period", "progress_percent"}


def test_a_rule_of_the_service_arrives_as_the_pages_say_it(client, tokens, agency_skhcn):
    task = task_led_by(agency_skhcn, deadline=datetime.date(2026, 12, 31))
    headers = bearer(tokens["agency_write"])
    month = timezone.localdate().strftime("%Y-%m")
    report = client.post(
        "/api/v1/reports/", {"task": task.pk, "period": month, "state": "completed"}, "application/json", **headers
    ).json()
    response = client.post(f"/api/v1/reports/{report['id']}/submit/", **headers)
    assert response.status_code == 400
    message = response.json()["errors"]["non_field_errors"][0]
    assert message.startswith("Báo cáo hoàn thành phải kèm minh chứng")


def test_bad_json_and_bad_dates_are_explained(client, tokens):
    headers = bearer(tokens["agency_write"])
    broken = client.post("/api/v1/reports/", "{not json", "application/json", **headers)
    assert broken.status_code == 400 and broken.json()["code"] == "parse_error"
    dated = client.get("/api/v1/tasks/", {"as_of": "31/02/2026"}, **bearer(tokens["office"]))
    assert dated.status_code == 400
    assert dated.json()["errors"]["as_of"] == ["Ngày không hợp lệ: 31/02/2026 (định dạng dd/mm/yyyy)"]


def test_lists_carry_an_etag_and_answer_304_when_unchanged(client, tokens, agency_skhcn):
    task_led_by(agency_skhcn, deadline=datetime.date(2026, 12, 31))
    headers = bearer(tokens["office"])
    first = client.get("/api/v1/tasks/", **headers)
    etag = first["ETag"]
    assert client.get("/api/v1/tasks/", HTTP_IF_NONE_MATCH=etag, **headers).status_code == 304
    task_led_by(agency_skhcn, deadline=datetime.date(2026, 12, 30))
    changed = client.get("/api/v1/tasks/", HTTP_IF_NONE_MATCH=etag, **headers)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_tasks_filter_by_status_as_of_a_date_and_updated_since(client, tokens, agency_skhcn):
    late = task_led_by(agency_skhcn, deadline=datetime.date(2026, 3, 31))
    task_led_by(agency_skhcn, deadline=datetime.date(2026, 12, 31))
    headers = bearer(tokens["agency_read"])
    overdue = client.get("/api/v1/tasks/", {"status": "overdue", "as_of": "2026-06-30"}, **headers).json()
    assert [t["id"] for t in overdue["results"]] == [late.pk]
    assert overdue["results"][0]["overdue_days"] == 91
    none_yet = client.get("/api/v1/tasks/", {"status": "overdue", "as_of": "2026-03-31"}, **headers).json()
    assert none_yet["count"] == 0
    future = (timezone.now() + datetime.timedelta(hours=1)).isoformat()
    assert client.get("/api/v1/tasks/", {"updated_since": future}, **headers).json()["count"] == 0


def test_rate_limit_per_token_in_redis(client, users, agency_skhcn):
    """The real Redis the production workers share; the fourth call in a minute is refused."""
    shared = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": f"giamsat-test-{uuid.uuid4().hex}",
    }
    redis = {"default": shared, "throttle": shared}  # as base.py configures them with REDIS_URL
    with override_settings(CACHES=redis):
        caches.close_all()
        try:
            slow = token_create(
                name="Chậm",
                scope="agency_read",
                agency=agency_skhcn,
                acting_user=users["administrator"],
                rate_per_minute=3,
            )
            other = token_create(
                name="Khác",
                scope="agency_read",
                agency=agency_skhcn,
                acting_user=users["administrator"],
                rate_per_minute=3,
            )
            codes = [client.get("/api/v1/agencies/", **bearer(slow)).status_code for _ in range(4)]
            assert codes == [200, 200, 200, 429]
            refused = client.get("/api/v1/agencies/", **bearer(slow))
            assert refused.json()["code"] == "throttled" and int(refused["Retry-After"]) > 0
            assert client.get("/api/v1/agencies/", **bearer(other)).status_code == 200  # its own budget
        finally:
            caches["default"].clear()
            caches.close_all()


def test_every_field_in_the_schema_has_a_vietnamese_description(client, tokens):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json", **bearer(tokens["public"]))
    assert response.status_code == 200
    schema = response.json()
    missing = []
    for name, component in schema["components"]["schemas"].items():
        for field, prop in component.get("properties", {}).items():
            if not prop.get("description") and "$ref" not in prop and "allOf" not in prop:
                missing.append(f"{name}.{field}")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if not parameter.get("description"):
                    missing.append(f"{method.upper()} {path} ?{parameter['name']}")
    assert missing == []
    assert "Dữ liệu không hợp lệ" not in str(missing)


def test_the_api_docs_page_loads_nothing_from_outside(client, users):
    client.force_login(users["officer"])  # behind sign-in unless API_DOCS_PUBLIC (tests/security/test_headers.py)
    html = client.get("/api/docs/").content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert not re.findall(r"(?:src|href)=\"https?://", html)


@pytest.mark.parametrize(
    "since", ["3541-06-06T03:35:14+21:27", "9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+01:00"]
)
def test_updated_since_takes_any_offset_python_reads(client, tokens, since):
    """PostgreSQL refuses offsets beyond ±15:59 and Python's calendar ends at year 9999 (found by Schemathesis)."""
    for path in ("/api/v1/agencies/", "/api/v1/reviews/", "/api/v1/reports/", "/api/v1/tasks/"):
        assert client.get(path, {"updated_since": since}, **bearer(tokens["office"])).status_code == 200
