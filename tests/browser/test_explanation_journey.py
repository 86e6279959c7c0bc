"""A request for explanation in Chromium: a leader (with the authenticator's second factor) asks the lead agency of
a task from the task page; the agency head hears of it on the bell, answers with text; the leader accepts; the task
page shows the request as accepted. Every page visited is scanned with axe-core."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from giamsat.directives.tests.factories import task_led_by
from giamsat.explanations.choices import RequestState
from giamsat.explanations.models import ExplanationRequest

from .test_journeys import sign_in

QUESTION = "Vì sao việc phủ sóng 5G tại các xã vùng cao chậm so với kế hoạch?"
ANSWER = "Chờ cấp phép tần số; doanh nghiệp viễn thông cam kết hoàn thành trong quý III."


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập hệ thống")).to_be_visible()


@pytest.mark.browser
def test_a_leader_asks_the_head_answers_the_leader_accepts(
    transactional_db, live_server, users, agency_skhcn, page, screenshot, axe
):
    task = task_led_by(
        agency_skhcn,
        title="Phủ sóng 5G đến các xã vùng cao",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    task_url = f"{live_server.url}/nhiem-vu/{task.pk}/"

    # The leader asks from the task page; the lead agency is the task's only one.
    sign_in(page, live_server, users["leader"].username)
    page.goto(task_url)
    block = page.get_by_test_id("explanations")
    expect(block).to_contain_text("Chưa có yêu cầu giải trình.")
    block.get_by_test_id("ask-explanation-link").click()
    expect(page.get_by_test_id("ask-agency")).to_have_text(agency_skhcn.name)
    axe(page)
    page.get_by_label("Nội dung yêu cầu giải trình").fill(QUESTION)
    due = page.get_by_label("Hạn giải trình (dd/mm/yyyy)")
    expected_due = (timezone.localdate() + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    expect(due).to_have_value(expected_due)
    page.get_by_role("button", name="Gửi yêu cầu giải trình").click()
    expect(page.get_by_test_id("request-state")).to_have_text("Chờ giải trình")
    expect(page.get_by_test_id("request-question")).to_have_text(QUESTION)
    screenshot(page, "explanation-asked")
    axe(page)
    sign_out(page)

    # The head hears of it on the bell and answers.
    sign_in(page, live_server, users["head"].username)
    page.goto(f"{live_server.url}/thong-bao/")
    page.get_by_role("link", name=f"Yêu cầu giải trình, hạn {expected_due}").click()
    expect(page.get_by_test_id("request-question")).to_have_text(QUESTION)
    page.get_by_label("Nội dung giải trình").fill(ANSWER)
    axe(page)
    page.get_by_role("button", name="Gửi giải trình").click()
    expect(page.get_by_test_id("request-state")).to_have_text("Đã giải trình")
    expect(page.get_by_test_id("request-answer")).to_contain_text(ANSWER)
    expect(page.get_by_test_id("answer-form")).to_have_count(0)
    screenshot(page, "explanation-answered")
    sign_out(page)

    # The leader accepts; the task page shows the request as accepted.
    sign_in(page, live_server, users["leader"].username)
    item = ExplanationRequest.objects.get()
    page.goto(f"{live_server.url}/giai-trinh/{item.pk}/")
    page.get_by_label("Ý kiến (không bắt buộc)").fill("Đồng ý, đề nghị báo cáo kết quả trong quý III.")
    page.get_by_role("button", name="Chấp nhận", exact=True).click()
    expect(page.get_by_test_id("request-state")).to_have_text("Đã chấp nhận")
    history = page.get_by_test_id("request-history").locator("li")
    expect(history).to_have_count(3)
    axe(page)
    page.goto(task_url)
    row = page.get_by_test_id("explanations").locator(f"tr[data-request-id='{item.pk}']")
    expect(row).to_have_attribute("data-state", "accepted")
    expect(row).to_contain_text("Đã chấp nhận")
    screenshot(page, "explanation-accepted-on-the-task")
    axe(page)
    item.refresh_from_db()
    assert (item.state, item.answer, item.asked_by, item.answered_by) == (
        RequestState.ACCEPTED,
        ANSWER,
        users["leader"],
        users["head"],
    )
