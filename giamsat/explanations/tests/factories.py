import datetime

import factory

from giamsat.explanations.choices import RequestState
from giamsat.explanations.models import ExplanationRequest


class ExplanationRequestFactory(factory.django.DjangoModelFactory):
    """A request on a task (pass `task` and `agency`, or `indicator` and `agency` with `task=None`)."""

    class Meta:
        model = ExplanationRequest

    question = "Vì sao nhiệm vụ chậm tiến độ?"
    answer_due_on = datetime.date(2026, 6, 10)
    state = RequestState.OPEN
