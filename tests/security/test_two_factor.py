"""Issue 16: two-factor authentication (django-otp: an authenticator app and recovery codes).

Required for the roles of MFA_REQUIRED_ROLES (standing office, administrators, leaders), optional for everyone else.
Through the real login view, the pages, the admin and the API with the Django test client; the codes are computed
from the device's key as an authenticator app computes them (django-otp's oath module).
"""

import io
import re
from base64 import b32decode

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from giamsat.accounts import two_factor
from giamsat.accounts.choices import Role
from giamsat.accounts.policy import must_use_two_factor
from giamsat.accounts.tests.factories import PASSWORD, UserFactory, second_factor_device, totp_code
from giamsat.api.choices import TokenScope
from giamsat.api.tokens import token_create

pytestmark = pytest.mark.django_db

REQUIRED = ["standing_office", "leader", "administrator", "inspector"]
OPTIONAL = ["officer", "head"]
VERIFY = reverse("accounts:two_factor_verify")
ENROL = reverse("accounts:two_factor_enrol")
CODES = reverse("accounts:two_factor_recovery_codes")
ACCOUNT = reverse("accounts:two_factor")
DISABLE = reverse("accounts:two_factor_disable")
API_TASKS = "/api/v1/tasks/"


def sign_in(client: Client, username: str, password: str = PASSWORD):
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def enter(client: Client, url: str, code: str, **extra):
    return client.post(url, {"otp_token": code, **extra})


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def landing(client: Client, url: str = "/") -> str:
    """Where a GET of `url` ends up: its own path when it answers, else the path it is redirected to."""
    response = client.get(url)
    return response.url.split("?")[0] if response.status_code == 302 else url


def secret_on_page(body: str) -> str:
    return re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', body).group(1)


def code_for_secret(secret: str) -> str:
    return f"{TOTP(b32decode(secret.replace(' ', ''))).token():06d}"


def enrol_in(client: Client) -> list[str]:
    """Enrol from the page's key as a person with an authenticator app would; the recovery codes shown once."""
    body = client.get(ENROL).content.decode()
    response = enter(client, ENROL, code_for_secret(secret_on_page(body)))
    assert response.status_code == 302 and response.url.startswith(CODES), response.content.decode()[:800]
    page = client.get(response.url).content.decode()
    return re.findall(r"<li><code>([a-z2-7]{4})-([a-z2-7]{4})</code></li>", page)


# --- who must use it -------------------------------------------------------------------------------------------------


class PolicyTests:
    def test_required_for_the_standing_office_administrators_and_leaders_optional_for_the_rest(self, users):
        assert {who for who, user in users.items() if must_use_two_factor(user)} == set(REQUIRED)

    def test_a_superuser_counts_as_an_administrator(self, users):
        officer = users["officer"]
        officer.is_superuser = True
        assert must_use_two_factor(officer)

    def test_the_roles_come_from_the_setting(self, users, settings):
        settings.MFA_REQUIRED_ROLES = [Role.AGENCY_HEAD]
        assert {who for who, user in users.items() if must_use_two_factor(user)} == {"head"}
        settings.MFA_REQUIRED_ROLES = []
        assert not any(must_use_two_factor(user) for user in users.values())

    def test_an_unknown_role_in_the_setting_stops_the_application(self, settings):
        settings.MFA_REQUIRED_ROLES = ["leader", "lanh_dao"]
        with pytest.raises(ImproperlyConfigured, match="lanh_dao"):
            two_factor.check_required_roles()


# --- a required role without an authenticator: enrolment first -------------------------------------------------


