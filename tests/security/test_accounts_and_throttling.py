"""Issue 16: throttling and lockout hold across processes and trust X-Forwarded-For only from our own proxies;
sessions end when idle, unused accounts are disabled, the password policy is in force (Nghị định 85/2016/NĐ-CP,
TCVN 11930:2017).

Through the real login view, API and admin with the Django test client; the counters shared by processes are
proven with two real server processes. Time moves with time-machine, never with sleeps.
"""

import io
from datetime import timedelta

import lxml.html
import pytest
import time_machine
from django.contrib.auth.password_validation import get_default_password_validators
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from giamsat.accounts.choices import Role
from giamsat.accounts.models import User
from giamsat.accounts.tests.factories import PASSWORD, UserFactory
from giamsat.agencies.models import Agency
from giamsat.common.tests.test_cache_across_processes import Visitor, environment, running_servers
from giamsat.directives.tests.factories import task_led_by

pytestmark = pytest.mark.django_db

PUBLIC_API = "/api/v1/agencies/"
NGINX = "127.0.0.1"  # every request reaches the application from the proxy


def sign_in(client: Client, username: str, password: str = PASSWORD, **meta):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **meta)


def anonymous_rate(settings) -> int:
    return int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_anon"].split("/")[0])


def cool_off(settings) -> timedelta:
    return timedelta(hours=settings.AXES_COOLOFF_TIME)


