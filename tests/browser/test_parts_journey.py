"""A task led by three agencies in Chromium: two complete their part (officer reports, head approves, the standing
office accepts) and the task shows 2/3 and is not done; the third completes; the task is done."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from giamsat.accounts.choices import Role
from giamsat.accounts.tests.factories import UserFactory
from giamsat.agencies.models import Agency
from giamsat.directives.models import TaskAssignment
from giamsat.directives.tests.factories import task_led_by

from .test_journeys import sign_in
from .test_reporting_journey import sign_out


def complete_part(page, live_server, task, officer: str, head: str, delivered: str) -> None:
    """The agency's officer reports the task completed, its head approves and sends it on."""
    sign_in(page, live_server, officer)
    page.goto(f"{live_server.url}/bao-cao/nhiem-vu/{task.pk}/")
    page.fill("#id_ref-document_number", "15/BC-UBND")
    page.fill("#id_ref-document_date", delivered)
    page.select_option("#id_state", "completed")
    page.fill("#id_delivered_on", delivered)
    page.fill("#id_product", "Báo cáo kết quả trang bị máy tính")
    page.get_by_role("button", name="Gửi lãnh đạo đơn vị").click()
    expect(page.get_by_text("Đã gửi báo cáo cho lãnh đạo đơn vị duyệt.")).to_be_visible()
    sign_out(page)
    sign_in(page, live_server, head)
    page.goto(f"{live_server.url}/bao-cao/nhiem-vu/{task.pk}/")
    page.get_by_role("button", name="Duyệt và gửi Cơ quan Thường trực").click()
    expect(page.get_by_text("Đã duyệt, báo cáo được gửi Cơ quan Thường trực.")).to_be_visible()
    sign_out(page)


def accept_all(page, live_server, office: str, count: int) -> None:
    sign_in(page, live_server, office)
    for _ in range(count):
        page.goto(f"{live_server.url}/bao-cao/tham-dinh/")
        page.get_by_test_id("review-queue").get_by_role("link", name="Thẩm định", exact=True).first.click()
        page.get_by_role("button", name="Chấp nhận").click()
        expect(page.get_by_text("Đã chấp nhận báo cáo.")).to_be_visible()


@pytest.mark.browser
def test_a_task_of_three_lead_agencies_is_done_when_the_third_is(
    transactional_db, live_server, users, agency_skhcn, agency_finance, page, screenshot, axe
):
    today = timezone.localdate()
    third = Agency.objects.get(code="so-noi-vu")
    task = task_led_by(
        agency_skhcn, title="Trang bị máy tính cấu hình tối thiểu cho cán bộ", deadline=today + datetime.timedelta(10)
    )
    for agency in (agency_finance, third):
        TaskAssignment.objects.create(task=task, agency=agency, role="lead", printed_name=agency.name)
    people = {
        agency_skhcn: ("officer", "head"),
        agency_finance: ("other", UserFactory(username="tc.head", role=Role.AGENCY_HEAD, agency=agency_finance)),
        third: (
            UserFactory(username="nv.officer", role=Role.AGENCY_OFFICER, agency=third),
            UserFactory(username="nv.head", role=Role.AGENCY_HEAD, agency=third),
        ),
    }
    names = {
        agency: tuple(str(p) if isinstance(p, str) else p.username for p in pair) for agency, pair in people.items()
    }
    delivered = (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y")

    for agency in (agency_skhcn, agency_finance):
        complete_part(page, live_server, task, *names[agency], delivered)
    accept_all(page, live_server, users["standing_office"].username, 2)
    page.goto(f"{live_server.url}/nhiem-vu/{task.pk}/")
    status = page.get_by_test_id("task-status")
    expect(status).to_contain_text("2/3 cơ quan chủ trì đã hoàn thành")
    expect(status).not_to_contain_text("Hoàn thành")
    parts = page.get_by_test_id("parts")
    expect(parts.locator(f"tr[data-agency-id='{third.pk}'] [data-status]")).to_have_attribute("data-status", "on_time")
    expect(parts.locator(f"tr[data-agency-id='{agency_finance.pk}'] [data-status]")).to_have_attribute(
        "data-status", "done_on_time"
    )
    screenshot(page, "task-two-of-three-parts")
    axe(page)
    page.goto(f"{live_server.url}/nhiem-vu/?scope=all&q=Trang+bị+máy+tính")
    expect(page.locator(f"tr[data-task-id='{task.pk}'] [data-testid=parts-share]")).to_have_text("2/3 đã hoàn thành")
    sign_out(page)

    complete_part(page, live_server, task, *names[third], delivered)
    accept_all(page, live_server, users["standing_office"].username, 1)
    page.goto(f"{live_server.url}/nhiem-vu/{task.pk}/")
    expect(page.get_by_test_id("task-status")).to_contain_text("Hoàn thành đúng hạn")
    expect(page.get_by_test_id("task-status")).to_contain_text("3/3 cơ quan chủ trì đã hoàn thành")
    screenshot(page, "task-three-of-three-parts")