class EnrolmentRequiredTests:
    @pytest.mark.parametrize("who", REQUIRED)
    def test_sent_to_enrolment_and_reaches_nothing_else(self, client, users, who):
        sign_in(client, users[who].username)
        pages = [
            "/",
            reverse("directives:task_list"),
            reverse("monitoring:dashboard"),
            reverse("accounts:password_change"),
            ACCOUNT,
            CODES,
            DISABLE,
            VERIFY,
            reverse("admin:index"),
            reverse("admin:accounts_user_changelist"),
        ]
        for url in pages:
            response = client.get(url)
            assert response.status_code == 302 and response.url.startswith(ENROL), url
        response = client.post(reverse("directives:task_list"))
        assert response.status_code == 302 and response.url.startswith(ENROL)
        assert client.get(API_TASKS).status_code in (401, 403)
        # htmx follows HX-Redirect
        response = client.get(reverse("directives:task_list"), HTTP_HX_REQUEST="true")
        assert response["HX-Redirect"].startswith(ENROL)
        # What stays open: the enrolment page, the public portal, the language switch, signing out.
        assert client.get(ENROL).status_code == 200
        assert client.get(reverse("portal:index")).status_code == 200
        assert client.post(reverse("set_language"), {"language": "vi", "next": "/"}).status_code == 302
        assert client.post(reverse("accounts:logout")).status_code == 302
        assert landing(client) == reverse("accounts:login")

    def test_the_page_asked_for_comes_after_enrolment(self, client, users):
        sign_in(client, users["leader"].username)
        response = client.get(reverse("monitoring:dashboard"))
        assert response.url == f"{ENROL}?next=%2Fgiam-sat%2Ftong-quan%2F"
        body = client.get(response.url).content.decode()
        response = enter(client, ENROL, code_for_secret(secret_on_page(body)), next=reverse("monitoring:dashboard"))
        page = client.get(response.url).content.decode()
        assert f'href="{reverse("monitoring:dashboard")}"' in page  # "Tôi đã lưu các mã, tiếp tục"

    def test_the_menu_waits_for_the_second_factor(self, client, users):
        sign_in(client, users["standing_office"].username)
        body = client.get(ENROL).content.decode()
        assert 'id="main-nav"' not in body and "Đăng xuất" in body
        assert "Vai trò của bạn bắt buộc dùng xác thực hai lớp" in body


class EnrolmentTests:
    def test_a_valid_code_enrols_then_ten_recovery_codes_are_shown_once(self, client, users, settings):
        settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code right after a wrong one
        leader = users["leader"]
        sign_in(client, leader.username)
        body = client.get(ENROL).content.decode()
        secret = secret_on_page(body)
        assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", secret)  # 160 bits, in groups of four
        assert "<svg" in body and "<title>Mã QR" in body  # drawn here: no image from elsewhere, works offline
        assert not re.search(r'(src|href)="https?://', body)
        device = TOTPDevice.objects.get(user=leader)
        assert not device.confirmed and two_factor.secret_in_groups(device) == secret
        assert client.get(ENROL).content.decode().count(secret) == 1  # the same key when the page is reloaded

        response = enter(client, ENROL, wrong(code_for_secret(secret)))
        assert response.status_code == 200 and "Mã không đúng" in response.content.decode()
        assert not TOTPDevice.objects.filter(user=leader, confirmed=True).exists()
        assert landing(client) == ENROL

        response = enter(client, ENROL, code_for_secret(secret))
        assert response.status_code == 302 and response.url.startswith(CODES)
        page = client.get(response.url).content.decode()
        shown = re.findall(r"<li><code>([a-z2-7]{4})-([a-z2-7]{4})</code></li>", page)
        assert len(shown) == 10 and len(set(shown)) == 10
        assert {a + b for a, b in shown} == set(
            StaticToken.objects.filter(device__user=leader).values_list("token", flat=True)
        )
        assert "In các mã" in page and "Chép các mã" in page and "chỉ hiển thị một lần" in page
        # Shown once: the page asked again offers new codes, never the same ones.
        again = client.get(CODES).content.decode()
        assert not any(a in again for a, _b in shown) and "Tạo mã dự phòng mới" in again
        assert TOTPDevice.objects.get(user=leader).confirmed
        assert landing(client, reverse("directives:task_list")) == reverse("directives:task_list")

    def test_someone_with_an_authenticator_cannot_enrol_another_before_its_code(self, client, users):
        device = second_factor_device(users["leader"])
        sign_in(client, users["leader"].username)
        response = client.get(ENROL)
        assert response.status_code == 302 and response.url.startswith(VERIFY)
        assert client.post(ENROL, {"otp_token": "123456"}).url.startswith(VERIFY)
        assert list(TOTPDevice.objects.filter(user=users["leader"])) == [device]


# --- signing in with an authenticator ------------------------------------------------------------------------------


