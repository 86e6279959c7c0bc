"""The indicators shipped with the project (data/indicators.json): the national 2030 targets of Resolution 57 as
strategic indicators, and the targets of the sample directives as operational ones, linked to their directive and
task, with the task's first lead agency of the registry as the responsible agency. Loaded by code: a second load
updates what the file says and creates nothing twice. No provincial index score is shipped: only published scores,
with their source, are entered (index_views)."""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from giamsat.common.history import save_as
from giamsat.directives.models import Directive, Task

from .models import Indicator
from .proposals import lead_agency

DATA = Path(__file__).resolve().parent / "data" / "indicators.json"
FIELDS = ("name", "unit", "direction", "layer", "frequency", "data_source", "source_text")


@dataclass(frozen=True)
class SeedResult:
    created: int
    updated: int
    unlinked: list[str]  # codes whose sample directive or task is not loaded (yet)


def seed_rows() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["indicators"]


@transaction.atomic
def indicators_load(*, acting_user=None) -> SeedResult:
    created = updated = 0
    unlinked = []
    for row in seed_rows():
        indicator = Indicator.objects.filter(code=row["code"]).first()
        if indicator is None:
            indicator, created = Indicator(code=row["code"]), created + 1
        else:
            updated += 1
        for field in FIELDS:
            setattr(indicator, field, row.get(field, ""))
        indicator.target_value = Decimal(row["target_value"])
        indicator.target_on = datetime.date.fromisoformat(row["target_on"])
        indicator.is_public = True
        task = None
        if row.get("sample"):
            directive = Directive.objects.filter(source_reference=f"sample:{row['sample']}").first()
            task = Task.objects.filter(directive=directive, ref=row["task_ref"]).first() if directive else None
            if task is None:
                unlinked.append(row["code"])
            else:
                indicator.directive = directive
                indicator.agency = indicator.agency or lead_agency(task)
        indicator.full_clean()
        save_as(indicator, acting_user)
        if task is not None:
            indicator._history_user = acting_user
            indicator.tasks.add(task)
    return SeedResult(created=created, updated=updated, unlinked=unlinked)
