"""Load benchmark: the real server (gunicorn, production settings) on PostgreSQL, driven by Locust.

    .venv/bin/python bench/load.py [--scales province nation] [--duration 20] [--clients 1 10 50]
        [--only dashboard ... submit write-load freshness]

For each scale: a PostgreSQL database `giamsat_bench_<scale>` (created, migrated and filled with
`giamsat demo-data` once; reused afterwards unless --fresh), then gunicorn on 127.0.0.1, a warm-up,
and Locust at each number of clients for every scenario. Also measured in-process: query counts, the
time of each page beside the time of the bare SQL it runs (the floor), and the monthly report.
Then two scenarios about writes: "write-load", the leaders' overview read by WRITE_LOAD_CLIENTS Locust
clients while reports are submitted, approved and accepted (bench/locustfile.py, Writer), and
"freshness", 1,000 writes each read at once through another request (bench/freshness.py).
Writes bench/results.json and the "Load" section of docs/performance.md. With --only, only the scenarios
named run (no in-process figures unless a page scenario is named) and their figures are merged into the
existing results, each of the two write scenarios with its own command and machine line.
"""

import argparse
import datetime
import json
import os
import platform
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "results.json"
PERFORMANCE = ROOT / "docs" / "performance.md"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))

# Targets of issue 7, in milliseconds at p95, 10 clients.
TARGETS = {
    "province": {
        "dashboard": 100,
        "task_list": 100,
        "task_detail": 100,
        "my_tasks": 100,
        "portal": 100,
        "api_tasks": 100,
        "submit": 200,
    },
    "nation": {"dashboard": 300, "task_list": 200, "api_tasks": 200, "portal": 150},
}
REDIS_DB = {"province": 5, "nation": 6}
SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "500"))  # report flows per submission run
SCENARIOS = ["dashboard", "task_list", "task_detail", "my_tasks", "portal", "api_tasks", "submit"]
WRITE_SCENARIOS = ["write-load", "freshness"]
WRITE_LOAD_CLIENTS = 10  # issue 14: the overview's p95 at 10 clients while 5 reports a second are written
WRITE_TARGETS = {"write_load_p95_ms": 300, "write_load_flows_per_second": 5, "freshness_stale": 0}
FRESHNESS_PROBES = int(os.environ.get("BENCH_FRESHNESS_PROBES", "1000"))


def env_for(scale: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"{PG}/giamsat_bench_{scale}",
            "GIAMSAT_VAR_DIR": str(ROOT / "var" / f"bench-{scale}"),
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # A Redis database per scale: emptying the cache for the uncached figures touches only its own.
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", f"redis://127.0.0.1:6379/{REDIS_DB[scale]}"),
            "DB_CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
            "API_RATE_USER": "100000/min",
            "API_RATE_ANON": "100000/min",
        }
    )
    return env


def run(cmd: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, env=env, check=True, cwd=ROOT, **kwargs)


def psql(sql: str) -> str:
    out = subprocess.run(["psql", f"{PG}/postgres", "-tAc", sql], check=True, capture_output=True, text=True, cwd=ROOT)
    return out.stdout.strip()