class SignInTests:
    def test_password_then_code(self, client, users):
        device = second_factor_device(users["standing_office"])
        sign_in(client, "office")
        response = client.get(reverse("directives:task_list"))
        assert response.url == f"{VERIFY}?next=%2Fnhiem-vu%2F"
        body = client.get(response.url).content.decode()
        assert "Xác thực hai lớp" in body and 'id="main-nav"' not in body
        response = enter(client, VERIFY, totp_code(device), next=reverse("directives:task_list"))
        assert response.status_code == 302 and response.url == reverse("directives:task_list")
        assert client.get(reverse("directives:task_list")).status_code == 200
        assert client.get(API_TASKS).status_code == 200

    def test_a_wrong_code_is_refused(self, client, users, settings):
        settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code right after a wrong one (throttling: below)
        device = second_factor_device(users["leader"])
        sign_in(client, "leader")
        response = enter(client, VERIFY, wrong(totp_code(device)))
        assert response.status_code == 200
        assert "Mã không đúng hoặc đã được dùng" in response.content.decode()
        assert landing(client) == VERIFY
        assert AccessAttempt.objects.filter(username="leader").exists()  # counted as a failed sign-in
        assert enter(client, VERIFY, totp_code(device)).status_code == 302
        assert landing(client, reverse("directives:task_list")) == reverse("directives:task_list")

    def test_a_code_cannot_be_used_twice(self, client, users):
        device = second_factor_device(users["leader"])
        sign_in(client, "leader")
        code = totp_code(device)
        assert enter(client, VERIFY, code).status_code == 302
        client.post(reverse("accounts:logout"))
        sign_in(client, "leader")
        response = enter(client, VERIFY, code)
        assert response.status_code == 200 and "đã được dùng" in response.content.decode()
        assert landing(client) == VERIFY

    def test_a_recovery_code_works_once(self, client, users, settings):
        settings.OTP_STATIC_THROTTLE_FACTOR = 0  # another code right after the refused one
        second_factor_device(users["leader"])
        codes = two_factor.recovery_codes_regenerate(user=users["leader"])
        sign_in(client, "leader")
        response = enter(client, VERIFY, f"{codes[0][:4].upper()}-{codes[0][4:].upper()}")  # as printed, any case
        assert response.status_code == 302
        assert "còn 9 mã chưa dùng" in client.get(reverse("directives:task_list"), follow=True).content.decode()
        client.post(reverse("accounts:logout"))
        sign_in(client, "leader")
        assert enter(client, VERIFY, codes[0]).status_code == 200
        assert landing(client) == VERIFY
        assert enter(client, VERIFY, codes[1]).status_code == 302

    def test_failures_slow_down_the_next_try(self, client, users):
        device = second_factor_device(users["leader"])
        sign_in(client, "leader")
        enter(client, VERIFY, wrong(totp_code(device)))
        response = enter(client, VERIFY, totp_code(device))  # right, but too soon (django-otp's throttling)
        assert response.status_code == 200 and "Vui lòng đợi" in response.content.decode()

    def test_five_wrong_codes_end_the_session(self, client, users, settings):
        settings.AXES_FAILURE_LIMIT = 5
        settings.OTP_TOTP_THROTTLE_FACTOR = 0
        device = second_factor_device(users["leader"])
        sign_in(client, "leader")
        code = totp_code(device)
        for _attempt in range(4):
            assert enter(client, VERIFY, wrong(code)).status_code == 200
        response = enter(client, VERIFY, wrong(code))
        # django-axes answers with its lockout page, which says why
        assert response.status_code == 429
        body = response.content.decode()
        assert "Tạm khóa đăng nhập" in body and "Bạn đã nhập sai mã xác thực quá nhiều lần" in body
        assert landing(client) == reverse("accounts:login")  # signed out
        assert client.get(API_TASKS).status_code in (401, 403)
        # and locked out like five wrong passwords: the right password is refused for the cool-off
        response = client.post(reverse("accounts:login"), {"username": "leader", "password": PASSWORD})
        assert response.status_code == 429

    def test_every_sign_in_asks_again(self, client, users):
        """Signing in again on a verified session (here through the admin's own login form) asks for a code again."""
        device = second_factor_device(users["standing_office"])
        sign_in(client, "office")
        enter(client, VERIFY, totp_code(device))
        assert landing(client, reverse("admin:index")) == reverse("admin:index")
        response = client.post(
            reverse("admin:login"), {"username": "office", "password": PASSWORD, "next": "/quan-tri/"}
        )
        assert response.status_code == 302
        assert landing(client, reverse("admin:index")) == VERIFY


# --- optional roles ------------------------------------------------------------------------------------------------


