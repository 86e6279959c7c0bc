"""Load benchmark: the real server (gunicorn, production settings) on PostgreSQL, driven by Locust.

    .venv/bin/python bench/load.py [--scales province nation] [--duration 20] [--clients 10 50]
        [--only dashboard ... submit write-load freshness]

For each scale: a PostgreSQL database `giamsat_bench_<scale>` (created, migrated and filled with
`giamsat demo-data` once; reused afterwards unless --fresh). Measured in process first: query counts, the
time of each page beside the time of the bare SQL it runs (the floor), the monthly report, and the status
history's figures of issue 14 (bench/status.py: the uncached overview, the 12-month trend, the status list).
Then one gunicorn on 127.0.0.1 for the scale (bench/probe_wsgi.py: the application with a header naming the
worker), Locust for every page scenario, and two scenarios about writes: "write-load", the leaders' overview
read by WRITE_LOAD_CLIENTS Locust clients while reports are submitted, approved and accepted
(bench/locustfile.py, Writer), and "freshness", 1,000 writes each read at once through another request
(bench/freshness.py).

Clients: without --clients, each page scenario runs at the 10 clients its p95 target is set for (TARGETS; a
scenario with no target at a scale does not run there) and "submit" also at 50 clients (every submission
accepted and counted, none lost); --clients runs every page scenario at each number given.

bench/results.json is written after every step, so a run that fails keeps what it measured before, with the
failed step and its error under "failed"; the "Load" section of docs/performance.md is written from it at the
end of a run that completes (bench/report.py rewrites it from the file alone). With --only, only the scenarios
named run (no in-process figures unless a page scenario is named) and their figures are merged into the
existing results, each of the two write scenarios with its own command and machine line.
"""

import argparse
import contextlib
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
# Elsewhere for a trial run that must leave the committed figures alone.
RESULTS = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results.json"))
PERFORMANCE = Path(os.environ.get("BENCH_PERFORMANCE", ROOT / "docs" / "performance.md"))
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


def call(cmd: list[str], env: dict | None = None, *, echo: bool = False) -> str:
    """Run a command and return its standard output. When it fails, its command, exit status, standard error and
    the end of its output are printed before raising, so that the cause is in the log of the run."""
    if echo:
        print("$", " ".join(cmd), flush=True)
    out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode:
        print(f"FAILED (exit status {out.returncode}): {' '.join(cmd)}", file=sys.stderr, flush=True)
        if out.stderr.strip():
            print("--- its standard error:", out.stderr.rstrip()[-6000:], sep="\n", file=sys.stderr, flush=True)
        if out.stdout.strip():
            print("--- the end of its output:", out.stdout.rstrip()[-2000:], sep="\n", file=sys.stderr, flush=True)
        raise subprocess.CalledProcessError(out.returncode, cmd, out.stdout, out.stderr)
    return out.stdout


def last_json(stdout: str) -> dict:
    """The one JSON line a benchmark script prints last."""
    return json.loads(stdout.strip().splitlines()[-1])


def psql(sql: str, database: str = "postgres") -> str:
    return call(["psql", f"{PG}/{database}", "-tAc", sql]).strip()


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
    call([str(BIN / "giamsat"), "migrate", "--noinput", "-v", "0"], env, echo=True)
    call([str(BIN / "giamsat"), "collectstatic", "--noinput", "-v", "0"], env, echo=True)
    if not exists:
        call([str(BIN / "giamsat"), "load_registry"], env, echo=True)
        started = time.perf_counter()
        print(call([str(BIN / "giamsat"), "demo-data", "--scale", scale], env, echo=True), end="", flush=True)
        info["generation_seconds"] = round(time.perf_counter() - started, 1)
    return info


SUBMITTED = (
    "select count(*) from reporting_progressreport where work_done like 'bench-submit%' and status = 'submitted'"
)


def bench_sql(scale: str, sql: str) -> str:
    return psql(sql, f"giamsat_bench_{scale}")


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
    cmd = [
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
    ]
    return last_json(call(cmd, env_for(scale)))


def forget_writes(scale: str, *prefixes: str) -> dict:
    """Delete what the write scenarios wrote, those of `prefixes` only when named (bench/forget.py: the reports move
    statuses, so they go through the ORM), so that every run and every scenario starts from the same data and the
    same pool of unreported tasks."""
    return last_json(call([str(BIN / "python"), str(ROOT / "bench" / "forget.py"), *prefixes], env_for(scale)))


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
    """FRESHNESS_PROBES writes, each read at once through another request (bench/freshness.py), on the gunicorn
    whose responses name the worker that served them (bench/probe_wsgi.py).

    The probe's report writes take unreported tasks of the fixtures' pool, the pool the "submit" and "write-load"
    scenarios of the same run have just written on: their reports are forgotten first, so the probe has the whole
    pool. At province scale it holds about 610 (agency, task) pairs, of which only about half can show a report's change
    (the others are done or recurring) while 1,000 probes need 250: the probe used to leave out the write-load
    writers' agencies (177 pairs) and ran out after 922 probes ("no unreported task left"). If the pool still runs
    out, the probe stops with the probes it made and says so ("pool_exhausted"); the output and the report state the
    number beside the 1,000 of the target."""
    forget_writes(scale, "bench-submit", "bench-write")
    cmd = [
        str(BIN / "python"),
        str(ROOT / "bench" / "freshness.py"),
        "--host",
        f"http://127.0.0.1:{PORT}",
        "--probes",
        str(FRESHNESS_PROBES),
    ]
    figures = last_json(call(cmd, env_for(scale)))
    figures["command"], figures["machine"] = command, machine()
    print(scale, "freshness", figures, flush=True)
    if figures["probes"] < FRESHNESS_PROBES:
        print(
            f"NOTE {scale} freshness: {figures['probes']:,} probes of the {FRESHNESS_PROBES:,} asked for: the pool of "
            f"unreported tasks ran out ({figures['report_pool']:,} (agency, task) pairs, {figures['tasks_skipped']:,} "
            "of them done or recurring)",
            flush=True,
        )
    return figures


