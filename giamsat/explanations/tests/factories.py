import datetime
from decimal import Decimal

import factory

from giamsat.explanations.choices import RequestState
from giamsat.explanations.models import ExplanationRequest
from giamsat.indicators.models import Indicator


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"TN-{n + 1:02d}")
    name = "Tỷ lệ phủ sóng 5G"
    unit = "%"
    target_value = Decimal(95)
    target_on = datetime.date(2030, 12, 31)


class ExplanationRequestFactory(factory.django.DjangoModelFactory):
    """A request on a task (pass `task` and `agency`, or `indicator` and `agency` with `task=None`)."""

    class Meta:
        model = ExplanationRequest

    question = "Vì sao nhiệm vụ chậm tiến độ?"
    answer_due_on = datetime.date(2026, 6, 10)
    state = RequestState.OPEN