class OptionalTests:
    def test_an_officer_signs_in_with_the_password_only_and_can_turn_it_on(self, client, users):
        sign_in(client, "officer")
        assert landing(client, reverse("directives:task_list")) == reverse("directives:task_list")
        assert client.get(API_TASKS).status_code == 200
        body = client.get(ACCOUNT).content.decode()
        assert "Chưa bật" in body and f'href="{ENROL}"' in body
        assert len(enrol_in(client)) == 10
        assert "Đang bật" in client.get(ACCOUNT).content.decode()
        client.post(reverse("accounts:logout"))
        sign_in(client, "officer")
        assert landing(client) == VERIFY
        enter(client, VERIFY, totp_code(TOTPDevice.objects.get(user=users["officer"])))
        assert landing(client, reverse("directives:task_list")) == reverse("directives:task_list")

    def test_the_officer_turns_it_off_with_a_current_code(self, client, users, settings):
        settings.OTP_TOTP_THROTTLE_FACTOR = 0
        sign_in(client, "officer")
        enrol_in(client)
        device = TOTPDevice.objects.get(user=users["officer"])
        response = enter(client, DISABLE, "000000" if totp_code(device) != "000000" else "111111")
        assert response.status_code == 200 and "Mã không đúng" in response.content.decode()
        assert TOTPDevice.objects.filter(user=users["officer"]).exists()
        assert enter(client, DISABLE, totp_code(device)).url == ACCOUNT
        assert not TOTPDevice.objects.filter(user=users["officer"]).exists()
        assert not StaticDevice.objects.filter(user=users["officer"]).exists()
        assert landing(client, reverse("directives:task_list")) == reverse("directives:task_list")
        client.post(reverse("accounts:logout"))
        sign_in(client, "officer")
        assert landing(client, reverse("directives:task_list")) == reverse("directives:task_list")

    @pytest.mark.parametrize("who", REQUIRED)
    def test_a_required_role_cannot_turn_it_off(self, client, users, who):
        sign_in(client, users[who].username)
        enrol_in(client)
        device = TOTPDevice.objects.get(user=users[who])
        assert "Tắt xác thực hai lớp" not in client.get(ACCOUNT).content.decode()
        response = enter(client, DISABLE, totp_code(device))
        assert response.status_code == 403 and "không thể tắt" in response.content.decode()
        assert TOTPDevice.objects.filter(user=users[who]).exists()
        with pytest.raises(PermissionDenied):
            two_factor.two_factor_disable(user=users[who])

    def test_new_recovery_codes_need_a_current_code_and_replace_the_old(self, client, users, settings):
        settings.OTP_TOTP_THROTTLE_FACTOR = 0
        sign_in(client, "leader")
        old = ["".join(pair) for pair in enrol_in(client)]
        device = TOTPDevice.objects.get(user=users["leader"])
        response = enter(client, CODES, wrong(totp_code(device)))
        assert response.status_code == 200 and "Mã không đúng" in response.content.decode()
        assert StaticToken.objects.filter(device__user=users["leader"], token=old[0]).exists()
        response = enter(client, CODES, totp_code(device))
        assert response.url == CODES
        new = [
            "".join(pair)
            for pair in re.findall(r"<code>([a-z2-7]{4})-([a-z2-7]{4})</code>", client.get(CODES).content.decode())
        ]
        assert len(new) == 10 and not set(new) & set(old)
        assert set(StaticToken.objects.filter(device__user=users["leader"]).values_list("token", flat=True)) == set(new)
        assert landing(client, reverse("directives:task_list")) == reverse("directives:task_list")  # still verified

    def test_a_new_phone_replaces_the_old_authenticator(self, client, users):
        sign_in(client, "leader")
        enrol_in(client)
        old = TOTPDevice.objects.get(user=users["leader"])
        assert client.get(ENROL).status_code == 200  # verified: may enrol a new phone
        enrol_in(client)
        assert list(TOTPDevice.objects.filter(user=users["leader"])) != [old]
        assert TOTPDevice.objects.filter(user=users["leader"], confirmed=True).count() == 1
        assert landing(client, reverse("directives:task_list")) == reverse("directives:task_list")


# --- the administrator's reset -------------------------------------------------------------------------------------


