"""The status engine: one table of cases, each run through the pure function AND its SQL twin."""

import datetime
import io

import pytest

from giamsat.directives.models import DeadlineChange, DocumentReference, Task
from giamsat.directives.tests.factories import task_led_by
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.facts import status_facts_refresh, status_facts_stale
from giamsat.monitoring.models import TaskStatusFacts
from giamsat.monitoring.status import (
    DeadlineChangeFact,
    ReportFact,
    ReviewFact,
    annotate_status,
    compute_task_status,
    end_of_day,
    stored_facts_cover,
    task_status,
)
from giamsat.reporting.models import ProgressReport, Review
from giamsat.reporting.tests.factories import ProgressReportFactory, ReportingPeriodFactory, ReviewFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A moment on `day` in Asia/Ho_Chi_Minh."""
    return end_of_day(day - datetime.timedelta(days=1)) + datetime.timedelta(hours=hour)


# name, deadline, recurrence, deadline changes (at, old, new), reports (state, submitted, delivered, reviews),
# as_of, expected status, expected overdue days, expected completion date
CASES = [
    ("future deadline", D(2026, 6, 30), "none", [], [], D(2026, 5, 1), TaskStatus.ON_TIME, 0, None),
    ("on the deadline day", D(2026, 6, 30), "none", [], [], D(2026, 6, 30), TaskStatus.ON_TIME, 0, None),
    ("one day late", D(2026, 6, 30), "none", [], [], D(2026, 7, 1), TaskStatus.OVERDUE, 1, None),
    ("long overdue", D(2026, 1, 15), "none", [], [], D(2026, 4, 1), TaskStatus.OVERDUE, 76, None),
    ("recurring, no deadline", None, "regular", [], [], D(2026, 5, 1), TaskStatus.RECURRING, 0, None),
    ("monthly, no deadline", None, "monthly", [], [], D(2026, 5, 1), TaskStatus.RECURRING, 0, None),
    ("roadmap, no deadline", None, "none", [], [], D(2026, 5, 1), TaskStatus.ON_TIME, 0, None),
    ("recurring with a date", D(2026, 5, 30), "regular", [], [], D(2026, 6, 2), TaskStatus.OVERDUE, 3, None),
    (
        "in progress report changes nothing",
        D(2026, 6, 30),
        "none",
        [],
        [("in_progress", at(D(2026, 5, 10)), None, [])],
        D(2026, 7, 2),
        TaskStatus.OVERDUE,
        2,
        None,
    ),
    (
        "completion claimed, not reviewed",
        D(2026, 6, 30),
        "none",
        [],
        [("completed", at(D(2026, 6, 10)), D(2026, 6, 9), [])],
        D(2026, 6, 15),
        TaskStatus.PENDING_VERIFICATION,
        0,
        None,
    ),
    (
        "claim pending past the deadline",
        D(2026, 6, 30),
        "none",
        [],
        [("completed", at(D(2026, 6, 28)), D(2026, 6, 28), [])],
        D(2026, 7, 5),
        TaskStatus.PENDING_VERIFICATION,
        0,
        None,
    ),
    (
        "claim submitted after the as-of date",
        D(2026, 6, 30),
        "none",
        [],
        [("completed", at(D(2026, 6, 10)), D(2026, 6, 9), [])],
        D(2026, 6, 5),
        TaskStatus.ON_TIME,
        0,
        None,
    ),
    (
        "claim returned",
        D(2026, 6, 30),
        "none",
        [],
        [("completed", at(D(2026, 6, 10)), D(2026, 6, 9), [("returned", at(D(2026, 6, 12)))])],
        D(2026, 7, 3),
        TaskStatus.OVERDUE,
        3,
        None,
    ),
    (
        "returned then resubmitted",
        D(2026, 6, 30),
        "none",
        [],
        [("completed", at(D(2026, 6, 14)), D(2026, 6, 13), [("returned", at(D(2026, 6, 12)))])],
        D(2026, 6, 20),
        TaskStatus.PENDING_VERIFICATION,
        0,
        None,
    ),
    (
        "accepted, delivered before the deadline",
        D(2026, 6, 30),
        "none",
        [],
        [("completed", at(D(2026, 6, 10)), D(2026, 6, 9), [("accepted", at(D(2026, 7, 5)))])],
        D(2026, 7, 10),
        TaskStatus.DONE_ON_TIME,
        0,
        D(2026, 6, 9),
    ),
    (
        "accepted, delivered on the deadline day",
        D(2026, 6, 30),
        "none",
        [],
        [("completed", at(D(2026, 7, 1)), D(2026, 6, 30), [("accepted", at(D(2026, 7, 2)))])],
        D(2026, 7, 2),
        TaskStatus.DONE_ON_TIME,
        0,
        D(2026, 6, 30),
    ),
    (
        "accepted, delivered late",
        D(2026, 6, 30),
        "none",
        [],
        [("completed", at(D(2026, 7, 8)), D(2026, 7, 7), [("accepted", at(D(2026, 7, 9)))])],
        D(2026, 8, 1),
        TaskStatus.DONE_LATE,
        0,
        D(2026, 7, 7),
    ),
    (
        "accepted after the as-of date: still pending then",
        D(2026, 6, 30),
        "none",
        [],
        [("completed", at(D(2026, 6, 10)), D(2026, 6, 9), [("accepted", at(D(2026, 7, 5)))])],
        D(2026, 7, 1),
        TaskStatus.PENDING_VERIFICATION,
        0,
        None,
    ),
    (
        "accepted, no deadline",
        None,
        "regular",
        [],
        [("completed", at(D(2026, 6, 10)), D(2026, 6, 9), [("accepted", at(D(2026, 6, 11)))])],
        D(2026, 6, 20),
        TaskStatus.DONE_ON_TIME,
        0,
        D(2026, 6, 9),
    ),
    (
        "accepted without a delivery date counts late",
        D(2026, 6, 30),
        "none",
        [],
        [("completed", at(D(2026, 6, 10)), None, [("accepted", at(D(2026, 6, 11)))])],
        D(2026, 6, 20),
        TaskStatus.DONE_LATE,
        0,
        None,
    ),
    (
        "extension decided later: old deadline in force",
        D(2026, 6, 30),
        "none",
        [(at(D(2026, 4, 15)), D(2026, 3, 31), D(2026, 6, 30))],
        [],
        D(2026, 4, 10),
        TaskStatus.OVERDUE,
        10,
        None,
    ),
    (
        "extension in force",
        D(2026, 6, 30),
        "none",
        [(at(D(2026, 4, 15)), D(2026, 3, 31), D(2026, 6, 30))],
        [],
        D(2026, 4, 20),
        TaskStatus.ON_TIME,
        0,
        None,
    ),
    (
        "two changes: the last one made counts",
        D(2026, 9, 30),
        "none",
        [(at(D(2026, 4, 15)), D(2026, 3, 31), D(2026, 6, 30)), (at(D(2026, 7, 1)), D(2026, 6, 30), D(2026, 9, 30))],
        [],
        D(2026, 7, 1),
        TaskStatus.ON_TIME,
        0,
        None,
    ),
    (
        "late against the extended deadline",
        D(2026, 6, 30),
        "none",
        [(at(D(2026, 4, 15)), D(2026, 3, 31), D(2026, 6, 30))],
        [("completed", at(D(2026, 7, 3)), D(2026, 7, 2), [("accepted", at(D(2026, 7, 4)))])],
        D(2026, 7, 10),
        TaskStatus.DONE_LATE,
        0,
        D(2026, 7, 2),
    ),
]


def build(agency, deadline, recurrence, changes, reports):
    task = task_led_by(agency, deadline=deadline, recurrence=recurrence)
    reference, _ = DocumentReference.objects.get_or_create(number="99-TB/CQTT")
    for moment, old, new in changes:
        change = DeadlineChange.objects.create(task=task, old_deadline=old, new_deadline=new, decided_by=reference)
        DeadlineChange.objects.filter(pk=change.pk).update(created_at=moment)
    for state, submitted_at, delivered_on, reviews in reports:
        report = ProgressReportFactory(
            task=task,
            agency=agency,
            state=state,
            submitted_at=submitted_at,
            delivered_on=delivered_on,
            status="submitted",
        )
        for decision, moment in reviews:
            review = ReviewFactory(report=report, decision=decision)
            Review.objects.filter(pk=review.pk).update(created_at=moment)
    return task


def facts(changes, reports):
    return (
        [DeadlineChangeFact(moment, old, new) for moment, old, new in changes],
        [
            ReportFact(state, submitted, delivered, tuple(ReviewFact(m, d) for d, m in reviews))
            for state, submitted, delivered, reviews in reports
        ],
    )


@pytest.mark.parametrize(
    ("name", "deadline", "recurrence", "changes", "reports", "as_of", "status", "days", "done"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_pure_function_and_sql_twin_agree(
    agency_skhcn, name, deadline, recurrence, changes, reports, as_of, status, days, done
):
    change_facts, report_facts = facts(changes, reports)
    pure = compute_task_status(
        deadline=deadline, recurrence=recurrence, deadline_changes=change_facts, reports=report_facts, as_of=as_of
    )
    assert (pure.status, pure.overdue_days, pure.completed_on) == (status, days, done)

    task = build(agency_skhcn, deadline, recurrence, changes, reports)
    saved = task_status(Task.objects.get(pk=task.pk), as_of)
    assert saved == pure
    annotated = annotate_status(Task.objects.filter(pk=task.pk), as_of=as_of).get()
    assert annotated.status == status
    assert annotated.status_deadline == pure.deadline
    if status in (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE):
        assert annotated.completed_on == done

    # The stored facts (refreshed by hand: `build` moved the events' times with bulk updates) answer for
    # every day from the newest event on, and say what the pure function says on that day and later.
    status_facts_refresh([task.pk])
    first_day = max(as_of, TaskStatusFacts.objects.get(task=task).valid_from)
    for day in (first_day, first_day + datetime.timedelta(days=400)):
        assert stored_facts_cover(day)
        expected = compute_task_status(
            deadline=deadline, recurrence=recurrence, deadline_changes=change_facts, reports=report_facts, as_of=day
        )
        fast = annotate_status(Task.objects.filter(pk=task.pk), as_of=day).get()
        assert (fast.status, fast.status_deadline) == (expected.status, expected.deadline), day
        if expected.status in (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE):
            assert fast.completed_on == expected.completed_on


def test_counting_by_status_in_sql_matches_the_function(agency_skhcn, django_assert_max_num_queries):
    as_of = D(2026, 7, 10)
    tasks = [build(agency_skhcn, *case[1:5]) for case in CASES]
    expected: dict[str, int] = {}
    for task in Task.objects.filter(pk__in=[t.pk for t in tasks]):
        key = task_status(task, as_of).status
        expected[key] = expected.get(key, 0) + 1
    from django.db.models import Count

    with django_assert_max_num_queries(2):  # and one to check that the stored facts cover the day (cached)
        counted = dict(
            annotate_status(Task.objects.filter(pk__in=[t.pk for t in tasks]), as_of=as_of)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
    assert counted == expected
    assert ProgressReport.objects.exists()


def test_stored_facts_answer_from_their_day_and_the_twin_before(agency_skhcn):
    task = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    facts = TaskStatusFacts.objects.get(task=task)  # written when the task was saved
    assert (facts.deadline, facts.accepted, facts.pending) == (D(2026, 6, 30), False, False)
    # Tampered facts show that they, not the subqueries, answer once every task's facts hold...
    TaskStatusFacts.objects.filter(task=task).update(pending=True, valid_from=D(2026, 5, 1))
    assert annotate_status(Task.objects.filter(pk=task.pk), as_of=D(2026, 5, 1)).get().status == (
        TaskStatus.PENDING_VERIFICATION
    )
    # ...and that on a day before theirs the subqueries decide (on time).
    other = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    TaskStatusFacts.objects.filter(task=other).update(valid_from=D(2026, 5, 1))
    statuses = dict(annotate_status(Task.objects.all(), as_of=D(2026, 4, 30)).values_list("pk", "status"))
    assert statuses[task.pk] == statuses[other.pk] == TaskStatus.ON_TIME
    TaskStatusFacts.objects.filter(task=task).delete()
    assert not stored_facts_cover(D(2026, 12, 1))  # a task without facts: the subqueries answer
    assert annotate_status(Task.objects.filter(pk=task.pk), as_of=D(2026, 7, 2)).get().status == TaskStatus.OVERDUE


def assert_facts_follow_the_events() -> None:
    assert Task.objects.exists()
    assert status_facts_stale() == []


def test_stale_facts_are_found_and_refreshed_by_the_command(agency_skhcn):
    from django.core.management import CommandError, call_command

    task = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    call_command("status_facts", stdout=io.StringIO())
    TaskStatusFacts.objects.filter(task=task).update(accepted=True)  # as a bulk write could leave them
    other = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    TaskStatusFacts.objects.filter(task=other).delete()
    assert status_facts_stale() == sorted([task.pk, other.pk])
    with pytest.raises(CommandError, match="--refresh"):
        call_command("status_facts", stdout=io.StringIO())
    call_command("status_facts", "--refresh", stdout=io.StringIO())
    assert_facts_follow_the_events()


def test_saves_keep_the_stored_facts_in_step(agency_skhcn):
    reference, _ = DocumentReference.objects.get_or_create(number="98-TB/CQTT")
    task = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    assert_facts_follow_the_events()
    DeadlineChange.objects.create(
        task=task, old_deadline=D(2026, 6, 30), new_deadline=D(2027, 3, 31), decided_by=reference
    )
    assert TaskStatusFacts.objects.get(task=task).deadline == D(2027, 3, 31)
    report = ProgressReportFactory(
        task=task,
        agency=agency_skhcn,
        state="completed",
        submitted_at=at(D(2026, 11, 20)),
        delivered_on=D(2026, 11, 18),
    )
    assert TaskStatusFacts.objects.get(task=task).pending
    ReviewFactory(report=report, decision="accepted")
    facts = TaskStatusFacts.objects.get(task=task)
    assert (facts.accepted, facts.pending, facts.completed_on) == (True, False, D(2026, 11, 18))
    assert_facts_follow_the_events()


@pytest.mark.django_db(transaction=True)
def test_deletes_commit_and_the_facts_follow(agency_skhcn):
    """Facts written in the middle of a cascade would fail the commit (PostgreSQL checks the keys then)."""
    task_led_by(agency_skhcn, deadline=D(2026, 5, 31))  # stays
    task = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    report = ProgressReportFactory(task=task, agency=agency_skhcn, state="completed", submitted_at=at(D(2026, 6, 1)))
    ReviewFactory(report=report, decision="accepted")
    assert TaskStatusFacts.objects.get(task=task).accepted
    report.delete()  # its review goes with it; committed, then the facts are recomputed
    assert not TaskStatusFacts.objects.get(task=task).accepted
    assert_facts_follow_the_events()
    task.delete()  # with its assignments and its facts
    assert not TaskStatusFacts.objects.filter(task_id=task.pk).exists()
    assert_facts_follow_the_events()


def test_a_new_report_in_progress_adds_no_fact_and_is_not_refreshed(agency_skhcn):
    """Only completion reports and their reviews are facts: the monthly drafts cost no refresh."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    task = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    with CaptureQueriesContext(connection) as captured:
        ProgressReportFactory(task=task, agency=agency_skhcn, state="in_progress")
    assert not [q for q in captured.captured_queries if "monitoring_taskstatusfacts" in q["sql"]]
    assert_facts_follow_the_events()
    with CaptureQueriesContext(connection) as captured:
        ProgressReportFactory(
            task=task,
            agency=agency_skhcn,
            period=ReportingPeriodFactory(year=2026, month=6),
            state="completed",
            submitted_at=at(D(2026, 6, 1)),
        )
    assert [q for q in captured.captured_queries if "monitoring_taskstatusfacts" in q["sql"]]
    assert TaskStatusFacts.objects.get(task=task).pending
