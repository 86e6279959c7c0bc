"""The counts kept with the writes (tallies.py) equal the counts from the spans, after every kind of write, on every
day, for each set of confidentialities; the overview reads them only when unfiltered."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giamsat.directives.models import DeadlineChange, DocumentReference, Task, TaskAssignment
from giamsat.directives.tests.factories import task_led_by
from giamsat.monitoring.dashboard import agency_rows, status_counts, trend
from giamsat.monitoring.models import StatusSpan, StatusTally
from giamsat.monitoring.tallies import part_counts, status_tally_compact, status_tally_stale
from giamsat.monitoring.tests.test_status import at, complete
from giamsat.reporting.tests.factories import ProgressReportFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db
D = datetime.date
ONE_DAY = datetime.timedelta(days=1)
SEEN = {"standing office": ("public", "internal", "secret"), "leader": ("public", "internal"), "public": ("public",)}


def assert_tally_equals_the_spans(first: datetime.date, last: datetime.date) -> None:
    """Counts, trend and agency table from the tally = from the spans, every day, for every set of
    confidentialities; and the tally holds exactly what the spans give."""
    assert not status_tally_stale()
    for confidentialities in SEEN.values():
        tasks = Task.objects.filter(confidentiality__in=confidentialities)
        day = first
        while day <= last:
            assert status_counts(tasks, as_of=day, confidentialities=confidentialities) == status_counts(
                tasks, as_of=day
            ), (confidentialities, day)
            tallied = agency_rows(tasks, as_of=day, confidentialities=confidentialities)
            assert sorted(tallied, key=lambda r: r.agency_id) == sorted(
                agency_rows(tasks, as_of=day), key=lambda r: r.agency_id
            ), (confidentialities, day)
            day += ONE_DAY
        assert trend(tasks=tasks, as_of=last, confidentialities=confidentialities) == trend(tasks=tasks, as_of=last)


def test_every_write_keeps_the_counts_equal_to_the_spans(agency_skhcn, agency_finance):
    first, last = D(2026, 5, 25), D(2026, 8, 5)
    public = task_led_by(agency_skhcn, confidentiality="public", deadline=D(2026, 6, 30))
    shared = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    TaskAssignment.objects.create(task=shared, agency=agency_finance, role="lead", printed_name="Sở Tài chính")
    secret = task_led_by(agency_finance, confidentiality="secret", deadline=D(2026, 7, 15))
    reported = task_led_by(agency_finance, deadline=D(2026, 6, 15))
    gone = task_led_by(agency_finance, confidentiality="public", deadline=D(2026, 6, 15))
    assert_tally_equals_the_spans(first, last)

    complete(public, agency_skhcn, delivered=D(2026, 6, 10), reviewed=D(2026, 6, 12))  # done on time
    complete(shared, agency_skhcn, delivered=D(2026, 6, 20), reviewed=D(2026, 6, 22))  # one part of two
    complete(secret, agency_finance, delivered=D(2026, 7, 20))  # late, waiting for the review
    # A report of the period without completion: the agency table's "reported" column.
    ProgressReportFactory(
        task=reported,
        agency=agency_finance,
        period=ReportingPeriodFactory(year=2026, month=7),
        submitted_at=at(D(2026, 7, 3)),
        status="submitted",
    )
    reference, _ = DocumentReference.objects.get_or_create(number="98-TB/CQTT")
    DeadlineChange.objects.create(
        task=shared, old_deadline=D(2026, 6, 30), new_deadline=D(2026, 7, 31), decided_by=reference
    )
    assert_tally_equals_the_spans(first, last)

    public.confidentiality = "internal"  # leaves the public's counts, stays in the leaders'
    public.save(update_fields=["confidentiality"])
    assert (
        StatusSpan.objects.filter(task=public).values_list("confidentiality", flat=True).distinct().get() == "internal"
    )
    TaskAssignment.objects.filter(task=shared, agency=agency_finance).delete()  # a lead fewer: a part fewer
    gone.delete()
    assert_tally_equals_the_spans(first, last)

    rows, merged = status_tally_compact(fold_day=D(2026, 7, 1))
    assert merged < rows  # the writes' rows merged by key, the parts' up to 1 July into one per key
    assert StatusTally.objects.filter(folded=True).exclude(day=D(2026, 7, 1)).count() == 0
    assert part_counts(SEEN["leader"], D(2026, 6, 30)) is None  # before the fold: the spans answer
    assert part_counts(SEEN["leader"], D(2026, 7, 1))
    assert_tally_equals_the_spans(first, last)
    complete(shared, agency_skhcn, delivered=D(2026, 7, 2))  # a write after the fold
    assert_tally_equals_the_spans(first, last)


def test_the_command_finds_and_recounts_a_stale_tally(agency_skhcn):
    task = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    call_command("status_history", stdout=io.StringIO())
    StatusTally.objects.filter(agency__isnull=True).update(delta=5)  # as a bulk write could leave it
    with pytest.raises(CommandError, match="số đếm trạng thái"):
        call_command("status_history", stdout=io.StringIO())
    StatusSpan.objects.filter(task=task).update(status="done_on_time")  # and the spans themselves
    call_command("status_history", "--refresh", stdout=io.StringIO())
    assert not status_tally_stale()
    assert status_counts(Task.objects.all(), as_of=D(2026, 7, 1), confidentialities=["internal"]) == {"overdue": 1}


def test_only_the_unfiltered_overview_reads_the_tally(client, users, agency_skhcn):
    task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
    client.force_login(users["leader"])
    tally = StatusTally._meta.db_table
    with CaptureQueriesContext(connection) as unfiltered:
        response = client.get(reverse("monitoring:dashboard"), {"as_of": "01/07/2026"})
    assert dict(response.context["by_status"])["overdue"] == 1
    assert any(tally in query["sql"] for query in unfiltered.captured_queries)
    with CaptureQueriesContext(connection) as filtered:
        response = client.get(
            reverse("monitoring:dashboard"), {"as_of": "01/07/2026", "agency_kind": agency_skhcn.kind}
        )
    assert dict(response.context["by_status"])["overdue"] == 1
    assert not any(tally in query["sql"] for query in filtered.captured_queries)
