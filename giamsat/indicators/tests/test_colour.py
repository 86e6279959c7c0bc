"""The colour function, table-driven: every colour, its boundaries, and "as of" dates before and after values."""

import datetime
from decimal import Decimal

import pytest

from giamsat.indicators.choices import Colour, Direction, Frequency
from giamsat.indicators.colour import (
    IndicatorFacts,
    Point,
    expected_on,
    indicator_colour,
    last_period_start,
    trajectory,
)

D = datetime.date
MARGIN = Decimal("0.10")


def p(day, value):
    return Point(day, Decimal(str(value)))


# 5G coverage: 60% on 01/01/2025 → 95% on 31/12/2025 (364 days: 35 points of way, 3.5 points is the margin).
FIVE_G = IndicatorFacts(direction=Direction.HIGHER, baseline=p(D(2025, 1, 1), 60), target=p(D(2025, 12, 31), 95))
# Share of paper dossiers: 40% → 10% by 31/12/2025 (lower is better; 3 points of margin).
PAPER = IndicatorFacts(direction=Direction.LOWER, baseline=p(D(2025, 1, 1), 40), target=p(D(2025, 12, 31), 10))
# 45 S&T projects by 2030 with a milestone of 20 at the end of 2026; no baseline.
PROJECTS = IndicatorFacts(
    direction=Direction.HIGHER,
    target=p(D(2030, 12, 31), 45),
    milestones=(p(D(2026, 12, 31), 20),),
    frequency=Frequency.YEARLY,
)
# 2 July 2025 is day 182 of 364: the 5G trajectory stands at 60 + 35 × 182/364 = 77.5.
MID = D(2025, 7, 2)

CASES = [
    # (facts, values, as_of, colour, why)
    (FIVE_G, [], D(2025, 3, 1), Colour.GREY, "no value yet"),
    (FIVE_G, [p(MID, 77.5)], D(2025, 7, 10), Colour.GREEN, "exactly on the trajectory"),
    (FIVE_G, [p(MID, 80)], D(2025, 7, 10), Colour.GREEN, "ahead"),
    (FIVE_G, [p(MID, 74)], D(2025, 7, 10), Colour.ORANGE, "behind by 3.5 = the margin: still orange"),
    (FIVE_G, [p(MID, 73.9)], D(2025, 7, 10), Colour.RED, "behind by more than the margin"),
    (FIVE_G, [p(MID, 80)], D(2025, 7, 1), Colour.GREY, "as of the day before the only value: none known"),
    (FIVE_G, [p(MID, 80)], D(2025, 8, 31), Colour.GREEN, "value of the previous month (July) still counts"),
    (FIVE_G, [p(MID, 80)], D(2025, 9, 1), Colour.GREY, "no value for August, the last completed month"),
    (FIVE_G, [p(MID, 74), p(D(2025, 8, 5), 90)], D(2025, 8, 20), Colour.GREEN, "the latest value is judged"),
    (FIVE_G, [p(MID, 74), p(D(2025, 8, 5), 90)], D(2025, 8, 1), Colour.ORANGE, "as of before the later value"),
    (FIVE_G, [p(D(2025, 12, 20), 95)], D(2025, 12, 31), Colour.GREEN, "target met on the target day"),
    (FIVE_G, [p(D(2025, 12, 20), 95)], D(2026, 1, 1), Colour.GREEN, "target date passed, met"),
    (FIVE_G, [p(D(2025, 12, 20), 94.9)], D(2026, 1, 1), Colour.RED, "target date passed, unmet"),
    (FIVE_G, [], D(2026, 1, 1), Colour.RED, "target date passed without any value"),
    (PAPER, [p(MID, 25)], D(2025, 7, 10), Colour.GREEN, "lower is better: 25 on a trajectory of 25"),
    (PAPER, [p(MID, 28)], D(2025, 7, 10), Colour.ORANGE, "lower is better: 3 above = the margin"),
    (PAPER, [p(MID, 28.1)], D(2025, 7, 10), Colour.RED, "lower is better: more than the margin above"),
    (PAPER, [p(D(2025, 12, 1), 9)], D(2026, 2, 1), Colour.GREEN, "lower is better, past the date, beaten"),
    (PROJECTS, [p(D(2025, 12, 31), 3)], D(2026, 6, 1), Colour.GREEN, "before the trajectory starts: not behind"),
    (PROJECTS, [p(D(2026, 12, 31), 20)], D(2027, 3, 1), Colour.GREEN, "on the milestone"),
    (PROJECTS, [p(D(2026, 12, 31), 19)], D(2027, 3, 1), Colour.ORANGE, "one short of the milestone (margin 2.5)"),
    (PROJECTS, [p(D(2026, 12, 31), 17)], D(2027, 3, 1), Colour.RED, "three short of the milestone"),
    (PROJECTS, [p(D(2026, 12, 31), 20)], D(2028, 1, 1), Colour.GREY, "yearly: no value for 2027"),
]


@pytest.mark.parametrize(("facts", "values", "as_of", "colour", "why"), CASES, ids=[c[4] for c in CASES])
def test_indicator_colour(facts, values, as_of, colour, why):
    assert indicator_colour(facts, values, as_of, MARGIN).colour == colour


def test_the_result_says_how_far_behind():
    result = indicator_colour(FIVE_G, [p(MID, 74)], D(2025, 7, 10), MARGIN)
    assert (result.expected, result.shortfall, result.latest) == (Decimal("77.5"), Decimal("3.5"), p(MID, 74))


def test_trajectory_runs_through_the_milestones_in_order():
    facts = IndicatorFacts(
        direction=Direction.HIGHER,
        baseline=p(D(2025, 1, 1), 0),
        target=p(D(2027, 1, 1), 100),
        milestones=(p(D(2026, 1, 1), 80), p(D(2024, 6, 1), 5), p(D(2028, 1, 1), 200)),
    )
    assert trajectory(facts) == [p(D(2025, 1, 1), 0), p(D(2026, 1, 1), 80), p(D(2027, 1, 1), 100)]
    assert expected_on(trajectory(facts), D(2024, 1, 1)) == 0
    assert expected_on(trajectory(facts), D(2026, 1, 1)) == 80
    assert expected_on(trajectory(facts), D(2030, 1, 1)) == 100


@pytest.mark.parametrize(
    ("as_of", "frequency", "start"),
    [
        (D(2025, 1, 15), Frequency.MONTHLY, D(2024, 12, 1)),
        (D(2025, 3, 1), Frequency.MONTHLY, D(2025, 2, 1)),
        (D(2025, 2, 10), Frequency.QUARTERLY, D(2024, 10, 1)),
        (D(2025, 7, 1), Frequency.QUARTERLY, D(2025, 4, 1)),
        (D(2025, 12, 31), Frequency.QUARTERLY, D(2025, 7, 1)),
        (D(2025, 6, 1), Frequency.YEARLY, D(2024, 1, 1)),
    ],
)
def test_last_completed_period(as_of, frequency, start):
    assert last_period_start(as_of, frequency) == start
