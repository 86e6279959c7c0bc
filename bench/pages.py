"""In-process measurements on the benchmark database (run by bench/load.py, settings from the environment).

1. Prepares var/bench-<scale>/fixtures.json for Locust: users, API tokens (one agency_write token per
   benchmark agency with an officer, one standing-office token), task ids, and a pool of (token, task)
   pairs that have no report this month (report submission; with the agency head who approves, the reports
   written while the overview is read and by the freshness probe).
2. For each page: the number of queries, the page's time through Django's test client (median of 5,
   after one warm-up), and the floor: the same SQL statements replayed on a bare cursor (median of 5).
3. The monthly report (Word + Excel appendix) for the previous month.
Prints one JSON line. With --fixtures-only, step 1 only.
"""

import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "giamsat.config.settings.base")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from giamsat.accounts.models import User  # noqa: E402
from giamsat.api.choices import TokenScope  # noqa: E402
from giamsat.api.models import ApiToken  # noqa: E402
from giamsat.api.tokens import token_create, token_for_key  # noqa: E402
from giamsat.directives.models import Task, TaskAssignment  # noqa: E402
from giamsat.documents.generate import monthly_appendix_xlsx, monthly_report_file  # noqa: E402
from giamsat.reporting.models import ProgressReport  # noqa: E402

VAR = Path(os.environ["GIAMSAT_VAR_DIR"])
QUERY = os.environ.get("BENCH_QUERY", "chuyen doi so")
TOKEN_NAME = "bench-locust"
MONTHLY_REPORT_TASKS = 5000


def fixtures() -> dict:
    today = timezone.localdate()
    admin, _created = User.objects.get_or_create(
        username="bench-admin", defaults={"role": "administrator", "is_staff": True}
    )
    officers = list(User.objects.filter(username__startswith="bench-officer-").select_related("agency").order_by("pk"))
    saved = VAR / "fixtures.json"
    known = json.loads(saved.read_text()) if saved.exists() else {}
    tokens = known.get("tokens", {})
    # Saved keys are kept only while every one still opens the API of this database (another checkout's run on the
    # same database revokes them and writes its own file).
    if not tokens or any(token_for_key(key) is None for key in tokens.values()):
        ApiToken.objects.filter(name__startswith=TOKEN_NAME).update(revoked_at=timezone.now())
        tokens = {
            "office": token_create(
                name=f"{TOKEN_NAME} office", scope=TokenScope.STANDING_OFFICE, acting_user=admin, rate_per_minute=10**6
            ).key
        }
        for officer in officers:
            tokens[str(officer.agency_id)] = token_create(
                name=f"{TOKEN_NAME} {officer.agency_id}",
                scope=TokenScope.AGENCY_WRITE,
                agency=officer.agency,
                acting_user=admin,
                rate_per_minute=10**6,
            ).key
    reported = ProgressReport.objects.filter(period__year=today.year, period__month=today.month).values("task_id")
    pairs = list(
        TaskAssignment.objects.filter(role="lead", agency_id__in=[o.agency_id for o in officers])
        .exclude(task_id__in=reported)
        .exclude(task__confidentiality="secret")
        .values_list("agency_id", "task_id")
        .order_by("task_id")[:5000]
    )
    # Heads approve their agency's reports (bench-officer-N and bench-head-N share an agency).
    heads = dict(
        User.objects.filter(username__startswith="bench-head-", role="agency_head").values_list("agency_id", "username")
    )
    return {
        "leader": "bench-leader",
        "office": "bench-office",
        "officers": [o.username for o in officers],
        "office_token": tokens["office"],
        "tokens": tokens,
        "task_ids": list(Task.objects.exclude(confidentiality="secret").values_list("pk", flat=True)[:5000]),
        "submissions": [{"token": tokens[str(agency)], "task": task} for agency, task in pairs],
        # The same pairs with the head who approves: reports written while the overview is read (from the
        # front) and by the freshness probe (from the back). load.py deletes the "submit" scenario's reports
        # before the write-load and those of both before the probe (bench/forget.py), and every bench report
        # before the next run draws these pools.
        "writes": [
            {"agency": agency, "token": tokens[str(agency)], "head": heads[agency], "task": task}
            for agency, task in pairs
            if agency in heads
        ],
        "period": today.strftime("%Y-%m"),
        "query": QUERY,
    }


