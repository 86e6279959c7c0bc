"""Tasks no longer carried out (closures.py): stopped, merged into another task or no longer needed, by the standing
office, with the deciding document; "closed" from the decision's day, counted neither open nor overdue, no warning;
undone, the task is followed as before."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from giamsat.directives.choices import ClosureKind, Confidentiality
from giamsat.directives.closures import task_close, task_reopen
from giamsat.directives.models import DocumentReference, Task, TaskClosure
from giamsat.directives.tests.factories import task_led_by
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.dashboard import dashboard, status_counts
from giamsat.monitoring.history import annotate_status, status_history_stale
from giamsat.monitoring.tallies import status_tally_stale
from giamsat.monitoring.warnings import task_warnings

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 8, 1)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 8, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def late(agency_skhcn):
    """A task overdue since 01/04/2026."""
    return task_led_by(agency_skhcn, deadline=D(2026, 3, 31), title="Số hóa hồ sơ địa chính")


DECIDED_ON = D(2026, 5, 15)


def close(task, user, *, kind=ClosureKind.STOPPED, day=DECIDED_ON, number="21-TB/BCĐ", **kwargs):
    return task_close(task=task, kind=kind, document_number=number, decided_on=day, acting_user=user, **kwargs)


def status_on(task, day):
    return annotate_status(Task.objects.filter(pk=task.pk), as_of=day).get().status


def assert_derived_data_in_step():
    assert status_history_stale() == []
    assert not status_tally_stale()


class TaskCloseTests:
    def test_closed_from_the_decision_day_with_its_document(self, users, late):
        office = users["standing_office"]
        closure = close(late, office, reason="Đã có dự án của tỉnh thay thế")
        assert (closure.kind, closure.decided_by.number, closure.recorded_by) == (
            ClosureKind.STOPPED,
            "21-TB/BCĐ",
            office,
        )
        assert DocumentReference.objects.get(number="21-TB/BCĐ").issued_on == D(2026, 5, 15)
        assert closure.history.get().history_user == office  # audited
        assert status_on(late, D(2026, 5, 14)) == TaskStatus.OVERDUE
        assert status_on(late, D(2026, 5, 15)) == TaskStatus.CLOSED
        assert status_on(late, TODAY) == TaskStatus.CLOSED
        assert_derived_data_in_step()

    def test_not_counted_overdue_on_the_overview_and_no_warning(self, users, late, agency_skhcn):
        other = task_led_by(agency_skhcn, deadline=D(2026, 3, 31))  # stays overdue
        every = Task.objects.filter(pk__in=[late.pk, other.pk])
        assert status_counts(every, as_of=TODAY)[TaskStatus.OVERDUE] == 2
        assert {w.task.pk for w in task_warnings(tasks=every, as_of=TODAY)} == {late.pk, other.pk}
        close(late, users["standing_office"])
        for confidentialities in (None, [Confidentiality.INTERNAL]):  # counted from the spans, and from the tally
            counts = status_counts(every, as_of=TODAY, confidentialities=confidentialities)
            assert (counts[TaskStatus.OVERDUE], counts[TaskStatus.CLOSED]) == (1, 1)
        figures = dashboard(tasks=every, as_of=TODAY)
        assert [t.pk for t in figures["overdue"]] == [other.pk]
        (row,) = figures["agencies"]
        assert (row.led, row.overdue, row.closed) == (2, 1, 1)
        assert {w.task.pk for w in task_warnings(tasks=every, as_of=TODAY)} == {other.pk}
        assert_derived_data_in_step()

    def test_reopen_restores_the_status(self, users, late):
        office = users["standing_office"]
        closure = close(late, office)
        with pytest.raises(ValidationError, match="lý do"):
            task_reopen(closure=closure, reason=" ", acting_user=office)
        undone = task_reopen(closure=closure, reason="Ghi nhận nhầm văn bản", acting_user=office)
        assert (undone.reopened_by, undone.reopen_reason) == (office, "Ghi nhận nhầm văn bản")
        assert status_on(late, TODAY) == TaskStatus.OVERDUE
        assert_derived_data_in_step()
        with pytest.raises(ValidationError, match="đã được hoàn tác"):
            task_reopen(closure=closure, reason="Lần nữa", acting_user=office)
        close(late, office, kind=ClosureKind.NOT_NEEDED, number="22-TB/BCĐ", day=D(2026, 7, 1))  # closed again
        assert status_on(late, TODAY) == TaskStatus.CLOSED
        assert TaskClosure.objects.filter(task=late).count() == 2

    def test_a_merge_needs_its_target(self, users, late, agency_skhcn):
        office = users["standing_office"]
        with pytest.raises(ValidationError, match="nhiệm vụ tiếp nhận"):
            close(late, office, kind=ClosureKind.MERGED)
        with pytest.raises(ValidationError, match="chính nó"):
            close(late, office, kind=ClosureKind.MERGED, merged_into=late)
        target = task_led_by(agency_skhcn, deadline=D(2026, 12, 31))
        closure = close(late, office, kind=ClosureKind.MERGED, merged_into=target)
        assert closure.merged_into == target
        assert status_on(late, TODAY) == TaskStatus.CLOSED
        assert status_on(target, TODAY) == TaskStatus.ON_TIME
        third = task_led_by(agency_skhcn, deadline=D(2026, 12, 31))
        with pytest.raises(ValidationError, match="cũng đã"):
            close(third, office, kind=ClosureKind.MERGED, merged_into=late)
        # A stop names no target, whatever was passed.
        assert close(third, office, merged_into=target).merged_into is None

    def test_the_database_keeps_a_merge_with_its_target_and_one_closure_in_force(self, users, late):
        reference = DocumentReference.objects.create(number="23-TB/BCĐ")
        with pytest.raises(IntegrityError), transaction.atomic():
            TaskClosure.objects.create(task=late, kind=ClosureKind.MERGED, decided_by=reference, decided_on=TODAY)
        TaskClosure.objects.create(task=late, kind=ClosureKind.STOPPED, decided_by=reference, decided_on=TODAY)
        with pytest.raises(IntegrityError), transaction.atomic():
            TaskClosure.objects.create(task=late, kind=ClosureKind.STOPPED, decided_by=reference, decided_on=TODAY)

    def test_closed_once(self, users, late):
        close(late, users["standing_office"])
        with pytest.raises(ValidationError, match="hãy hoàn tác trước"):
            close(late, users["administrator"], number="24-TB/BCĐ")

    def test_the_decision_day_is_a_day_already_come(self, users, late):
        with pytest.raises(ValidationError, match="không được sau hôm nay"):
            close(late, users["standing_office"], day=D(2026, 8, 2))
        with pytest.raises(ValidationError, match="số văn bản"):
            close(late, users["standing_office"], number="")
        assert not TaskClosure.objects.exists()

    @pytest.mark.parametrize("who", ["officer", "head", "other_officer", "leader"])
    def test_only_the_standing_office_closes_and_reopens(self, users, late, who):
        with pytest.raises(PermissionDenied):
            close(late, users[who])
        closure = close(late, users["standing_office"])
        with pytest.raises(PermissionDenied):
            task_reopen(closure=closure, reason="Không", acting_user=users[who])
        assert TaskClosure.objects.get().reopened_at is None


def test_no_reminder_of_a_closed_task(users, late, mailoutbox):
    """The officers' digest before the due day lists the tasks not reported yet: not those no longer carried out."""
    from giamsat.monitoring.reminders import reminders_send
    from giamsat.reporting.tests.factories import ReportingPeriodFactory

    ReportingPeriodFactory(year=2026, month=8, due_on=D(2026, 8, 20))
    users["officer"].email = "officer@example.vn"
    users["officer"].save()
    close(late, users["standing_office"])
    assert reminders_send(as_of=D(2026, 8, 18)) == 0
    assert mailoutbox == []


def test_the_scorecard_does_not_judge_a_part_no_longer_carried_out(users, late, agency_skhcn):
    from giamsat.monitoring.scorecard import scorecard
    from giamsat.reporting.tests.factories import ReportingPeriodFactory

    period = ReportingPeriodFactory(year=2026, month=7)
    (row,) = scorecard(period=period, tasks=Task.objects.filter(pk=late.pk))
    assert (row.agency_id, row.components.due, row.components.overdue) == (agency_skhcn.pk, 1, 1)
    close(late, users["standing_office"])
    assert scorecard(period=period, tasks=Task.objects.filter(pk=late.pk)) == []


def test_the_overview_page_shows_the_closed_tasks_apart(client, users, late):
    close(late, users["standing_office"])
    client.force_login(users["leader"])
    response = client.get("/giam-sat/tong-quan/", {"as_of": "01/08/2026"})
    counts = dict(response.context["by_status"])
    assert (counts[TaskStatus.CLOSED], counts[TaskStatus.OVERDUE]) == (1, 0)
    body = response.content.decode()
    assert 'data-status="closed"' in body and "status=closed" in body
