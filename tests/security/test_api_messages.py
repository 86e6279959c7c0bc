"""Issue 16: the API's validation messages came back in English (Django REST framework's own words); they are
Vietnamese by default, like the rest of the API, and English only for someone who chose English."""

import pytest
from django.conf import settings

from giamsat.api.tests.conftest import bearer, tokens  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

ENGLISH = ("Ensure", "This field", "valid", "required", "Expected", "format", "not a")


def post(client, issued, data, **extra):
    response = client.post("/api/v1/reports/", data, content_type="application/json", **bearer(issued), **extra)
    assert response.status_code == 400, response.content
    return response.json()


def messages(body) -> str:
    return " ".join(message for field in body["errors"].values() for message in field)


class ApiValidationMessagesTests:
    def test_field_errors_are_vietnamese(self, client, tokens):  # noqa: F811
        body = post(client, tokens["agency_write"], {"period": "2026-11", "progress_percent": 150, "state": "xyz"})
        assert body["code"] == "invalid" and body["message"] == "Dữ liệu không hợp lệ."
        assert body["errors"]["task"] == ["Trường này là bắt buộc."]
        assert body["errors"]["progress_percent"] == ["Giá trị phải nhỏ hơn hoặc bằng 100."]
        assert body["errors"]["state"] == ["“xyz” không phải là một lựa chọn hợp lệ."]
        assert not [word for word in ENGLISH if word in messages(body)], messages(body)

    def test_wrong_types_and_formats_are_vietnamese(self, client, tokens):  # noqa: F811
        body = post(
            client,
            tokens["agency_write"],
            {"task": "abc", "period": "2026-11", "progress_percent": "nhiều", "delivered_on": "31/12/2026"},
        )
        assert body["errors"]["task"] == ["Cần một số nguyên hợp lệ."]
        assert body["errors"]["progress_percent"] == ["Cần một số nguyên hợp lệ."]
        assert body["errors"]["delivered_on"][0].startswith("Ngày sai định dạng.")
        assert not [word for word in ENGLISH if word in messages(body)], messages(body)

    def test_english_only_when_chosen(self, client, tokens):  # noqa: F811
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        body = post(client, tokens["agency_write"], {"period": "2026-11", "progress_percent": 150})
        assert body["errors"]["progress_percent"] == ["Ensure this value is less than or equal to 100."]

    def test_browser_language_does_not_switch_to_english(self, client, tokens):  # noqa: F811
        body = post(client, tokens["agency_write"], {"period": "2026-11"}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert body["errors"]["task"] == ["Trường này là bắt buộc."]