def prepare(scale: str, fresh: bool) -> dict:
    """The database of the scale, filled once; returns the generation time when it was filled now."""
    env = env_for(scale)
    name = f"giamsat_bench_{scale}"
    exists = psql(f"select 1 from pg_database where datname = '{name}'") == "1"
    if exists and fresh:
        psql(f"drop database {name}")
        exists = False
    info = {"generated_now": not exists}
    if not exists:
        psql(f"create database {name}")
    Path(env["GIAMSAT_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    run([str(BIN / "giamsat"), "migrate", "--noinput", "-v", "0"], env)
    run([str(BIN / "giamsat"), "collectstatic", "--noinput", "-v", "0"], env)
    if not exists:
        run([str(BIN / "giamsat"), "load_registry"], env, stdout=subprocess.DEVNULL)
        started = time.perf_counter()
        run([str(BIN / "giamsat"), "demo-data", "--scale", scale], env)
        info["generation_seconds"] = round(time.perf_counter() - started, 1)
    return info


SUBMITTED = (
    "select count(*) from reporting_progressreport where work_done like 'bench-submit%' and status = 'submitted'"
)


def bench_sql(scale: str, sql: str) -> str:
    out = subprocess.run(
        ["psql", f"{PG}/giamsat_bench_{scale}", "-tAc", sql], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return out.stdout.strip()


def forget_submissions(scale: str) -> None:
    """Remove the reports an earlier submission run made, so each run submits on the same tasks."""
    forget_writes(scale, "bench-submit")


def start_server(scale: str, app: str = "giamsat.config.wsgi:application") -> subprocess.Popen:
    """gunicorn with production settings; `app` "probe_wsgi:application" (bench/) adds the worker's pid header."""
    env = env_for(scale)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            app,
            "--pythonpath",
            str(ROOT / "bench"),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/tai-khoan/dang-nhap/", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.5)  # polling the server's readiness, not synchronising a test
    server.kill()
    raise SystemExit("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def worker_rss_mb(server: subprocess.Popen) -> float:
    """The largest resident set of the gunicorn workers (children of the master), in MB."""
    largest = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        ppid = re.search(r"^PPid:\s+(\d+)", text, re.M)
        rss = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
        if ppid and rss and int(ppid.group(1)) == server.pid:
            largest = max(largest, int(rss.group(1)))
    return round(largest / 1024, 1)


def locust(scale: str, scenario: str, clients: int, duration: int) -> dict:
    """Locust in a subprocess (gevent patches the process it runs in): its one JSON line of figures."""
    out = subprocess.run(
        [
            str(BIN / "python"),
            str(ROOT / "bench" / "locustfile.py"),
            "--host",
            f"http://127.0.0.1:{PORT}",
            "--scenario",
            scenario,
            "--clients",
            str(clients),
            "--duration",
            str(duration),
            "--submissions",
            str(SUBMISSIONS),
        ],
        env=env_for(scale),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def forget_writes(scale: str, *prefixes: str) -> dict:
    """Delete what the write scenarios wrote in an earlier run, those of `prefixes` only when named (bench/forget.py:
    the reports move statuses, so they go through the ORM), so that every run starts from the same data and the
    same pool of tasks."""
    out = subprocess.run(
        [str(BIN / "python"), str(ROOT / "bench" / "forget.py"), *prefixes],
        env=env_for(scale),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


WRITTEN = "select count(*) from reporting_progressreport where work_done like 'bench-write%' and status = 'accepted'"


def write_load(scale: str, duration: int, server: subprocess.Popen, command: str) -> dict:
    """The overview read by WRITE_LOAD_CLIENTS clients while reports are written (locustfile.py, Writer)."""
    forget_submissions(scale)  # the "submit" scenario's reports sit on the same pool of tasks
    figures = locust(scale, "write_load", WRITE_LOAD_CLIENTS, duration)
    figures["worker_rss_mb"] = worker_rss_mb(server)
    # Counted afterwards: every accepted report of the run, warm-up included (the flows are counted while measured).
    figures["accepted_in_database"] = int(bench_sql(scale, WRITTEN))
    figures["clients"] = WRITE_LOAD_CLIENTS
    figures["command"], figures["machine"] = command, machine()
    print(scale, "write-load", figures, flush=True)
    return figures


def freshness(scale: str, command: str) -> dict:
    """1,000 writes, each read at once through another request (bench/freshness.py), on a gunicorn whose
    responses name the worker that served them (bench/probe_wsgi.py)."""
    forget_submissions(scale)
    server = start_server(scale, app="probe_wsgi:application")
    try:
        out = subprocess.run(
            [
                str(BIN / "python"),
                str(ROOT / "bench" / "freshness.py"),
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--probes",
                str(FRESHNESS_PROBES),
            ],
            env=env_for(scale),
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        stop_server(server)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures["command"], figures["machine"] = command, machine()
    print(scale, "freshness", figures, flush=True)
    return figures


def drive(
    scale: str, clients: list[int], duration: int, server: subprocess.Popen, scenarios: list[str] = SCENARIOS
) -> dict:
    """Locust in a subprocess (gevent patches the process it runs in): one JSON line per run."""
    results = {}
    for scenario in scenarios:
        for n in clients:
            if scenario == "submit":
                forget_submissions(scale)
            figures = locust(scale, scenario, n, duration)
            figures["worker_rss_mb"] = worker_rss_mb(server)
            if scenario == "submit":  # count them afterwards: every accepted submission is in the database
                figures["submitted_in_database"] = int(bench_sql(scale, SUBMITTED))
                figures["lost"] = figures["requests"] - figures["failures"] - figures["submitted_in_database"]
            results[f"{scenario}@{n}"] = figures
            print(scale, scenario, n, figures, flush=True)
    return results


def in_process(scale: str, *, fixtures_only: bool = False) -> dict:
    env = env_for(scale)
    env["ALLOWED_HOSTS"] += ",testserver"  # Django's test client, in process
    out = subprocess.run(
        [str(BIN / "python"), str(ROOT / "bench" / "pages.py"), *(["--fixtures-only"] if fixtures_only else [])],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> dict:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in lines if "model name" in line), platform.processor())
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "postgresql": psql("show server_version"),
        "os": platform.platform(),
        "gunicorn_workers": WORKERS,
        "measured": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", nargs="+", default=["province", "nation"])
    parser.add_argument("--clients", nargs="+", type=int, default=[1, 10, 50])
    parser.add_argument("--duration", type=int, default=20, help="seconds measured per scenario and load")
    parser.add_argument("--fresh", action="store_true", help="drop and regenerate the benchmark databases")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=SCENARIOS + WRITE_SCENARIOS,
        help="run these scenarios only and merge their figures into bench/results.json",
    )
    args = parser.parse_args()
    chosen = args.only or SCENARIOS + WRITE_SCENARIOS
    page_scenarios = [name for name in SCENARIOS if name in chosen]
    command = " ".join(["bench/load.py", *sys.argv[1:]])
    if args.only and RESULTS.exists():  # a partial run: the other figures stay as they were measured
        results = json.loads(RESULTS.read_text())
    else:
        results = {"machine": machine(), "command": command, "scales": {}}
    for scale in args.scales:
        info = results["scales"].setdefault(scale, {})
        info.update(prepare(scale, args.fresh))
        forget_submissions(scale)  # an earlier run's submissions would shrink the pool of unreported tasks
        if "write-load" in chosen or "freshness" in chosen:
            info["forgotten_writes"] = forget_writes(scale)  # before the fixtures: their pool is whole again
        if page_scenarios:
            info["pages"] = in_process(scale)
        else:
            in_process(scale, fixtures_only=True)
        if page_scenarios or "write-load" in chosen:
            server = start_server(scale)
            try:
                if page_scenarios:
                    measured = drive(scale, args.clients, args.duration, server, page_scenarios)
                    info.setdefault("load", {}).update(measured)
                if "write-load" in chosen:
                    info["write_load"] = write_load(scale, args.duration, server, command)
            finally:
                stop_server(server)
        if "freshness" in chosen:
            info["freshness"] = freshness(scale, command)
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    from report import write_performance  # bench/report.py

    write_performance(results, PERFORMANCE, TARGETS)
    print(f"wrote {RESULTS.relative_to(ROOT)} and {PERFORMANCE.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
