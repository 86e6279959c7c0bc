"""The indicator page tells its history as people read it: linked tasks by name, numbers in Vietnamese form."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from giamsat.directives.tests.factories import DirectiveFactory, TaskFactory
from giamsat.indicators.services import indicator_save


@pytest.mark.django_db
def test_tasks_and_numbers_in_the_history_read_as_people_write_them(client, users, agency_skhcn):
    directive = DirectiveFactory(number="13-TB/CQTT")
    task = TaskFactory(directive=directive, ref="10")
    office = users["standing_office"]
    data = {
        "code": "CT-5G",
        "name": "Tỷ lệ phủ sóng 5G",
        "unit": "%",
        "target_value": Decimal("95.0000"),
        "target_on": datetime.date(2030, 12, 31),
        "agency": agency_skhcn,
        "directive": directive,
    }
    indicator = indicator_save(indicator=None, data=data, acting_user=office, tasks=[task])
    indicator_save(indicator=indicator, data={"target_value": Decimal("97.5")}, acting_user=office)
    client.force_login(office)
    content = client.get(reverse("indicators:detail", args=[indicator.pk])).content.decode()
    history = content.split('data-testid="indicator-history"')[1].split("</ol>")[0]
    assert str(task) in history  # "13-TB/CQTT · 10", not the through rows' ids
    assert "{" not in history and "&#x27;task&#x27;" not in history
    assert "95" in history and "97,5" in history and "95.0000" not in history