def measure(client: Client, url: str, *, uncached: bool = False) -> dict:
    """`uncached`: the cache is emptied before each request (the figures are computed every time)."""
    client.get(url)  # warm-up
    times = []
    for _ in range(5):
        if uncached:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
    assert response.status_code == 200, (url, response.status_code)
    if uncached:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    statements = [q["sql"] for q in captured.captured_queries]
    skip = ("SAVEPOINT", "RELEASE", "ROLLBACK", "DECLARE", "CLOSE")  # transaction and server-side cursor plumbing
    replayable = [sql for sql in statements if not sql.lstrip().upper().startswith(skip)]
    floors = []
    for _ in range(5):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in replayable:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
        floors.append(time.perf_counter() - started)
    page_ms, floor_ms = statistics.median(times) * 1000, statistics.median(floors) * 1000
    return {
        "queries": len(statements),
        "page_ms": round(page_ms, 1),
        "sql_floor_ms": round(floor_ms, 1),
        "ratio": round(page_ms / floor_ms, 1) if floor_ms else None,
    }


def pages(data: dict) -> dict:
    leader, office = Client(), Client()
    leader.force_login(User.objects.get(username=data["leader"]))
    office.force_login(User.objects.get(username=data["office"]))
    officer = Client()
    officer.force_login(User.objects.get(username=data["officers"][0]))
    api = Client(HTTP_AUTHORIZATION=f"Bearer {data['office_token']}")
    q = QUERY.replace(" ", "+")
    anonymous = Client()
    pages = {
        "dashboard": (leader, "/giam-sat/tong-quan/"),
        "task_list": (office, f"/nhiem-vu/?scope=all&status=overdue&q={q}"),
        "task_list_unfiltered": (office, "/nhiem-vu/?scope=all"),
        "task_detail": (office, f"/nhiem-vu/{data['task_ids'][len(data['task_ids']) // 2]}/"),
        "my_tasks": (officer, "/nhiem-vu/"),
        "portal": (anonymous, "/cong-khai/"),
        "portal_search": (anonymous, f"/cong-khai/?q={q}"),
        "api_tasks": (api, "/api/v1/tasks/?page_size=50"),
    }
    measured = {}
    for name, (client, url) in pages.items():
        measured[name] = measure(client, url)
        # The same page with the cache emptied before each request: what the first request after a
        # change of the data costs (every save changes the data version the cached parts are keyed on).
        measured[f"{name}_uncached"] = measure(client, url, uncached=True)
    return measured


def monthly_report() -> dict:
    today = timezone.localdate()
    first = today.replace(day=1) - datetime.timedelta(days=1)
    as_of = min(datetime.date(first.year, first.month, 20), today)
    started = time.perf_counter()
    monthly_report_file(year=first.year, month=first.month, as_of=as_of, fmt="docx")
    word = time.perf_counter() - started
    started = time.perf_counter()
    monthly_appendix_xlsx(year=first.year, month=first.month, as_of=as_of)
    excel = time.perf_counter() - started
    return {
        "month": f"{first.month:02d}/{first.year}",
        "tasks": Task.objects.exclude(confidentiality="secret").count(),
        "docx_seconds": round(word, 2),
        "xlsx_seconds": round(excel, 2),
    }


def main() -> None:
    data = fixtures()
    (VAR / "fixtures.json").write_text(json.dumps(data))
    if "--fixtures-only" in sys.argv:  # load.py --only write-load/freshness: no in-process page figures
        print(json.dumps({"submission_pool": len(data["submissions"]), "write_pool": len(data["writes"])}))
        return
    # The target is for a province's 2,000 tasks; the national data set is not one committee's report.
    report = monthly_report() if Task.objects.count() <= MONTHLY_REPORT_TASKS else None
    result = {"pages": pages(data), "monthly_report": report, "submission_pool": len(data["submissions"])}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
