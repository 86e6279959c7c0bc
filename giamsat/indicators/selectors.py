"""Indicators with their colour as of a day: the facts read in three queries, judged by colour.py."""

import datetime
from collections import Counter, defaultdict

from django.conf import settings
from django.db.models import QuerySet

from giamsat.reporting.choices import ReportStatus

from .choices import Colour
from .colour import ColourResult, IndicatorFacts, Point, indicator_colour
from .models import Indicator, IndicatorValue, Milestone

# Values that count in the colour: those the standing office accepted.
COUNTED = (ReportStatus.ACCEPTED,)


def facts_of(indicator: Indicator, milestones: list[Milestone]) -> IndicatorFacts:
    baseline = None
    if indicator.baseline_value is not None and indicator.baseline_on is not None:
        baseline = Point(indicator.baseline_on, indicator.baseline_value)
    return IndicatorFacts(
        direction=indicator.direction,
        target=Point(indicator.target_on, indicator.target_value),
        baseline=baseline,
        milestones=tuple(Point(m.due_on, m.value) for m in milestones),
        frequency=indicator.frequency,
    )


def counted_values(indicator_ids) -> dict[int, list[Point]]:
    points = defaultdict(list)
    rows = IndicatorValue.objects.filter(indicator_id__in=indicator_ids, status__in=COUNTED)
    for indicator_id, on, value in rows.values_list("indicator_id", "measured_on", "value"):
        points[indicator_id].append(Point(on, value))
    return points


def colours(indicators: list[Indicator], as_of: datetime.date) -> dict[int, ColourResult]:
    """Each indicator's colour as of the day (accepted values measured by then)."""
    ids = [i.pk for i in indicators]
    milestones = defaultdict(list)
    for m in Milestone.objects.filter(indicator_id__in=ids):
        milestones[m.indicator_id].append(m)
    values = counted_values(ids)
    margin = settings.INDICATOR_ORANGE_MARGIN
    return {i.pk: indicator_colour(facts_of(i, milestones[i.pk]), values[i.pk], as_of, margin) for i in indicators}


def colour_counts(indicators: QuerySet[Indicator], as_of: datetime.date) -> dict[str, int]:
    """How many indicators are of each colour (every colour present, zero included)."""
    tally = Counter(result.colour for result in colours(list(indicators), as_of).values())
    return {colour.value: tally.get(colour, 0) for colour in Colour}


def of_colour(indicators: QuerySet[Indicator], colour: str, as_of: datetime.date) -> QuerySet[Indicator]:
    """The indicators of one colour: the drill-down of a count (the same judgement as colour_counts)."""
    judged = colours(list(indicators), as_of)
    return indicators.filter(pk__in=[pk for pk, result in judged.items() if result.colour == colour])
