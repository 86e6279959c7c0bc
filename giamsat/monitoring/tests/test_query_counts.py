"""The overview and the task list run the same number of queries with 10 tasks and with 500."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from giamsat.accounts.policy import must_use_two_factor
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
    (None, "portal:index", {}),
    (None, "portal:index", {"q": "nhiem vu"}),
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
    """The queries of the page computed afresh (nothing in the cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name), params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(("who", "name", "params"), PAGES)
def test_same_query_count_with_10_and_500_tasks(client, users, agency_skhcn, agency_finance, who, name, params):
    if who:
        client.force_login(users[who])
    grow_to(10, [agency_skhcn, agency_finance])
    with_10 = queries(client, name, params)
    grow_to(490, [agency_skhcn, agency_finance])
    assert queries(client, name, params) == with_10


def test_statuses_of_any_day_come_from_one_query_without_subqueries(agency_skhcn, agency_finance):
    """The status history answers any "as of" day with a join on the span that holds it, no correlated subquery."""
    from giamsat.directives.models import Task
    from giamsat.monitoring.history import annotate_status

    grow_to(20, [agency_skhcn, agency_finance])
    for day in (timezone.localdate(), AS_OF):
        sql = str(annotate_status(Task.objects.all(), as_of=day).filter(status="overdue").query)
        assert sql.upper().count("SELECT") == 1, sql
        assert annotate_status(Task.objects.all(), as_of=day).filter(status__isnull=True).count() == 0


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("leader", "/giam-sat/tong-quan/"),
        ("standing_office", "/nhiem-vu/?scope=all&status=overdue"),
        ("officer", "/nhiem-vu/"),
        (None, "/cong-khai/"),
    ],
)
def test_a_page_seen_again_before_any_change_is_served_from_the_cache(
    client, users, agency_skhcn, who, url, django_capture_on_commit_callbacks
):
    """Cached per data versions: the second request reads the versions (one query), and only the session, the user
    and the user's agency (named in the header) besides, and the device that verified the session for a role that
    signs in with a second factor (django-otp's OTPMiddleware); nothing else on the public portal."""
    with django_capture_on_commit_callbacks(execute=True):  # committed, as a request's writes are
        grow_to(30, [agency_skhcn])
    if who:
        client.force_login(users[who])
    first = client.get(url)
    with CaptureQueriesContext(connection) as again:
        second = client.get(url)
    assert second.status_code == first.status_code == 200
    expected = 1 + (4 if who else 0) + (1 if who and must_use_two_factor(users[who]) else 0)
    assert len(again) <= expected, [q["sql"][:80] for q in again.captured_queries]
    assert 'data-testid="' in second.content.decode()


def test_task_detail_query_count_does_not_grow(client, users, agency_skhcn):
    from giamsat.directives.models import Task

    client.force_login(users["standing_office"])
    grow_to(10, [agency_skhcn])
    task = Task.objects.filter(reports__isnull=False).first()
    with_10 = queries_at(client, f"/nhiem-vu/{task.pk}/")
    grow_to(200, [agency_skhcn])
    # 13 for the task and its statuses; 2 for its extension requests and the tasks merged into it; 5 for its story
    # (reports, their evidence, steps and reviews; deadline changes); 2 for its requests for explanation (the block,
    # and the history's steps; their own history is read only when there are requests); 1 for the device that
    # verified the standing office's session (two-factor authentication, django-otp's OTPMiddleware)
    assert queries_at(client, f"/nhiem-vu/{task.pk}/") == with_10 <= 25


def queries_at(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
