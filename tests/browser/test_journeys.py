"""Journeys through the real server in Chromium: sign in, see exactly the agency's tasks, search, phone layout."""

import re

import pytest
from playwright.sync_api import expect

from giamsat.accounts.tests.factories import PASSWORD
from giamsat.agencies.models import Agency
from giamsat.directives import selectors
from giamsat.directives.models import Task
from giamsat.directives.tests.factories import task_led_by
from giamsat.extraction.text import fold

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    expect(page.get_by_role("heading", name="Đăng nhập hệ thống")).to_be_visible()
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def listed_task_ids(page) -> set[int]:
    ids: set[int] = set()
    while True:
        rows = page.locator("[data-testid=task-table] tbody tr[data-task-id]")
        ids |= {int(rows.nth(i).get_attribute("data-task-id")) for i in range(rows.count())}
        next_link = page.get_by_role("link", name=re.compile("Trang sau"))
        if next_link.count() == 0:
            return ids
        current = page.url
        next_link.click()
        expect(page).not_to_have_url(current)


class OfficerJourneyTests:
    def test_officer_signs_in_and_sees_exactly_the_agency_tasks(self, live_server, page, browser_data, screenshot):
        officer = browser_data["officer"]
        sign_in(page, live_server, "officer")
        expect(page.get_by_role("heading", name="Nhiệm vụ của Sở Khoa học và Công nghệ")).to_be_visible()
        screenshot(page, "officer-task-list")

        expected = {task.pk for task in selectors.task_list(user=officer, mine=True)}
        assert len(expected) > 50  # more than one page
        expect(page.locator("#task-count")).to_contain_text(f"{len(expected)} nhiệm vụ")
        assert listed_task_ids(page) == expected

        # An internal task of another agency stays invisible, in the list and by its URL.
        hidden = task_led_by(Agency.objects.get(name="Sở Tài chính"), title="Nhiệm vụ nội bộ của Sở Tài chính")
        page.reload()
        expect(page.locator("#task-count")).to_contain_text(f"{len(expected)} nhiệm vụ")
        response = page.goto(f"{live_server.url}/nhiem-vu/{hidden.pk}/")
        assert response.status == 404
        expect(page.get_by_text("Nhiệm vụ nội bộ của Sở Tài chính")).to_have_count(0)

    def test_search_without_diacritics(self, live_server, page, browser_data, screenshot):
        sign_in(page, live_server, "officer")
        page.goto(f"{live_server.url}/nhiem-vu/?scope=all")
        before = page.locator("#task-count").inner_text()
        page.fill("#id_q", "chuyen doi so")
        expect(page.locator("#task-count")).not_to_have_text(before)
        expect(page).to_have_url(re.compile(r"q=chuyen(\+|%20)doi(\+|%20)so"))
        rows = page.locator("[data-testid=task-table] tbody tr[data-task-id]")
        assert rows.count() > 0
        screenshot(page, "search-chuyen-doi-so")
        shown = [int(rows.nth(i).get_attribute("data-task-id")) for i in range(rows.count())]
        for task in Task.objects.filter(pk__in=shown):  # title, result or deadline text hold every word
            assert all(word in task.search_text for word in ("chuyen", "doi", "so")), task.title
        assert any("chuyen doi so" in fold(rows.nth(i).inner_text()) for i in range(rows.count()))

    def test_wrong_password_gets_a_vietnamese_message(self, live_server, page, browser_data):
        page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
        page.fill("#id_username", "officer")
        page.fill("#id_password", "sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
        expect(page.locator("html")).to_have_attribute("lang", "vi")  # even though the browser asks for English


class PhoneJourneyTests:
    def test_standing_office_reads_a_task_on_a_phone(self, live_server, phone, browser_data, screenshot):
        sign_in(phone, live_server, "office")
        task = Task.objects.get(directive__number="13-TB/CQTT", ref="4")
        phone.goto(f"{live_server.url}/nhiem-vu/{task.pk}/")
        expect(phone.get_by_test_id("deadline-text")).to_contain_text("Hoàn thành trước ngày 30/11/2026")
        menu_link = phone.get_by_role("link", name="Văn bản chỉ đạo")
        expect(menu_link).to_be_hidden()
        screenshot(phone, "phone-task-detail")
        phone.locator("label.nav-toggle-label").click()
        expect(menu_link).to_be_visible()
        screenshot(phone, "phone-menu-open")
