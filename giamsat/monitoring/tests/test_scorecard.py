"""The agency scorecard: the pure formula, hand-counted components, ranking, query count, access, bad input."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giamsat.agencies.models import Agency
from giamsat.agencies.tests.factories import AgencyFactory
from giamsat.directives.choices import AssignmentRole
from giamsat.directives.models import Task
from giamsat.directives.tests.factories import DirectiveFactory, TaskAssignmentFactory, task_led_by
from giamsat.indicators.tests.factories import IndicatorFactory
from giamsat.monitoring.history import status_history_refresh_all
from giamsat.monitoring.scorecard import OVERDUE_DAYS_CAP, Components, scorecard, scorecard_index
from giamsat.reporting.models import Review
from giamsat.reporting.tests.factories import ProgressReportFactory, ReportingPeriodFactory, ReviewFactory

TZ = ZoneInfo(settings.TIME_ZONE)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), TZ)


def d(day: int, month: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


class FormulaTests:
    @pytest.mark.parametrize(
        ("components", "expected"),
        [
            # everything perfect
            (Components(due=4, done_on_time=4, reports_expected=3, reports_on_time=3, reviewed=2), 100.0),
            # no data at all: no index
            (Components(), None),
            # the worked example of docs/scorecard.md: 24 + 20.833 + 15 + 12 = 71.833
            (
                Components(
                    due=10,
                    done_on_time=6,
                    overdue=2,
                    overdue_days=30 + OVERDUE_DAYS_CAP,
                    reports_expected=8,
                    reports_on_time=6,
                    reviewed=5,
                    returned=1,
                ),
                71.8,
            ),
            # only reporting has data: its weight becomes the whole index
            (Components(reports_expected=3, reports_on_time=2), 66.7),
            # rounding half up (6.25 → 6.3, where Python's round would give 6.2)
            (Components(reports_expected=16, reports_on_time=1), 6.3),
            # every due task overdue by the cap or more, nothing else known: 0
            (Components(due=2, overdue=2, overdue_days=2 * OVERDUE_DAYS_CAP), 0.0),
            # overdue by one day: on-time 0, overdue 1 − (1 + 1/90)/2 = 89/180; 25 × 89/180 / 65 × 100 = 19.017
            (Components(due=1, overdue=1, overdue_days=1), 19.0),
            # nothing due, reports all on time, half the reviews returned: (20 × 1 + 15 × 0.5) / 35 = 78.571
            (Components(reports_expected=2, reports_on_time=2, reviewed=2, returned=1), 78.6),
            # agency B of the dataset below: (0 + 25 + 10) / 85 = 41.176
            (Components(due=1, reports_expected=2, reports_on_time=1), 41.2),
        ],
    )
    def test_hand_computed_cases(self, components, expected):
        assert scorecard_index(components) == expected

    @pytest.mark.parametrize(
        "components",
        [
            Components(due=1, done_on_time=1, overdue=1, overdue_days=1),  # more done + overdue than due
            Components(due=1, overdue=1, overdue_days=OVERDUE_DAYS_CAP + 1),  # days not capped
            Components(due=1, overdue=1, overdue_days=0),  # an overdue task is at least one day late
            Components(reports_expected=1, reports_on_time=2),
            Components(reviewed=1, returned=2),
            Components(due=-1),
        ],
    )
    def test_impossible_counts_are_refused(self, components):
        with pytest.raises(ValueError, match="."):
            scorecard_index(components)


@pytest.fixture
def dataset(agency_skhcn, agency_finance):
    """Period 05/2026 (due 20/05, as of 31/05); the counts are written beside each task."""
    period = ReportingPeriodFactory(year=2026, month=5)
    a, b = agency_skhcn, agency_finance

    # A1: done on time in April (accepted 28/04): due, on time; done before the period → no report expected.
    a1 = task_led_by(a, deadline=d(30, 4))
    done = ProgressReportFactory(
        task=a1,
        period=ReportingPeriodFactory(year=2026, month=4),
        agency=a,
        state="completed",
        delivered_on=d(25, 4),
        submitted_at=at(d(26, 4)),
        status="accepted",
    )
    Review.objects.filter(pk=ReviewFactory(report=done).pk).update(created_at=at(d(28, 4)))
    # A2: overdue since 15/05 (16 days); report sent 18/05, on time. B coordinates; B's report on it is returned
    # in May, which must not count for B (only reports on tasks an agency leads are scored).
    a2 = task_led_by(a, deadline=d(15, 5))
    ProgressReportFactory(task=a2, period=period, agency=a, submitted_at=at(d(18, 5)))
    TaskAssignmentFactory(task=a2, agency=b, role=AssignmentRole.COORDINATING)
    helper = ProgressReportFactory(task=a2, period=period, agency=b, submitted_at=at(d(25, 5)), status="returned")
    Review.objects.filter(pk=ReviewFactory(report=helper, decision="returned").pk).update(created_at=at(d(26, 5)))
    # A3: overdue since 01/01 (150 days, capped at 90); report sent late (25/05), returned on 26/05.
    a3 = task_led_by(a, deadline=d(1, 1))
    late = ProgressReportFactory(task=a3, period=period, agency=a, submitted_at=at(d(25, 5)), status="returned")
    Review.objects.filter(pk=ReviewFactory(report=late, decision="returned").pk).update(created_at=at(d(26, 5)))
    # A4: due 30/06, no report for May: not due, report expected and missing.
    task_led_by(a, deadline=d(30, 6))
    # A5: due 30/06 but completed in May (delivered 09/05, accepted 12/05): due (done), on time, report on time.
    a5 = task_led_by(a, deadline=d(30, 6))
    claim = ProgressReportFactory(
        task=a5,
        period=period,
        agency=a,
        state="completed",
        delivered_on=d(9, 5),
        submitted_at=at(d(10, 5)),
        status="accepted",
    )
    Review.objects.filter(pk=ReviewFactory(report=claim).pk).update(created_at=at(d(12, 5)))

    # B1: due on 31/05, the last day of the period: due, not overdue; report sent 20/05 at 23:00, on time.
    b1 = task_led_by(b, deadline=d(31, 5))
    ProgressReportFactory(task=b1, period=period, agency=b, submitted_at=at(d(20, 5), 23))
    # B2: recurring, no deadline: not due; report sent 21/05, late.
    b2 = task_led_by(b, deadline=None, deadline_text="Thường xuyên", recurrence="regular")
    ProgressReportFactory(task=b2, period=period, agency=b, submitted_at=at(d(21, 5)))

    # C: one task of a directive issued after the period's due date, due later: no data at all.
    c = AgencyFactory(name="Cơ quan không có số liệu")
    task_led_by(c, deadline=d(30, 9), directive=DirectiveFactory(issued_on=d(1, 6)))
    status_history_refresh_all()  # the reviews' times were moved by bulk updates, which send no signals
    return {"period": period, "a": a, "b": b, "c": c}


EXPECTED_A = Components(
    due=4,
    done_on_time=2,
    overdue=2,
    overdue_days=16 + OVERDUE_DAYS_CAP,
    reports_expected=4,
    reports_on_time=2,
    reviewed=2,
    returned=1,
)
# on time 2/4; overdue 1 − (2 + 106/90) / 8 = 434/720; reporting 2/4; evidence 1/2
# 40 × 0.5 + 25 × 0.60278 + 20 × 0.5 + 15 × 0.5 = 52.569
INDEX_A = 52.6
EXPECTED_B = Components(due=1, reports_expected=2, reports_on_time=1)
INDEX_B = 41.2


@pytest.mark.django_db
class ScorecardTests:
    def test_each_agency_row_counts_its_indicators_by_colour_as_of_the_period_end(self, dataset):
        a, b = dataset["a"], dataset["b"]
        IndicatorFactory(agency=a, target_on=d(30, 4))  # target date passed without a value: red
        IndicatorFactory(agency=a, target_on=d(31, 12))  # no value for April: grey
        IndicatorFactory(agency=a, target_on=d(1, 6))  # as of 31/05 its date has not passed yet: grey, not red
        rows = {row.agency_id: row for row in scorecard(period=dataset["period"])}
        assert rows[a.pk].indicator_colours == {"red": 1, "grey": 2}
        assert rows[b.pk].indicator_colours == {}
        assert rows[a.pk].index == INDEX_A  # shown beside the index, not in it

    def test_components_and_index_equal_the_hand_counts(self, dataset):
        rows = {row.agency_id: row for row in scorecard(period=dataset["period"])}
        assert rows[dataset["a"].pk].components == EXPECTED_A
        assert rows[dataset["a"].pk].done_late == 0
        assert rows[dataset["a"].pk].index == INDEX_A == scorecard_index(EXPECTED_A)
        assert rows[dataset["b"].pk].components == EXPECTED_B
        assert rows[dataset["b"].pk].index == INDEX_B
        assert rows[dataset["c"].pk].components == Components()
        assert rows[dataset["c"].pk].index is None

    def test_ranked_by_index_then_name_without_index_last(self, dataset):
        rows = scorecard(period=dataset["period"])
        assert [(r.agency_id, r.rank) for r in rows] == [
            (dataset["a"].pk, 1),
            (dataset["b"].pk, 2),
            (dataset["c"].pk, None),
        ]

    def test_equal_indices_share_a_rank_and_are_ordered_by_name(self, dataset):
        twins = [AgencyFactory(name="Sở Z thử nghiệm"), AgencyFactory(name="Sở B thử nghiệm")]
        for agency in twins:  # each: one task due 31/05, done on time in May → 100
            task = task_led_by(agency, deadline=d(31, 5))
            report = ProgressReportFactory(
                task=task,
                period=dataset["period"],
                agency=agency,
                state="completed",
                delivered_on=d(5, 5),
                submitted_at=at(d(6, 5)),
            )
            Review.objects.filter(pk=ReviewFactory(report=report).pk).update(created_at=at(d(7, 5)))
        status_history_refresh_all()
        rows = scorecard(period=dataset["period"])
        assert [(r.name, r.rank, r.index) for r in rows[:3]] == [
            ("Sở B thử nghiệm", 1, 100.0),
            ("Sở Z thử nghiệm", 1, 100.0),
            (dataset["a"].name, 3, INDEX_A),
        ]

    def test_limited_to_the_given_tasks(self, dataset):
        only_b = Task.objects.filter(assignments__agency=dataset["b"], assignments__role=AssignmentRole.LEAD)
        rows = scorecard(period=dataset["period"], tasks=only_b)
        assert [(r.agency_id, r.components) for r in rows] == [(dataset["b"].pk, EXPECTED_B)]


def grow(n: int, agencies: list, period) -> None:
    """Tasks in every state for several agencies, with reports and reviews in the period."""
    for i in range(n):
        agency = agencies[i % len(agencies)]
        task = task_led_by(agency, deadline=d(31, 5) + datetime.timedelta(days=(i % 9 - 4) * 20))
        if i % 3:
            report = ProgressReportFactory(
                task=task,
                period=period,
                agency=agency,
                state="completed" if i % 6 == 0 else "in_progress",
                delivered_on=d(10, 5),
                submitted_at=at(d(15 + i % 10, 5)),
            )
            if i % 2:
                review = ReviewFactory(report=report, decision="returned" if i % 4 == 1 else "accepted")
                Review.objects.filter(pk=review.pk).update(created_at=at(d(26, 5)))
    status_history_refresh_all()  # the reviews' times were moved by bulk updates


@pytest.mark.django_db
def test_same_number_of_queries_with_few_and_many_tasks(registry, django_assert_max_num_queries):
    agencies = list(Agency.objects.order_by("pk")[:6])
    period = ReportingPeriodFactory(year=2026, month=5)
    grow(6, agencies[:2], period)
    IndicatorFactory(agency=agencies[0])
    with CaptureQueriesContext(connection) as few:
        scorecard(period=period)
    grow(150, agencies, period)
    for agency in agencies:
        IndicatorFactory(agency=agency)
    with django_assert_max_num_queries(7) as many:
        rows = scorecard(period=period)
    # tasks, overdue days, reviews, overdue answers to requests for explanation; indicators, milestones, values
    assert len(few) == len(many) == 7
    assert len(rows) == 6


@pytest.mark.django_db
def test_page_query_count_does_not_grow(client, users, registry, django_assert_max_num_queries):
    agencies = list(Agency.objects.order_by("pk")[:6])
    period = ReportingPeriodFactory(year=2026, month=5)
    client.force_login(users["leader"])
    grow(6, agencies[:2], period)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("monitoring:scorecard"), {"period": "2026-05"})
    grow(200, agencies, period)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("monitoring:scorecard"), {"period": "2026-05"})
    assert len(response.context["rows"]) == 6


@pytest.mark.django_db
class PageTests:
    def test_page_shows_the_hand_counted_rows_and_the_formula(self, client, users, dataset):
        client.force_login(users["leader"])
        response = client.get(reverse("monitoring:scorecard"), {"period": "2026-05"})
        assert response.status_code == 200
        rows = {row.agency_id: row for row in response.context["rows"]}
        assert rows[dataset["a"].pk].components == EXPECTED_A
        assert rows[dataset["b"].pk].index == INDEX_B
        content = response.content.decode()
        row_a = content.split(f'data-agency-id="{dataset["a"].pk}"')[1].split("</tr>")[0]
        assert "52,6" in row_a or "52.6" in row_a
        assert "Cách tính" in content and "40%" in content and "(2 × D)" in content
        assert "31/05/2026" in content and "20/05/2026" in content

    @pytest.mark.parametrize(("link_class", "count"), [("overdue-link", 2), ("done-on-time-link", 2)])
    def test_count_links_land_on_the_counted_tasks(self, client, users, dataset, link_class, count):
        client.force_login(users["standing_office"])
        content = client.get(reverse("monitoring:scorecard"), {"period": "2026-05"}).content.decode()
        row_a = content.split(f'data-agency-id="{dataset["a"].pk}"')[1].split("</tr>")[0]
        link = row_a.split(f'class="{link_class}" href="')[1].split('"')[0].replace("&amp;", "&")
        assert "as_of=31%2F05%2F2026" in link
        assert client.get(link).context["page"].paginator.count == count

    @pytest.mark.parametrize(
        ("who", "code"),
        [("officer", 403), ("head", 403), ("other_officer", 403), ("leader", 200), ("standing_office", 200)],
    )
    def test_only_leaders_and_the_office(self, client, users, dataset, who, code):
        client.force_login(users[who])
        assert client.get(reverse("monitoring:scorecard")).status_code == code

    def test_anonymous_is_sent_to_login(self, client, dataset):
        response = client.get(reverse("monitoring:scorecard"))
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("abc", "không hợp lệ"),
            ("2026-13", "Không có kỳ báo cáo"),
            ("2026-5-1", "không hợp lệ"),
            ("2031-01", "Không có kỳ báo cáo"),
            ("'; drop table x; --", "không hợp lệ"),
        ],
    )
    def test_invalid_period_falls_back_with_a_vietnamese_message(self, client, users, dataset, value, message):
        client.force_login(users["leader"])
        with time_machine.travel(at(d(25, 6)), tick=False):
            response = client.get(reverse("monitoring:scorecard"), {"period": value})
        assert response.status_code == 200
        assert message in response.context["message"]
        assert response.context["period"] == dataset["period"]  # the latest period past its due date

    @pytest.mark.parametrize(
        ("today", "expected"), [(d(25, 6), (2026, 6)), (d(10, 6), (2026, 5)), (d(1, 1), (2026, 1))]
    )
    def test_default_period(self, client, users, dataset, today, expected):
        ReportingPeriodFactory(year=2026, month=6)
        ReportingPeriodFactory(year=2026, month=7)
        if today.month == 1:  # before every due date: the current month's period
            ReportingPeriodFactory(year=2026, month=1)
        client.force_login(users["standing_office"])
        with time_machine.travel(at(today), tick=False):
            period = client.get(reverse("monitoring:scorecard")).context["period"]
        assert (period.year, period.month) == expected

    def test_no_period_at_all(self, client, users, registry):
        client.force_login(users["leader"])
        response = client.get(reverse("monitoring:scorecard"), {"period": "2026-05"})
        assert response.status_code == 200
        assert response.context["period"] is None
        assert "Chưa có kỳ báo cáo nào" in response.content.decode()
