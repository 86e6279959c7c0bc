"""The overview's indicators in Chromium: a leader signs in (with the authenticator's code), reads the counts by
colour on the overview, clicks the red count and lands on exactly the red indicators. Pages scanned with axe-core."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from giamsat.indicators.choices import Layer
from giamsat.indicators.models import Indicator, IndicatorValue
from giamsat.reporting.choices import ReportStatus
from giamsat.reporting.tests.factories import ReportingPeriodFactory

from .test_journeys import sign_in

DASHBOARD_PATH = "/giam-sat/tong-quan/"


def indicator(code: str, value: str | None, *, agency, **fields) -> Indicator:
    """From 0 a year ago to 100 a year from today, reported monthly: today its trajectory stands at 50, so a value
    measured today of 80 is green, 45 orange (behind by 5, within 10 % of the way), 10 red; no value: grey."""
    today = timezone.localdate()
    made = Indicator.objects.create(
        code=code,
        name=f"Chỉ tiêu thử nghiệm {code}",
        unit="%",
        baseline_value=Decimal(0),
        baseline_on=today - datetime.timedelta(days=365),
        target_value=Decimal(100),
        target_on=today + datetime.timedelta(days=365),
        agency=agency,
        **{"is_public": True, **fields},
    )
    if value is not None:
        IndicatorValue.objects.create(
            indicator=made,
            period=ReportingPeriodFactory(year=today.year, month=today.month),
            agency=agency,
            value=Decimal(value),
            measured_on=today,
            status=ReportStatus.ACCEPTED,
        )
    return made


@pytest.mark.browser
def test_leader_clicks_the_red_count_and_sees_exactly_the_red_indicators(
    transactional_db, live_server, users, agency_skhcn, agency_finance, page, screenshot, axe
):
    red = {
        indicator("DO-01", "10", agency=agency_skhcn, layer=Layer.STRATEGIC).code,
        indicator("DO-02", "20", agency=agency_finance, is_public=False).code,  # internal: leaders see it too
    }
    indicator("CAM-01", "45", agency=agency_skhcn)
    indicator("XANH-01", "80", agency=agency_skhcn)
    indicator("XANH-02", "95", agency=agency_finance, layer=Layer.STRATEGIC)
    indicator("XAM-01", None, agency=agency_finance)

    sign_in(page, live_server, users["leader"].username)
    page.goto(f"{live_server.url}{DASHBOARD_PATH}")
    card = page.get_by_test_id("indicator-counts")
    expect(card.get_by_role("heading")).to_have_text("6 chỉ tiêu theo mức đánh giá")
    counts = {colour: card.locator(f"a[data-colour='{colour}'] .tile-count") for colour in ("green", "orange", "red")}
    expect(counts["red"]).to_have_text("2")
    expect(counts["orange"]).to_have_text("1")
    expect(counts["green"]).to_have_text("2")
    expect(card.locator("a[data-colour='grey'] .tile-count")).to_have_text("1")
    screenshot(page, "dashboard-indicator-counts")
    axe(page)

    card.locator("a[data-colour='red']").click()
    today = timezone.localdate().strftime("%d/%m/%Y")
    expect(page).to_have_url(f"{live_server.url}/chi-tieu/?mau=red&as_of={today}")
    rows = page.get_by_test_id("indicator-table").locator("tbody tr")
    expect(rows).to_have_count(len(red))
    listed = {rows.nth(n).locator("td").first.inner_text().strip() for n in range(rows.count())}
    assert listed == red
    assert {rows.nth(n).get_attribute("data-colour") for n in range(rows.count())} == {"red"}
    screenshot(page, "indicator-list-red")
    axe(page)
