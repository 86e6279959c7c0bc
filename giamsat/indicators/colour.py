"""The colour of an indicator: one pure function, as the task status engine (monitoring/status.py) is for tasks.

`indicator_colour` decides from plain facts (direction, baseline, milestones, target, the accepted values) for any
"as of" date; it reads no clock and writes nothing. Rules, for the values measured on or before the "as of" day:
1. The trajectory is the straight line from the baseline through each milestone to the target (by date); before
   its first point it stands at that point's value. Without a baseline it starts at the first milestone, or
   at the target: an indicator cannot be behind a trajectory that has not started.
2. Past the target date: green when the latest value meets the target, red otherwise (no value counts as unmet).
3. Otherwise no value measured within the last completed reporting period (the previous month, quarter or year
   of the "as of" day, by the indicator's frequency) or later → grey.
4. Otherwise the latest value against the trajectory on the day it was measured: on or ahead → green; behind by at
   most the margin (a share of the whole way from baseline to target, `INDICATOR_ORANGE_MARGIN`) → orange;
   behind by more → red.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from .choices import Colour, Direction, Frequency


@dataclass(frozen=True)
class Point:
    on: datetime.date
    value: Decimal


@dataclass(frozen=True)
class IndicatorFacts:
    direction: str
    target: Point
    baseline: Point | None = None
    milestones: tuple[Point, ...] = ()
    frequency: str = Frequency.MONTHLY


@dataclass(frozen=True)
class ColourResult:
    colour: Colour
    latest: Point | None = None  # the value judged
    expected: Decimal | None = None  # the trajectory on the day of that value
    shortfall: Decimal | None = None  # how far behind (0 when on or ahead), in the indicator's unit


def trajectory(facts: IndicatorFacts) -> list[Point]:
    points = sorted(facts.milestones, key=lambda p: p.on)
    if facts.baseline is not None:
        points = [p for p in points if p.on > facts.baseline.on]
        points.insert(0, facts.baseline)
    points = [p for p in points if p.on < facts.target.on]
    points.append(facts.target)
    return points


def expected_on(points: list[Point], day: datetime.date) -> Decimal:
    """The trajectory's value on a day: linear between points, flat before the first and after the last."""
    if day <= points[0].on:
        return points[0].value
    for before, after in zip(points, points[1:], strict=False):
        if day <= after.on:
            span = (after.on - before.on).days
            done = (day - before.on).days
            return before.value + (after.value - before.value) * Decimal(done) / Decimal(span)
    return points[-1].value


def last_period_start(as_of: datetime.date, frequency: str) -> datetime.date:
    """The first day of the last completed reporting period before the "as of" day."""
    if frequency == Frequency.YEARLY:
        return datetime.date(as_of.year - 1, 1, 1)
    if frequency == Frequency.QUARTERLY:
        quarter_start_month = 3 * ((as_of.month - 1) // 3) + 1
        month = quarter_start_month - 3
        return datetime.date(as_of.year - (month < 1), (month - 1) % 12 + 1, 1)
    return datetime.date(as_of.year - (as_of.month == 1), (as_of.month - 2) % 12 + 1, 1)


def shortfall_of(direction: str, value: Decimal, expected: Decimal) -> Decimal:
    behind = expected - value if direction == Direction.HIGHER else value - expected
    return max(behind, Decimal(0))


def indicator_colour(facts: IndicatorFacts, values: list[Point], as_of: datetime.date, margin: Decimal) -> ColourResult:
    known = sorted((v for v in values if v.on <= as_of), key=lambda v: v.on)
    latest = known[-1] if known else None
    if as_of > facts.target.on:
        if latest is None:
            return ColourResult(Colour.RED)
        missing = shortfall_of(facts.direction, latest.value, facts.target.value)
        colour = Colour.GREEN if missing == 0 else Colour.RED
        return ColourResult(colour, latest, facts.target.value, missing)
    if latest is None or latest.on < last_period_start(as_of, facts.frequency):
        return ColourResult(Colour.GREY, latest)
    points = trajectory(facts)
    if facts.baseline is None and latest.on < points[0].on:
        return ColourResult(Colour.GREEN, latest)
    expected = expected_on(points, latest.on)
    behind = shortfall_of(facts.direction, latest.value, expected)
    if behind == 0:
        return ColourResult(Colour.GREEN, latest, expected, behind)
    start = facts.baseline.value if facts.baseline is not None else points[0].value
    way = abs(facts.target.value - start) or abs(facts.target.value) or Decimal(1)
    colour = Colour.ORANGE if behind <= margin * way else Colour.RED
    return ColourResult(colour, latest, expected, behind)
