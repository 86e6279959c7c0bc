"""Two people acting on one report at the same moment end in exactly one outcome: every workflow step locks the
report's row before it reads the report's state, so the second waits, then is told what the first did.

PostgreSQL only (SQLite runs one writer at a time, there is nothing to race): reviewer A holds the row in an open
transaction while reviewer B's request runs in another connection; A commits only once PostgreSQL shows B waiting
for a lock, so without the row lock B would have read the report as still awaiting review and written a second,
contradictory review."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from giamsat.reporting import services
from giamsat.reporting.choices import ReportStatus
from giamsat.reporting.models import ProgressReport, Review

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a race between two PostgreSQL connections"),
]


def waiting_for_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row) and row[0] == "Lock"


def test_accept_and_return_at_once_leave_one_review(users, agency_skhcn):
    from giamsat.directives.tests.factories import task_led_by

    task = task_led_by(agency_skhcn, deadline=timezone.localdate())
    period = services.period_for(timezone.localdate())
    report = services.report_update(task=task, period=period, data={"work_done": "x"}, acting_user=users["officer"])
    services.report_submit(report=report, acting_user=users["officer"])
    services.report_approve(report=report, acting_user=users["head"])

    outcome: dict = {}
    started = threading.Event()

    def reviewer_b():
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                outcome["pid"] = cursor.fetchone()[0]
            started.set()
            services.report_review(
                report=ProgressReport.objects.get(pk=report.pk),
                decision="returned",
                comment="Thiếu minh chứng",
                acting_user=users["standing_office"],
            )
            outcome["b"] = "returned"
        except ValidationError as error:
            outcome["b"] = " ".join(error.messages)
        finally:
            connections.close_all()

    with transaction.atomic():
        services.report_review(report=report, decision="accepted", comment="", acting_user=users["standing_office"])
        thread = threading.Thread(target=reviewer_b)
        thread.start()
        assert started.wait(timeout=30)
        for _attempt in range(3000):  # until B blocks on A's row (bounded: ~30 s of polling at most)
            if waiting_for_a_lock(outcome["pid"]):
                break
            threading.Event().wait(0.01)
        else:
            pytest.fail("reviewer B never waited for the report's row lock")
    thread.join(timeout=30)

    assert "thao tác của bạn không được thực hiện" in outcome["b"]
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert list(Review.objects.values_list("decision", flat=True)) == ["accepted"]
