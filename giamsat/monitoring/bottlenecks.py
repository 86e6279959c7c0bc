"""Bottlenecks: the difficulties and proposals agencies reported on unfinished tasks, grouped by area.

For each task still open on the "as of" date and each agency reporting on it, the latest report sent
by then counts; it is a bottleneck when it names a difficulty or a proposal. It is answered when the
standing office wrote a comment on that report (a review with a comment) by the same date. Areas are
the sections of the directives ("mục"), so leaders see where the obstacles cluster. One query.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, QuerySet, Subquery

from giamsat.directives.models import Task

from .choices import TaskStatus
from .history import annotate_status
from .models import LatestReport
from .status import StatusResult, end_of_day

# Tasks no longer open: done, or no longer carried out (their difficulties are no one's to answer).
NOT_OPEN = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE, TaskStatus.CLOSED)


@dataclass
class Bottleneck:
    task: Task
    agency_id: int
    agency_name: str
    period_label: str
    difficulties: str
    proposals: str
    answered: bool
    answer: str


@dataclass
class BottleneckArea:
    directive_number: str
    area: str
    items: list[Bottleneck] = field(default_factory=list)

    @property
    def unanswered(self) -> int:
        return sum(1 for item in self.items if not item.answered)


def bottlenecks(
    *, tasks: QuerySet[Task], as_of: datetime.date, limit: int = 200, statuses: dict[int, StatusResult] | None = None
) -> list[BottleneckArea]:
    """Open difficulties and proposals, grouped by directive section; areas with unanswered ones first.

    `statuses`: the tasks' statuses on `as_of` (`history.task_statuses`), when the caller has read them already;
    otherwise the status history decides which tasks are still open."""
    from giamsat.reporting.models import ProgressReport, Review

    cutoff = end_of_day(as_of)
    if statuses is None:
        open_tasks = annotate_status(tasks.order_by(), as_of=as_of).exclude(status__in=NOT_OPEN).values("pk")
    else:
        open_tasks = [pk for pk, result in statuses.items() if result.status not in NOT_OPEN]
    # The latest report of each (task, agency) sent by then, when it names a difficulty or a proposal: one range
    # query on the stored intervals (latest_reports.py), not a ranking of every report sent.
    latest = LatestReport.objects.filter(noted=True, from_day__lte=as_of, to_day__gte=as_of, task__in=open_tasks)
    comments = Review.objects.filter(report_id=OuterRef("pk"), created_at__lt=cutoff).exclude(comment="")
    # Answered: it has a comment (the latest one is shown). Not an EXISTS beside it: PostgreSQL ran that one as a
    # hashed scan of every review ever commented (70 ms at nation scale) instead of looking up the 60 reports'.
    reports = (
        ProgressReport.objects.filter(pk__in=latest.values("report_id"))
        .annotate(answer=Subquery(comments.order_by("-created_at", "-pk").values("comment")[:1]))
        .select_related("task__directive", "agency", "period")
        .order_by("task__directive_id", "task__section_title", "task__position", "agency__name")[:limit]
    )
    areas: dict[tuple, BottleneckArea] = {}
    for report in reports:
        task = report.task
        key = (task.directive_id, task.section_title)
        area = areas.setdefault(key, BottleneckArea(task.directive.number, task.section_title))
        area.items.append(
            Bottleneck(
                task=task,
                agency_id=report.agency_id,
                agency_name=report.agency.name,
                period_label=str(report.period),
                difficulties=report.difficulties,
                proposals=report.proposals,
                answered=report.answer is not None,
                answer=report.answer or "",
            )
        )
    return sorted(areas.values(), key=lambda a: -a.unanswered)
