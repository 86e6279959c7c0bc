"""The task list's and the task page's bodies are rendered once per data version and visibility: a second
view reads almost nothing, a change shows at once, and what one user saw is never served to another who
may not see it."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from giamsat.directives import services
from giamsat.directives.tests.factories import task_led_by

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def task(agency_skhcn, django_capture_on_commit_callbacks):
    # Committed, as a request's writes are: the data versions move and the cache serves what follows.
    with django_capture_on_commit_callbacks(execute=True):
        return task_led_by(agency_skhcn, title="Số hóa hồ sơ lưu trữ", deadline=datetime.date(2026, 12, 31))


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_a_second_view_of_a_task_reads_only_the_session_the_user_and_whether_it_may_see_it(client, users, task):
    url = f"/nhiem-vu/{task.pk}/"
    assert page(client, users["officer"], url).status_code == 200
    with CaptureQueriesContext(connection) as again:
        second = client.get(url)
    assert second.status_code == 200 and "Số hóa hồ sơ lưu trữ" in second.content.decode()
    # session, user, user's agency, the data versions, and whether the user may see the task (asked every time)
    assert len(again) <= 6, [q["sql"][:80] for q in again.captured_queries]


def test_a_change_of_the_task_shows_on_its_page_and_in_the_list_at_once(client, users, task):
    office = users["standing_office"]
    assert "Số hóa hồ sơ lưu trữ" in page(client, office, f"/nhiem-vu/{task.pk}/").content.decode()
    assert "Số hóa hồ sơ lưu trữ" in client.get("/nhiem-vu/?scope=all").content.decode()
    services.task_update(task=task, data={"title": "Số hóa 30% hồ sơ lưu trữ lịch sử"}, acting_user=office)
    assert "Số hóa 30% hồ sơ lưu trữ lịch sử" in client.get(f"/nhiem-vu/{task.pk}/").content.decode()
    assert "Số hóa 30% hồ sơ lưu trữ lịch sử" in client.get("/nhiem-vu/?scope=all").content.decode()


def test_what_the_standing_office_saw_is_not_served_to_another_agency(client, users, task):
    url = f"/nhiem-vu/{task.pk}/"
    assert page(client, users["standing_office"], url).status_code == 200
    assert page(client, users["officer"], url).status_code == 200  # its agency leads the task
    assert page(client, users["other_officer"], url).status_code == 404  # an internal task of another agency
    listed = page(client, users["other_officer"], "/nhiem-vu/?scope=all").content.decode()
    assert "Số hóa hồ sơ lưu trữ" not in listed


def test_the_edit_button_is_shown_only_to_those_who_may_edit(client, users, task):
    url = f"/nhiem-vu/{task.pk}/"
    edit = f"/nhiem-vu/{task.pk}/sua/"
    assert edit in page(client, users["standing_office"], url).content.decode()
    assert edit not in page(client, users["officer"], url).content.decode()
    assert edit not in page(client, users["leader"], url).content.decode()


def test_the_list_title_names_the_agency_of_the_viewer(client, users, agency_skhcn, agency_finance):
    assert agency_skhcn.name in page(client, users["officer"], "/nhiem-vu/").content.decode()
    assert agency_finance.name in page(client, users["other_officer"], "/nhiem-vu/").content.decode()


def test_the_page_title_shows_the_reference_as_printed(client, users, agency_skhcn):
    prose = task_led_by(agency_skhcn, ref="body:IV.4", title="Nhiệm vụ trong phần lời văn")
    html = page(client, users["officer"], f"/nhiem-vu/{prose.pk}/").content.decode()
    assert "<title>Nhiệm vụ IV.4 ·" in html and "body:" not in html
