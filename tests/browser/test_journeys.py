"""Journeys through the live server in Chromium: sign in, exactly the agency's tasks, search, login errors, phone.

Every test asks for `transactional_db` first: the project's `registry`, `samples` and `users` fixtures depend on
`db`, and pytest-django then gives them the transactional database the live server's thread can read.
"""

import math
import re

import pytest
from playwright.sync_api import expect

from giamsat.accounts.models import User
from giamsat.accounts.tests.factories import PASSWORD, second_factor_device, totp_code
from giamsat.agencies.models import Agency
from giamsat.directives import policy, selectors
from giamsat.directives.choices import AssignmentRole, Confidentiality
from giamsat.directives.filtersets import TaskFilterSet
from giamsat.directives.models import Directive, Task
from giamsat.directives.tests.factories import TaskAssignmentFactory, TaskFactory
from giamsat.extraction.text import fold
from giamsat.monitoring.task_views import PAGE_SIZE

LOGIN_PATH = "/tai-khoan/dang-nhap/"
TASKS_PATH = "/nhiem-vu/"
VERIFY_PATH = "/tai-khoan/xac-minh/"
INTERNAL_SAMPLE = "sample:002_025e011caf0adbee"
INVALID_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: phân biệt chữ hoa và chữ thường."
SEARCH = "chuyen doi so"
SEARCHED_URL = re.compile(r"[?&]q=chuyen(\+|%20)doi(\+|%20)so(&|$)")  # pushed once the final answer is in


def sign_in(page, live_server, username: str, password: str = PASSWORD) -> None:
    """The password, then, when asked, the authenticator's code: a role that must use two-factor authentication
    has an authenticator (added if missing), and the code is computed from its key as the phone's app would."""
    user = User.objects.filter(username=username).first()
    device = second_factor_device(user) if user is not None else None
    page.goto(live_server.url + LOGIN_PATH)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
    if device is not None and VERIFY_PATH in page.url:
        page.get_by_label("Mã xác thực").fill(totp_code(device))
        with page.expect_navigation():
            page.get_by_role("button", name="Xác nhận", exact=True).click()


def menu_in_one_line(page) -> bool:
    """The brand, every menu entry, the account and the languages share one horizontal band."""
    return page.locator(".topbar").evaluate(
        """bar => {
          const parts = bar.querySelectorAll('.brand, .nav > a, .account, .lang');
          const boxes = [...parts].map(part => part.getBoundingClientRect());
          return Math.max(...boxes.map(box => box.top)) < Math.min(...boxes.map(box => box.bottom));
        }"""
    )


def task_rows(page):
    return page.locator("[data-testid=task-table] tbody tr[data-task-id]")


def row_ids(page) -> list[int]:
    return [int(value) for value in task_rows(page).evaluate_all("rows => rows.map(row => row.dataset.taskId)")]


def listed_task_ids(page) -> list[int]:
    """The ids of the rows on this page and on every following one, following the 'Trang sau' link."""
    ids = row_ids(page)
    number = 1
    while (next_link := page.get_by_role("link", name="Trang sau")).count():
        next_link.click()
        number += 1
        expect(page.locator("nav.pagination")).to_contain_text(f"Trang {number}/")
        ids += row_ids(page)
    return ids


def internal_task_out_of_reach(agency: Agency) -> Task:
    """An internal task of the 002 notice that no assignment reaches `agency`, directly or through a group.

    The seed 002 has none (each of its tasks names Sở KH&CN, or a group it belongs to, as lead or
    coordinator), so one is added, led by Sở Tài chính and Công an tỉnh only.
    """
    task = TaskFactory(
        directive=Directive.objects.get(source_reference=INTERNAL_SAMPLE),
        ref="body:IX.1",
        position=900,
        title="Rà soát dự toán bảo đảm an ninh cho hạ tầng số của tỉnh",
        confidentiality=Confidentiality.INTERNAL,
    )
    for code in ("so-tai-chinh", "cong-an-tinh-thai-nguyen"):
        TaskAssignmentFactory(task=task, agency=Agency.objects.get(code=code), role=AssignmentRole.LEAD)
    reaching = Task.objects.filter(pk=task.pk).filter(policy.involves_agency(agency.pk))
    assert not reaching.exists(), "the task must not reach the agency through any assignment"
    return task


