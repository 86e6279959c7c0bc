"""The dashboard: figures equal the status engine's, every number leads to its tasks, fixed query count."""

import datetime

import pytest
from django.urls import reverse

from giamsat.directives.models import Task
from giamsat.directives.samples import samples_load
from giamsat.directives.tests.factories import task_led_by
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.status import task_status

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 7, 1)


def test_figures_equal_the_status_engine_and_link_to_the_tasks(client, users, agency_finance):
    samples_load()
    client.force_login(users["leader"])
    response = client.get(reverse("monitoring:dashboard"), {"as_of": "01/07/2026"})
    assert response.status_code == 200
    expected: dict[str, int] = {}
    for task in Task.objects.exclude(confidentiality="secret"):
        key = task_status(task, AS_OF).status
        expected[key] = expected.get(key, 0) + 1
    assert dict(response.context["by_status"]) == {s: expected.get(s, 0) for s in TaskStatus}
    finance = next(row for row in response.context["agencies"] if row.agency_id == agency_finance.pk)
    overdue_url = (
        response.content.decode()
        .split(f'data-agency-id="{agency_finance.pk}"')[1]
        .split('class="overdue-link" href="')[1]
        .split('"')[0]
        .replace("&amp;", "&")
    )
    listed = client.get(overdue_url).context["page"].paginator.count
    assert listed == finance.overdue > 0  # the number and the list behind it agree


@pytest.mark.parametrize(("who", "code"), [("officer", 403), ("head", 403), ("leader", 200), ("standing_office", 200)])
def test_only_leaders_and_the_office(client, users, who, code):
    client.force_login(users[who])
    assert client.get(reverse("monitoring:dashboard")).status_code == code


def _links(content: str, marker: str) -> list[str]:
    return [part.split('"')[0].replace("&amp;", "&") for part in content.split(marker)[1:]]


def listed(client, link: str) -> int:
    """The number of tasks the task list says it found at `link` (as printed: the table may be cached)."""
    content = client.get(link.replace("&amp;", "&")).content.decode()
    return int(content.split('id="task-count">')[1].split(" ")[0].replace(".", ""))


@pytest.mark.parametrize("param", ["directive", "section", "agency_kind", "lead_agency_id"])
def test_filters_and_every_link_lands_on_the_counted_tasks(client, users, agency_finance, param):
    samples_load()
    task = Task.objects.filter(assignments__role="lead", assignments__agency=agency_finance).first()
    value = {
        "directive": task.directive_id,
        "section": task.section_title,
        "agency_kind": agency_finance.kind,
        "lead_agency_id": agency_finance.pk,
    }[param]
    client.force_login(users["standing_office"])
    response = client.get(reverse("monitoring:dashboard"), {"as_of": "01/07/2026", param: value})
    unfiltered = client.get(reverse("monitoring:dashboard"), {"as_of": "01/07/2026"})
    assert 0 < response.context["total"] < unfiltered.context["total"]
    content = response.content.decode()
    tiles = [_links(tile, 'href="')[0] for tile in content.split('class="tile tile-')[1:]]
    for (status, count), link in zip(response.context["by_status"], tiles, strict=True):
        assert f"status={status}" in link
        assert listed(client, link) == count
    for row in response.context["agencies"]:
        row_html = content.split(f'data-agency-id="{row.agency_id}"')[1].split("</tr>")[0]
        cells = _links(row_html, 'href="')[1:]  # the agency's name, then its numbers
        numbers = [row.led, row.done_on_time, row.done_late, row.overdue, row.pending, row.closed]
        for link, number in zip(cells, numbers, strict=True):
            assert listed(client, link) == number, link


def test_trend_points_equal_the_status_engine_at_each_month_end(client, users):
    samples_load()
    client.force_login(users["leader"])
    trend = client.get(reverse("monitoring:dashboard"), {"as_of": "15/07/2026"}).context["trend"]
    assert [p.day for p in trend][-2:] == [datetime.date(2026, 6, 30), datetime.date(2026, 7, 15)]
    assert len(trend) == 12
    tasks = list(Task.objects.exclude(confidentiality="secret"))
    for point in (trend[0], trend[-2], trend[-1]):
        statuses = [task_status(t, point.day).status for t in tasks]
        assert point.overdue == statuses.count(TaskStatus.OVERDUE)
        assert point.done_on_time == statuses.count(TaskStatus.DONE_ON_TIME)
        assert point.done == point.done_on_time + statuses.count(TaskStatus.DONE_LATE)


def test_agency_table_sorts_by_any_column(client, users):
    samples_load()
    client.force_login(users["leader"])
    by_led = client.get(reverse("monitoring:dashboard"), {"sort": "-led"}).context["agencies"]
    assert [r.led for r in by_led] == sorted((r.led for r in by_led), reverse=True)
    by_name = client.get(reverse("monitoring:dashboard"), {"sort": "name"}).context["agencies"]
    assert [r.name for r in by_name] == sorted(r.name for r in by_name)
    assert client.get(reverse("monitoring:dashboard"), {"sort": "password"}).status_code == 200


