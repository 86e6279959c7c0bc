"""Pages issue a fixed number of queries, whatever the number of tasks (guards, not timings)."""

import pytest
from django.urls import reverse

from giamsat.directives.models import Task
from giamsat.directives.samples import samples_load
from giamsat.directives.tests.factories import task_led_by

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["officer", "standing_office"])
def test_task_list_query_count_does_not_grow_with_tasks(
    client, users, agency_skhcn, who, django_assert_max_num_queries
):
    samples_load()
    client.force_login(users[who])
    url = reverse("directives:task_list")
    with django_assert_max_num_queries(14):
        client.get(url, {"scope": "all", "page": 2})
    before = Task.objects.count()
    for _ in range(60):
        task_led_by(agency_skhcn)
    assert Task.objects.count() == before + 60
    with django_assert_max_num_queries(14):
        client.get(url, {"scope": "all", "page": 2, "q": "trien khai"})


def test_task_detail_query_count(client, users, django_assert_max_num_queries):
    samples_load()
    task = Task.objects.get(directive__number="02-KH/BCĐ", ref="15")
    client.force_login(users["officer"])
    with django_assert_max_num_queries(22):
        response = client.get(reverse("directives:task_detail", args=[task.pk]))
    assert response.status_code == 200


def test_directive_list_query_count(client, users, django_assert_max_num_queries):
    samples_load()
    client.force_login(users["officer"])
    with django_assert_max_num_queries(8):
        client.get(reverse("directives:directive_list"))
