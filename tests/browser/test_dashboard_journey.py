"""Leaders' overview in Chromium: the numbers lead to exactly their tasks; charts drawn from local assets."""

import datetime

import pytest
from playwright.sync_api import expect

from giamsat.agencies.models import Agency
from giamsat.directives.models import Task
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.status import task_part_statuses

from .test_journeys import listed_task_ids, sign_in

DASHBOARD_PATH = "/giam-sat/tong-quan/"
AS_OF = datetime.date(2026, 7, 1)


@pytest.mark.browser
def test_leader_clicks_an_agencys_overdue_number_and_lands_on_exactly_those_tasks(
    transactional_db, live_server, samples, users, page, screenshot, axe
):
    finance = Agency.objects.get(code="so-tai-chinh")
    # Sở Tài chính's own part of every task it leads, itself or as a member of a lead group ("Các sở, ban, ngành").
    expected = {
        task.pk
        for task in Task.objects.exclude(confidentiality="secret")
        if (part := task_part_statuses(task, AS_OF).get(finance.pk)) and part.status == TaskStatus.OVERDUE
    }
    assert expected, "the seeds give Sở Tài chính overdue tasks on 01/07/2026"
    sign_in(page, live_server, users["leader"].username)
    page.goto(f"{live_server.url}{DASHBOARD_PATH}?as_of=01/07/2026")
    expect(page.get_by_role("heading", name="Tổng quan thực hiện nhiệm vụ")).to_be_visible()
    drawn = page.evaluate("() => !!(window.Chart && Chart.getChart('status-chart') && Chart.getChart('trend-chart'))")
    assert drawn, "both charts are drawn by the locally served Chart.js"
    screenshot(page, "dashboard-leader")
    axe(page)
    overdue_link = page.locator(f"tr[data-agency-id='{finance.pk}'] a.overdue-link")
    expect(overdue_link).to_have_text(str(len(expected)))
    overdue_link.click()
    expect(page).to_have_url(f"{live_server.url}/nhiem-vu/?" + overdue_link_query(finance.pk))
    assert sorted(listed_task_ids(page)) == sorted(expected)
    screenshot(page, "dashboard-overdue-tasks-of-an-agency")
    axe(page)


def overdue_link_query(agency_id: int) -> str:
    return f"scope=all&as_of=01%2F07%2F2026&lead_agency_id={agency_id}&status=overdue"


@pytest.mark.browser
def test_dashboard_on_a_phone_keeps_charts_and_numbers_readable(
    transactional_db, live_server, samples, users, phone_page, screenshot, axe
):
    page = phone_page
    sign_in(page, live_server, users["standing_office"].username)
    page.goto(f"{live_server.url}{DASHBOARD_PATH}?as_of=01/07/2026")
    overdue_tile = page.locator("[data-status=overdue] .tile-count")
    expect(overdue_tile).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, "no sideways scrolling on a phone"
    box = page.locator("#status-chart").bounding_box()
    assert box and box["width"] > 250, "the chart uses the phone's width"
    screenshot(page, "dashboard-phone")
    axe(page)
