"""The overdue answers (selectors.overdue) as of any day: awaiting an answer and due before the day, or answered only
after it."""

import datetime

import pytest
from django.utils import timezone

from giamsat.directives.tests.factories import task_led_by
from giamsat.explanations import selectors
from giamsat.explanations.choices import RequestState
from giamsat.explanations.models import ExplanationRequest
from giamsat.explanations.tests.factories import ExplanationRequestFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def make(agency_skhcn, users):
    task = task_led_by(agency_skhcn)

    def make(*, asked: datetime.date, due: datetime.date, state=RequestState.OPEN, answered=None):
        item = ExplanationRequestFactory(
            task=task, agency=agency_skhcn, answer_due_on=due, state=state, asked_by=users["leader"]
        )
        ExplanationRequest.objects.filter(pk=item.pk).update(
            created_at=at(asked), answered_at=at(answered) if answered else None
        )
        return item

    return make


def overdue_on(day):
    return set(selectors.overdue(ExplanationRequest.objects.all(), day).values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 5, 10), set()),  # due that very day: not overdue yet
        (D(2026, 5, 11), {"open", "reopened", "answered_late"}),
        (D(2026, 5, 13), {"open", "reopened", "answered_late"}),  # answered on the 14th: still overdue on the 13th
        (D(2026, 5, 14), {"open", "reopened"}),  # answered during the day: no longer overdue that day
        (D(2026, 6, 1), {"open", "reopened"}),
    ],
)
def test_overdue_as_of(make, day, expected):
    rows = {
        "open": make(asked=D(2026, 5, 1), due=D(2026, 5, 10)),
        "reopened": make(asked=D(2026, 5, 1), due=D(2026, 5, 10), state=RequestState.REOPENED, answered=D(2026, 5, 5)),
        "answered_on_time": make(
            asked=D(2026, 5, 1), due=D(2026, 5, 10), state=RequestState.ANSWERED, answered=D(2026, 5, 9)
        ),
        "answered_late": make(
            asked=D(2026, 5, 1), due=D(2026, 5, 10), state=RequestState.ACCEPTED, answered=D(2026, 5, 14)
        ),
    }
    names = {item.pk: name for name, item in rows.items()}
    assert {names[pk] for pk in overdue_on(day)} == expected


def test_not_asked_yet_is_not_overdue(make):
    item = make(asked=D(2026, 5, 20), due=D(2026, 5, 10))  # a due date typed before the asking day (data fixed later)
    assert item.pk not in overdue_on(D(2026, 5, 15))
    assert item.pk in overdue_on(D(2026, 5, 21))


def test_counts_by_agency(make, agency_skhcn):
    make(asked=D(2026, 5, 1), due=D(2026, 5, 10))
    make(asked=D(2026, 5, 1), due=D(2026, 5, 10))
    make(asked=D(2026, 5, 1), due=D(2026, 5, 30))
    counts = selectors.overdue_counts_by_agency(ExplanationRequest.objects.all(), D(2026, 5, 1), D(2026, 5, 20))
    assert counts == {agency_skhcn.pk: 2}


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ((D(2026, 4, 1), D(2026, 4, 30)), {"answered_late_in_april"}),
        ((D(2026, 5, 1), D(2026, 5, 31)), {"open", "answered_late_in_may", "answered_late_in_june"}),
        ((D(2026, 6, 1), D(2026, 6, 30)), {"open", "answered_late_in_june"}),
    ],
)
def test_overdue_during_a_period(make, period, expected):
    rows = {
        "open": make(asked=D(2026, 5, 1), due=D(2026, 5, 10)),
        "answered_on_time": make(
            asked=D(2026, 5, 1), due=D(2026, 5, 10), state=RequestState.ACCEPTED, answered=D(2026, 5, 10)
        ),
        "answered_late_in_april": make(
            asked=D(2026, 4, 1), due=D(2026, 4, 10), state=RequestState.ACCEPTED, answered=D(2026, 4, 20)
        ),
        "answered_late_in_may": make(
            asked=D(2026, 5, 1), due=D(2026, 5, 10), state=RequestState.ACCEPTED, answered=D(2026, 5, 14)
        ),
        "answered_late_in_june": make(
            asked=D(2026, 5, 1), due=D(2026, 5, 20), state=RequestState.ANSWERED, answered=D(2026, 6, 2)
        ),
    }
    names = {item.pk: name for name, item in rows.items()}
    found = selectors.overdue_in_period(ExplanationRequest.objects.all(), *period).values_list("pk", flat=True)
    assert {names[pk] for pk in found} == expected
