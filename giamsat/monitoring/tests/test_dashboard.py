"""The dashboard: figures equal the status engine's, every number leads to its tasks, fixed query count."""

import datetime

import pytest
from django.urls import reverse

from giamsat.directives.models import Task
from giamsat.directives.samples import samples_load
from giamsat.directives.tests.factories import task_led_by
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.status import task_status

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 7, 1)


def test_figures_equal_the_status_engine_and_link_to_the_tasks(client, users, agency_finance):
    samples_load()
    client.force_login(users["leader"])
    response = client.get(reverse("monitoring:dashboard"), {"as_of": "01/07/2026"})
    assert response.status_code == 200
    expected: dict[str, int] = {}
    for task in Task.objects.exclude(confidentiality="secret"):
        key = task_status(task, AS_OF).status
        expected[key] = expected.get(key, 0) + 1
    assert dict(response.context["by_status"]) == {s: expected.get(s, 0) for s in TaskStatus}
    finance = next(row for row in response.context["agencies"] if row.agency_id == agency_finance.pk)
    overdue_url = (
        response.content.decode()
        .split(f'data-agency-id="{agency_finance.pk}"')[1]
        .split('class="overdue-link" href="')[1]
        .split('"')[0]
        .replace("&amp;", "&")
    )
    listed = client.get(overdue_url).context["page"].paginator.count
    assert listed == finance.overdue > 0  # the number and the list behind it agree


def test_query_count_does_not_grow_with_tasks(client, users, agency_skhcn, django_assert_max_num_queries):
    samples_load()
    client.force_login(users["standing_office"])
    with django_assert_max_num_queries(12):
        client.get(reverse("monitoring:dashboard"))
    for _ in range(40):
        task_led_by(agency_skhcn, deadline=datetime.date(2026, 1, 1))
    with django_assert_max_num_queries(12):
        client.get(reverse("monitoring:dashboard"))


@pytest.mark.parametrize(("who", "code"), [("officer", 403), ("head", 403), ("leader", 200), ("standing_office", 200)])
def test_only_leaders_and_the_office(client, users, who, code):
    client.force_login(users[who])
    assert client.get(reverse("monitoring:dashboard")).status_code == code
