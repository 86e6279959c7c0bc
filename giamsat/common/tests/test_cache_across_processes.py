"""Issue 14's acceptance test: a task made secret through one server process is hidden by another on its very
next request, on the public portal, the task list, the task page and the API.

Two real `giamsat runserver` processes share one SQLite file and no Redis: each has its own LocMem cache, as
gunicorn's workers have. Both first serve (and cache) every page with the task; the standing office then sets
it secret through the edit form of process 1, and process 2 is asked at once.
"""

import contextlib
import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import lxml.html
import pytest

from giamsat.accounts.tests.factories import PASSWORD

TITLE = "Số hóa hồ sơ lưu trữ lịch sử thử nghiệm"
START_TIMEOUT = 30  # seconds for a server to answer: polled until it does, never a fixed wait
POLL_INTERVAL = 0.05

SETUP = f"""
from django.core.management import call_command
call_command("migrate", verbosity=0)
from giamsat.accounts.choices import Role
from giamsat.accounts.tests.factories import UserFactory
from giamsat.agencies.models import Agency
from giamsat.directives.choices import Confidentiality
from giamsat.directives.tests.factories import task_led_by
office = Agency.objects.create(code="co-quan-thuong-truc-ban-chi-dao", name="Cơ quan Thường trực Ban Chỉ đạo")
agency = Agency.objects.create(code="so-khoa-hoc-va-cong-nghe", name="Sở Khoa học và Công nghệ")
UserFactory(username="office", role=Role.STANDING_OFFICE, agency=office)
UserFactory(username="officer", role=Role.AGENCY_OFFICER, agency=agency)
task = task_led_by(agency, title={TITLE!r}, confidentiality=Confidentiality.PUBLIC)
print(task.pk)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(tmp_path: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "CACHE_KEY_PREFIX")}
    return {
        **env,
        "GIAMSAT_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'giamsat.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "giamsat.config.settings.test",  # fast password hashing; otherwise as deployed
        "DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
        # What is tested here is the cache across processes, not the sign-in: the office signs in with its
        # password alone (two-factor sign-in has its own tests in tests/security/test_two_factor.py).
        "MFA_REQUIRED_ROLES": "",
    }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer to look at, not to follow


class Visitor:
    """Enough of a browser for these pages: cookies kept, redirects not followed, forms posted."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect())

    def get(self, path: str) -> tuple[int, str]:
        return self._send(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(fields).encode()
        return self._send(urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path}))

    def json(self, path: str):
        status, text = self.get(path)
        assert status == 200, (path, status, text[:500])
        return json.loads(text)

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.cookies if c.name == name)

    def _send(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=10) as answer:  # noqa: S310 - http://127.0.0.1 of the test
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def wait_until_answering(process: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.stderr.read()}")
        try:
            Visitor(base).get("/cong-khai/")
        except urllib.error.URLError:  # not listening yet: ask again shortly, not spinning one of the cores
            time.sleep(POLL_INTERVAL)
            continue
        return
    raise AssertionError(f"{base} did not answer within {START_TIMEOUT} s")


@contextlib.contextmanager
def running_servers(env: dict, setup: str, count: int = 2):
    """(the setup script's last printed line, [base address of each process]): `count` real `giamsat runserver`
    processes on the database `env` names, after running `setup` in `giamsat shell`; stopped on leaving."""
    command = [sys.executable, "-m", "giamsat"]
    done = subprocess.run(  # noqa: S603 - the project's own command, fixed arguments
        [*command, "shell", "-c", setup], env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr
    printed = (done.stdout.strip().splitlines() or [""])[-1]
    processes, bases = [], []
    for _n in range(count):
        port = free_port()
        processes.append(
            subprocess.Popen(  # noqa: S603 - the project's own command, fixed arguments
                [*command, "runserver", "--noreload", f"127.0.0.1:{port}"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for process, base in zip(processes, bases, strict=True):
            wait_until_answering(process, base)
        yield printed, bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def servers(tmp_path):
    """(base address of process 1, of process 2, the task's id), on one fresh database file."""
    with running_servers(environment(tmp_path), SETUP) as (task_id, bases):
        yield bases[0], bases[1], int(task_id)


def signed_in(base: str, username: str) -> Visitor:
    visitor = Visitor(base)
    visitor.get("/tai-khoan/dang-nhap/")
    status, text = visitor.post(
        "/tai-khoan/dang-nhap/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": visitor.cookie("csrftoken")},
    )
    assert status == 302, text[:500]
    return visitor


def make_secret(base: str, task_id: int) -> None:
    """The standing office's edit form, as the browser sends it, with "Mật" chosen."""
    office = signed_in(base, "office")
    path = f"/nhiem-vu/{task_id}/sua/"
    _status, page = office.get(path)
    form = next(f for f in lxml.html.fromstring(page).forms if "confidentiality" in f.fields)
    fields = dict(form.form_values())
    fields["confidentiality"] = "secret"
    status, text = office.post(path, fields)
    assert status == 302, text[:2000]


def what_each_sees(base: str, task_id: int, officer: Visitor) -> dict[str, bool]:
    """Whether the task shows on each surface, for the public and for an officer of its lead agency."""
    anonymous = Visitor(base)
    return {
        "portal": TITLE in anonymous.get("/cong-khai/")[1],
        "portal task page": anonymous.get(f"/cong-khai/nhiem-vu/{task_id}/")[0] == 200,
        "public API": task_id in [t["id"] for t in anonymous.json("/api/v1/public/tasks/")["results"]],
        "task list": TITLE in officer.get("/nhiem-vu/?scope=all")[1],
        "task page": officer.get(f"/nhiem-vu/{task_id}/")[0] == 200,
        "API list": task_id in [t["id"] for t in officer.json("/api/v1/tasks/")["results"]],
        "API task": officer.get(f"/api/v1/tasks/{task_id}/")[0] == 200,
    }


def test_a_task_made_secret_in_one_process_is_hidden_by_the_other_at_once(servers):
    first, second, task_id = servers
    officer = signed_in(second, "officer")
    for _twice in range(2):  # the second time from process 2's cache
        seen = what_each_sees(second, task_id, officer)
        assert all(seen.values()), seen
    make_secret(first, task_id)
    seen = what_each_sees(second, task_id, officer)
    assert not any(seen.values()), seen
