import datetime

import pytest

from giamsat.common.dates import end_of_day
from giamsat.directives.tests.factories import task_led_by
from giamsat.reporting.selectors import reports_sent_in_period
from giamsat.reporting.tests.factories import ProgressReportFactory, ReportingPeriodFactory

D = datetime.date


class ReportsSentInPeriodTests:
    @pytest.mark.parametrize(
        ("period", "sent_on", "as_of", "counted"),
        [
            ((2026, 6), D(2026, 6, 10), D(2026, 6, 15), True),  # sent this month, before the day
            ((2026, 6), D(2026, 6, 15), D(2026, 6, 15), True),  # sent on the day itself
            ((2026, 6), D(2026, 6, 16), D(2026, 6, 15), False),  # sent after the day
            ((2026, 5), D(2026, 6, 1), D(2026, 6, 15), False),  # last month's report
            ((2026, 6), None, D(2026, 6, 15), False),  # a draft
        ],
    )
    def test_the_period_of_the_day_sent_by_its_end(self, agency_skhcn, period, sent_on, as_of, counted):
        task = task_led_by(agency_skhcn)
        year, month = period
        report = ProgressReportFactory(
            task=task,
            agency=agency_skhcn,
            period=ReportingPeriodFactory(year=year, month=month),
            submitted_at=end_of_day(sent_on) - datetime.timedelta(hours=1) if sent_on else None,
        )
        assert (report in reports_sent_in_period(as_of=as_of)) is counted
