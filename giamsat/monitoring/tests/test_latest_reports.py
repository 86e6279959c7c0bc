"""The stored latest reports (what the bottlenecks read) equal a ranking of the reports sent by each day."""

import datetime

import pytest

from giamsat.directives.tests.factories import task_led_by
from giamsat.monitoring.latest_reports import latest_reports_refresh
from giamsat.monitoring.models import LatestReport
from giamsat.monitoring.status import end_of_day
from giamsat.reporting.models import ProgressReport
from giamsat.reporting.tests.factories import ProgressReportFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db
D = datetime.date
ONE_DAY = datetime.timedelta(days=1)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return end_of_day(day - ONE_DAY) + datetime.timedelta(hours=hour)


def ranked(task, agency, day):
    """The latest report sent by the end of `day`, ranked by hand: latest period, latest sent, highest id."""
    sent = [
        r
        for r in ProgressReport.objects.filter(task=task, agency=agency).select_related("period")
        if r.submitted_at and r.submitted_at < end_of_day(day)
    ]
    return max(sent, key=lambda r: (r.period.year, r.period.month, r.submitted_at, r.pk), default=None)


def stored(task, agency, day):
    found = list(LatestReport.objects.filter(task=task, agency=agency, from_day__lte=day, to_day__gte=day))
    assert len(found) <= 1, found
    return found[0] if found else None


def test_every_day_the_store_names_the_latest_report_sent(agency_skhcn, agency_finance):
    task = task_led_by(agency_skhcn, deadline=D(2026, 12, 31))
    may, june, july = (ReportingPeriodFactory(year=2026, month=m) for m in (5, 6, 7))
    ProgressReportFactory(task=task, agency=agency_skhcn, period=may, submitted_at=at(D(2026, 5, 18)))
    ProgressReportFactory(
        task=task, agency=agency_skhcn, period=july, submitted_at=at(D(2026, 7, 15)), difficulties="Thiếu vốn"
    )
    # June's report is sent late, after July's: July's (a later period) stays the latest.
    ProgressReportFactory(task=task, agency=agency_skhcn, period=june, submitted_at=at(D(2026, 7, 20)))
    ProgressReportFactory(task=task, agency=agency_skhcn, period=ReportingPeriodFactory(year=2026, month=8))  # draft
    ProgressReportFactory(task=task, agency=agency_finance, period=june, submitted_at=at(D(2026, 6, 19), 23))
    day = D(2026, 5, 1)
    while day <= D(2026, 8, 31):
        for agency in (agency_skhcn, agency_finance):
            expected, found = ranked(task, agency, day), stored(task, agency, day)
            assert (found.report_id if found else None) == (expected.pk if expected else None), (agency, day)
            if found:
                assert found.noted == bool(expected.difficulties or expected.proposals)
        day += ONE_DAY
    assert stored(task, agency_skhcn, D(2030, 1, 1)).noted  # the last one holds from then on


def test_saves_and_deletes_keep_the_store_in_step(agency_skhcn):
    task = task_led_by(agency_skhcn, deadline=D(2026, 12, 31))
    june, july = ReportingPeriodFactory(year=2026, month=6), ReportingPeriodFactory(year=2026, month=7)
    first = ProgressReportFactory(task=task, agency=agency_skhcn, period=june, submitted_at=at(D(2026, 6, 15)))
    second = ProgressReportFactory(task=task, agency=agency_skhcn, period=july)  # a draft: not sent
    assert stored(task, agency_skhcn, D(2026, 7, 31)).report_id == first.pk
    second.submitted_at, second.proposals = at(D(2026, 7, 16)), "Đề nghị bổ sung kinh phí"
    second.save()
    assert stored(task, agency_skhcn, D(2026, 7, 16)).report_id == second.pk
    assert stored(task, agency_skhcn, D(2026, 7, 16)).noted
    second.delete()
    assert stored(task, agency_skhcn, D(2026, 7, 16)).report_id == first.pk
    LatestReport.objects.all().delete()  # as a bulk load leaves it
    latest_reports_refresh(task_ids=[task.pk])
    assert stored(task, agency_skhcn, D(2026, 7, 16)).report_id == first.pk
