"""What happens to tasks in real life, in Chromium: an agency asks for more time and the standing office grants it
(the deadline moves, with its document) or refuses it with a reason; a later directive stops a task, which leaves
the overdue count and shows separately. Every page visited is scanned with axe-core."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from giamsat.directives.models import Task
from giamsat.directives.tests.factories import task_led_by

from .test_journeys import sign_in
from .test_reporting_workflow_journey import sign_out


@pytest.mark.browser
def test_extension_requested_and_granted_then_another_refused(
    transactional_db, live_server, users, agency_skhcn, page, screenshot, axe
):
    today = timezone.localdate()
    task = task_led_by(agency_skhcn, title="Xây dựng kho dữ liệu dùng chung", deadline=today + datetime.timedelta(5))
    asked = today + datetime.timedelta(days=65)
    task_url = f"{live_server.url}/nhiem-vu/{task.pk}/"

    def ask(reason: str, day: datetime.date) -> None:
        sign_in(page, live_server, users["officer"].username)
        page.goto(task_url)
        page.get_by_test_id("extension-request-link").click()
        axe(page)
        page.get_by_label("Thời hạn đề nghị (dd/mm/yyyy)").fill(day.strftime("%d/%m/%Y"))
        page.get_by_label("Lý do đề nghị gia hạn").fill(reason)
        page.get_by_role("button", name="Gửi đề nghị gia hạn").click()
        expect(page.get_by_test_id("extension-requests")).to_contain_text(reason)
        sign_out(page)

    ask("Chờ bố trí vốn đầu tư công năm 2027", asked)
    sign_in(page, live_server, users["standing_office"].username)
    page.goto(task_url)
    page.get_by_test_id("extension-decide-link").click()
    axe(page)
    grant = page.get_by_test_id("grant-form")
    grant.get_by_label("Số văn bản đồng ý gia hạn").fill("125-CV/BCĐ")
    grant.get_by_label("Ngày văn bản (dd/mm/yyyy)").fill(today.strftime("%d/%m/%Y"))
    grant.get_by_role("button", name="Đồng ý gia hạn").click()
    page.goto(task_url)
    expect(page.get_by_test_id("timeline")).to_contain_text("125-CV/BCĐ")
    expect(page.get_by_test_id("extension-requests")).to_contain_text(asked.strftime("%d/%m/%Y"))
    screenshot(page, "extension-granted")
    assert Task.objects.get(pk=task.pk).deadline == asked
    sign_out(page)

    ask("Đề nghị lùi thêm một quý", asked + datetime.timedelta(days=90))
    sign_in(page, live_server, users["standing_office"].username)
    page.goto(task_url)
    page.get_by_test_id("extension-decide-link").click()
    refuse = page.get_by_test_id("refuse-form")
    refuse.get_by_label("Lý do không đồng ý gia hạn").fill("Đã gia hạn một lần; đề nghị đẩy nhanh tiến độ")
    refuse.get_by_role("button", name="Không đồng ý gia hạn").click()
    page.goto(task_url)
    expect(page.get_by_test_id("extension-requests")).to_contain_text("Đã gia hạn một lần; đề nghị đẩy nhanh tiến độ")
    assert Task.objects.get(pk=task.pk).deadline == asked  # refused: the deadline stays
    axe(page)


@pytest.mark.browser
def test_a_task_stopped_by_a_later_directive_leaves_the_overdue_count(
    transactional_db, live_server, users, agency_skhcn, page, screenshot, axe
):
    today = timezone.localdate()
    late = task_led_by(agency_skhcn, title="Thuê phần mềm quản lý cũ", deadline=today - datetime.timedelta(days=40))
    task_led_by(agency_skhcn, title="Một nhiệm vụ quá hạn khác", deadline=today - datetime.timedelta(days=3))

    sign_in(page, live_server, users["standing_office"].username)
    overview = f"{live_server.url}/giam-sat/tong-quan/"
    overdue_tile = page.locator("[data-testid=status-counts] [data-status=overdue] .tile-count")
    page.goto(overview)
    expect(overdue_tile).to_have_text("2")

    page.goto(f"{live_server.url}/nhiem-vu/{late.pk}/")
    page.get_by_test_id("task-close-link").click()
    axe(page)
    page.get_by_label("Dừng thực hiện").check()
    page.get_by_label("Số văn bản quyết định").fill("30-KL/BCĐ")
    page.get_by_label("Ngày văn bản (dd/mm/yyyy)").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Ghi nhận").click()
    page.goto(f"{live_server.url}/nhiem-vu/{late.pk}/")
    expect(page.get_by_test_id("task-status")).to_contain_text("Không còn thực hiện")
    expect(page.get_by_test_id("closure")).to_contain_text("30-KL/BCĐ")
    screenshot(page, "task-stopped")

    page.goto(overview)
    expect(overdue_tile).to_have_text("1")
    expect(page.locator("[data-testid=status-counts] [data-status=closed] .tile-count")).to_have_text("1")
    expect(page.get_by_test_id("overdue-list")).not_to_contain_text("Thuê phần mềm quản lý cũ")
    axe(page)
