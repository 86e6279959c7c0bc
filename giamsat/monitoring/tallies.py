"""The status history counted (`StatusTally`): the overview's figures kept with the writes.

A span of the status history (a task's or a lead agency's part's status over `from_day`..`to_day`) is counted
+1 on its first day and −1 on the day after its last. The number of tasks (or of an agency's parts) in a status
as of D is then the sum of the deltas up to D, by confidentiality: at nation scale a sum over some thousands of
rows where counting from the spans scans 70,000 tasks and 200,000 parts. The unfiltered overview of those who see
every task of their confidentialities (leaders, the standing office) reads these sums; anything filtered counts
the spans (dashboard.py).

`status_history_refresh` writes the difference between the spans it replaces and those it writes, in the same
transaction (`record_spans_change`): only added rows, so two writers never wait for the same row;
`status_tally_compact` merges them. The tally is derived data: `status_tally_stale` compares it with the spans and
`status_tally_rebuild` recounts it from them (`giamsat status_history --refresh`).
"""

import datetime
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone

from .choices import TaskStatus
from .history import LAST_DAY, ONE_DAY
from .models import StatusSpan, StatusTally

# What a span contributes to the counts, in StatusSpan's fields; a tally key: (agency, confidentiality, status, day).
SPAN_KEY = ("agency_id", "confidentiality", "status", "from_day", "to_day")
TALLY_KEY = ("agency_id", "confidentiality", "status", "day")
Key = tuple[int | None, str, str, datetime.date]


def span_deltas(spans: Iterable[tuple]) -> Counter[Key]:
    """The deltas of spans given as SPAN_KEY tuples: +1 on the first day, −1 on the day after the last."""
    found: Counter[Key] = Counter()
    for agency_id, confidentiality, status, from_day, to_day in spans:
        found[(agency_id, confidentiality, status, from_day)] += 1
        if to_day < LAST_DAY:
            found[(agency_id, confidentiality, status, to_day + ONE_DAY)] -= 1
    return found


def _rows(deltas: Counter[Key], folded_on: datetime.date | None = None) -> list[StatusTally]:
    return [
        StatusTally(
            agency_id=agency_id,
            confidentiality=confidentiality,
            status=status,
            day=day,
            delta=delta,
            folded=agency_id is not None and day == folded_on,
        )
        for (agency_id, confidentiality, status, day), delta in deltas.items()
        if delta
    ]


def fold(deltas: Counter[Key], day: datetime.date | None) -> Counter[Key]:
    """The parts' deltas up to `day` moved onto it: one per agency, confidentiality and status (the tasks' are kept
    by day: the trend reads past months)."""
    if day is None:
        return deltas
    found: Counter[Key] = Counter()
    for (agency_id, confidentiality, status, when), delta in deltas.items():
        found[(agency_id, confidentiality, status, day if agency_id is not None and when <= day else when)] += delta
    return Counter({key: n for key, n in found.items() if n})


def folded_on() -> datetime.date | None:
    """The day up to which the parts' deltas are summed (`status_tally_compact`), if they are."""
    return StatusTally.objects.filter(folded=True).aggregate(day=Max("day"))["day"]


def record_spans_change(old: Iterable[tuple], new: Iterable[tuple]) -> None:
    """Count the replacement of the spans `old` by `new` (SPAN_KEY tuples); spans written again unchanged add
    nothing."""
    deltas = span_deltas(new)
    deltas.subtract(span_deltas(old))
    StatusTally.objects.bulk_create(_rows(deltas))


def stored_deltas() -> Counter[Key]:
    """The tally's sum per key, zeros left out."""
    rows = StatusTally.objects.values_list(*TALLY_KEY).annotate(n=Sum("delta")).order_by()
    return Counter({tuple(row[:4]): row[4] for row in rows if row[4]})


def expected_deltas() -> Counter[Key]:
    """The deltas the spans stored now give, zeros left out."""
    deltas = span_deltas(StatusSpan.objects.values_list(*SPAN_KEY).order_by().iterator(chunk_size=20_000))
    return Counter({key: n for key, n in deltas.items() if n})


def status_tally_stale() -> bool:
    """Whether the tally differs from the spans (after bulk SQL on the spans, or a restore of one table)."""
    day = folded_on()  # writes after the fold may add parts' deltas before its day: the reader sums them alike
    return fold(stored_deltas(), day) != fold(expected_deltas(), day)


@transaction.atomic
def status_tally_rebuild(fold_day: datetime.date | None = None) -> int:
    """Recount the tally from the spans, the parts folded up to `fold_day` (today by default); the rows written."""
    _lock()
    fold_day = fold_day or timezone.localdate()
    StatusTally.objects.all().delete()
    rows = _rows(fold(expected_deltas(), fold_day), fold_day)
    return len(StatusTally.objects.bulk_create(rows, batch_size=5000))


@transaction.atomic
def status_tally_compact(fold_day: datetime.date | None = None) -> tuple[int, int]:
    """Merge the rows of each key into one (rows accumulate with the writes), the parts' up to `fold_day` (today
    by default) into one per agency, confidentiality and status: the agency table as of today sums 30,000 rows
    at nation scale instead of 230,000. Run nightly (`giamsat status_history --compact`); (rows before, after)."""
    _lock()
    fold_day = max(fold_day or timezone.localdate(), folded_on() or datetime.date.min)
    before = StatusTally.objects.count()
    merged = fold(stored_deltas(), fold_day)
    StatusTally.objects.all().delete()
    return before, len(StatusTally.objects.bulk_create(_rows(merged, fold_day), batch_size=5000))


def _lock() -> None:
    """Writers wait while the rows are replaced (PostgreSQL; SQLite writes one at a time anyway). Readers do not."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {StatusTally._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")


# --- reading ---------------------------------------------------------------------------------------------------------


def task_counts(confidentialities: Iterable[str], days: list[datetime.date]) -> dict[datetime.date, dict[str, int]]:
    """{day: {status: number of tasks}} for the tasks of these confidentialities, on each day: one query."""
    rows = (
        StatusTally.objects.filter(agency__isnull=True, confidentiality__in=list(confidentialities), day__lte=max(days))
        .values("status")
        .annotate(**{f"on_{n}": Sum("delta", filter=Q(day__lte=day), default=0) for n, day in enumerate(days)})
        .order_by()
    )
    found: dict[datetime.date, dict[str, int]] = {day: {} for day in days}
    for row in rows:
        for n, day in enumerate(days):
            if row[f"on_{n}"]:
                found[day][row["status"]] = row[f"on_{n}"]
    return found


def part_counts(confidentialities: Iterable[str], day: datetime.date) -> dict[int, dict[str, int]] | None:
    """{agency id: {status: number of its parts}} for the tasks of these confidentialities on the day, agencies
    with parts only: one query, one row per agency. None for a day before the parts were folded
    (`status_tally_compact`): the spans answer."""
    folded = folded_on()
    if folded is not None and day < folded:
        return None
    rows = (
        StatusTally.objects.filter(agency__isnull=False, confidentiality__in=list(confidentialities), day__lte=day)
        .values("agency_id")
        .annotate(**{status: Sum("delta", filter=Q(status=status), default=0) for status in TaskStatus.values})
        .order_by()
    )
    found = {}
    for row in rows:
        statuses = {status: row[status] for status in TaskStatus.values if row[status]}
        if statuses:
            found[row["agency_id"]] = statuses
    return found
