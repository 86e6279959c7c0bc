"""Shared fixtures: the real registry and seed directives, and one user per role."""

import pytest

from giamsat.accounts.choices import Role
from giamsat.accounts.tests.factories import UserFactory, second_factor_device
from giamsat.agencies.models import Agency


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached figures and rate-limit counters never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(user)` skips the password; it skips the second factor too, as a code entered in that
    session would: django-otp's session key names the user's authenticator (one is added for a role that must have
    one), so OTPMiddleware finds the session verified. Production is untouched; the real path (password, code,
    enrolment) is tested in tests/security/test_two_factor.py and the browser journeys."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        device = second_factor_device(user)
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture(autouse=True)
def vietnamese():
    """Each test starts in Vietnamese, the default language, whatever a previous test activated."""
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the agency registry once into the test database; each test runs in a rolled-back transaction.

    pytest-django runs transactional tests (which flush the database) after the others; those load
    the registry again through the `registry` fixture below.
    """
    from giamsat.agencies.registry import registry_load

    with django_db_blocker.unblock():
        registry_load()


@pytest.fixture
def registry(db):
    from giamsat.agencies.registry import LoadResult, registry_load

    if Agency.objects.filter(code="xa-05443").exists():
        return LoadResult(communes=Agency.objects.filter(administrative_code__gt="").count())
    return registry_load()


@pytest.fixture
def samples(registry):
    from giamsat.directives.samples import samples_load

    return samples_load()


@pytest.fixture
def agency_skhcn(registry) -> Agency:
    return Agency.objects.get(code="so-khoa-hoc-va-cong-nghe")


@pytest.fixture
def agency_finance(registry) -> Agency:
    return Agency.objects.get(code="so-tai-chinh")


@pytest.fixture
def users(registry, agency_skhcn, agency_finance):
    """One user per role; 'other_officer' belongs to a different agency (Sở Tài chính)."""
    office = Agency.objects.get(code="co-quan-thuong-truc-ban-chi-dao")
    return {
        "standing_office": UserFactory(username="office", role=Role.STANDING_OFFICE, agency=office),
        "officer": UserFactory(username="officer", role=Role.AGENCY_OFFICER, agency=agency_skhcn),
        "head": UserFactory(username="head", role=Role.AGENCY_HEAD, agency=agency_skhcn),
        "other_officer": UserFactory(username="other", role=Role.AGENCY_OFFICER, agency=agency_finance),
        "leader": UserFactory(username="leader", role=Role.LEADER, agency=None),
        "administrator": UserFactory(username="admin", role=Role.ADMINISTRATOR, agency=None),
        "inspector": UserFactory(username="inspector", role=Role.INSPECTOR, agency=None),
    }


@pytest.fixture
def run_jobs(db):
    """Run, in this process and this test's transaction, every job waiting on the queue (the worker's one pass)."""
    from giamsat.jobs.worker import jobs_run_pending

    return jobs_run_pending


class WorkerProcess:
    """`giamsat worker` as its own process on the test database (tests/support: started, killed, stopped)."""

    def __init__(self, database_url: str, log_dir):
        self.database_url = database_url
        self.log_dir = log_dir
        self.process = None
        self.runs = 0

    def start(self, env: dict | None = None):
        """Start the worker; `env`: more environment variables for it (EMAIL_* to reach a test's SMTP server)."""
        import os
        import subprocess
        import sys

        self.runs += 1
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "giamsat.config.settings.test",
            "JOB_HEARTBEAT_SECONDS": "1",
            **(env or {}),
        }
        log = open(self.log_dir / f"worker-{self.runs}.log", "wb")  # noqa: SIM115 - closed by the process's end
        self.process = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "giamsat", "worker", "--interval", "0.1", "-v", "0"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        return self

    def kill(self):
        """SIGKILL: the worker dies mid-job, as on a power cut; nothing of it runs after this."""
        self.process.kill()
        self.process.wait(timeout=30)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except Exception:
                self.process.kill()
                self.process.wait(timeout=30)

    def log(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in sorted(self.log_dir.glob("worker-*.log")))


def database_url() -> str:
    """The URL of the test database this process uses, for a process started by a test."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or "postgres"
    return f"postgres://{user}@{settings.get('HOST') or '127.0.0.1'}:{settings.get('PORT') or 5432}/{settings['NAME']}"


@pytest.fixture
def worker_process(transactional_db, tmp_path):
    """A real worker process on the test database (what this test commits, it sees); stopped after the test."""
    worker = WorkerProcess(database_url(), tmp_path)
    yield worker
    worker.stop()


def wait_until(condition, *, timeout: float = 60, what: str = "condition"):
    """Poll `condition` until it holds (a state another process reaches), failing after `timeout` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