def runs_for(scale: str, scenarios: list[str], clients: list[int] | None, named: bool) -> list[tuple[str, int]]:
    """(scenario, clients) of the Locust runs: every scenario at each of `clients` when given; else the 10 clients
    of each scenario's p95 target at the scale (all the scenarios when they were named with --only) and
    "submit" also at 50 clients (every submission accepted and counted, none lost)."""
    if clients:
        return [(scenario, n) for scenario in scenarios for n in clients]
    runs = [(scenario, 10) for scenario in scenarios if named or scenario in TARGETS[scale]]
    return runs + [("submit", 50)] if "submit" in scenarios else runs


def measure_load(scale: str, scenario: str, clients: int, duration: int, server: subprocess.Popen) -> dict:
    """One Locust run on the running server."""
    if scenario == "submit":
        forget_submissions(scale)
    figures = locust(scale, scenario, clients, duration)
    figures["worker_rss_mb"] = worker_rss_mb(server)
    if scenario == "submit":  # count them afterwards: every accepted submission is in the database
        figures["submitted_in_database"] = int(bench_sql(scale, SUBMITTED))
        figures["lost"] = figures["requests"] - figures["failures"] - figures["submitted_in_database"]
    print(scale, scenario, clients, figures, flush=True)
    return figures


def in_process(scale: str, *, fixtures_only: bool = False) -> dict:
    env = env_for(scale)
    env["ALLOWED_HOSTS"] += ",testserver"  # Django's test client, in process
    cmd = [str(BIN / "python"), str(ROOT / "bench" / "pages.py"), *(["--fixtures-only"] if fixtures_only else [])]
    return last_json(call(cmd, env))


def status_history(scale: str) -> dict:
    """bench/status.py: the uncached overview, the 12-month trend and the status list, in process (issue 14)."""
    return json.loads(call([str(BIN / "python"), str(ROOT / "bench" / "status.py"), "--scale", scale], env_for(scale)))


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


def save(results: dict) -> None:
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")


@contextlib.contextmanager
def step(results: dict, scale: str, name: str):
    """One step of the run: its time kept with the scale's figures and the results saved after it; a step that fails
    is recorded under "failed" (the figures measured before it stay) and the run stops."""
    print(f"== {scale}: {name}", flush=True)
    started = time.perf_counter()
    try:
        yield
    except BaseException as error:
        results["failed"] = {"scale": scale, "step": name, "error": f"{type(error).__name__}: {error}"[:2000]}
        save(results)
        raise
    results["scales"][scale].setdefault("step_seconds", {})[name] = round(time.perf_counter() - started, 1)
    save(results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", nargs="+", default=["province", "nation"], choices=list(REDIS_DB))
    parser.add_argument(
        "--clients", nargs="+", type=int, help="every page scenario at each (default: the 10 of the targets)"
    )
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
    started = time.perf_counter()
    if args.only and RESULTS.exists():  # a partial run: the other figures stay as they were measured
        results = json.loads(RESULTS.read_text())
        results.pop("failed", None)
    else:
        results = {"machine": machine(), "command": command, "complete": False, "scales": {}}
    for scale in args.scales:
        info = results["scales"].setdefault(scale, {})
        with step(results, scale, "prepare"):
            info.update(prepare(scale, args.fresh))
            # Every run starts from the same data: the reports of an earlier run's write scenarios and submissions
            # would shrink the pools of unreported tasks the fixtures draw.
            info["forgotten_writes"] = forget_writes(scale)
        if page_scenarios:
            with step(results, scale, "pages in process"):
                info["pages"] = in_process(scale)
            with step(results, scale, "status history in process"):
                info["status_history"] = status_history(scale)
                print(scale, "status history", info["status_history"], flush=True)
        else:
            with step(results, scale, "fixtures"):
                in_process(scale, fixtures_only=True)
        if not page_scenarios and not set(WRITE_SCENARIOS) & set(chosen):
            continue
        server = start_server(scale, app="probe_wsgi:application")  # one server for every scenario of the scale
        try:
            for scenario, clients in runs_for(scale, page_scenarios, args.clients, bool(args.only)):
                with step(results, scale, f"{scenario}@{clients}"):
                    figures = measure_load(scale, scenario, clients, args.duration, server)
                    info.setdefault("load", {})[f"{scenario}@{clients}"] = figures
            if "write-load" in chosen:
                with step(results, scale, "write-load"):
                    info["write_load"] = write_load(scale, args.duration, server, command)
            if "freshness" in chosen:
                with step(results, scale, "freshness"):
                    info["freshness"] = freshness(scale, command)
        finally:
            stop_server(server)
    results["complete"] = True
    results["seconds"] = round(time.perf_counter() - started)
    save(results)
    from report import write_performance  # bench/report.py

    write_performance(results, PERFORMANCE, TARGETS)
    print(f"wrote {RESULTS} and {PERFORMANCE} in {results['seconds'] / 60:.0f} min")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
