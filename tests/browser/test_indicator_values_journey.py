"""An indicator's value as officials report it, in Chromium: the agency officer reports the month's value with an
evidence file and submits it; the head approves it; the standing office accepts it; the indicator's page shows the
value accepted, drawn on its chart, and the colour changed from grey to green; the list's colour filter finds it.
Every page visited is scanned with axe-core."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from giamsat.indicators.models import Indicator, IndicatorValue
from giamsat.reporting.choices import ReportStatus

from .test_journeys import sign_in
from .test_reporting_workflow_journey import PDF, sign_out


@pytest.fixture
def indicator(transactional_db, agency_skhcn):
    return Indicator.objects.create(
        code="NQ57-05",
        name="Tỷ lệ phủ sóng 5G trên dân số",
        unit="%",
        baseline_value=Decimal(50),
        baseline_on=datetime.date(2025, 1, 1),
        target_value=Decimal(95),
        target_on=datetime.date(2030, 12, 31),
        agency=agency_skhcn,
        data_source="Sở Khoa học và Công nghệ",
        is_public=True,
    )


@pytest.mark.browser
def test_officer_reports_head_approves_office_accepts_colour_turns_green(
    live_server, users, indicator, page, screenshot, axe
):
    detail = f"{live_server.url}/chi-tieu/{indicator.pk}/"
    today = timezone.localdate().strftime("%d/%m/%Y")
    colour = page.get_by_test_id("indicator-colour")

    sign_in(page, live_server, users["officer"].username)
    page.get_by_role("link", name="Chỉ tiêu", exact=True).click()
    expect(page.get_by_role("heading", name="Chỉ tiêu, mục tiêu")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Tỷ lệ phủ sóng 5G trên dân số").click()
    expect(colour).to_have_attribute("data-colour", "grey")
    axe(page)
    page.get_by_test_id("report-value").click()
    page.get_by_label("Giá trị", exact=True).fill("92,5")
    page.get_by_label("Số liệu tính đến ngày").fill(today)
    page.get_by_label("Nguồn số liệu").fill("Báo cáo của Viettel Thái Nguyên")
    page.get_by_label("Tệp minh chứng (PDF, Word, Excel, ảnh; tối đa 20 MB)").set_input_files(
        files=[{"name": "so-lieu-5g.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    axe(page)
    page.get_by_role("button", name="Lưu và gửi lãnh đạo đơn vị duyệt").click()
    expect(page.get_by_text("Đã gửi giá trị để lãnh đạo đơn vị duyệt.")).to_be_visible()
    table = page.get_by_test_id("value-table")
    expect(table).to_contain_text("92,5")
    expect(table).to_contain_text("Đã gửi lãnh đạo đơn vị")
    expect(table.get_by_role("link", name="so-lieu-5g.pdf")).to_be_visible()
    screenshot(page, "indicator-value-submitted")
    sign_out(page)

    sign_in(page, live_server, users["head"].username)
    page.goto(detail)
    axe(page)
    page.get_by_role("button", name="Duyệt, gửi Cơ quan Thường trực").click()
    expect(page.get_by_text("Đã duyệt, gửi Cơ quan Thường trực.")).to_be_visible()
    expect(colour).to_have_attribute("data-colour", "grey")  # not accepted yet: the colour does not read it
    sign_out(page)

    sign_in(page, live_server, users["standing_office"].username)
    page.goto(detail)
    axe(page)
    page.get_by_role("button", name="Chấp nhận giá trị").click()
    expect(page.get_by_text("Đã chấp nhận giá trị chỉ tiêu.")).to_be_visible()
    expect(table).to_contain_text("Đã chấp nhận")
    expect(colour).to_have_attribute("data-colour", "green")
    expect(colour).to_contain_text("Đúng hoặc vượt lộ trình")
    expect(colour).to_contain_text("92,5")
    expect(page.get_by_test_id("indicator-history")).to_contain_text("Giá trị kỳ")
    # The chart is drawn (Chart.js served locally, no inline script).
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('indicator-chart'))")
    assert (
        page.evaluate("() => Chart.getChart(document.getElementById('indicator-chart')).data.datasets[1].data.length")
        == 1
    )
    axe(page)
    screenshot(page, "indicator-value-accepted")

    page.goto(f"{live_server.url}/chi-tieu/?mau=green")
    expect(page.get_by_test_id("indicator-table").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("indicator-table")).to_contain_text("Tỷ lệ phủ sóng 5G trên dân số")
    axe(page)
    assert IndicatorValue.objects.get().status == ReportStatus.ACCEPTED
