"""Reading requests for explanation: the overdue ones (warnings, scorecard) and the requests of one subject."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from giamsat.common.dates import end_of_day

from . import policy
from .choices import AWAITING_ANSWER, RequestState
from .models import ExplanationRequest


def overdue(qs: QuerySet[ExplanationRequest], as_of: datetime.date) -> QuerySet[ExplanationRequest]:
    """The requests whose answer was overdue on `as_of`: asked by then, due before that day, and not answered by the
    end of it (still awaiting an answer, or answered only after that day).

    For today this is simply "awaiting an answer (open or reopened) and due before today". For a past day it reads
    the request's current due date and latest answer: a request reopened later with a new due date is judged on that
    date (the earlier ones are in its history only)."""
    after_the_day = end_of_day(as_of)
    return qs.filter(
        Q(state__in=AWAITING_ANSWER) | Q(answered_at__gte=after_the_day),
        created_at__lt=after_the_day,
        answer_due_on__lt=as_of,
    )


def overdue_in_period(
    qs: QuerySet[ExplanationRequest], first_day: datetime.date, last_day: datetime.date
) -> QuerySet[ExplanationRequest]:
    """The requests whose answer was overdue at some time during the period: due before its last day, and either
    still awaiting an answer at its end (`overdue` on the last day) or answered late (after the due day) during the
    period or later. An answer given late before the period began belongs to an earlier period."""
    answered_late = Q(
        answered_day__gt=F("answer_due_on"), answered_at__gte=end_of_day(first_day - datetime.timedelta(1))
    )
    late = qs.annotate(answered_day=TruncDate("answered_at", tzinfo=ZoneInfo(settings.TIME_ZONE))).filter(
        answered_late, answer_due_on__lt=last_day, created_at__lt=end_of_day(last_day)
    )
    return qs.filter(Q(pk__in=overdue(qs, last_day).values("pk")) | Q(pk__in=late.values("pk")))


def overdue_counts_by_agency(
    qs: QuerySet[ExplanationRequest], first_day: datetime.date, last_day: datetime.date
) -> dict[int, int]:
    """{agency id: how many of its answers were overdue during the period} (`overdue_in_period`): one query."""
    rows = overdue_in_period(qs, first_day, last_day).order_by().values("agency_id").annotate(n=Count("pk"))
    return {row["agency_id"]: row["n"] for row in rows}


def requests_of_subject(*, user, task=None, indicator=None) -> list[ExplanationRequest]:
    """The requests on a task or an indicator that the user may read, newest first."""
    qs = (
        ExplanationRequest.objects.filter(task=task)
        if task is not None
        else ExplanationRequest.objects.filter(indicator=indicator)
    )
    return list(policy.restrict(qs, user).select_related("agency", "asked_by", "answered_by").order_by("-created_at"))


def overdue_for(*, user, as_of: datetime.date, agency=None) -> QuerySet[ExplanationRequest]:
    """The overdue answers the user may read (an agency user: its own), of one agency when given, oldest due first:
    the warnings page."""
    qs = overdue(policy.restrict(ExplanationRequest.objects.all(), user), as_of)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.select_related("task__directive", "indicator", "agency").order_by("answer_due_on", "pk")


def story_of(requests: list[ExplanationRequest]) -> list[dict]:
    """The steps of the given requests (asked, answered, accepted, asked again), each an entry of the subject's
    history as the task page lists them (date, user, action "explanation", the step's words): one query, from the
    requests' own history, a step where the state changed."""
    if not requests:
        return []
    by_pk = {request.pk: request for request in requests}
    records = (
        ExplanationRequest.history.filter(id__in=by_pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    steps = {
        RequestState.OPEN: _("yêu cầu %(agency)s giải trình “%(question)s”, hạn %(due)s"),
        RequestState.ANSWERED: _("%(agency)s giải trình yêu cầu “%(question)s”"),
        RequestState.ACCEPTED: _("chấp nhận giải trình của %(agency)s về “%(question)s”"),
        RequestState.REOPENED: _("yêu cầu %(agency)s giải trình lại “%(question)s”, hạn %(due)s"),
    }
    story, previous_state = [], {}
    for record in records:
        if previous_state.get(record.id) == record.state:
            continue
        previous_state[record.id] = record.state
        request = by_pk[record.id]
        words = {
            "agency": request.agency.name,
            "question": Truncator(request.question).words(18),
            "due": formats.date_format(record.answer_due_on, "SHORT_DATE_FORMAT"),
        }
        reason = record.decision_comment if record.state in (RequestState.ACCEPTED, RequestState.REOPENED) else ""
        story.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "action": "explanation",
                "text": steps[record.state] % words,
                "url": reverse("explanations:detail", args=[record.id]),
                "changes": [],
                "reason": reason,
            }
        )
    return story
