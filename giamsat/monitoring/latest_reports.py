"""The latest report each agency sent on each task, for any day, stored as intervals (`LatestReport`): what the
bottlenecks read ("the latest report of each task and agency sent by then names a difficulty").

An agency's latest report on a task changes only on the days its reports are sent; for each (task, agency) the
reports sent by each such day are ranked (latest period, then latest sent, then highest id) and each run of days
with the same winner is one interval, the last one open-ended. Written with every save or delete of a report
(signal receivers wired in apps.py) and with the status history after bulk writes (`history.py`).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from .models import LatestReport
from .status import local_day

LAST_DAY = datetime.date(9999, 12, 31)
ONE_DAY = datetime.timedelta(days=1)


def latest_spans(reports: list[tuple]) -> list[LatestReport]:
    """The intervals of one (task, agency) from its sent reports: (pk, task id, agency id, sent day, period key,
    submitted_at, noted) each."""
    spans: list[LatestReport] = []
    for day in sorted({report[3] for report in reports}):
        sent = [report for report in reports if report[3] <= day]
        pk, task_id, agency_id, _day, _period, _at, noted = max(sent, key=lambda r: (r[4], r[5], r[0]))
        if spans and spans[-1].report_id == pk:
            continue
        if spans:
            spans[-1].to_day = day - ONE_DAY
        spans.append(
            LatestReport(report_id=pk, task_id=task_id, agency_id=agency_id, from_day=day, to_day=LAST_DAY, noted=noted)
        )
    return spans


def latest_reports_refresh(*, task_ids: Iterable[int], agency_id: int | None = None) -> None:
    """Recompute the intervals of these tasks (of one agency's reports on them, when given)."""
    from giamsat.reporting.models import ProgressReport

    task_ids = list(task_ids)
    scope = Q(task_id__in=task_ids) & (Q(agency_id=agency_id) if agency_id is not None else Q())
    LatestReport.objects.filter(scope).delete()
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    rows = ProgressReport.objects.filter(scope, submitted_at__isnull=False).values_list(
        "pk", "task_id", "agency_id", "submitted_at", "period__year", "period__month", "difficulties", "proposals"
    )
    for pk, task_id, agency, at, year, month, difficulties, proposals in rows:
        noted = bool(difficulties.strip() or proposals.strip())
        groups[(task_id, agency)].append((pk, task_id, agency, local_day(at), (year, month), at, noted))
    LatestReport.objects.bulk_create([span for reports in groups.values() for span in latest_spans(reports)])


def report_changed(sender, instance, **kwargs) -> None:
    """Signal receiver (save or delete of a report): its agency's intervals on its task follow."""
    latest_reports_refresh(task_ids=[instance.task_id], agency_id=instance.agency_id)
