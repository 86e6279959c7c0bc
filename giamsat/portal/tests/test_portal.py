"""The public portal shows public tasks and public fields only — proven on every page and download."""

import csv
import io
import json

import pytest
from django.urls import reverse

from giamsat.accounts.services import demo_accounts_ensure
from giamsat.directives.choices import Confidentiality
from giamsat.directives.models import Task
from giamsat.directives.samples import samples_load
from giamsat.directives.tests.factories import task_led_by
from giamsat.portal.selectors import OPEN_DATA_FIELDS
from giamsat.reporting.demo import DEMO, demo_reports_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(registry, agency_skhcn):
    samples_load()
    demo_accounts_ensure()
    demo_reports_load(today=__import__("datetime").date(2026, 11, 22))
    secret = task_led_by(agency_skhcn, confidentiality=Confidentiality.SECRET, title="Phương án mật về an ninh mạng")
    internal = task_led_by(agency_skhcn, title="Việc nội bộ chưa công bố")
    return {"secret": secret, "internal": internal}


FORBIDDEN = [
    "Phương án mật về an ninh mạng",
    "Việc nội bộ chưa công bố",
    DEMO,
    "Trần Thị Chuyên Viên",
    "Lê Văn Giám Đốc",
    "Nguyễn Thành Minh",
    "Thiếu kinh phí",
]


def pages(client):
    urls = [
        reverse("portal:index"),
        reverse("portal:index") + "?q=chuyen+doi+so",
        reverse("portal:index") + "?page=2",
        reverse("portal:open_data", args=["csv"]),
        reverse("portal:open_data", args=["json"]),
    ]
    urls += [
        reverse("portal:index") + f"?agency={t.assignments.first().agency_id}"
        for t in Task.objects.filter(confidentiality="public")[:5]
        if t.assignments.first().agency_id
    ]
    return {url: client.get(url) for url in urls}


def test_no_internal_data_on_any_public_page(client, world):
    for url, response in pages(client).items():
        assert response.status_code == 200, url
        body = response.content.decode()
        for text in FORBIDDEN:
            assert text not in body, (url, text)


def test_every_public_task_is_listed_and_only_those(client, world):
    data = json.loads(client.get(reverse("portal:open_data", args=["json"])).content)
    assert data["fields"] == OPEN_DATA_FIELDS
    public = Task.objects.filter(confidentiality="public")
    assert len(data["tasks"]) == public.count() > 0
    assert {(t["directive_number"], t["ref"]) for t in data["tasks"]} == {
        (t.directive.number, t.ref) for t in public.select_related("directive")
    }


def test_csv_has_the_documented_columns(client, world):
    response = client.get(reverse("portal:open_data", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0].keys()) == OPEN_DATA_FIELDS
    assert response["Content-Type"].startswith("text/csv")


def test_search_without_diacritics_and_no_sign_in(client, world):
    response = client.get(reverse("portal:index"), {"q": "chuyen doi so"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count > 0
    assert all(t.confidentiality == "public" for t in response.context["page"].object_list)
