"""Public indicators on the portal and in the open data: public indicators only, accepted values only."""

import csv
import datetime
import io
import json
import pathlib
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from giamsat.directives.tests.factories import task_led_by
from giamsat.indicators.choices import Colour
from giamsat.indicators.models import Indicator, IndicatorValue
from giamsat.indicators.selectors import colour_counts
from giamsat.monitoring.tests.test_dashboard_indicators import indicator_with, some_of_each
from giamsat.portal.selectors import INDICATOR_FIELDS
from giamsat.reporting.choices import ReportStatus
from giamsat.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2026, 7, 1, 10, tzinfo=datetime.UTC)  # the colours of some_of_each hold on 01/07/2026
DOCS = pathlib.Path(__file__).resolve().parents[3] / "docs" / "open-data.md"


@pytest.fixture(autouse=True)
def on_first_of_july():
    with time_machine.travel(TODAY, tick=False):
        yield


def open_json(client) -> dict:
    response = client.get(reverse("portal:indicator_open_data", args=["json"]))
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_page_shows_public_indicators_with_accepted_values_only(client, agency_skhcn):
    made = some_of_each(agency_skhcn)
    response = client.get(reverse("portal:indicators"))
    assert response.status_code == 200
    content = response.content.decode()
    shown = {i.code for i in response.context["page"]}
    assert shown == {"CT-01", "CT-03", "CT-04", "CT-05", "CT-06"}  # CT-02 is internal
    assert "CT-02" not in content and "Chỉ tiêu CT-02" not in content
    row = content.split('data-indicator-code="CT-06"')[1].split("</tr>")[0]
    assert "Chưa có" in row and "90" not in row  # its value was sent, not accepted
    assert str(Colour.GREY.label) in row
    row = content.split('data-indicator-code="CT-01"')[1].split("</tr>")[0]
    assert "10" in row and "15/06/2026" in row and str(Colour.RED.label) in row
    public = Indicator.objects.filter(is_public=True)
    tiles = {c: n for c, _label, _badge, n in response.context["counts"]}
    assert tiles == colour_counts(public, datetime.date(2026, 7, 1))
    assert tiles[Colour.RED] == len(made[Colour.RED]) - 1


def test_search_without_diacritics_and_filters(client, agency_skhcn):
    some_of_each(agency_skhcn)
    indicator_with("CT-30", "60", agency=agency_skhcn, name="Tỷ lệ phủ sóng 5G")
    found = client.get(reverse("portal:indicators"), {"q": "phu song"}).context["page"]
    assert [i.code for i in found] == ["CT-30"]
    red = client.get(reverse("portal:indicators"), {"mau": "red"}).context["page"]
    assert [i.code for i in red] == ["CT-01"]
    strategic = client.get(reverse("portal:indicators"), {"tang": "strategic"}).context["page"]
    assert {i.code for i in strategic} == {"CT-01", "CT-04"}
    wrong = client.get(reverse("portal:indicators"), {"mau": "tim"})
    assert wrong.status_code == 200 and len(wrong.context["page"].object_list) == 6
    assert "Một số điều kiện lọc không hợp lệ" in wrong.content.decode()


def test_the_index_counts_public_indicators_and_follows_a_committed_change(
    client, agency_skhcn, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        some_of_each(agency_skhcn)
    first = client.get(reverse("portal:index"))
    tiles = {c: n for c, _label, _badge, n in first.context["indicator_counts"]}
    assert tiles == {"green": 1, "orange": 1, "red": 1, "grey": 2}
    client.get(reverse("portal:index"))  # from the cache now
    with django_capture_on_commit_callbacks(execute=True):
        value = IndicatorValue.objects.get(indicator__code="CT-06")
        value.status = ReportStatus.ACCEPTED
        value.save()
    section = client.get(reverse("portal:index")).content.decode().split('data-testid="portal-indicators"')[1]
    green = section.split('data-colour="green"')[1].split('class="tile-count">')[1].split("<")[0]
    assert green == "2"


def test_open_data_json_has_the_documented_fields_public_indicators_and_accepted_values(client, agency_skhcn):
    some_of_each(agency_skhcn)
    public_task = task_led_by(agency_skhcn, ref="7", confidentiality="public")
    internal_task = task_led_by(agency_skhcn, ref="8")
    secret_task = task_led_by(agency_skhcn, ref="9", confidentiality="secret")
    indicator = Indicator.objects.get(code="CT-04")
    indicator.tasks.add(public_task, internal_task, secret_task)
    IndicatorValue.objects.create(
        indicator=indicator,
        period=ReportingPeriodFactory(year=2026, month=5),
        agency=agency_skhcn,
        value=Decimal("99"),
        measured_on=datetime.date(2026, 5, 15),
        status=ReportStatus.RETURNED,
    )
    data = open_json(client)
    assert data["fields"] == INDICATOR_FIELDS
    rows = {row["code"]: row for row in data["indicators"]}
    assert set(rows) == {"CT-01", "CT-03", "CT-04", "CT-05", "CT-06"}
    for row in rows.values():
        assert list(row) == INDICATOR_FIELDS
    assert rows["CT-06"]["values"] == [] and rows["CT-06"]["colour"] == "grey"
    assert rows["CT-04"]["values"] == [
        {"period": "2026-06", "value": "60", "measured_on": "2026-06-15", "source": "Sở Khoa học và Công nghệ"}
    ]
    assert rows["CT-04"]["colour"] == "green" and rows["CT-04"]["colour_label"] == str(Colour.GREEN.label)
    assert rows["CT-04"]["task_refs"] == f"{public_task.directive.number}: 7"  # internal and secret tasks unnamed
    assert rows["CT-01"]["target_value"] == "100" and rows["CT-01"]["target_on"] == "2026-12-31"
    assert rows["CT-01"]["baseline_value"] == "0" and rows["CT-01"]["baseline_on"] == "2026-01-01"
    assert rows["CT-01"]["layer"] == "strategic" and rows["CT-01"]["agency"] == agency_skhcn.name


def test_open_data_csv_is_the_same_records(client, agency_skhcn):
    some_of_each(agency_skhcn)
    response = client.get(reverse("portal:indicator_open_data", args=["csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["code"] for row in rows] == [row["code"] for row in open_json(client)["indicators"]]
    assert "CT-02" not in text
    by_code = {row["code"]: row for row in rows}
    assert by_code["CT-01"]["values"] == "2026-06;10;2026-06-15;Sở Khoa học và Công nghệ"
    assert by_code["CT-06"]["values"] == ""


def test_every_field_is_documented():
    documented = DOCS.read_text(encoding="utf-8")
    for field in INDICATOR_FIELDS:
        assert f"| `{field}` |" in documented, field
