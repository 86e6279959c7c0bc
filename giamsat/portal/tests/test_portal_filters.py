"""The portal's filters (lead agency, status, directive) beside the search, kept in the page links; the portal's
header (the brand stays in the portal, a sign-in link for officials) and the site's icon."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse

from giamsat.agencies.models import Agency, AgencyGroup
from giamsat.directives.choices import AssignmentRole, Confidentiality
from giamsat.directives.tests.factories import DirectiveFactory, TaskAssignmentFactory, task_led_by

pytestmark = pytest.mark.django_db

INDEX = reverse("portal:index")
PAST = datetime.date(2020, 1, 31)  # overdue whatever the day the tests run
FUTURE = datetime.date(2099, 12, 31)  # on time whatever the day


@pytest.fixture
def world(agency_skhcn, agency_finance):
    first, second = DirectiveFactory(number="13-TB/CQTT"), DirectiveFactory(number="02-KH/BCĐ")
    overdue = task_led_by(
        agency_skhcn, directive=first, deadline=PAST, confidentiality=Confidentiality.PUBLIC, title="Việc đã quá hạn"
    )
    on_time = task_led_by(
        agency_finance, directive=second, deadline=FUTURE, confidentiality=Confidentiality.PUBLIC, title="Việc còn hạn"
    )
    internal = task_led_by(agency_skhcn, directive=first, deadline=PAST, title="Việc nội bộ chưa công bố")
    return {"first": first, "second": second, "overdue": overdue, "on_time": on_time, "internal": internal}


def listed(client, **params) -> set[str]:
    response = client.get(INDEX, params)
    assert response.status_code == 200
    return {task.title for task in response.context["page"].object_list}


def test_filter_by_lead_agency(client, world, agency_skhcn, agency_finance):
    assert listed(client, agency=agency_skhcn.pk) == {"Việc đã quá hạn"}
    assert listed(client, agency=agency_finance.pk) == {"Việc còn hạn"}


def test_filter_by_lead_agency_counts_a_group_it_belongs_to(client, world, agency_skhcn):
    group = AgencyGroup.objects.create(code="nhom-thu-nghiem", name="Các sở được giao thử nghiệm")
    group.members.add(agency_skhcn)
    task = task_led_by(agency_skhcn, confidentiality=Confidentiality.PUBLIC, title="Việc của nhóm")
    task.assignments.all().delete()
    TaskAssignmentFactory(task=task, group=group, role=AssignmentRole.LEAD)
    assert listed(client, agency=agency_skhcn.pk) == {"Việc đã quá hạn", "Việc của nhóm"}


def test_filter_by_status(client, world):
    assert listed(client, status="overdue") == {"Việc đã quá hạn"}
    assert listed(client, status="on_time") == {"Việc còn hạn"}


def test_filter_by_directive(client, world):
    assert listed(client, directive=world["first"].pk) == {"Việc đã quá hạn"}
    assert listed(client, directive=world["second"].pk) == {"Việc còn hạn"}


def test_filters_combine_with_the_search(client, world, agency_skhcn):
    assert listed(client, q="qua han", agency=agency_skhcn.pk, status="overdue") == {"Việc đã quá hạn"}
    assert listed(client, q="con han", agency=agency_skhcn.pk) == set()


def test_a_wrong_value_is_left_out_and_the_other_filters_apply(client, world):
    assert listed(client, status="not-a-status", directive=world["second"].pk) == {"Việc còn hạn"}
    assert listed(client, agency="999999") == {"Việc đã quá hạn", "Việc còn hạn"}


def test_the_choices_offer_what_leads_or_holds_public_tasks_only(client, world, agency_skhcn, agency_finance):
    only_internal = Agency.objects.get(name="Sở Nội vụ")
    task_led_by(only_internal, title="Việc nội bộ khác")
    form = client.get(INDEX).context["form"]
    agencies = set(form.fields["agency"].queryset)
    assert {agency_skhcn, agency_finance} <= agencies
    assert only_internal not in agencies
    hidden = DirectiveFactory(number="99-TB/CQTT")
    task_led_by(agency_skhcn, directive=hidden, title="Việc nội bộ của văn bản khác")
    assert set(form.fields["directive"].queryset.all()) == {world["first"], world["second"]}


def test_empty_filters_are_dropped_from_the_address(client, world):
    response = client.get(INDEX, {"q": "", "agency": "", "status": "overdue", "directive": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{INDEX}?status=overdue"
    response = client.get(INDEX, {"q": "", "agency": "", "status": "", "directive": ""})
    assert response["Location"] == INDEX


def test_the_page_links_keep_the_filters(client, world, agency_skhcn):
    for n in range(55):
        task_led_by(
            agency_skhcn,
            directive=world["first"],
            deadline=PAST,
            confidentiality=Confidentiality.PUBLIC,
            title=f"Việc thứ {n}",
        )
    params = {"agency": agency_skhcn.pk, "status": "overdue", "directive": world["first"].pk}
    body = client.get(INDEX, params).content.decode()
    links = re.findall(r'<nav class="pagination">.*?href="([^"]+)"', body, re.S)
    assert links, "no page link"
    nxt = links[0].replace("&amp;", "&")
    for key, value in params.items():
        assert f"{key}={value}" in nxt
    assert "page=2" in nxt
    second = client.get(INDEX + nxt)
    assert second.context["page"].number == 2
    assert len(second.context["page"].object_list) == 56 - 50


def test_the_chosen_filters_show_in_the_form(client, world, agency_skhcn):
    body = client.get(INDEX, {"agency": agency_skhcn.pk, "status": "overdue"}).content.decode()
    assert f'<option value="{agency_skhcn.pk}" selected>' in body
    assert '<option value="overdue" selected>' in body


def brand_href(body: str) -> str:
    return re.search(r'<a class="brand" href="([^"]+)"', body).group(1)


@pytest.mark.parametrize("name", ["index", "task", "agency"])
def test_the_brand_stays_in_the_portal_and_officials_can_sign_in(client, world, agency_skhcn, name):
    url = {
        "index": INDEX,
        "task": reverse("portal:task_detail", args=[world["overdue"].pk]),
        "agency": reverse("portal:agency_detail", args=[agency_skhcn.pk]),
    }[name]
    body = client.get(url).content.decode()
    assert brand_href(body) == INDEX
    login = re.search(r'<a class="header-login" href="([^"]+)"[^>]*>([^<]+)</a>', body)
    assert login and login.group(1) == reverse("accounts:login") and login.group(2) == "Đăng nhập"


def test_signed_in_officials_see_no_sign_in_link(client, world, users):
    client.force_login(users["officer"])
    body = client.get(INDEX).content.decode()
    assert brand_href(body) == INDEX
    assert 'class="header-login"' not in body


def test_the_officials_pages_keep_their_brand(client, users):
    client.force_login(users["officer"])
    body = client.get(reverse("directives:directive_list")).content.decode()
    assert brand_href(body) == reverse("home")


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO header


def test_a_task_page_in_english_says_task_not_tasks(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("portal:task_detail", args=[world["overdue"].pk])).content.decode()
    ref = world["overdue"].display_ref
    assert re.search(rf"<h1>Task {re.escape(ref)} ", body), body[body.find("<h1>") : body.find("</h1>")]
    assert f"Tasks {ref}" not in body
