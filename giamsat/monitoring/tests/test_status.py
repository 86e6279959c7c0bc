"""The status engine: one table of cases, each run through the pure function AND the stored status history,
for every day from before the task's first event to long after; and the parts of multi-agency tasks."""

import datetime
import io

import pytest

from giamsat.agencies.models import Agency, AgencyGroup
from giamsat.directives.models import DeadlineChange, DocumentReference, Task, TaskAssignment
from giamsat.directives.tests.factories import TaskFactory, task_led_by
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.history import (
    FIRST_DAY,
    LAST_DAY,
    annotate_status,
    part_statuses,
    status_history_refresh,
    status_history_stale,
    task_statuses,
)
from giamsat.monitoring.models import StatusSpan
from giamsat.monitoring.status import (
    DeadlineChangeFact,
    ReportFact,
    ReviewFact,
    compute_task_status,
    end_of_day,
    local_day,
    task_status,
)
from giamsat.reporting.models import ProgressReport, Review
from giamsat.reporting.tests.factories import ProgressReportFactory, ReportingPeriodFactory, ReviewFactory

pytestmark = pytest.mark.django_db

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A moment on `day` in Asia/Ho_Chi_Minh."""
    return end_of_day(day - ONE_DAY) + datetime.timedelta(hours=hour)


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
            status="approved",
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


def days_around(deadline, changes, reports, as_of) -> list[datetime.date]:
    """Every day from a week before the earliest date of the case to a week after the latest, and far ends."""
    dates = [as_of, *(d for d in [deadline] if d)]
    for moment, old, new in changes:
        dates += [local_day(moment), *(d for d in (old, new) if d)]
    for _state, submitted, delivered, reviews in reports:
        dates += [local_day(submitted), *(d for d in [delivered] if d), *(local_day(m) for _d, m in reviews)]
    first, last = min(dates) - 7 * ONE_DAY, max(dates) + 7 * ONE_DAY
    return [
        first - 400 * ONE_DAY,
        *(first + n * ONE_DAY for n in range((last - first).days + 1)),
        last + 4000 * ONE_DAY,
    ]


def stored_status(task: Task, day: datetime.date) -> tuple:
    """The task's status on `day` as the status history answers it (the span covering the day)."""
    (span,) = StatusSpan.objects.filter(task=task, agency__isnull=True, from_day__lte=day, to_day__gte=day)
    return span.status, span.deadline, span.completed_on


