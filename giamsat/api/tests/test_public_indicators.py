"""Open data through the API: public indicators and their accepted values only, for anyone."""

import datetime

import pytest
import time_machine

from giamsat.indicators.models import Indicator
from giamsat.monitoring.tests.test_dashboard_indicators import some_of_each
from giamsat.portal.selectors import INDICATOR_FIELDS

from .conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_first_of_july():
    with time_machine.travel(datetime.datetime(2026, 7, 1, 10, tzinfo=datetime.UTC), tick=False):
        yield


def test_public_indicators_for_anyone_without_internal_ones_or_unaccepted_values(client, tokens, agency_skhcn):
    some_of_each(agency_skhcn)
    public = Indicator.objects.filter(is_public=True).order_by("pk")
    for headers in ({}, bearer(tokens["public"]), bearer(tokens["agency_read"])):
        response = client.get("/api/v1/public/indicators/", **headers)
        assert response.status_code == 200
        body = response.json()
        assert [row["id"] for row in body["results"]] == [i.pk for i in public]
        assert "CT-02" not in response.content.decode()  # the internal indicator
        rows = {row["code"]: row for row in body["results"]}
        assert list(rows["CT-01"]) == ["id", *INDICATOR_FIELDS]
        assert rows["CT-06"]["values"] == []  # sent, not accepted
        assert rows["CT-01"]["values"][0]["value"] == "10" and rows["CT-01"]["colour"] == "red"


def test_search_without_diacritics(client, agency_skhcn):
    some_of_each(agency_skhcn)
    Indicator.objects.filter(code="CT-04").update(name="Tỷ lệ phủ sóng 5G")
    body = client.get("/api/v1/public/indicators/", {"q": "phu song"}).json()
    assert [row["code"] for row in body["results"]] == ["CT-04"]


def test_the_schema_names_the_endpoint(client, tokens):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json", **bearer(tokens["public"])).content.decode()
    assert "/api/v1/public/indicators/" in schema and "PublicIndicator" in schema
