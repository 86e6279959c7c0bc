"""Schemathesis drives every operation of the schema with generated data, with a token of each kind.

Checks: no 5xx, and every response with a documented status matches the schema (body and content
type). Refusals (401/403/404/400) are expected for most kinds of tokens on most operations; what
matters is that they are clean.
"""

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from giamsat.reporting.services import period_for
from giamsat.reporting.tests.factories import ProgressReportFactory

pytestmark = pytest.mark.django_db

not_a_server_error = schemathesis.checks.not_a_server_error
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


# Loaded at collection from the application itself (no database needed to build the schema); without a token at
# that point, so as if the installation published its schema (API_DOCS_PUBLIC, giamsat/api/docs.py).
# The API's rate-limit counters live in the database without Redis (settings "throttle"): in memory for this one
# request, made before any test database exists.
IN_MEMORY = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
IN_MEMORY_COUNTERS = {**django_settings.CACHES, "throttle": IN_MEMORY}
with override_settings(API_DOCS_PUBLIC=True, CACHES=IN_MEMORY_COUNTERS):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes the database connection after each request, as in production; Django's own
    test client keeps the test's transaction by disconnecting that handler, and so do we."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def data(samples, tokens, agency_skhcn, keep_test_connection):
    """The seeds (real tasks with statuses) plus a report of Sở KH&CN, so the reading paths have data."""
    from django.utils import timezone

    task = agency_skhcn.task_assignments.filter(role="lead").first().task
    ProgressReportFactory(task=task, period=period_for(timezone.localdate()), agency=agency_skhcn)
    return tokens


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=True,
)
def test_no_server_error_and_every_response_matches_the_schema(case, data):
    for kind in ("public", "agency_read", "agency_write", "office"):
        case.call_and_validate(headers={"Authorization": f"Bearer {data[kind].key}"}, checks=CHECKS)