@pytest.mark.parametrize(
    ("name", "deadline", "recurrence", "changes", "reports", "as_of", "status", "days", "done"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_pure_function_and_status_history_agree_every_day(
    agency_skhcn, name, deadline, recurrence, changes, reports, as_of, status, days, done
):
    change_facts, report_facts = facts(changes, reports)
    pure = compute_task_status(
        deadline=deadline, recurrence=recurrence, deadline_changes=change_facts, reports=report_facts, as_of=as_of
    )
    assert (pure.status, pure.overdue_days, pure.completed_on) == (status, days, done)

    task = build(agency_skhcn, deadline, recurrence, changes, reports)
    status_history_refresh([task.pk])  # `build` moved the events' times with bulk updates, which send no signals
    saved = task_status(Task.objects.get(pk=task.pk), as_of)
    assert saved == pure
    annotated = annotate_status(Task.objects.filter(pk=task.pk), as_of=as_of).get()
    assert (annotated.status, annotated.status_deadline) == (status, pure.deadline)
    if status in (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE):
        assert annotated.completed_on == done
    assert task_statuses(Task.objects.filter(pk=task.pk), [as_of])[as_of][task.pk] == pure

    spans = list(StatusSpan.objects.filter(task=task, agency__isnull=True).order_by("from_day"))
    assert spans[0].from_day == FIRST_DAY and spans[-1].to_day == LAST_DAY
    assert all(a.to_day + ONE_DAY == b.from_day for a, b in zip(spans, spans[1:], strict=False))  # no gap, no overlap
    assert stored_status(task, FIRST_DAY) == stored_status(task, days_around(deadline, changes, reports, as_of)[0])
    for day in days_around(deadline, changes, reports, as_of):
        expected = compute_task_status(
            deadline=deadline, recurrence=recurrence, deadline_changes=change_facts, reports=report_facts, as_of=day
        )
        assert stored_status(task, day) == (expected.status, expected.deadline, expected.completed_on), day


def test_counting_by_status_in_sql_matches_the_function(agency_skhcn, django_assert_max_num_queries):
    as_of = D(2026, 7, 10)
    tasks = [build(agency_skhcn, *case[1:5]) for case in CASES]
    status_history_refresh([t.pk for t in tasks])
    expected: dict[str, int] = {}
    for task in Task.objects.filter(pk__in=[t.pk for t in tasks]):
        key = task_status(task, as_of).status
        expected[key] = expected.get(key, 0) + 1
    from django.db.models import Count

    with django_assert_max_num_queries(1):
        counted = dict(
            annotate_status(Task.objects.filter(pk__in=[t.pk for t in tasks]), as_of=as_of)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
    assert counted == expected
    assert ProgressReport.objects.exists()


def assert_history_follows_the_events() -> None:
    from giamsat.monitoring.tallies import status_tally_stale

    assert Task.objects.exists()
    assert status_history_stale() == []
    assert not status_tally_stale()  # and its counts (tallies.py)


def test_stale_history_is_found_and_refreshed_by_the_command(agency_skhcn):
    from django.core.management import CommandError, call_command

    task = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    call_command("status_history", stdout=io.StringIO())
    StatusSpan.objects.filter(task=task).update(status=TaskStatus.DONE_ON_TIME)  # as a bulk write could leave it
    other = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    StatusSpan.objects.filter(task=other).delete()
    assert status_history_stale() == sorted([task.pk, other.pk])
    with pytest.raises(CommandError, match="--refresh"):
        call_command("status_history", stdout=io.StringIO())
    call_command("status_history", "--refresh", stdout=io.StringIO())
    assert_history_follows_the_events()


def test_saves_keep_the_status_history_in_step(agency_skhcn):
    reference, _ = DocumentReference.objects.get_or_create(number="98-TB/CQTT")
    task = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    assert_history_follows_the_events()
    DeadlineChange.objects.create(
        task=task, old_deadline=D(2026, 6, 30), new_deadline=D(2027, 3, 31), decided_by=reference
    )
    assert stored_status(task, LAST_DAY)[1] == D(2027, 3, 31)
    report = ProgressReportFactory(
        task=task,
        agency=agency_skhcn,
        state="completed",
        submitted_at=at(D(2026, 11, 20)),
        delivered_on=D(2026, 11, 18),
    )
    assert stored_status(task, D(2026, 11, 20))[0] == TaskStatus.PENDING_VERIFICATION
    # The day before it was sent, the extension (decided today) was not yet made: the old deadline had passed.
    assert stored_status(task, D(2026, 11, 19))[:2] == (TaskStatus.OVERDUE, D(2026, 6, 30))
    ReviewFactory(report=report, decision="accepted")
    assert stored_status(task, LAST_DAY) == (TaskStatus.DONE_ON_TIME, D(2027, 3, 31), D(2026, 11, 18))
    assert_history_follows_the_events()


@pytest.mark.django_db(transaction=True)
def test_deletes_commit_and_the_history_follows(agency_skhcn):
    """Rows written in the middle of a cascade would fail the commit (PostgreSQL checks the keys then)."""
    task_led_by(agency_skhcn, deadline=D(2026, 5, 31))  # stays
    task = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    report = ProgressReportFactory(task=task, agency=agency_skhcn, state="completed", submitted_at=at(D(2026, 6, 1)))
    ReviewFactory(report=report, decision="accepted")
    assert stored_status(task, LAST_DAY)[0] == TaskStatus.DONE_LATE  # accepted, no delivery date
    report.delete()  # its review goes with it; committed, then the history is recomputed
    assert stored_status(task, LAST_DAY)[0] == TaskStatus.OVERDUE
    assert_history_follows_the_events()
    task.delete()  # with its assignments and its history
    assert not StatusSpan.objects.filter(task_id=task.pk).exists()
    assert_history_follows_the_events()


def test_a_new_report_in_progress_is_not_a_fact_and_costs_no_refresh(agency_skhcn):
    """Only completion reports and their reviews are facts: the monthly drafts cost no refresh."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    task = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    with CaptureQueriesContext(connection) as captured:
        ProgressReportFactory(task=task, agency=agency_skhcn, state="in_progress")
    assert not [q for q in captured.captured_queries if "monitoring_statusspan" in q["sql"]]
    assert_history_follows_the_events()
    with CaptureQueriesContext(connection) as captured:
        ProgressReportFactory(
            task=task,
            agency=agency_skhcn,
            period=ReportingPeriodFactory(year=2026, month=6),
            state="completed",
            submitted_at=at(D(2026, 6, 1)),
        )
    assert [q for q in captured.captured_queries if "monitoring_statusspan" in q["sql"]]
    assert stored_status(task, D(2026, 6, 1))[0] == TaskStatus.PENDING_VERIFICATION


# --- tasks led by several agencies: each lead agency's part -----------------------------------------------------


def complete(task: Task, agency: Agency, *, delivered: datetime.date, reviewed: datetime.date | None = None):
    """The agency's completion report on the task, accepted on `reviewed` (if given)."""
    report = ProgressReportFactory(
        task=task,
        agency=agency,
        period=ReportingPeriodFactory(year=delivered.year, month=delivered.month),
        state="completed",
        submitted_at=at(delivered),
        delivered_on=delivered,
        status="submitted",
    )
    if reviewed:
        review = ReviewFactory(report=report, decision="accepted")
        Review.objects.filter(pk=review.pk).update(created_at=at(reviewed))
    status_history_refresh([task.pk])  # the review's time was moved by a bulk update
    return report


def pure_status(task: Task, day: datetime.date):
    from giamsat.directives.selectors import lead_agencies
    from giamsat.monitoring.status import closed_on

    task = Task.objects.prefetch_related("reports__reviews", "deadline_changes", "closures").get(pk=task.pk)
    leads = lead_agencies(Task.objects.filter(pk=task.pk)).get(task.pk, set())
    changes = [DeadlineChangeFact(c.created_at, c.old_deadline, c.new_deadline) for c in task.deadline_changes.all()]
    reports = [
        ReportFact(
            r.state,
            r.submitted_at,
            r.delivered_on,
            tuple(ReviewFact(v.created_at, v.decision) for v in r.reviews.all()),
            r.agency_id,
        )
        for r in task.reports.all()
    ]
    return compute_task_status(
        deadline=task.deadline,
        recurrence=task.recurrence,
        deadline_changes=changes,
        reports=reports,
        as_of=day,
        leads=leads,
        closed_on=closed_on(task),
    )


def assert_store_agrees(task: Task, first: datetime.date, last: datetime.date) -> None:
    day = first
    while day <= last:
        expected = pure_status(task, day)
        assert stored_status(task, day) == (expected.status, expected.deadline, expected.completed_on), day
        assert task_status(Task.objects.get(pk=task.pk), day) == expected, day
        day += ONE_DAY


def test_two_leads_each_complete_their_own_part(agency_skhcn, agency_finance):
    task = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    TaskAssignment.objects.create(task=task, agency=agency_finance, role="lead", printed_name="Sở Tài chính")
    complete(task, agency_skhcn, delivered=D(2026, 6, 10), reviewed=D(2026, 6, 12))
    on_12 = annotate_status(Task.objects.filter(pk=task.pk), as_of=D(2026, 6, 12)).get()
    assert (on_12.status, on_12.parts_done, on_12.parts_total) == (TaskStatus.ON_TIME, 1, 2)
    parts = part_statuses(Task.objects.filter(pk=task.pk), D(2026, 6, 12))[task.pk]
    assert parts[agency_skhcn.pk].status == TaskStatus.DONE_ON_TIME
    assert parts[agency_finance.pk].status == TaskStatus.ON_TIME
    late = annotate_status(Task.objects.filter(pk=task.pk), as_of=D(2026, 7, 3)).get()
    assert late.status == TaskStatus.OVERDUE  # Sở Tài chính's part is overdue: so is the task
    complete(task, agency_finance, delivered=D(2026, 7, 5), reviewed=D(2026, 7, 6))
    done = annotate_status(Task.objects.filter(pk=task.pk), as_of=D(2026, 7, 6)).get()
    assert (done.status, done.completed_on, done.parts_done) == (TaskStatus.DONE_LATE, D(2026, 7, 5), 2)
    assert_store_agrees(task, D(2026, 6, 1), D(2026, 7, 10))
    assert_history_follows_the_events()


def test_a_coordinating_agency_never_completes_the_task(agency_skhcn, agency_finance):
    task = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    TaskAssignment.objects.create(task=task, agency=agency_finance, role="coordinating", printed_name="Sở Tài chính")
    complete(task, agency_finance, delivered=D(2026, 6, 10), reviewed=D(2026, 6, 12))
    after = annotate_status(Task.objects.filter(pk=task.pk), as_of=D(2026, 6, 20)).get()
    assert (after.status, after.parts_done, after.parts_total) == (TaskStatus.ON_TIME, 0, 1)
    assert annotate_status(Task.objects.filter(pk=task.pk), as_of=D(2026, 7, 1)).get().status == TaskStatus.OVERDUE
    assert set(part_statuses(Task.objects.filter(pk=task.pk), D(2026, 6, 20))[task.pk]) == {agency_skhcn.pk}
    assert_store_agrees(task, D(2026, 6, 8), D(2026, 7, 2))


def test_a_lead_group_of_92_communes_is_done_when_every_commune_is(registry):
    communes = AgencyGroup.objects.get(code="xa-phuong")
    members = list(communes.members.order_by("pk"))
    assert len(members) == 92
    task = TaskFactory(deadline=D(2026, 9, 30))
    TaskAssignment.objects.create(task=task, group=communes, role="lead", printed_name="UBND các xã, phường")
    for commune in members[:37]:
        complete(task, commune, delivered=D(2026, 9, 1), reviewed=D(2026, 9, 5))
    seen = annotate_status(Task.objects.filter(pk=task.pk), as_of=D(2026, 9, 10)).get()
    assert (seen.status, seen.parts_done, seen.parts_total) == (TaskStatus.ON_TIME, 37, 92)
    assert annotate_status(Task.objects.filter(pk=task.pk), as_of=D(2026, 10, 1)).get().status == TaskStatus.OVERDUE
    parts = part_statuses(Task.objects.filter(pk=task.pk), D(2026, 10, 1))[task.pk]
    assert sum(p.status == TaskStatus.DONE_ON_TIME for p in parts.values()) == 37
    assert sum(p.status == TaskStatus.OVERDUE and p.overdue_days == 1 for p in parts.values()) == 55
    for commune in members[37:]:
        complete(task, commune, delivered=D(2026, 9, 20), reviewed=D(2026, 9, 25))
    done = annotate_status(Task.objects.filter(pk=task.pk), as_of=D(2026, 9, 25)).get()
    assert (done.status, done.parts_done, done.completed_on) == (TaskStatus.DONE_ON_TIME, 92, D(2026, 9, 20))
    assert_store_agrees(task, D(2026, 8, 31), D(2026, 10, 2))
    # A commune leaving the group is no longer a part: the history follows the membership.
    communes.members.remove(members[-1])
    assert annotate_status(Task.objects.filter(pk=task.pk), as_of=D(2026, 9, 25)).get().parts_total == 91
    assert_history_follows_the_events()


# --- tasks no longer carried out: stopped, merged or no longer needed (directives.TaskClosure) ----------------------

# name, deadline, deadline changes, reports (as in CASES), the closure's day, as_of, expected status, completion date
CLOSURE_CASES = [
    ("closed before the deadline", D(2026, 6, 30), [], [], D(2026, 5, 15), D(2026, 5, 15), TaskStatus.CLOSED, None),
    (
        "on time the day before the closure",
        D(2026, 6, 30),
        [],
        [],
        D(2026, 5, 15),
        D(2026, 5, 14),
        TaskStatus.ON_TIME,
        None,
    ),
    (
        "closed while overdue: no longer overdue",
        D(2026, 3, 31),
        [],
        [],
        D(2026, 5, 15),
        D(2026, 8, 1),
        TaskStatus.CLOSED,
        None,
    ),
    (
        "done before the closure stays done",
        D(2026, 6, 30),
        [],
        [("completed", at(D(2026, 5, 5)), D(2026, 5, 4), [("accepted", at(D(2026, 5, 10)))])],
        D(2026, 5, 15),
        D(2026, 9, 1),
        TaskStatus.DONE_ON_TIME,
        D(2026, 5, 4),
    ),
    (
        "accepted on the closure day: closed",
        D(2026, 6, 30),
        [],
        [("completed", at(D(2026, 5, 5)), D(2026, 5, 4), [("accepted", at(D(2026, 5, 15)))])],
        D(2026, 5, 15),
        D(2026, 5, 20),
        TaskStatus.CLOSED,
        None,
    ),
    (
        "awaiting verification at the closure: closed",
        D(2026, 6, 30),
        [],
        [("completed", at(D(2026, 5, 10)), D(2026, 5, 9), [])],
        D(2026, 5, 15),
        D(2026, 5, 20),
        TaskStatus.CLOSED,
        None,
    ),
    (
        "a deadline change after the closure moves nothing",
        D(2026, 6, 30),
        [(at(D(2026, 6, 1)), D(2026, 6, 30), D(2026, 12, 31))],
        [],
        D(2026, 5, 15),
        D(2026, 7, 2),
        TaskStatus.CLOSED,
        None,
    ),
]


def close(task: Task, day: datetime.date, *, kind: str = "stopped"):
    from giamsat.directives.models import TaskClosure

    reference, _ = DocumentReference.objects.get_or_create(number="77-TB/BCĐ")
    return TaskClosure.objects.create(task=task, kind=kind, decided_by=reference, decided_on=day)


@pytest.mark.parametrize(
    ("name", "deadline", "changes", "reports", "closed_on", "as_of", "status", "done"),
    CLOSURE_CASES,
    ids=[case[0] for case in CLOSURE_CASES],
)
def test_a_closure_through_the_engine_and_the_status_history_every_day(
    agency_skhcn, name, deadline, changes, reports, closed_on, as_of, status, done
):
    change_facts, report_facts = facts(changes, reports)
    rules = {"deadline": deadline, "recurrence": "none", "deadline_changes": change_facts, "reports": report_facts}
    pure = compute_task_status(as_of=as_of, closed_on=closed_on, **rules)
    assert (pure.status, pure.overdue_days, pure.completed_on) == (status, 0, done)

    task = build(agency_skhcn, deadline, "none", changes, reports)
    close(task, closed_on)
    status_history_refresh([task.pk])  # `build` moved the events' times with bulk updates
    assert task_status(Task.objects.get(pk=task.pk), as_of) == pure
    assert annotate_status(Task.objects.filter(pk=task.pk), as_of=as_of).get().status == status
    for day in [*days_around(deadline, changes, reports, as_of), closed_on - ONE_DAY, closed_on]:
        expected = compute_task_status(as_of=day, closed_on=closed_on, **rules)
        assert stored_status(task, day) == (expected.status, expected.deadline, expected.completed_on), day
        if day >= closed_on and expected.status == TaskStatus.CLOSED:
            assert expected.deadline == compute_task_status(as_of=closed_on - ONE_DAY, **rules).deadline
    assert_history_follows_the_events()


def test_a_closure_undone_is_no_fact_and_the_history_follows(agency_skhcn):
    task = task_led_by(agency_skhcn, deadline=D(2026, 3, 31))
    closure = close(task, D(2026, 5, 15))
    assert stored_status(task, D(2026, 6, 1))[0] == TaskStatus.CLOSED
    assert stored_status(task, D(2026, 5, 14))[0] == TaskStatus.OVERDUE
    closure.reopened_at = end_of_day(D(2026, 6, 1))
    closure.save()
    assert stored_status(task, D(2026, 6, 1))[0] == TaskStatus.OVERDUE
    assert stored_status(task, LAST_DAY)[0] == TaskStatus.OVERDUE
    assert_history_follows_the_events()
    closure.delete()
    assert_history_follows_the_events()


def test_a_closed_task_of_two_leads_keeps_the_part_done_before(agency_skhcn, agency_finance):
    task = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    TaskAssignment.objects.create(task=task, agency=agency_finance, role="lead", printed_name="Sở Tài chính")
    complete(task, agency_skhcn, delivered=D(2026, 5, 1), reviewed=D(2026, 5, 5))
    close(task, D(2026, 5, 15), kind="not_needed")
    seen = annotate_status(Task.objects.filter(pk=task.pk), as_of=D(2026, 8, 1)).get()
    assert (seen.status, seen.parts_done, seen.parts_total) == (TaskStatus.CLOSED, 1, 2)
    parts = part_statuses(Task.objects.filter(pk=task.pk), D(2026, 8, 1))[task.pk]
    assert parts[agency_skhcn.pk].status == TaskStatus.DONE_ON_TIME
    assert parts[agency_finance.pk].status == TaskStatus.CLOSED
    assert_store_agrees(task, D(2026, 4, 28), D(2026, 7, 5))
    assert_history_follows_the_events()
