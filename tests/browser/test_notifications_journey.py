"""Notifications as the officer meets them, in Chromium: the standing office returns the officer's report, the bell's
count goes up, the officer opens the notification and lands on the report's page with the reviewer's comment (the
bell one lower); then chooses how to receive each kind. Every page visited is scanned with axe-core."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from giamsat.directives.tests.factories import task_led_by
from giamsat.reporting import services

from .test_journeys import sign_in

COMMENT = "Bổ sung biên bản nghiệm thu kho dữ liệu và số quyết định"


@pytest.fixture
def report(transactional_db, users, agency_skhcn):
    """The officer's report on a task of Sở KH&CN, submitted and approved by the head: at the standing office."""
    task = task_led_by(
        agency_skhcn,
        title="Xây dựng kho dữ liệu số dùng chung của tỉnh",
        deadline=timezone.localdate() + datetime.timedelta(days=40),
    )
    period = services.period_for(timezone.localdate())
    report = services.report_save_draft(
        task=task, period=period, data={"work_done": "Đã khảo sát 12 sở"}, acting_user=users["officer"]
    )
    services.report_submit(report=report, acting_user=users["officer"])
    services.report_approve(report=report, acting_user=users["head"])
    return report


@pytest.mark.browser
def test_a_returned_report_reaches_the_officer_through_the_bell(
    live_server, users, report, page, screenshot, axe, mailoutbox
):
    officer = users["officer"]
    officer.email = "officer@example.vn"
    officer.save()
    bell = page.get_by_test_id("bell")

    sign_in(page, live_server, officer.username)
    page.goto(f"{live_server.url}/nhiem-vu/")
    expect(bell).to_have_accessible_name("Thông báo (1 chưa đọc)")  # the head approved the report

    # Meanwhile the standing office returns the report with its comment.
    services.report_review(report=report, decision="returned", comment=COMMENT, acting_user=users["standing_office"])
    page.reload()
    expect(bell).to_have_accessible_name("Thông báo (2 chưa đọc)")
    expect(bell).to_contain_text("2")
    assert [m.to for m in mailoutbox] == [["officer@example.vn"]]  # a returned report is also e-mailed at once

    bell.click()
    expect(page.get_by_role("heading", name="Thông báo", exact=True)).to_be_visible()
    rows = page.get_by_test_id("notification-table").locator("tbody tr")
    expect(rows).to_have_count(2)
    returned = rows.first  # unread, newest first
    expect(returned).to_contain_text("Cơ quan Thường trực trả lại báo cáo")
    expect(returned).to_contain_text(COMMENT)
    axe(page)
    screenshot(page, "notifications-list")
    page.get_by_label("Tìm trong thông báo").fill("da duyet")  # without diacritics, the list follows as one types
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Lãnh đạo đơn vị đã duyệt báo cáo")
    axe(page)  # the table replaced, not nested: no duplicate id
    page.get_by_label("Tìm trong thông báo").fill("")
    expect(rows).to_have_count(2)

    returned.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/bao-cao/nhiem-vu/{report.task_id}/\?ky=\d{{4}}-\d{{1,2}}$"))
    expect(page.get_by_test_id("report-steps")).to_contain_text(COMMENT)
    expect(page.get_by_test_id("report-form")).to_be_visible()  # returned: the officer edits it again
    expect(bell).to_have_accessible_name("Thông báo (1 chưa đọc)")
    axe(page)
    screenshot(page, "notification-opened-report")

    page.goto(f"{live_server.url}/thong-bao/")
    page.get_by_role("button", name="Đánh dấu tất cả đã đọc").click()
    expect(page.get_by_text("Đã đánh dấu 1 thông báo là đã đọc.")).to_be_visible()
    expect(bell).to_have_accessible_name("Thông báo (không có thông báo chưa đọc)")

    page.get_by_role("link", name="Chọn cách nhận thông báo").click()
    expect(page.get_by_role("heading", name="Tùy chọn thông báo")).to_be_visible()
    immediate = page.get_by_label("Nhiệm vụ mới giao cho đơn vị — Thư ngay")
    expect(immediate).not_to_be_checked()
    expect(page.get_by_label("Báo cáo bị trả lại — Thư ngay")).to_be_checked()
    axe(page)
    immediate.check()
    page.get_by_role("button", name="Lưu tùy chọn").click()
    expect(page.get_by_text("Đã lưu tùy chọn nhận thông báo.")).to_be_visible()
    expect(page.get_by_label("Nhiệm vụ mới giao cho đơn vị — Thư ngay")).to_be_checked()
    screenshot(page, "notification-preferences")
