"""The public portal in Chromium, signed out: search without diacritics, a task, its lead agency's page."""

import pytest
from playwright.sync_api import expect

from giamsat.directives.choices import Confidentiality
from giamsat.directives.models import Task

PORTAL_PATH = "/cong-khai/"


@pytest.mark.browser
def test_a_citizen_searches_opens_a_task_and_its_lead_agency(
    transactional_db, live_server, samples, page, screenshot, axe
):
    page.goto(live_server.url + PORTAL_PATH)
    expect(page.get_by_role("heading", name="Công khai tiến độ, trách nhiệm, kết quả")).to_be_visible()
    rows = page.locator("[data-testid=public-tasks] tbody tr")
    public = Task.objects.filter(confidentiality=Confidentiality.PUBLIC)
    expect(page.locator("main, body").first).to_contain_text(f"{public.count()} nhiệm vụ")
    screenshot(page, "portal-index")
    axe(page)

    page.locator("#q").fill("chuyen doi so")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}{PORTAL_PATH}?q=chuyen+doi+so")
    words = ("chuyen", "doi", "so")  # every word, without diacritics, in the task's text
    expected = [t for t in public if all(f" {w} " in t.search_text for w in words)]
    expect(rows).to_have_count(len(expected))
    expect(rows.first).to_contain_text("chuyển đổi số")  # found without typing the diacritics
    screenshot(page, "portal-search-chuyen-doi-so")
    axe(page)

    rows.first.locator("td:nth-child(2) a").click()
    expect(page.get_by_test_id("public-status")).to_be_visible()
    task = Task.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert task.confidentiality == Confidentiality.PUBLIC
    screenshot(page, "portal-task")
    axe(page)

    lead = task.assignments.filter(role="lead", agency__isnull=False).first()
    if lead is not None:
        page.get_by_role("link", name=lead.agency.name).first.click()
        expect(page.get_by_role("heading", name=lead.agency.name)).to_be_visible()
        screenshot(page, "portal-agency")
        axe(page)


@pytest.mark.browser
def test_no_internal_task_is_reachable_signed_out(transactional_db, live_server, samples, page):
    internal = Task.objects.exclude(confidentiality=Confidentiality.PUBLIC).first()
    response = page.goto(f"{live_server.url}{PORTAL_PATH}nhiem-vu/{internal.pk}/")
    assert response.status == 404
    page.goto(f"{live_server.url}{PORTAL_PATH}?q={internal.title[:40]}")
    expect(page.locator("[data-testid=public-tasks]")).not_to_contain_text(internal.title[:40])
