"""The overview and the task list run the same number of queries with 10 tasks and with 500."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from giamsat.directives.tests.factories import task_led_by
from giamsat.reporting.tests.factories import ProgressReportFactory, ReportingPeriodFactory, ReviewFactory

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 6, 25)

PAGES = [
    ("standing_office", "monitoring:dashboard", {"as_of": "25/06/2026"}),
    ("leader", "monitoring:dashboard", {"as_of": "25/06/2026", "agency_kind": "state", "sort": "name"}),
    ("standing_office", "directives:task_list", {"scope": "all", "as_of": "25/06/2026"}),
    ("standing_office", "directives:task_list", {"scope": "all", "status": "overdue", "q": "nhiem vu"}),
    ("officer", "directives:task_list", {}),
]


def grow_to(n: int, agencies: list) -> None:
    """Tasks in every state: overdue, due soon, later, done, pending; reports with difficulties, reviews."""
    period = ReportingPeriodFactory(year=2026, month=6)
    sent = timezone.make_aware(datetime.datetime(2026, 6, 10, 9))
    for i in range(n):
        task = task_led_by(
            agencies[i % len(agencies)],
            title=f"Nhiệm vụ số {i}",
            deadline=AS_OF + datetime.timedelta(days=(i % 9 - 4) * 15),
            section_title=f"Mục {i % 3}",
        )
        if i % 4 == 0:
            report = ProgressReportFactory(
                task=task,
                period=period,
                agency=agencies[i % len(agencies)],
                state="completed" if i % 8 == 0 else "in_progress",
                delivered_on=AS_OF - datetime.timedelta(days=20),
                submitted_at=sent,
                status="submitted",
                difficulties=f"Thiếu kinh phí {i}",
                proposals="Đề nghị bổ sung",
            )
            if i % 16 == 0:
                ReviewFactory(report=report, comment="Đã ghi nhận")


def queries(client, name, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name), params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(("who", "name", "params"), PAGES)
def test_same_query_count_with_10_and_500_tasks(client, users, agency_skhcn, agency_finance, who, name, params):
    client.force_login(users[who])
    grow_to(10, [agency_skhcn, agency_finance])
    with_10 = queries(client, name, params)
    grow_to(490, [agency_skhcn, agency_finance])
    assert queries(client, name, params) == with_10
