"""Status history at nation scale, in process, nothing cached: the leaders' overview, the 12-month trend and the
task list filtered by status, each the median of 5 runs after a warm-up, on `giamsat_bench_nation` (made by
`make bench`, or by `bench/load.py`'s `prepare("nation", False)`).

    .venv/bin/python bench/status.py [--scale nation|province]

Prints one JSON object; docs/performance.md ("Status history") quotes it with this command.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import env_for  # noqa: E402

TARGETS_MS = {"overview_uncached": 1000, "trend_12_months": 300, "status_list_page": 200}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="nation", choices=["nation", "province"])
    scale = parser.parse_args().scale
    os.environ.update(env_for(scale))
    os.environ["ALLOWED_HOSTS"] += ",testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamsat.config.settings.base")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.paginator import Paginator
    from django.test import Client
    from django.utils import timezone

    from giamsat.accounts.models import User
    from giamsat.directives.models import Task
    from giamsat.monitoring.dashboard import trend
    from giamsat.monitoring.history import annotate_status

    today = timezone.localdate()
    leader = User.objects.filter(role="leader", is_active=True).first()
    client = Client()
    client.force_login(leader)

    def overview() -> None:
        cache.clear()  # the first request after any change of the data
        assert client.get("/giam-sat/tong-quan/").status_code == 200

    def trend_only() -> None:
        trend(tasks=Task.objects.exclude(confidentiality="secret"), as_of=today)

    def status_list() -> None:
        tasks = annotate_status(Task.objects.all(), as_of=today - datetime.timedelta(days=45)).filter(status="overdue")
        page = Paginator(tasks.select_related("directive").order_by("status_deadline", "pk"), 50).get_page(1)
        list(page.object_list)
        assert page.paginator.count >= 0

    results = {
        "scale": scale,
        "tasks": Task.objects.count(),
        "measured_at": timezone.now().isoformat(timespec="minutes"),
    }
    for name, function in (
        ("overview_uncached", overview),
        ("trend_12_months", trend_only),
        ("status_list_page", status_list),
    ):
        function()  # warm-up
        times = []
        for _ in range(5):
            started = time.perf_counter()
            function()
            times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        results[name] = {
            "median_ms": round(median, 1),
            "target_ms": TARGETS_MS[name],
            "met": median <= TARGETS_MS[name],
        }
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
