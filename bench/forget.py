"""Undo what the "submit" and "write-load" scenarios and the freshness probe wrote (run by bench/load.py before
them).

Their reports move statuses and the latest report of their task (submitted, reviewed): they are deleted through
the ORM (reviews, evidence, the status history and the latest-report store follow through the models' own
receivers; a DELETE in SQL would leave the stores stale, and the latest-report store's foreign key refuses it),
and the tasks whose confidentiality the probe switched are public again, as the probe found them. Every later
run, and the "submit" scenario's pool of unreported tasks, starts from the same data. Prints one JSON line.

    bench/forget.py [PREFIX ...]   (default: every prefix below; "bench-submit" alone before a submission run)
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamsat.config.settings.base")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from giamsat.common.cache import data_changed  # noqa: E402
from giamsat.directives.models import Task  # noqa: E402
from giamsat.reporting.models import ProgressReport  # noqa: E402

# work_done of the reports written by locustfile.py (Submit, Writer) and freshness.py
PREFIXES = ("bench-submit", "bench-write", "bench-fresh")
VAR = Path(os.environ["GIAMSAT_VAR_DIR"])


def main() -> None:
    prefixes = sys.argv[1:] or PREFIXES
    if unknown := set(prefixes) - set(PREFIXES):
        raise SystemExit(f"unknown prefixes: {sorted(unknown)}")
    reports = ProgressReport.objects.none()
    for prefix in prefixes:
        reports = reports | ProgressReport.objects.filter(work_done__startswith=prefix)
    ids = list(reports.values_list("pk", flat=True))
    for report in ProgressReport.objects.filter(pk__in=ids):
        with transaction.atomic():
            report.delete()
    probed_file = VAR / "freshness-tasks.json"  # written by freshness.py before it switches any task
    probed = json.loads(probed_file.read_text()) if probed_file.exists() else []
    with transaction.atomic():
        switched = Task.objects.filter(pk__in=probed).exclude(confidentiality="public").update(confidentiality="public")
        data_changed()  # a QuerySet.update sends no signal
    print(json.dumps({"reports_deleted": len(ids), "tasks_made_public_again": switched}))


if __name__ == "__main__":
    main()
