"""The status engine: one pure function for the whole system.

`compute_task_status` decides from plain facts (deadline, its recorded changes, the completion reports
and their reviews, the lead agencies) for any "as of" date; it reads no clock and writes nothing. The
status history (`history.py`, table `monitoring.StatusSpan`) stores its answers as intervals of days, written
in the same transaction as every event that moves them; lists, counts and reports read that store.

Each lead agency of a task (each member of a lead group) has its own part, judged by these rules on its own
completion reports and their reviews; a task without a resolved lead agency is one part judged on every
completion report. Rules for a part, as they stood at the end of the "as of" day (Asia/Ho_Chi_Minh):
1. The deadline is the one in force that day: the last recorded change made by then, else the
   deadline before the first change (extensions come only from recorded decisions).
2. A completion report accepted by the standing office by then → done; on time when the product was
   delivered on or before the deadline (or there is none), late otherwise. The completion date is the
   delivery date of the product, not the review date.
3. A completion report sent to the standing office (approved by the agency head) and not reviewed since it was
   (re)sent → "Chờ xác nhận". A report the officer has submitted but the head has not approved yet changes nothing.
4. A recurring task without a deadline → "Thường xuyên" (judged per reporting period).
5. Past the deadline → overdue, with the days counted; on the deadline day itself it is still on time.
6. From the day of a closure in force (the task stopped, merged into another or no longer needed, by a later
   decision: `directives.TaskClosure.decided_on`) on: "closed", unless the part was done by the day before, which
   then keeps the status it had that day. Nothing after the closure moves it; an undone closure is no fact.

The task is the aggregate of its parts (`combine_parts`): done when every part is done (on time only if every
part was, completed on the last part's date); otherwise closed when any part is (the parts not done by the closure
are); otherwise overdue when any part is overdue, else awaiting
verification when any part is, else recurring or on time; with the share of parts done ("37/92").
A coordinating agency's completion report never completes a part.
"""

import datetime
from collections.abc import Collection
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from giamsat.common.dates import end_of_day

from .choices import TaskStatus

COMPLETED = "completed"  # reporting.WorkState.COMPLETED
ACCEPTED = "accepted"  # reporting.ReviewDecision.ACCEPTED
NO_RECURRENCE = "none"
DONE = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)
ONE_DAY = datetime.timedelta(days=1)


def local_day(moment: datetime.datetime) -> datetime.date:
    """The day (Asia/Ho_Chi_Minh) from which an event at `moment` counts."""
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


@dataclass(frozen=True)
class DeadlineChangeFact:
    at: datetime.datetime
    old_deadline: datetime.date | None
    new_deadline: datetime.date | None


@dataclass(frozen=True)
class ReviewFact:
    at: datetime.datetime
    decision: str


@dataclass(frozen=True)
class ReportFact:
    state: str
    approved_at: datetime.datetime | None  # sent to the standing office by the agency head
    delivered_on: datetime.date | None
    reviews: tuple[ReviewFact, ...] = ()
    agency_id: int | None = None  # the reporting agency: its part is the one the report counts for


@dataclass(frozen=True)
class StatusResult:
    status: TaskStatus
    deadline: datetime.date | None  # the deadline in force on the "as of" day
    overdue_days: int = 0
    completed_on: datetime.date | None = None
    parts_done: int = 0  # lead agencies whose part is done
    parts_total: int = 1

    @property
    def is_done(self) -> bool:
        return self.status in DONE


def deadline_as_of(
    deadline: datetime.date | None, changes: list[DeadlineChangeFact], as_of: datetime.date
) -> datetime.date | None:
    cutoff = end_of_day(as_of)
    ordered = sorted(changes, key=lambda c: c.at)
    made = [c for c in ordered if c.at < cutoff]
    if made:
        return made[-1].new_deadline
    if ordered:
        return ordered[0].old_deadline
    return deadline


