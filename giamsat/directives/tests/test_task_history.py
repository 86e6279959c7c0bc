"""A task's history reads as the forms do: field names as labelled, values as people read them."""

import datetime

import pytest
from django.utils import translation

from giamsat.directives.choices import Confidentiality, DeadlineKind
from giamsat.directives.selectors import task_history
from giamsat.directives.tests.factories import DirectiveFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed(users):
    task = TaskFactory(
        deadline=datetime.date(2026, 6, 30),
        deadline_kind=DeadlineKind.DATE,
        explicit_assignment=True,
        confidentiality=Confidentiality.INTERNAL,
    )
    earlier = TaskFactory(directive=DirectiveFactory(number="07-TB/CQTBCĐ"), ref="3")
    task.deadline = datetime.date(2026, 9, 30)
    task.deadline_kind = DeadlineKind.QUARTER
    task.explicit_assignment = False
    task.confidentiality = Confidentiality.PUBLIC
    task.previous = earlier
    task._history_user = users["standing_office"]
    task.save()
    return task


def changes_of(task) -> dict[str, tuple[str, str]]:
    entry = next(e for e in task_history(task=task) if e["action"] == "changed")
    return {str(c["field"]): (c["old"], c["new"]) for c in entry["changes"]}


def test_fields_and_values_read_as_people_write_them(changed):
    changes = changes_of(changed)
    assert changes["Loại thời hạn"] == ("Ngày cụ thể", "Quý")  # the choice's label, not 'date → quarter'
    assert changes["Thời hạn"] == ("30/06/2026", "30/09/2026")  # dd/mm/yyyy, not ISO
    assert changes["Có giao cơ quan cụ thể"] == ("Có", "Không")
    assert changes["Mức độ công khai"] == ("Nội bộ", "Công khai")
    assert changes["Nhiệm vụ được nhắc lại từ"] == ("", "07-TB/CQTBCĐ · 3")  # the task's name, not its id


def test_in_english_too(changed):
    with translation.override("en"):
        changes = changes_of(changed)
    assert changes["Deadline kind"] == ("Exact date", "Quarter")
    assert changes["Deadline"] == ("30/06/2026", "30/09/2026")
    assert changes["Assigned to specific agencies"] == ("Yes", "No")


def test_a_deleted_task_is_named_as_such(changed):
    earlier, earlier_id = changed.previous, changed.previous_id
    changed.previous = None
    changed.save()
    earlier.delete()
    entries = [e for e in task_history(task=changed) if e["action"] == "changed"]
    newest = {str(c["field"]): (c["old"], c["new"]) for c in entries[0]["changes"]}
    assert newest["Nhiệm vụ được nhắc lại từ"] == (f"Nhiệm vụ đã xóa (số {earlier_id})", "")
