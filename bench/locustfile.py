"""One Locust run: a scenario at a number of clients for a duration; prints one JSON line of figures.

Run by bench/load.py (which starts the server and prepares var/bench-<scale>/fixtures.json through
bench/pages.py); not a test. Clients loop without pause (closed loop): the figures are the latency and
throughput the server gives under that concurrency. The load generator shares the server's two cores,
so the page scenarios use Locust's FastHttpUser (geventhttpclient, several times less CPU a request than
python-requests); the submission flow, which uploads a file, keeps HttpUser.
"""

import argparse
import json
import os
import random
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, HttpUser, constant, events, task
from locust.env import Environment
from locust.exception import StopUser

PASSWORD = "GiamSat57@demo"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FIXTURES = json.loads((Path(os.environ["GIAMSAT_VAR_DIR"]) / "fixtures.json").read_text())
QUERY = os.environ.get("BENCH_QUERY", FIXTURES.get("query", "chuyen doi so"))


READY = {"users": 0}  # clients that have signed in (a sign-in hashes a password: about a second of CPU)


def sign_in(user: "Scenario", username: str) -> None:
    """Sign in through the login form (python-requests, outside the measurement); the page requests then
    carry the session cookie."""
    import requests  # imported here, after locust has patched ssl for gevent (imported first, it recurses)

    session = requests.Session()
    login = f"{user.host}/tai-khoan/dang-nhap/"
    session.get(login, timeout=60)
    session.post(
        login,
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies.get("csrftoken")},
        headers={"Referer": login},
        timeout=60,
    ).raise_for_status()
    if "sessionid" not in session.cookies:
        raise RuntimeError(f"sign-in failed for {username}")
    user.headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in session.cookies.items())}
    READY["users"] += 1


class Scenario(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    headers: dict = {}


class Dashboard(Scenario):
    signs_in = True

    def on_start(self):
        sign_in(self, FIXTURES["leader"])

    @task
    def page(self):
        self.client.get("/giam-sat/tong-quan/", name="dashboard", headers=self.headers)


class TaskList(Scenario):
    signs_in = True

    def on_start(self):
        sign_in(self, FIXTURES["office"])

    @task
    def page(self):
        url = f"/nhiem-vu/?scope=all&status=overdue&q={QUERY.replace(' ', '+')}"
        self.client.get(url, name="task_list", headers=self.headers)


class TaskDetail(Scenario):
    signs_in = True

    def on_start(self):
        sign_in(self, FIXTURES["office"])

    @task
    def page(self):
        task_id = random.choice(FIXTURES["task_ids"])  # noqa: S311
        self.client.get(f"/nhiem-vu/{task_id}/", name="task_detail", headers=self.headers)


class MyTasks(Scenario):
    signs_in = True

    def on_start(self):
        sign_in(self, random.choice(FIXTURES["officers"]))  # noqa: S311

    @task
    def page(self):
        self.client.get("/nhiem-vu/", name="my_tasks", headers=self.headers)


class Portal(Scenario):
    @task(3)
    def index(self):
        self.client.get("/cong-khai/", name="portal")

    @task(1)
    def search(self):
        self.client.get(f"/cong-khai/?q={QUERY.replace(' ', '+')}", name="portal")


class ApiTasks(Scenario):
    @task
    def page(self):
        self.client.get(
            f"/api/v1/tasks/?page_size=50&page={random.randint(1, 10)}",  # noqa: S311
            headers={"Authorization": f"Bearer {FIXTURES['office_token']}"},
            name="api_tasks",
        )


POOL = list(FIXTURES["submissions"])
random.shuffle(POOL)


class Submit(HttpUser):
    """An agency system sends a report: draft, a small PDF as evidence, submit. Timed as one 'submit'."""

    wait_time = constant(0)

    @task
    def submit(self):
        if not POOL:
            raise StopUser  # every task of the pool submitted: this client is done
        item = POOL.pop()
        auth = {"Authorization": f"Bearer {item['token']}"}
        started = time.perf_counter()
        error = None
        try:
            created = self.client.post(
                "/api/v1/reports/",
                json={
                    "task": item["task"],
                    "period": FIXTURES["period"],
                    "state": "in_progress",
                    "progress_percent": 60,
                    "work_done": "bench-submit: đã triển khai",
                },
                headers=auth,
                name="submit: draft",
            )
            created.raise_for_status()
            report = created.json()["id"]
            self.client.post(
                f"/api/v1/reports/{report}/evidence/",
                files={"file": ("bien-ban.pdf", PDF, "application/pdf")},
                data={"description": "Biên bản"},
                headers=auth,
                name="submit: evidence",
            ).raise_for_status()
            self.client.post(f"/api/v1/reports/{report}/submit/", headers=auth, name="submit: send").raise_for_status()
        except Exception as exc:  # any failure of the flow counts as one failed submission
            error = exc
        events.request.fire(
            request_type="FLOW",
            name="submit",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0,
            exception=error,
            context={},
        )


USERS = {
    "dashboard": Dashboard,
    "task_list": TaskList,
    "task_detail": TaskDetail,
    "my_tasks": MyTasks,
    "portal": Portal,
    "api_tasks": ApiTasks,
    "submit": Submit,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--scenario", choices=USERS, required=True)
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--submissions", type=int, default=500, help="report flows in a submission run")
    args = parser.parse_args()
    del POOL[args.submissions :]
    env = Environment(user_classes=[USERS[args.scenario]], host=args.host, events=events)
    runner = env.create_local_runner()
    runner.start(args.clients, spawn_rate=args.clients)
    signs_in = getattr(USERS[args.scenario], "signs_in", False)
    waited = time.perf_counter()
    while signs_in and READY["users"] < args.clients and time.perf_counter() - waited < 600:
        gevent.sleep(0.2)  # every client signed in before measuring (50 sign-ins take a while)
    # Warm-up: every client's first response (the first one after a change of the data computes the cached
    # figures: seconds at nation scale), then 3 s more, before measuring.
    while (
        args.scenario != "submit" and env.stats.total.num_requests < args.clients and time.perf_counter() - waited < 900
    ):
        gevent.sleep(0.2)
    gevent.sleep(0 if args.scenario == "submit" else 3)
    env.stats.reset_all()
    started = time.perf_counter()
    # Submissions run until the pool is used up and every client has finished its last flow, so that the
    # database can be counted against the flows that succeeded; the other scenarios run for the duration.
    limit = 600 if args.scenario == "submit" else args.duration
    while time.perf_counter() - started < limit and runner.user_count:
        gevent.sleep(0.2)
    elapsed = time.perf_counter() - started
    runner.quit()
    entry = env.stats.get(args.scenario, "FLOW" if args.scenario == "submit" else "GET")
    figures = {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": round(entry.num_requests / elapsed, 1) if elapsed else 0,
        "p50": entry.get_response_time_percentile(0.50),
        "p95": entry.get_response_time_percentile(0.95),
        "p99": entry.get_response_time_percentile(0.99),
        "max": round(entry.max_response_time or 0),
        "errors": sum(e.occurrences for e in env.stats.errors.values()),
    }
    if args.scenario == "submit":
        figures["steps"] = {
            name: env.stats.get(name, "POST").get_response_time_percentile(0.95)
            for name in ("submit: draft", "submit: evidence", "submit: send")
        }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
