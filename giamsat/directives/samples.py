"""The seed directives shipped with the project, loaded for demos and tests."""

import json
from pathlib import Path

from django.db import transaction

from .choices import Confidentiality
from .models import Directive
from .services import ImportResult, directive_import_draft

SAMPLE_DIR = Path(__file__).resolve().parent / "sample_data"
SAMPLE_CONFIDENTIALITY = {
    "000_574d689b82046503": Confidentiality.PUBLIC,
    "002_025e011caf0adbee": Confidentiality.INTERNAL,
    "003_02333590f65b17dc": Confidentiality.PUBLIC,
}


def sample_gold(stem: str) -> dict:
    return json.loads((SAMPLE_DIR / f"{stem}.json").read_text(encoding="utf-8"))


@transaction.atomic
def samples_load(*, acting_user=None) -> list[ImportResult]:
    """Load the sample directives that are not there yet; those already loaded are left as they are."""
    results = []
    for stem, confidentiality in SAMPLE_CONFIDENTIALITY.items():
        if Directive.objects.filter(source_reference=f"sample:{stem}").exists():
            continue
        gold = sample_gold(stem)
        results.append(
            directive_import_draft(
                document=gold["document"],
                tasks=gold["tasks"],
                source_reference=f"sample:{stem}",
                text=(SAMPLE_DIR / f"{stem}.txt").read_text(encoding="utf-8"),
                confidentiality=confidentiality,
                acting_user=acting_user,
            )
        )
    return results
