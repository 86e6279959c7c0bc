"""The shipped indicators: Resolution 57's 2030 targets and the sample directives' targets, loaded by code."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from giamsat.agencies.models import Agency
from giamsat.extraction.targets import find_targets
from giamsat.indicators.choices import Layer
from giamsat.indicators.models import IndexScore, Indicator
from giamsat.indicators.seed import indicators_load, seed_rows

pytestmark = pytest.mark.django_db


class IndicatorsLoadTests:
    def test_strategic_targets_of_resolution_57(self, registry):
        indicators_load()
        strategic = Indicator.objects.filter(layer=Layer.STRATEGIC)
        assert {(i.code, i.target_value, i.unit) for i in strategic} == {
            ("NQ57-01", Decimal("30"), "% GDP"),
            ("NQ57-02", Decimal("2"), "% GDP"),
            ("NQ57-03", Decimal("60"), "%"),
            ("NQ57-04", Decimal("3"), "% tổng chi ngân sách"),
            ("NQ57-05", Decimal("80"), "%"),
        }
        assert {i.target_on for i in strategic} == {datetime.date(2030, 12, 31)}
        assert all(i.is_public and "57-NQ/TW" in i.data_source and i.source_text for i in strategic)

    def test_seed_targets_are_linked_to_their_task_and_lead_agency(self, samples):
        result = indicators_load()
        assert result.unlinked == []
        five_g = Indicator.objects.get(code="TN-13TB-01")
        assert five_g.directive.number == "13-TB/CQTT"
        assert [t.ref for t in five_g.tasks.all()] == ["10"]
        assert five_g.agency == Agency.objects.get(code="so-khoa-hoc-va-cong-nghe")
        assert five_g.layer == Layer.OPERATIONAL and five_g.is_public
        projects = Indicator.objects.get(code="TN-13TB-07")
        assert (projects.target_value, projects.unit) == (Decimal("45"), "công trình")

    def test_each_seed_target_quotes_its_task(self, samples):
        indicators_load()
        for indicator in Indicator.objects.exclude(directive=None).prefetch_related("tasks"):
            (task,) = indicator.tasks.all()
            assert indicator.source_text in f"{task.expected_result} {task.title}"
            found = {(t.phrase, t.value) for t in find_targets(indicator.source_text)}
            assert (indicator.source_text, indicator.target_value) in found

    def test_a_second_load_creates_nothing(self, samples):
        first = indicators_load()
        assert first.created == len(seed_rows())
        again = indicators_load()
        assert (again.created, again.updated) == (0, len(seed_rows()))
        assert Indicator.objects.count() == len(seed_rows())

    def test_without_the_samples_the_targets_load_unlinked(self, registry):
        result = indicators_load()
        assert "TN-13TB-01" in result.unlinked
        assert Indicator.objects.get(code="TN-13TB-01").directive is None

    def test_no_index_score_is_invented(self, samples):
        out = io.StringIO()
        call_command("load_indicators", stdout=out)
        assert "15 mới" in out.getvalue()
        assert not IndexScore.objects.exists()
        assert Indicator.objects.count() == len(seed_rows())
