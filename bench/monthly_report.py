"""The monthly report (Word) of the province benchmark database, with the stored status facts and without
them (deleted inside a transaction that is rolled back), back to back: does the facts path cost or save?

    .venv/bin/python bench/monthly_report.py      (after `make bench` has filled giamsat_bench_province)
"""

import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import env_for  # noqa: E402

os.environ.update(env_for("province"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamsat.config.settings.base")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import transaction  # noqa: E402

from giamsat.documents.generate import monthly_report_file  # noqa: E402
from giamsat.monitoring.models import TaskStatusFacts  # noqa: E402

MONTH = (2026, 11)


def seconds() -> float:
    cache.clear()
    started = time.perf_counter()
    monthly_report_file(year=MONTH[0], month=MONTH[1], as_of=datetime.date(*MONTH, 20), fmt="docx")
    return time.perf_counter() - started


def main() -> None:
    print(f"with stored facts: {seconds():.2f} s")
    with transaction.atomic():
        TaskStatusFacts.objects.all().delete()
        print(f"subqueries only:   {seconds():.2f} s")
        transaction.set_rollback(True)
    print(f"with stored facts: {seconds():.2f} s")


if __name__ == "__main__":
    main()
