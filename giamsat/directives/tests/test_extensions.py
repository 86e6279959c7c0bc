"""Extension requests (extensions.py): who asks, who decides, what a grant moves (a DeadlineChange with its document,
the status history with it), what a refusal leaves, and that a request is decided once."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from giamsat.agencies.models import AgencyGroup
from giamsat.directives import extensions
from giamsat.directives.choices import AssignmentRole, ExtensionState
from giamsat.directives.closures import task_close
from giamsat.directives.models import DeadlineChange, DocumentReference, ExtensionRequest, Task
from giamsat.directives.tests.factories import TaskAssignmentFactory, task_led_by
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.history import LAST_DAY, annotate_status

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def task(agency_skhcn):
    return task_led_by(agency_skhcn, deadline=D(2026, 3, 31), title="Xây dựng kho dữ liệu dùng chung")


PROPOSED = D(2026, 9, 30)


def ask(task, user, *, proposed=PROPOSED, reason="Chờ kinh phí được phân bổ"):
    return extensions.extension_request(
        task=task, agency=user.agency, reason=reason, proposed_deadline=proposed, acting_user=user
    )


def status_on(task, day):
    return annotate_status(Task.objects.filter(pk=task.pk), as_of=day).get()


class ExtensionRequestTests:
    def test_a_lead_agency_officer_or_head_asks(self, users, task):
        extension = ask(task, users["officer"])
        assert (extension.state, extension.current_deadline, extension.proposed_deadline) == (
            ExtensionState.PENDING,
            D(2026, 3, 31),
            D(2026, 9, 30),
        )
        assert extension.requested_by == users["officer"]
        assert extension.history.get().history_user == users["officer"]  # audited
        extensions.extension_withdraw(extension=extension, acting_user=users["head"])
        assert ask(task, users["head"]).requested_by == users["head"]

    @pytest.mark.parametrize("who", ["other_officer", "leader", "standing_office", "administrator"])
    def test_only_a_lead_agency_asks(self, users, task, agency_skhcn, who):
        user = users[who]
        with pytest.raises(PermissionDenied):
            extensions.extension_request(
                task=task,
                agency=user.agency or agency_skhcn,
                reason="Lý do",
                proposed_deadline=D(2026, 9, 30),
                acting_user=user,
            )
        assert not ExtensionRequest.objects.exists()

    def test_a_coordinating_agency_does_not_ask(self, users, agency_skhcn, agency_finance):
        task = task_led_by(agency_finance, deadline=D(2026, 3, 31))
        TaskAssignmentFactory(task=task, agency=agency_skhcn, role=AssignmentRole.COORDINATING)
        with pytest.raises(PermissionDenied):
            ask(task, users["officer"])

    def test_a_member_of_a_lead_group_asks(self, users, agency_skhcn):
        task = task_led_by(users["other_officer"].agency, deadline=D(2026, 3, 31))
        TaskAssignmentFactory(task=task, group=AgencyGroup.objects.get(code="so-ban-nganh"), role=AssignmentRole.LEAD)
        assert ask(task, users["officer"]).agency == agency_skhcn

    def test_the_proposed_day_is_after_the_deadline_and_a_reason_is_given(self, users, task):
        for proposed in (D(2026, 3, 31), D(2026, 1, 1), None):
            with pytest.raises(ValidationError, match="phải sau thời hạn hiện tại"):
                ask(task, users["officer"], proposed=proposed)
        with pytest.raises(ValidationError, match="lý do"):
            ask(task, users["officer"], reason="   ")
        assert not ExtensionRequest.objects.exists()

    def test_one_pending_request_per_task_and_agency(self, users, task):
        ask(task, users["officer"])
        with pytest.raises(ValidationError, match="đang chờ quyết định"):
            ask(task, users["head"], proposed=D(2026, 12, 31))
        assert ExtensionRequest.objects.count() == 1

    def test_a_task_without_a_date_is_not_extended(self, users, agency_skhcn):
        task = task_led_by(agency_skhcn, deadline=None, recurrence="regular")
        with pytest.raises(ValidationError, match="không có thời hạn cụ thể"):
            ask(task, users["officer"])


class ExtensionDecisionTests:
    def test_a_grant_moves_the_deadline_with_its_document_and_the_status_follows(self, users, task):
        extension = ask(task, users["officer"])
        assert status_on(task, D(2026, 7, 1)).status == TaskStatus.OVERDUE
        office = users["standing_office"]
        granted = extensions.extension_grant(
            extension=extension, document_number="125-CV/BCĐ", document_date=D(2026, 4, 20), acting_user=office
        )
        change = DeadlineChange.objects.get(task=task)
        assert (change.old_deadline, change.new_deadline, change.decided_by.number) == (
            D(2026, 3, 31),
            D(2026, 9, 30),
            "125-CV/BCĐ",
        )
        assert change.changed_by == office and "Sở Khoa học và Công nghệ" in change.reason
        assert DocumentReference.objects.get(number="125-CV/BCĐ").issued_on == D(2026, 4, 20)
        assert (granted.state, granted.deadline_change, granted.decided_by) == (ExtensionState.GRANTED, change, office)
        task.refresh_from_db()
        assert (task.deadline, task.deadline_text) == (D(2026, 9, 30), "30/09/2026")
        # The status history follows in the same transaction: from today the new deadline is in force.
        assert status_on(task, LAST_DAY).status_deadline == D(2026, 9, 30)
        assert granted.history.first().history_user == office
        assert task.history.first().history_change_reason.endswith("125-CV/BCĐ")

    def test_the_standing_office_may_grant_another_day(self, users, task):
        extension = ask(task, users["officer"])
        extensions.extension_grant(
            extension=extension,
            document_number="126-CV/BCĐ",
            new_deadline=D(2026, 6, 30),
            acting_user=users["standing_office"],
        )
        task.refresh_from_db()
        assert task.deadline == D(2026, 6, 30)
        with pytest.raises(ValidationError, match="Phải nêu số văn bản"):
            extensions.extension_grant(
                extension=ask(task, users["officer"], proposed=D(2026, 12, 31)),
                document_number=" ",
                acting_user=users["standing_office"],
            )

    def test_a_refusal_leaves_the_deadline_and_needs_a_reason(self, users, task):
        extension = ask(task, users["officer"])
        with pytest.raises(ValidationError, match="lý do"):
            extensions.extension_refuse(extension=extension, reason="", acting_user=users["standing_office"])
        refused = extensions.extension_refuse(
            extension=extension, reason="Đã gia hạn một lần", acting_user=users["standing_office"]
        )
        task.refresh_from_db()
        assert (refused.state, refused.decision_reason, task.deadline) == (
            ExtensionState.REFUSED,
            "Đã gia hạn một lần",
            D(2026, 3, 31),
        )
        assert not DeadlineChange.objects.exists()

    @pytest.mark.parametrize("who", ["officer", "head", "other_officer", "leader"])
    def test_only_the_standing_office_decides(self, users, task, who):
        extension = ask(task, users["officer"])
        with pytest.raises(PermissionDenied):
            extensions.extension_grant(extension=extension, document_number="1-CV", acting_user=users[who])
        with pytest.raises(PermissionDenied):
            extensions.extension_refuse(extension=extension, reason="Không", acting_user=users[who])
        extension.refresh_from_db()
        assert extension.state == ExtensionState.PENDING

    def test_a_second_decision_gets_a_clear_error(self, users, task):
        extension = ask(task, users["officer"])
        stale = ExtensionRequest.objects.get(pk=extension.pk)  # what the second page still shows
        extensions.extension_grant(
            extension=extension, document_number="127-CV/BCĐ", acting_user=users["administrator"]
        )
        with pytest.raises(ValidationError, match="đã được xử lý trước đó: Đã đồng ý gia hạn"):
            extensions.extension_refuse(extension=stale, reason="Không đồng ý", acting_user=users["standing_office"])
        with pytest.raises(ValidationError, match="đã được xử lý"):
            extensions.extension_grant(
                extension=stale, document_number="128-CV/BCĐ", acting_user=users["standing_office"]
            )
        with pytest.raises(ValidationError, match="đã được xử lý"):
            extensions.extension_withdraw(extension=stale, acting_user=users["officer"])
        assert DeadlineChange.objects.count() == 1
        assert ExtensionRequest.objects.get(pk=extension.pk).state == ExtensionState.GRANTED

    def test_withdrawn_by_the_requesting_agency_only(self, users, task):
        extension = ask(task, users["officer"])
        for who in ("other_officer", "standing_office", "leader"):
            with pytest.raises(PermissionDenied):
                extensions.extension_withdraw(extension=extension, acting_user=users[who])
        withdrawn = extensions.extension_withdraw(extension=extension, acting_user=users["head"], reason="Đã xong")
        assert withdrawn.state == ExtensionState.WITHDRAWN
        with pytest.raises(ValidationError, match="đã được xử lý"):
            extensions.extension_grant(
                extension=extension, document_number="1-CV", acting_user=users["standing_office"]
            )

    def test_a_document_recorded_with_another_date_is_refused(self, users, task):
        DocumentReference.objects.create(number="129-CV/BCĐ", issued_on=D(2026, 1, 2))
        extension = ask(task, users["officer"])
        with pytest.raises(ValidationError, match="đã được ghi nhận với ngày 02/01/2026"):
            extensions.extension_grant(
                extension=extension,
                document_number="129-CV/BCĐ",
                document_date=D(2026, 4, 20),
                acting_user=users["standing_office"],
            )
        assert ExtensionRequest.objects.get(pk=extension.pk).state == ExtensionState.PENDING
        assert not DeadlineChange.objects.exists()

    def test_closing_the_task_refuses_its_pending_requests_and_no_grant_follows(self, users, task):
        extension = ask(task, users["officer"])
        stale = ExtensionRequest.objects.get(pk=extension.pk)
        task_close(
            task=task,
            kind="stopped",
            document_number="20-TB/BCĐ",
            decided_on=D(2026, 4, 1),
            acting_user=users["standing_office"],
        )
        extension.refresh_from_db()
        assert extension.state == ExtensionState.REFUSED and "20-TB/BCĐ" in extension.decision_reason
        with pytest.raises(ValidationError):
            extensions.extension_grant(extension=stale, document_number="1-CV", acting_user=users["standing_office"])
        with pytest.raises(ValidationError, match="không còn gia hạn"):
            ask(task, users["officer"])


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_end_in_one_outcome(registry, agency_skhcn):
    """Two standing-office users decide the same request in two threads: one wins, the other gets the error. SQLite
    writes one transaction at a time and PostgreSQL waits on the row lock: either way the second reads the first's
    decision under its lock."""
    from giamsat.accounts.choices import Role
    from giamsat.accounts.tests.factories import UserFactory

    officer = UserFactory(username="t-officer", role=Role.AGENCY_OFFICER, agency=agency_skhcn)
    office = [UserFactory(username=f"t-office-{n}", role=Role.STANDING_OFFICE) for n in range(2)]
    task = task_led_by(agency_skhcn, deadline=D(2026, 3, 31))
    extension = ask(task, officer)
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def decide(n: int) -> None:
        start.wait()
        try:
            if n == 0:
                extensions.extension_grant(extension=extension, document_number="130-CV/BCĐ", acting_user=office[0])
            else:
                extensions.extension_refuse(extension=extension, reason="Không đồng ý", acting_user=office[1])
            outcomes.append("decided")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # SQLite's "database is locked" is a lost race too
            outcomes.append(f"locked: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("decided") == 1, outcomes
    extension.refresh_from_db()
    assert extension.state in (ExtensionState.GRANTED, ExtensionState.REFUSED)
    assert DeadlineChange.objects.count() == (1 if extension.state == ExtensionState.GRANTED else 0)