def part_status(
    *,
    deadline: datetime.date | None,
    recurrence: str,
    deadline_changes: list[DeadlineChangeFact],
    reports: list[ReportFact],
    as_of: datetime.date,
    closed_on: datetime.date | None = None,
) -> StatusResult:
    """One part's status from its own completion reports (rules 1-6); `closed_on`: the day of the task's closure
    in force, if any."""
    if closed_on is not None and as_of >= closed_on:
        before = part_status(
            deadline=deadline,
            recurrence=recurrence,
            deadline_changes=deadline_changes,
            reports=reports,
            as_of=closed_on - ONE_DAY,
        )
        return before if before.is_done else StatusResult(TaskStatus.CLOSED, before.deadline)
    cutoff = end_of_day(as_of)
    in_force = deadline_as_of(deadline, deadline_changes, as_of)
    completions = [r for r in reports if r.state == COMPLETED]
    accepted = [r for r in completions if any(v.decision == ACCEPTED and v.at < cutoff for v in r.reviews)]
    if accepted:
        delivered = [r.delivered_on for r in accepted if r.delivered_on is not None]
        completed_on = min(delivered) if delivered else None
        on_time = in_force is None or (completed_on is not None and completed_on <= in_force)
        return StatusResult(
            TaskStatus.DONE_ON_TIME if on_time else TaskStatus.DONE_LATE,
            in_force,
            completed_on=completed_on,
            parts_done=1,
        )
    for report in completions:
        if (
            report.approved_at is not None
            and report.approved_at < cutoff
            and not any(report.approved_at <= v.at < cutoff for v in report.reviews)
        ):
            return StatusResult(TaskStatus.PENDING_VERIFICATION, in_force)
    if in_force is None:
        return StatusResult(TaskStatus.RECURRING if recurrence != NO_RECURRENCE else TaskStatus.ON_TIME, None)
    if as_of > in_force:
        return StatusResult(TaskStatus.OVERDUE, in_force, overdue_days=(as_of - in_force).days)
    return StatusResult(TaskStatus.ON_TIME, in_force)


def compute_part_statuses(
    *,
    deadline: datetime.date | None,
    recurrence: str,
    deadline_changes: list[DeadlineChangeFact],
    reports: list[ReportFact],
    as_of: datetime.date,
    leads: Collection[int] = (),
    closed_on: datetime.date | None = None,
) -> dict[int | None, StatusResult]:
    """{lead agency id: its part's status}; {None: status} when the task has no resolved lead agency."""
    rules = {
        "deadline": deadline,
        "recurrence": recurrence,
        "deadline_changes": deadline_changes,
        "as_of": as_of,
        "closed_on": closed_on,
    }
    if not leads:
        return {None: part_status(reports=reports, **rules)}
    by_agency: dict[int | None, list[ReportFact]] = {}
    for report in reports:
        by_agency.setdefault(report.agency_id, []).append(report)
    return {agency_id: part_status(reports=by_agency.get(agency_id, []), **rules) for agency_id in sorted(leads)}


def combine_parts(parts: Collection[StatusResult]) -> StatusResult:
    """The task's status from its parts' statuses (see the module docstring)."""
    parts = list(parts)
    total = len(parts)
    if total == 1:
        return parts[0]
    deadline = parts[0].deadline
    done = [p for p in parts if p.is_done]
    if len(done) == total:
        dates = [p.completed_on for p in parts]
        on_time = all(p.status == TaskStatus.DONE_ON_TIME for p in parts)
        return StatusResult(
            TaskStatus.DONE_ON_TIME if on_time else TaskStatus.DONE_LATE,
            deadline,
            completed_on=None if None in dates else max(dates),
            parts_done=total,
            parts_total=total,
        )
    if any(p.status == TaskStatus.CLOSED for p in parts):
        return StatusResult(TaskStatus.CLOSED, deadline, parts_done=len(done), parts_total=total)
    for status in (TaskStatus.OVERDUE, TaskStatus.PENDING_VERIFICATION, TaskStatus.RECURRING):
        found = [p for p in parts if p.status == status]
        if found:
            days = max(p.overdue_days for p in found)
            return StatusResult(status, deadline, overdue_days=days, parts_done=len(done), parts_total=total)
    return StatusResult(TaskStatus.ON_TIME, deadline, parts_done=len(done), parts_total=total)


