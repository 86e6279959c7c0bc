"""The seed directives shipped with the project, loaded for demos and tests."""

import json
from pathlib import Path

from django.db import transaction

from .choices import Confidentiality
from .models import Directive
from .services import ImportResult

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
    """Import the sample directives that are not there yet, through the extractor like any uploaded file."""
    from .importing import directive_import_file

    results = []
    for stem, confidentiality in SAMPLE_CONFIDENTIALITY.items():
        if Directive.objects.filter(source_reference=f"sample:{stem}").exists():
            continue
        path = SAMPLE_DIR / f"{stem}.txt"
        imported = directive_import_file(
            data=path.read_bytes(),
            name=path.name,
            acting_user=acting_user,
            confidentiality=confidentiality,
            source_reference=f"sample:{stem}",
        )
        results.append(imported.result)
    return results
