"""A directive's tasks are listed in the document's order (their STT), not by deadline: on the directive's page,
on the task list filtered by the directive, and a task's sub-tasks on its page. Without that filter the task
list keeps its order by deadline."""

import datetime
import re

import pytest
from django.urls import reverse

from giamsat.directives.choices import Confidentiality
from giamsat.directives.selectors import task_relatives
from giamsat.directives.tests.factories import DirectiveFactory, TaskFactory, task_led_by

pytestmark = pytest.mark.django_db

# STT as printed, the place in the document, the deadline: the last tasks of the document are due first.
ROWS = [
    ("1", 1, datetime.date(2026, 12, 31)),
    ("2", 2, datetime.date(2026, 9, 30)),
    ("3", 3, datetime.date(2026, 6, 30)),
]


@pytest.fixture
def directive(agency_skhcn):
    directive = DirectiveFactory(number="13-TB/CQTT")
    for ref, position, deadline in reversed(ROWS):  # written in another order than printed
        task_led_by(
            agency_skhcn,
            directive=directive,
            ref=ref,
            position=position,
            deadline=deadline,
            confidentiality=Confidentiality.PUBLIC,
            title=f"Nhiệm vụ thứ {ref} của văn bản",
        )
    return directive


def refs_in(html: str) -> list[str]:
    return re.findall(r'<td class="ref"[^>]*>([^<]+)</td>', html)


def test_the_directive_page_lists_its_tasks_in_the_document_order(client, users, directive):
    client.force_login(users["standing_office"])
    response = client.get(reverse("directives:directive_detail", args=[directive.pk]))
    assert refs_in(response.content.decode()) == ["1", "2", "3"]


def test_the_task_list_of_one_directive_is_in_the_document_order(client, users, directive):
    client.force_login(users["standing_office"])
    response = client.get(reverse("directives:task_list"), {"scope": "all", "directive": directive.pk})
    assert [t.ref for t in response.context["page"]] == ["1", "2", "3"]


def test_the_task_list_without_that_filter_keeps_the_deadline_order(client, users, directive):
    client.force_login(users["standing_office"])
    response = client.get(reverse("directives:task_list"), {"scope": "all"})
    assert [t.ref for t in response.context["page"] if t.directive_id == directive.pk] == ["3", "2", "1"]


def test_sub_tasks_in_the_document_order(users, directive):
    parent = directive.tasks.get(ref="1")
    for ref, position, deadline in [("1.2", 12, datetime.date(2026, 3, 31)), ("1.1", 11, datetime.date(2026, 6, 30))]:
        TaskFactory(directive=directive, ref=ref, position=position, deadline=deadline, parent=parent)
    children, _repeated_by = task_relatives(user=users["standing_office"], task=parent)
    assert [t.ref for t in children] == ["1.1", "1.2"]