class AdminResetTests:
    def test_the_administrator_resets_a_users_second_factor(self, client, users):
        leader = users["leader"]
        device = second_factor_device(leader)
        two_factor.recovery_codes_regenerate(user=leader)
        their = Client()
        sign_in(their, "leader")
        enter(their, VERIFY, totp_code(device))
        assert landing(their, reverse("directives:task_list")) == reverse("directives:task_list")

        client.force_login(users["administrator"])
        changelist = reverse("admin:accounts_user_changelist")
        assert "Đặt lại xác thực hai lớp" in client.get(changelist).content.decode()
        response = client.post(changelist, {"action": "reset_two_factor", "_selected_action": [leader.pk]}, follow=True)
        assert "Đã đặt lại xác thực hai lớp của 1 người dùng." in response.content.decode()
        assert not TOTPDevice.objects.filter(user=leader).exists()
        assert not StaticDevice.objects.filter(user=leader).exists()
        assert LogEntry.objects.filter(object_id=str(leader.pk), user=users["administrator"]).exists()
        # The session the removed device verified is verified no more: the leader enrols again.
        assert landing(their) == ENROL

    def test_only_administrators_reset(self, users):
        second_factor_device(users["leader"])
        with pytest.raises(PermissionDenied):
            two_factor.two_factor_reset(user=users["leader"], acting_user=users["standing_office"])
        assert TOTPDevice.objects.filter(user=users["leader"]).exists()


# --- the API -------------------------------------------------------------------------------------------------------


class ApiTests:
    def test_session_authentication_requires_the_verified_factor(self, client, users):
        device = second_factor_device(users["leader"])
        sign_in(client, "leader")
        response = client.get(API_TASKS)
        assert response.status_code == 401
        assert response.json()["code"] == "second_factor_required"
        assert "xác thực hai lớp" in response.json()["message"]
        enter(client, VERIFY, totp_code(device))
        assert client.get(API_TASKS).status_code == 200

    def test_tokens_are_unaffected(self, client, users):
        issued = token_create(
            name="Kho dữ liệu tỉnh", scope=TokenScope.STANDING_OFFICE, acting_user=users["administrator"]
        )
        assert client.get(API_TASKS, HTTP_AUTHORIZATION=f"Bearer {issued.key}").status_code == 200
        sign_in(client, "leader")  # a session that owes its second factor does not get in the token's way
        assert client.get(API_TASKS, HTTP_AUTHORIZATION=f"Bearer {issued.key}").status_code == 200


# --- the demo ------------------------------------------------------------------------------------------------------


class DemoTests:
    def test_the_demo_command_prints_the_key_of_each_account_that_must_use_it(self, registry):
        out = io.StringIO()
        call_command("create_demo_accounts", stdout=out)
        printed = out.getvalue()
        secret = " ".join(re.findall(".{4}", two_factor.DEMO_TOTP_SECRET))
        for username in ("cqtt", "lanhdao", "quantri"):
            assert re.search(rf"^  {re.escape(username)} +{secret}$", printed, re.M), printed
            device = TOTPDevice.objects.get(user__username=username)
            assert device.confirmed and two_factor.is_demo_device(device)
        assert not TOTPDevice.objects.filter(user__username__in=["skhcn.chuyenvien", "skhcn.giamdoc"]).exists()
        call_command("create_demo_accounts", stdout=io.StringIO())  # idempotent
        assert TOTPDevice.objects.filter(user__username="lanhdao").count() == 1

    def test_a_demo_account_signs_in_with_the_printed_key(self, client, registry):
        from giamsat.accounts.services import DEMO_PASSWORD

        call_command("create_demo_accounts", stdout=io.StringIO())
        out = io.StringIO()
        call_command("demo_otp_code", "lanhdao", stdout=out)
        assert out.getvalue().strip() == code_for_secret(two_factor.DEMO_TOTP_SECRET)
        sign_in(client, "lanhdao", DEMO_PASSWORD)
        assert enter(client, VERIFY, out.getvalue().strip()).status_code == 302
        assert landing(client, reverse("directives:task_list")) == reverse("directives:task_list")

    def test_no_code_for_an_account_with_its_own_key(self, users):
        second_factor_device(users["leader"])
        with pytest.raises(Exception, match="không dùng khóa xác thực dùng thử"):
            call_command("demo_otp_code", "leader", stdout=io.StringIO())

    def test_the_test_clients_force_login_counts_as_verified(self, client, users):
        """conftest.py: force_login skips the second factor as it skips the password (tests only)."""
        client.force_login(users["leader"])
        assert landing(client, reverse("directives:task_list")) == reverse("directives:task_list")
        user = UserFactory(username="moi", role=Role.LEADER)
        client.force_login(user)
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
