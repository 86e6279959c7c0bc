"""The overview's indicators card: counts by colour equal indicators.selectors', each leads to its indicators, and
a committed change to an indicator's values shows at once (the cached overview carries the data versions)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from giamsat.indicators.choices import Colour, Layer
from giamsat.indicators.models import Indicator, IndicatorValue
from giamsat.indicators.selectors import colour_counts
from giamsat.reporting.choices import ReportStatus
from giamsat.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 7, 1)
MEASURED = datetime.date(2026, 6, 15)  # within June, the last completed month before 01/07/2026


def indicator_with(code: str, value: str | None, *, agency, status=ReportStatus.ACCEPTED, **fields) -> Indicator:
    """An indicator from 0 (01/01/2026) to 100 (31/12/2026), reported monthly; on 15/06/2026 its trajectory stands
    near 45.6, so a value of 60 is green, 40 orange (behind by less than 10 % of the way), 10 red; no value grey."""
    fields = {
        "name": f"Chỉ tiêu {code}",
        "unit": "%",
        "baseline_value": Decimal(0),
        "baseline_on": datetime.date(2026, 1, 1),
        "target_value": Decimal(100),
        "target_on": datetime.date(2026, 12, 31),
        "agency": agency,
        "is_public": True,
        **fields,
    }
    indicator = Indicator.objects.create(code=code, **fields)
    if value is not None:
        IndicatorValue.objects.create(
            indicator=indicator,
            period=ReportingPeriodFactory(year=2026, month=6),
            agency=agency,
            value=Decimal(value),
            measured_on=MEASURED,
            source="Sở Khoa học và Công nghệ",
            status=status,
        )
    return indicator


def some_of_each(agency) -> dict[str, list[Indicator]]:
    """Two red (one strategic, one internal), one orange, one green, one grey, and one grey whose only value (which
    would make it green) was sent but not accepted yet."""
    return {
        Colour.RED: [
            indicator_with("CT-01", "10", agency=agency, layer=Layer.STRATEGIC),
            indicator_with("CT-02", "5", agency=agency, is_public=False),
        ],
        Colour.ORANGE: [indicator_with("CT-03", "40", agency=agency)],
        Colour.GREEN: [indicator_with("CT-04", "60", agency=agency, layer=Layer.STRATEGIC)],
        Colour.GREY: [
            indicator_with("CT-05", None, agency=agency),
            indicator_with("CT-06", "90", agency=agency, status=ReportStatus.SUBMITTED),
        ],
    }


def card(response) -> dict[str, int]:
    """The numbers on the card's tiles, as printed (the page's body may come from the cache)."""
    section = response.content.decode().split('data-testid="indicator-counts"')[1].split("</section>")[0]
    return {
        tile.split('"')[0]: int(tile.split('class="tile-count">')[1].split("<")[0])
        for tile in section.split('data-colour="')[1:]
    }


def test_counts_by_colour_equal_the_selectors_and_split_by_layer(client, users, agency_skhcn):
    made = some_of_each(agency_skhcn)
    client.force_login(users["leader"])
    response = client.get(reverse("monitoring:dashboard"), {"as_of": "01/07/2026"})
    assert response.status_code == 200
    expected = {colour.value: len(made[colour]) for colour in Colour}
    assert card(response) == expected == colour_counts(Indicator.objects.all(), AS_OF)
    assert response.context["indicators"]["total"] == 6
    red = next(row for row in response.context["indicators"]["counts"] if row.colour == Colour.RED)
    assert dict(red.by_layer) == {str(Layer.STRATEGIC.label): 1, str(Layer.OPERATIONAL.label): 1}
    content = response.content.decode()
    tile = content.split('data-testid="indicator-counts"')[1].split('data-colour="red"')[0].rsplit("<a ", 1)[1]
    assert "mau=red" in tile and "as_of=01/07/2026" in tile  # the list judges on the overview's day
    assert str(Colour.RED.label) in content


def test_as_of_an_earlier_day_counts_the_values_known_then(client, users, agency_skhcn):
    some_of_each(agency_skhcn)
    client.force_login(users["standing_office"])
    response = client.get(reverse("monitoring:dashboard"), {"as_of": "10/06/2026"})
    # On 10/06 no value was measured yet (15/06), and May had none: every indicator is grey.
    assert card(response) == {**dict.fromkeys(Colour.values, 0), Colour.GREY: 6}
    assert card(response) == colour_counts(Indicator.objects.all(), datetime.date(2026, 6, 10))
    # The grey count opens the list judged on the same day: all six, whatever they are today.
    content = response.content.decode()
    link = content.split('data-colour="grey"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert "as_of=10%2F06%2F2026" in link or "as_of=10/06/2026" in link
    listed = client.get(link).content.decode()
    assert all(indicator.code in listed for indicator in Indicator.objects.all())


def test_the_red_count_links_to_the_list_of_exactly_the_red_indicators(client, users, agency_skhcn):
    made = some_of_each(agency_skhcn)
    client.force_login(users["leader"])
    with time_machine.travel(datetime.datetime(2026, 7, 1, 10, tzinfo=datetime.UTC), tick=False):
        content = client.get(reverse("monitoring:dashboard")).content.decode()
        link = content.split('data-colour="red"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
        listed = client.get(link).content.decode()
    assert "mau=red" in link
    for indicator in made[Colour.RED]:
        assert indicator.code in listed
    for colour in (Colour.GREEN, Colour.ORANGE, Colour.GREY):
        for indicator in made[colour]:
            assert indicator.code not in listed


def test_a_committed_value_changes_the_cached_card_at_once(
    client, users, agency_skhcn, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        indicator = indicator_with("CT-10", "10", agency=agency_skhcn)
    client.force_login(users["leader"])
    url, params = reverse("monitoring:dashboard"), {"as_of": "01/07/2026"}
    assert card(client.get(url, params))[Colour.RED] == 1
    assert card(client.get(url, params))[Colour.RED] == 1  # served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        value = IndicatorValue.objects.get(indicator=indicator)
        value.value = Decimal(80)
        value.save()
    counts = card(client.get(url, params))
    assert counts[Colour.RED] == 0 and counts[Colour.GREEN] == 1