class ClientAddressTests:
    """One function tells the client's address, for the API's limits and the login lockout alike."""

    def test_forwarded_for_counts_only_as_far_as_our_own_proxies(self, rf, settings):
        from giamsat.common.client_ip import client_ip

        request = rf.get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 192.0.2.1")
        settings.TRUSTED_PROXY_COUNT = 0  # the default: nobody in front, the header is the caller's word
        assert client_ip(request) == NGINX
        settings.TRUSTED_PROXY_COUNT = 1  # one nginx: the address it appended
        assert client_ip(request) == "192.0.2.1"
        settings.TRUSTED_PROXY_COUNT = 2
        assert client_ip(request) == "203.0.113.7"
        garbage = rf.get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="<script>")
        assert client_ip(garbage) == NGINX

    def test_the_lockout_records_the_address_our_proxy_saw(self, client, users, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        sign_in(client, "officer", "sai", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
        from axes.models import AccessAttempt

        assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]


class ApiThrottleTests:
    def test_250_anonymous_calls_with_a_rotating_forwarded_for_are_throttled(self, client, settings):
        """The finding: each call claimed another X-Forwarded-For and all 250 passed."""
        settings.TRUSTED_PROXY_COUNT = 0
        codes = [
            client.get(PUBLIC_API, HTTP_X_FORWARDED_FOR=f"10.{n // 250}.{n % 250}.1").status_code for n in range(250)
        ]
        allowed = anonymous_rate(settings)
        assert codes[:allowed] == [200] * allowed
        assert codes[allowed:] == [429] * (250 - allowed)

    def test_behind_our_proxy_each_client_has_its_own_budget(self, client, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        allowed = anonymous_rate(settings)
        for n in range(allowed):  # a forged left part changes nothing: the address nginx appended counts
            forged = f"10.0.{n}.1, 203.0.113.7"
            assert client.get(PUBLIC_API, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forged).status_code == 200
        refused = client.get(PUBLIC_API, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
        assert refused.status_code == 429
        other = client.get(PUBLIC_API, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="192.0.2.1")
        assert other.status_code == 200


SETUP = 'from django.core.management import call_command; call_command("migrate", verbosity=0)'


@pytest.fixture
def two_processes(tmp_path):
    """Two real `giamsat runserver` processes, no Redis, one SQLite file, 5 anonymous API calls a minute."""
    env = {**environment(tmp_path), "API_RATE_ANON": "5/min", "TRUSTED_PROXY_COUNT": "0"}
    with running_servers(env, SETUP) as (_printed, bases):
        yield bases


class ThrottleAcrossProcessesTests:
    def test_a_call_counted_by_one_process_is_seen_by_the_other(self, two_processes):
        """Without Redis each gunicorn worker used to count on its own: five workers, five times the limit."""
        first, second = (Visitor(base) for base in two_processes)
        # Each process has already answered one call (wait_until_answering asks the portal, not the API).
        codes = [first.get(PUBLIC_API)[0] for _n in range(3)] + [second.get(PUBLIC_API)[0] for _n in range(2)]
        assert codes == [200] * 5
        assert second.get(PUBLIC_API)[0] == 429  # its third call, the sixth of the address
        assert first.get(PUBLIC_API)[0] == 429


class LockoutTests:
    def test_an_account_is_locked_after_the_limit_from_any_addresses(self, users, settings):
        """Guessing one account's password from many addresses: each used to get its own five tries."""
        for n in range(settings.AXES_FAILURE_LIMIT):  # the last one is answered with the lockout page
            sign_in(Client(), "officer", "sai", REMOTE_ADDR=f"203.0.113.{n + 1}")
        locked = sign_in(Client(), "officer", PASSWORD, REMOTE_ADDR="198.51.100.1")
        assert locked.status_code == 429
        assert "Tạm khóa đăng nhập" in locked.content.decode()
        assert sign_in(Client(), "head", PASSWORD, REMOTE_ADDR="203.0.113.1").status_code == 302  # not the address
        with time_machine.travel(timezone.now() + cool_off(settings) + timedelta(minutes=1), tick=False):
            assert sign_in(Client(), "officer", PASSWORD, REMOTE_ADDR="198.51.100.1").status_code == 302

    def test_an_address_trying_many_accounts_is_locked(self, users, settings):
        """Password spraying behind our nginx: one try on each of many accounts from one client."""
        settings.TRUSTED_PROXY_COUNT = 1
        sprayer = {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
        colleague = {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": "192.0.2.10"}
        for n in range(settings.LOGIN_FAILURES_PER_ADDRESS):
            sign_in(Client(), f"nguoidung{n}", "Matkhau@2026", **sprayer)
        locked = sign_in(Client(), "officer", PASSWORD, **sprayer)
        assert locked.status_code == 429
        assert "Tạm khóa đăng nhập" in locked.content.decode()
        assert sign_in(Client(), "officer", PASSWORD, **colleague).status_code == 302  # same nginx, other client

    def test_failing_an_account_on_purpose_does_not_shut_its_owner_out(self, users, settings):
        """Behind nginx everyone was 127.0.0.1: anyone could lock the standing office's `cqtt` out."""
        settings.TRUSTED_PROXY_COUNT = 1
        office = Agency.objects.get(code="co-quan-thuong-truc-ban-chi-dao")
        UserFactory(username="cqtt", role=Role.STANDING_OFFICE, agency=office)
        at_the_office = {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": "192.0.2.10"}
        owner = Client()
        assert sign_in(owner, "cqtt", **at_the_office).status_code == 302
        owner.post(reverse("accounts:logout"))
        for _attempt in range(settings.AXES_FAILURE_LIMIT + 2):
            sign_in(Client(), "cqtt", "doan-bua", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="203.0.113.66")
        elsewhere = sign_in(Client(), "cqtt", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="198.51.100.5")
        assert elsewhere.status_code == 429  # the account is locked for new places
        assert sign_in(Client(), "cqtt", **at_the_office).status_code == 302  # not where it signed in before


class IdleSessionTests:
    def test_activity_keeps_the_session_and_15_idle_minutes_end_it(self, users, settings):
        client = Client()
        page = reverse("directives:task_list")
        idle = timedelta(minutes=settings.SESSION_IDLE_MINUTES)
        with time_machine.travel(timezone.now(), tick=False) as clock:
            assert sign_in(client, "officer").status_code == 302
            for _step in range(3):  # 30 minutes of work, never 15 idle
                clock.shift(timedelta(minutes=10))
                assert client.get(page).status_code == 200
            clock.shift(idle + timedelta(minutes=1))
            response = client.get(page)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login") + "?next=")
            login_page = client.get(response["Location"]).content.decode()
            assert "Phiên làm việc đã kết thúc vì không sử dụng quá 15 phút" in login_page
            assert client.get(page).status_code == 302  # signed out, not only redirected once

    def test_the_report_autosave_counts_as_use_and_background_polls_do_not(self, users, agency_skhcn, settings):
        task = task_led_by(agency_skhcn, deadline=timezone.localdate() + timedelta(days=30))
        form = reverse("reporting:report_edit", args=[task.pk])
        draft = {"state": "in_progress", "progress_percent": "30", "work_done": "Đang gõ dở"}
        client = Client()
        with time_machine.travel(timezone.now(), tick=False) as clock:
            assert sign_in(client, "officer").status_code == 302
            assert client.get(form).status_code == 200
            clock.shift(timedelta(minutes=10))  # typing: the form saves itself
            assert client.post(form, draft, headers={"X-Autosave": "1"}).json()["saved"]
            clock.shift(timedelta(minutes=10))  # 20 minutes after the page, 10 after the autosave
            assert client.post(form, draft, headers={"X-Autosave": "1"}).json()["saved"]
            clock.shift(timedelta(minutes=10))  # a poll the page makes on its own
            assert client.get(form, headers={"X-Background": "1"}).status_code == 200
            clock.shift(timedelta(minutes=6))  # 16 minutes after the last autosave
            expired = client.post(form, draft, headers={"X-Autosave": "1"})
            assert expired.status_code == 401
            assert "Phiên làm việc đã kết thúc" in expired.json()["error"]

    def test_an_htmx_request_after_the_limit_sends_the_page_to_the_login(self, users, settings):
        client = Client()
        with time_machine.travel(timezone.now(), tick=False) as clock:
            assert sign_in(client, "officer").status_code == 302
            clock.shift(timedelta(minutes=settings.SESSION_IDLE_MINUTES + 1))
            response = client.get(reverse("directives:task_list"), headers={"HX-Request": "true"})
            assert response["HX-Redirect"].startswith(reverse("accounts:login"))
            other = Client()
            assert sign_in(other, "head").status_code == 302
            clock.shift(timedelta(minutes=settings.SESSION_IDLE_MINUTES + 1))
            login_page = other.get(reverse("accounts:login"))  # the login page itself: shown, not redirected to itself
            assert login_page.status_code == 200
            assert "Phiên làm việc đã kết thúc" in login_page.content.decode()


def a_while_ago(days: int):
    return timezone.now() - timedelta(days=days)


class UnusedAccountTests:
    @pytest.fixture
    def accounts(self, agency_skhcn):
        limit = 45
        return {
            "stale": UserFactory(username="lau-khong-dung", agency=agency_skhcn, last_login=a_while_ago(limit + 1)),
            "recent": UserFactory(username="moi-dung", agency=agency_skhcn, last_login=a_while_ago(limit - 1)),
            "never_old": UserFactory(username="chua-dang-nhap-cu", agency=agency_skhcn, date_joined=a_while_ago(60)),
            "never_new": UserFactory(username="chua-dang-nhap-moi", agency=agency_skhcn, date_joined=a_while_ago(10)),
        }

    def test_the_command_disables_accounts_unused_for_45_days_and_records_why(self, accounts, settings):
        assert settings.ACCOUNT_INACTIVE_DAYS == 45
        call_command("disable_inactive_accounts", stdout=io.StringIO())
        active = dict(
            User.objects.filter(pk__in=[u.pk for u in accounts.values()]).values_list("username", "is_active")
        )
        assert active == {
            "lau-khong-dung": False,
            "moi-dung": True,
            "chua-dang-nhap-cu": False,
            "chua-dang-nhap-moi": True,
        }
        record = accounts["stale"].history.latest()
        assert record.is_active is False
        assert "không sử dụng quá 45 ngày" in record.history_change_reason
        records = User.history.count()
        call_command("disable_inactive_accounts", stdout=io.StringIO())  # again: nothing more to do
        assert User.history.count() == records

    def test_an_unused_account_cannot_sign_in_before_the_command_has_run(self, accounts):
        refused = sign_in(Client(), "lau-khong-dung")
        assert refused.status_code == 200
        assert "không được sử dụng quá 45 ngày" in refused.content.decode()
        assert "_auth_user_id" not in refused.wsgi_request.session
        wrong = sign_in(Client(), "lau-khong-dung", "sai-mat-khau").content.decode()
        assert "không được sử dụng" not in wrong and "Tên đăng nhập hoặc mật khẩu không đúng" in wrong
        assert sign_in(Client(), "moi-dung").status_code == 302

    def test_an_administrator_reenables_an_account_in_the_admin(self, accounts, users):
        call_command("disable_inactive_accounts", stdout=io.StringIO())
        stale = accounts["stale"]
        refused = sign_in(Client(), "lau-khong-dung").content.decode()
        assert "Tài khoản này đã bị khóa" in refused
        admin = Client()
        admin.force_login(users["administrator"])
        path = reverse("admin:accounts_user_change", args=[stale.pk])
        change_page = admin.get(path)
        assert change_page.status_code == 200, (change_page.status_code, change_page.headers)
        form = next(f for f in lxml.html.fromstring(change_page.content).forms if "is_active" in f.fields)
        form.fields["is_active"] = True
        fields = dict(form.form_values())
        assert admin.post(path, fields).status_code == 302
        stale.refresh_from_db()
        assert stale.is_active
        assert stale.history.latest().history_user == users["administrator"]
        assert sign_in(Client(), "lau-khong-dung").status_code == 302  # the count starts again
        call_command("disable_inactive_accounts", stdout=io.StringIO())
        stale.refresh_from_db()
        assert stale.is_active


class PasswordPolicyTests:
    def test_the_password_validators_are_in_force(self, users):
        names = [type(v).__name__ for v in get_default_password_validators()]
        assert names == [
            "UserAttributeSimilarityValidator",
            "MinimumLengthValidator",
            "CommonPasswordValidator",
            "NumericPasswordValidator",
        ]
        assert get_default_password_validators()[1].min_length == 10
        client = Client()
        client.force_login(users["officer"])
        for weak, reason in [
            ("Ngan-123", "quá ngắn"),
            ("12345678901234", "hoàn toàn là số"),
            ("password123", "quá phổ biến"),
            ("officer2026", "quá giống"),
        ]:
            response = client.post(
                reverse("accounts:password_change"),
                {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
            )
            assert response.status_code == 200, weak
            assert reason in response.content.decode(), weak
        users["officer"].refresh_from_db()
        assert users["officer"].check_password(PASSWORD)