def compute_task_status(
    *,
    deadline: datetime.date | None,
    recurrence: str,
    deadline_changes: list[DeadlineChangeFact],
    reports: list[ReportFact],
    as_of: datetime.date,
    leads: Collection[int] = (),
    closed_on: datetime.date | None = None,
) -> StatusResult:
    """The task's status on `as_of`: the aggregate of its lead agencies' parts."""
    return combine_parts(
        compute_part_statuses(
            deadline=deadline,
            recurrence=recurrence,
            deadline_changes=deadline_changes,
            reports=reports,
            as_of=as_of,
            leads=leads,
            closed_on=closed_on,
        ).values()
    )


def task_status(task, as_of: datetime.date) -> StatusResult:
    """The pure function applied to a saved task (reads its reports, reviews, deadline changes, leads, closure)."""
    return combine_parts(task_part_statuses(task, as_of).values())


def task_part_statuses(task, as_of: datetime.date) -> dict[int | None, StatusResult]:
    """{lead agency id: its part's status} of a saved task by the pure function ({None: …} without leads)."""
    changes = [DeadlineChangeFact(c.created_at, c.old_deadline, c.new_deadline) for c in task.deadline_changes.all()]
    reports = [
        ReportFact(
            r.state,
            r.approved_at,
            r.delivered_on,
            tuple(ReviewFact(v.created_at, v.decision) for v in r.reviews.all()),
            r.agency_id,
        )
        for r in task.reports.all()
    ]
    return compute_part_statuses(
        deadline=task.deadline,
        recurrence=task.recurrence,
        deadline_changes=changes,
        reports=reports,
        as_of=as_of,
        leads=_leads_of(task),
        closed_on=closed_on(task),
    )


def closed_on(task) -> datetime.date | None:
    """The day of the task's closure in force (from its prefetched `closures`, or one query), if any."""
    return next((c.decided_on for c in task.closures.all() if c.reopened_at is None), None)


def _leads_of(task) -> set[int]:
    """The task's lead agencies from its (prefetched) assignments; lead groups' members in one query."""
    from giamsat.directives.selectors import lead_agencies

    leads = [a for a in task.assignments.all() if a.role == "lead" and (a.agency_id or a.group_id)]
    if any(a.group_id for a in leads):
        return lead_agencies(type(task).objects.filter(pk=task.pk)).get(task.pk, set())
    return {a.agency_id for a in leads}


def period_compliance(*, submitted_at: datetime.datetime | None, due_on: datetime.date, as_of: datetime.date) -> str:
    """A recurring task's compliance in one reporting period: reported on time, late, or missing (as of a date)."""
    from .choices import PeriodCompliance

    if submitted_at is None or submitted_at >= end_of_day(as_of):
        return PeriodCompliance.MISSING
    return PeriodCompliance.ON_TIME if submitted_at < end_of_day(due_on) else PeriodCompliance.LATE


def task_period_compliance(task, *, as_of: datetime.date, periods) -> list[tuple]:
    """(period, compliance) for each period due by `as_of`, judged on the lead agencies' first submission."""
    lead_ids = {a.agency_id for a in task.assignments.all() if a.role == "lead" and a.agency_id}
    rows = []
    for period in periods:
        if period.due_on > as_of:
            continue
        times = [
            r.submitted_at
            for r in task.reports.all()
            if r.period_id == period.pk and r.submitted_at and (not lead_ids or r.agency_id in lead_ids)
        ]
        rows.append(
            (period, period_compliance(submitted_at=min(times) if times else None, due_on=period.due_on, as_of=as_of))
        )
    return rows
