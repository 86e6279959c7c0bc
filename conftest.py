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
