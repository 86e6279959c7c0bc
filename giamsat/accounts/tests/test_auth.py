"""Signing in and out in Vietnamese, throttled failed logins, roles and the demo accounts."""

import pytest
from django.urls import reverse

from giamsat.accounts.choices import Role
from giamsat.accounts.models import User
from giamsat.accounts.services import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_accounts_ensure
from giamsat.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


class LoginTests:
    def test_login_page_is_vietnamese(self, client):
        body = client.get(reverse("accounts:login")).content.decode()
        assert '<html lang="vi">' in body
        assert "Đăng nhập hệ thống" in body and "Mật khẩu" in body

    def test_english_is_the_second_language(self, client):
        client.cookies["django_language"] = "en"
        body = client.get(reverse("accounts:login")).content.decode()
        assert '<html lang="en">' in body

    def test_sign_in_and_out(self, client, users):
        response = client.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
        assert response.status_code == 302
        assert client.get(reverse("directives:task_list")).status_code == 200
        client.post(reverse("accounts:logout"))
        assert client.get(reverse("directives:task_list")).status_code == 302

    def test_wrong_password_gets_a_vietnamese_error(self, client, users):
        response = client.post(reverse("accounts:login"), {"username": "officer", "password": "sai"})
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()

    def test_failed_logins_are_throttled(self, client, users, settings):
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            client.post(reverse("accounts:login"), {"username": "officer", "password": "sai"})
        response = client.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
        assert response.status_code == 429
        assert "Tạm khóa đăng nhập" in response.content.decode()
        assert client.get(reverse("directives:task_list")).status_code == 302

    def test_password_change(self, client, users):
        client.force_login(users["officer"])
        assert "Đổi mật khẩu" in client.get(reverse("accounts:password_change")).content.decode()
        response = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "Mot-mat-khau-moi-2026",
                "new_password2": "Mot-mat-khau-moi-2026",
            },
        )
        assert response.status_code == 302
        users["officer"].refresh_from_db()
        assert users["officer"].check_password("Mot-mat-khau-moi-2026")


class RoleTests:
    def test_staff_access_follows_the_role(self, users):
        assert users["standing_office"].is_staff and not users["standing_office"].is_superuser
        assert users["administrator"].is_superuser
        for who in ("officer", "head", "other_officer", "leader"):
            assert not users[who].is_staff, who

    def test_agency_roles_need_an_agency(self, registry):
        user = User(username="x", role=Role.AGENCY_OFFICER)
        with pytest.raises(Exception, match="phải thuộc một cơ quan"):
            user.full_clean()

    def test_full_name_is_in_vietnamese_order(self):
        assert User(first_name="Mai", last_name="Trần Thị").get_full_name() == "Trần Thị Mai"


class DemoAccountTests:
    def test_one_account_per_role_and_idempotent(self, client, registry):
        demo_accounts_ensure()
        demo_accounts_ensure()
        assert User.objects.count() == len(DEMO_ACCOUNTS)
        assert {u.role for u in User.objects.all()} == set(Role.values)
        for account in DEMO_ACCOUNTS:
            response = client.post(reverse("accounts:login"), {"username": account.username, "password": DEMO_PASSWORD})
            assert response.status_code == 302, account.username
            client.post(reverse("accounts:logout"))
        assert User.objects.get(username="skhcn.chuyenvien").agency.name == "Sở Khoa học và Công nghệ"
        assert User.objects.get(username="xa.chuyenvien").agency.kind == "commune"

    def test_existing_password_is_not_reset(self, registry):
        demo_accounts_ensure()
        user = User.objects.get(username="cqtt")
        user.set_password("Mat-khau-rieng-2026")
        user.save()
        demo_accounts_ensure()
        user.refresh_from_db()
        assert user.check_password("Mat-khau-rieng-2026")


class LanguageTests:
    def test_vietnamese_even_when_the_browser_asks_for_english(self, client):
        body = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
        assert '<html lang="vi">' in body

    def test_the_language_switch_changes_the_language(self, client):
        response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
        assert response.status_code == 302
        assert '<html lang="en">' in client.get(reverse("accounts:login")).content.decode()

    def test_english_pages_are_translated(self, client, users):
        client.cookies["django_language"] = "en"
        client.force_login(users["officer"])
        body = client.get(reverse("directives:task_list")).content.decode()
        assert "Tasks of Sở Khoa học và Công nghệ" in body and "Lead agency" in body and "Sign out" in body

    def test_an_english_request_does_not_leave_english_behind(self, client):
        from django.utils import translation

        client.cookies["django_language"] = "en"
        client.get(reverse("accounts:login"))
        assert translation.get_language() == "vi"