def test_bottlenecks_grouped_by_section_with_who_and_whether_answered(client, users, agency_skhcn, agency_finance):
    from django.utils import timezone

    from giamsat.monitoring.history import status_history_refresh_all
    from giamsat.reporting.models import Review
    from giamsat.reporting.tests.factories import ProgressReportFactory, ReportingPeriodFactory, ReviewFactory

    sent = timezone.make_aware(datetime.datetime(2026, 6, 10, 9))
    may, june = ReportingPeriodFactory(year=2026, month=5), ReportingPeriodFactory(year=2026, month=6)
    roads = task_led_by(agency_skhcn, section_title="Hạ tầng số", deadline=datetime.date(2026, 12, 31))
    staff = task_led_by(agency_finance, section_title="Nhân lực", deadline=datetime.date(2026, 12, 31))
    done = task_led_by(agency_finance, section_title="Nhân lực", deadline=datetime.date(2026, 12, 31))
    ProgressReportFactory(task=roads, period=may, agency=agency_skhcn, submitted_at=sent, difficulties="Cũ rồi")
    ProgressReportFactory(task=roads, period=june, agency=agency_skhcn, submitted_at=sent, difficulties="Thiếu cáp")
    answered = ProgressReportFactory(task=staff, period=june, agency=agency_finance, submitted_at=sent, proposals="Xin")
    ReviewFactory(report=answered, decision="returned", comment="Bổ sung hồ sơ")
    ProgressReportFactory(task=staff, period=june, agency=agency_skhcn, submitted_at=None, difficulties="Nháp")
    finished = ProgressReportFactory(
        task=done,
        period=june,
        agency=agency_finance,
        submitted_at=sent,
        state="completed",
        delivered_on=datetime.date(2026, 6, 1),
        difficulties="Đã xong",
    )
    ReviewFactory(report=finished)
    Review.objects.update(created_at=sent)  # reviewed on the day the reports came in
    status_history_refresh_all()  # a bulk update sends no signals
    client.force_login(users["standing_office"])
    areas = client.get(reverse("monitoring:dashboard"), {"as_of": "20/06/2026"}).context["bottleneck_areas"]
    found = {
        area.area: [(i.agency_name, i.difficulties or i.proposals, i.answered, i.answer) for i in area.items]
        for area in areas
    }
    assert found == {
        "Hạ tầng số": [(agency_skhcn.name, "Thiếu cáp", False, "")],  # the latest report only
        "Nhân lực": [(agency_finance.name, "Xin", True, "Bổ sung hồ sơ")],  # no drafts, no finished tasks
    }
    assert [area.area for area in areas] == ["Hạ tầng số", "Nhân lực"]  # unanswered first


def body(response) -> str:
    """The page without its header (which carries the request's CSRF token)."""
    return response.content.decode().split("<h1>", 1)[1]


def tile_count(response, status: str) -> int:
    """The number on the page's tile of a status."""
    tile = response.content.decode().split(f'data-status="{status}"')[1]
    return int(tile.split('class="tile-count">')[1].split("<")[0])


def test_figures_are_cached_until_the_data_change(client, users, agency_skhcn, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from giamsat.reporting.tests.factories import ProgressReportFactory, ReportingPeriodFactory, ReviewFactory

    committed = django_capture_on_commit_callbacks  # each write as a request commits it: the data versions move
    with committed(execute=True):
        task = task_led_by(agency_skhcn, deadline=datetime.date(2026, 6, 30))
    client.force_login(users["leader"])
    url, params = reverse("monitoring:dashboard"), {"as_of": "01/07/2026"}
    with CaptureQueriesContext(connection) as first:
        response = client.get(url, params)
        assert response.context["total"] == 1
    with CaptureQueriesContext(connection) as second:
        again = client.get(url, params)
    assert tile_count(again, TaskStatus.OVERDUE) == 1
    assert body(again) == body(response)  # the page itself came from the cache...
    # ...without computing anything: session, user, data versions, and the device that verified the leader's session
    # (two-factor authentication, django-otp's OTPMiddleware)
    assert len(second) <= 5 < len(first)
    with committed(execute=True):
        report = ProgressReportFactory(
            task=task, period=ReportingPeriodFactory(year=2026, month=6), agency=agency_skhcn, state="completed",
            delivered_on=datetime.date(2026, 6, 29),
            submitted_at=datetime.datetime(2026, 6, 29, 8, tzinfo=datetime.UTC),
        )  # fmt: skip
        ReviewFactory(report=report)  # sent 29/06, accepted now: awaiting verification on 01/07, done on time today
    assert dict(client.get(url, params).context["by_status"])[TaskStatus.PENDING_VERIFICATION] == 1
    today = dict(client.get(url).context["by_status"])
    assert today[TaskStatus.DONE_ON_TIME] == 1 and today[TaskStatus.OVERDUE] == 0
    with committed(execute=True):
        task_led_by(agency_skhcn, deadline=datetime.date(2026, 6, 1))
    assert client.get(url, params).context["total"] == 2  # a new task: recomputed at once


def test_agency_table_shows_the_first_rows_and_links_to_all(client, users, monkeypatch):
    from giamsat.monitoring import views

    samples_load()
    client.force_login(users["leader"])
    everything = client.get(reverse("monitoring:dashboard"), {"sort": "-led", "agencies": "all"})
    rows = everything.context["agencies"]
    assert len(rows) == everything.context["agency_count"] > 3
    assert 'data-testid="all-agencies"' not in everything.content.decode()
    monkeypatch.setattr(views, "AGENCY_ROWS", 3)
    first = client.get(reverse("monitoring:dashboard"), {"sort": "-led"})
    assert [r.agency_id for r in first.context["agencies"]] == [r.agency_id for r in rows[:3]]
    content = first.content.decode()
    assert content.count("data-agency-id=") == 3
    link = content.split('data-testid="all-agencies"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert "agencies=all" in link and "sort=-led" in link
    followed = client.get(reverse("monitoring:dashboard") + link.replace("&amp;", "&"))  # the first page, cached
    assert followed.content.decode().count("data-agency-id=") == len(rows)
