"""The admin in Vietnamese, third-party apps included (giamsat/config/apps.py, giamsat/locale/vi)."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_login_protection_app_and_its_models_in_vietnamese(client, users):
    client.force_login(users["administrator"])
    body = client.get(reverse("admin:index")).content.decode()
    assert "Bảo vệ đăng nhập" in body and "Lượt đăng nhập sai" in body and "Nhật ký đăng nhập" in body
    assert "Access attempts" not in body and "Axes" not in body
    changelist = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Thời điểm" in changelist and "Attempt Time" not in changelist
    assert "Show counts" not in changelist and "Hiện số lượng" in changelist


def test_in_english_they_keep_their_english_names(client, users):
    client.force_login(users["administrator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("admin:index")).content.decode()
    assert "Login protection" in body and "Access attempts" in body and "Lượt đăng nhập sai" not in body