@pytest.mark.browser
def test_officer_signs_in_and_sees_exactly_the_agency_tasks(
    transactional_db, live_server, samples, users, page, screenshot, axe
):
    officer = users["officer"]
    hidden = internal_task_out_of_reach(officer.agency)
    expected = {task.pk for task in selectors.task_list(user=officer, mine=True)}
    assert len(expected) > PAGE_SIZE, "the journey must cross pages"

    sign_in(page, live_server, officer.username)

    expect(page).to_have_url(live_server.url + TASKS_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhiệm vụ của Sở Khoa học và Công nghệ")
    expect(page.get_by_role("link", name="Đơn vị chủ trì, phối hợp")).to_have_attribute("aria-current", "true")
    expect(page.locator("#task-count")).to_have_text(f"{len(expected)} nhiệm vụ")
    expect(page.locator("nav.pagination")).to_contain_text(f"Trang 1/{math.ceil(len(expected) / PAGE_SIZE)}")
    # On a wide screen the menu is open, with no ☰ toggle.
    expect(page.get_by_role("link", name="Văn bản chỉ đạo")).to_be_visible()
    expect(page.locator("label[for=nav-toggle]")).to_be_hidden()
    screenshot(page, "officer-task-list")
    axe(page)

    listed = listed_task_ids(page)
    assert len(listed) == len(set(listed)), "a task appears on two pages"
    assert set(listed) == expected
    assert hidden.pk not in listed

    response = page.goto(f"{live_server.url}{TASKS_PATH}{hidden.pk}/")
    assert response.status == 404
    expect(page.get_by_text(hidden.title)).to_have_count(0)
    screenshot(page, "officer-hidden-task-404")
    axe(page)


@pytest.mark.browser
def test_search_without_diacritics_finds_the_accented_tasks(
    transactional_db, live_server, samples, users, page, screenshot, axe
):
    officer = users["officer"]
    visible = list(selectors.task_list(user=officer))
    found = TaskFilterSet({"q": SEARCH}, queryset=selectors.task_list(user=officer)).qs
    titled = {task.pk for task in visible if SEARCH in fold(task.title)}
    assert titled, "the seed data must hold tasks about 'chuyển đổi số'"

    sign_in(page, live_server, officer.username)
    page.goto(f"{live_server.url}{TASKS_PATH}?scope=all")
    count = page.locator("#task-count")
    expect(count).to_have_text(f"{len(visible)} nhiệm vụ")

    page.locator("#id_q").press_sequentially(SEARCH)

    expect(count).not_to_have_text(f"{len(visible)} nhiệm vụ")
    expect(count).to_have_text(f"{found.count()} nhiệm vụ")
    expect(page).to_have_url(SEARCHED_URL)  # hx-push-url: the search can be shared and reloaded
    screenshot(page, "search-chuyen-doi-so")
    axe(page)  # after htmx swapped the results in
    shown = set(row_ids(page))
    assert shown == {task.pk for task in found}
    assert titled <= shown, "a task whose title says 'chuyển đổi số' is missing"
    assert len(shown) < len(visible)


@pytest.mark.browser
def test_login_page_is_vietnamese_and_rejects_a_wrong_password(
    transactional_db, live_server, users, page, screenshot, axe
):
    page.goto(live_server.url + LOGIN_PATH)
    # The browser asks for English (locale en-US); the system still speaks Vietnamese.
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập hệ thống")
    expect(page.get_by_label("Tên đăng nhập", exact=True)).to_be_visible()
    expect(page.get_by_label("Mật khẩu", exact=True)).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    axe(page)

    sign_in(page, live_server, users["officer"].username, password="Sai-mat-khau-2026")

    alert = page.get_by_role("alert")
    expect(alert).to_have_text(INVALID_LOGIN)
    expect(page).to_have_url(live_server.url + LOGIN_PATH)
    expect(page.locator("#id_username")).to_have_value(users["officer"].username)
    expect(page.locator("#id_password")).to_have_value("")
    screenshot(page, "login-wrong-password")
    axe(page)

    # Another language is chosen by pressing its button: nothing is submitted on a mere change (WCAG 3.2.2).
    page.get_by_role("button", name=re.compile(r"^EN\b")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name=re.compile(r"^EN\b"))).to_have_attribute("aria-current", "true")


@pytest.mark.browser
def test_standing_office_reads_a_task_on_a_phone(
    transactional_db, live_server, samples, users, phone_page, screenshot, axe
):
    page = phone_page
    task = Task.objects.filter(directive__number="13-TB/CQTT").exclude(deadline_text="").order_by("position").first()
    sign_in(page, live_server, users["standing_office"].username)
    expect(page).to_have_url(live_server.url + TASKS_PATH)

    page.goto(f"{live_server.url}{TASKS_PATH}{task.pk}/")

    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Nhiệm vụ {task.display_ref}")
    expect(page.get_by_test_id("deadline-text")).to_have_text(task.deadline_text)
    toggle = page.locator("label[for=nav-toggle]")
    menu_link = page.get_by_role("link", name="Văn bản chỉ đạo")
    expect(toggle).to_be_visible()
    expect(toggle).to_contain_text("Mở menu")  # the name a screen reader announces
    expect(menu_link).to_be_hidden()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways on a phone"
    screenshot(page, "phone-task-detail")
    axe(page)

    toggle.click()

    expect(menu_link).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    screenshot(page, "phone-task-detail-menu-open")
    axe(page)
    toggle.click()
    expect(menu_link).to_be_hidden()
    page.locator("#nav-toggle").focus()  # and from the keyboard
    page.keyboard.press("Space")
    expect(menu_link).to_be_visible()
    menu_link.click()
    expect(page).to_have_url(f"{live_server.url}{TASKS_PATH}van-ban/")
    axe(page)
