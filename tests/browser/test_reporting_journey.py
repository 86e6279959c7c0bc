"""The monthly reporting journey in Chromium: officer drafts with a PDF evidence, head approves, the
standing office returns it with a comment, the officer fixes and resubmits, the office accepts, and the
task shows its completion status by the product's delivery date."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from giamsat.directives.tests.factories import task_led_by

from .test_journeys import sign_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập hệ thống")).to_be_visible()


@pytest.mark.browser
def test_report_returned_then_accepted(transactional_db, live_server, users, agency_skhcn, page, screenshot, axe):
    today = timezone.localdate()
    task = task_led_by(
        agency_skhcn, title="Triển khai nền tảng họp trực tuyến", deadline=today + datetime.timedelta(days=10)
    )
    delivered = (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y")

    sign_in(page, live_server, users["officer"].username)
    page.goto(f"{live_server.url}/bao-cao/")
    row = page.locator(f"[data-testid=my-reports] tr[data-task-id='{task.pk}']")
    expect(row).to_contain_text("Chưa báo cáo")
    axe(page)
    row.get_by_role("link", name="Báo cáo").click()
    page.set_input_files(
        "#id_file-file", files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Lưu dự thảo").click()  # the evidence is saved with the report's one form
    expect(page.get_by_role("link", name="bien-ban.pdf")).to_be_visible()
    axe(page)
    page.select_option("#id_state", "completed")
    page.fill("#id_delivered_on", delivered)
    page.fill("#id_product", "Quyết định đưa nền tảng vào vận hành")
    page.get_by_role("button", name="Gửi lãnh đạo đơn vị").click()
    expect(page.get_by_text("Đã gửi báo cáo cho lãnh đạo đơn vị duyệt.")).to_be_visible()
    screenshot(page, "report-submitted")
    axe(page)
    sign_out(page)

    sign_in(page, live_server, users["head"].username)
    page.goto(f"{live_server.url}/bao-cao/nhiem-vu/{task.pk}/")
    approve = page.get_by_role("button", name="Duyệt và gửi Cơ quan Thường trực")
    expect(approve).to_be_visible()
    axe(page)
    approve.click()
    expect(page.get_by_text("Đã duyệt, báo cáo được gửi Cơ quan Thường trực.")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, users["standing_office"].username)
    page.goto(f"{live_server.url}/bao-cao/tham-dinh/")
    axe(page)
    page.get_by_test_id("review-queue").get_by_role("link", name="Thẩm định", exact=True).first.click()
    expect(page.locator("#id_comment")).to_be_visible()
    axe(page)
    page.fill("#id_comment", "Đề nghị bổ sung quyết định có chữ ký, đóng dấu")
    page.get_by_role("button", name="Trả lại kèm ý kiến").click()
    expect(page.get_by_text("Đã trả lại báo cáo kèm ý kiến.")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, users["officer"].username)
    page.goto(f"{live_server.url}/bao-cao/nhiem-vu/{task.pk}/")
    expect(page.get_by_text("Đề nghị bổ sung quyết định có chữ ký, đóng dấu")).to_be_visible()
    axe(page)
    page.fill("#id_ref-document_number", "15/QĐ-STTTT")
    page.fill("#id_ref-document_date", delivered)
    page.get_by_role("button", name="Gửi lãnh đạo đơn vị").click()  # the reference is added with the report
    expect(page.get_by_text("Đã gửi báo cáo cho lãnh đạo đơn vị duyệt.")).to_be_visible()
    expect(page.get_by_text("15/QĐ-STTTT")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, users["head"].username)
    page.goto(f"{live_server.url}/bao-cao/nhiem-vu/{task.pk}/")
    page.get_by_role("button", name="Duyệt và gửi Cơ quan Thường trực").click()
    sign_out(page)

    sign_in(page, live_server, users["standing_office"].username)
    page.goto(f"{live_server.url}/bao-cao/tham-dinh/")
    page.get_by_test_id("review-queue").get_by_role("link", name="Thẩm định", exact=True).first.click()
    page.get_by_role("button", name="Chấp nhận").click()
    expect(page.get_by_text("Đã chấp nhận báo cáo.")).to_be_visible()
    page.goto(f"{live_server.url}/nhiem-vu/{task.pk}/")
    expect(page.get_by_test_id("task-status")).to_contain_text("Hoàn thành đúng hạn")
    expect(page.get_by_test_id("task-status")).to_contain_text(f"hoàn thành ngày {delivered}")
    screenshot(page, "task-done-on-time")
    axe(page)
