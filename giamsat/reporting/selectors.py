"""Reading reports: the rules on them that several pages count, each in one function."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from giamsat.common.dates import end_of_day
from giamsat.directives.models import DeadlineChange

from . import policy
from .choices import ReportAction, ReviewDecision
from .models import Evidence, ProgressReport, ReportStep, Review


def reports_sent_in_period(*, as_of: datetime.date) -> QuerySet[ProgressReport]:
    """ "Reported this period": the reports of the reporting period (month) of `as_of` sent by the end of that
    day. The task list marks a task without one of its lead agencies' (monitoring/task_list.py), the dashboard
    counts each lead agency's part with its own (monitoring/dashboard.py)."""
    return ProgressReport.objects.filter(
        period__year=as_of.year, period__month=as_of.month, submitted_at__lt=end_of_day(as_of)
    )


@dataclass(frozen=True)
class Step:
    """One step of a report's way as pages show it."""

    at: datetime.datetime
    action: str
    label: str
    actor: object
    comment: str = ""


def report_steps(report: ProgressReport) -> list[Step]:
    """The report's way, oldest first: its recorded steps; for reports written before steps were recorded, what
    their fields and reviews tell (sent, approved, each review)."""
    recorded = getattr(report, "recorded_steps", None)
    if recorded is None:
        recorded = list(report.steps.select_related("actor"))
    if recorded:
        return [Step(s.at, s.action, s.get_action_display(), s.actor, s.comment) for s in recorded]
    steps = []
    if report.submitted_at:
        steps.append(
            Step(report.submitted_at, ReportAction.SUBMITTED, ReportAction.SUBMITTED.label, report.submitted_by)
        )
    if report.approved_at:
        steps.append(Step(report.approved_at, ReportAction.APPROVED, ReportAction.APPROVED.label, report.approved_by))
    for review in report.reviews.all():
        action = ReportAction.ACCEPTED if review.decision == ReviewDecision.ACCEPTED else ReportAction.RETURNED
        steps.append(Step(review.created_at, action, action.label, review.reviewer, review.comment))
    return sorted(steps, key=lambda step: step.at)


def task_reports(*, user, task_id: int) -> list[ProgressReport]:
    """Every report on the task the user may read (its agency's own; the standing office and leaders: all), newest
    period first, with what the task page shows of each: evidence, steps, who sent, approved or entered it."""
    reports = (
        policy.restrict(ProgressReport.objects.filter(task_id=task_id), user, policy.VIEW)
        .select_related("period", "agency", "submitted_by", "approved_by", "entered_by")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("created_at")),
            Prefetch("steps", queryset=ReportStep.objects.select_related("actor"), to_attr="recorded_steps"),
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
        )
        .order_by("-period__year", "-period__month", "agency__name")
    )
    return list(reports)


@dataclass(frozen=True)
class StoryEvent:
    at: datetime.datetime
    kind: str  # "deadline" or "report"
    change: object = None
    step: Step | None = None
    report: ProgressReport | None = None


def task_story(*, user, task_id: int) -> dict:
    """The task's story as its page tells it: every report the user may read with its steps, and every deadline
    change with its deciding document, in one timeline (newest first)."""
    reports = task_reports(user=user, task_id=task_id)
    events = [
        StoryEvent(change.created_at, "deadline", change=change)
        for change in DeadlineChange.objects.filter(task_id=task_id).select_related("decided_by")
    ]
    for report in reports:
        events += [StoryEvent(step.at, "report", step=step, report=report) for step in report_steps(report)]
    events.sort(key=lambda event: event.at, reverse=True)
    return {"reports": reports, "events": events}
