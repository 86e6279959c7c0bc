"""One Locust run: a scenario at a number of clients for a duration; prints one JSON line of figures.

Run by bench/load.py (which starts the server and prepares var/bench-<scale>/fixtures.json through
bench/pages.py); not a test. Clients loop without pause (closed loop): the figures are the latency and
throughput the server gives under that concurrency. The load generator shares the server's two cores,
so every scenario uses Locust's FastHttpUser (geventhttpclient, several times less CPU a request than
python-requests); the submission sends its multipart body as bytes.
"""

import argparse
import json
import os
import random
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, constant_throughput, events, task
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
    user.csrf = session.cookies.get("csrftoken")  # rotated by the sign-in: the one the forms must carry
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


BOUNDARY = "giamsat-bench-boundary"


def multipart(fields: dict, file_field: str, file_name: str, content: bytes) -> bytes:
    """A multipart/form-data body: the report's fields and one file (FastHttpUser sends bytes as they are)."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{file_name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


class Submit(FastHttpUser):
    """An agency system sends a month's report: one multipart POST with the report, a small PDF as evidence,
    submitted to the agency head (POST /api/v1/reports/send/)."""

    wait_time = constant(0)

    @task
    def submit(self):
        if not POOL:
            raise StopUser  # every task of the pool submitted: this client is done
        item = POOL.pop()
        body = multipart(
            {
                "task": item["task"],
                "period": FIXTURES["period"],
                "state": "in_progress",
                "progress_percent": 60,
                "work_done": "bench-submit: đã triển khai",
                "evidence_description": "Biên bản",
            },
            "file",
            "bien-ban.pdf",
            PDF,
        )
        with self.client.post(
            "/api/v1/reports/send/",
            data=body,
            headers={
                "Authorization": f"Bearer {item['token']}",
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            },
            name="submit",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")


# --- "write-load": the leaders' overview read while reports are submitted and accepted ------------------------

WRITERS = 10  # one per agency (its head approves in the browser), so the head signs in once
WRITES_PER_SECOND = float(os.environ.get("BENCH_WRITES_PER_SECOND", "5"))  # report flows a second, all writers
_by_agency: dict[int, list] = {}
for _item in FIXTURES.get("writes", []):
    _by_agency.setdefault(_item["agency"], []).append(_item)
# The agencies with the most unreported tasks write, from the front of their lists; bench/load.py forgets these
# reports before the freshness probe, which takes the whole pool from its end (bench/freshness.py).
WRITER_AGENCIES = sorted(_by_agency, key=lambda agency: (-len(_by_agency[agency]), agency))[:WRITERS]
WRITTEN = {"flows": 0}  # report flows completed (submitted, approved, accepted) since the measurement began


class Writer(FastHttpUser):
    """An agency writes a month's report and it goes all the way: the agency system sends it (the "submit"
    scenario's request: report + PDF, submitted), the agency head approves it in the browser (the report form's
    "Duyệt" button), the standing office accepts it through the API (POST /api/v1/reviews/). Each writer paces
    itself to WRITES_PER_SECOND / WRITERS flows a second."""

    fixed_count = WRITERS
    wait_time = constant_throughput(WRITES_PER_SECOND / WRITERS)
    signs_in = True
    headers: dict = {}
    csrf = ""
    started = 0

    def on_start(self):
        agency = WRITER_AGENCIES[Writer.started % len(WRITER_AGENCIES)]
        Writer.started += 1
        self.items = list(_by_agency[agency])
        sign_in(self, self.items[0]["head"])

    @task
    def flow(self):
        if not self.items:
            raise StopUser  # every unreported task of this agency written
        item = self.items.pop(0)
        body = multipart(
            {
                "task": item["task"],
                "period": FIXTURES["period"],
                "state": "in_progress",
                "progress_percent": 60,
                "work_done": "bench-write: đã triển khai",
                "evidence_description": "Biên bản",
            },
            "file",
            "bien-ban.pdf",
            PDF,
        )
        with self.client.post(
            "/api/v1/reports/send/",
            data=body,
            headers={
                "Authorization": f"Bearer {item['token']}",
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            },
            name="write_send",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return
            report_id = response.json()["id"]
        with self.client.post(
            f"/bao-cao/nhiem-vu/{item['task']}/",
            data=f"csrfmiddlewaretoken={self.csrf}&action=approve".encode(),
            headers={**self.headers, "Content-Type": "application/x-www-form-urlencoded"},
            allow_redirects=False,
            name="write_approve",
            catch_response=True,
        ) as response:
            if response.status_code != 302:  # the form answers 200 with its error message when it refuses
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return
        with self.client.post(
            "/api/v1/reviews/",
            json={"report": report_id, "decision": "accepted"},
            headers={"Authorization": f"Bearer {FIXTURES['office_token']}"},
            name="write_accept",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return
        WRITTEN["flows"] += 1


USERS = {
    "dashboard": Dashboard,
    "task_list": TaskList,
    "task_detail": TaskDetail,
    "my_tasks": MyTasks,
    "portal": Portal,
    "api_tasks": ApiTasks,
    "submit": Submit,
    "write_load": Dashboard,  # with WRITERS Writer users beside the clients
}


def percentiles(entry) -> dict:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "p50": entry.get_response_time_percentile(0.50),
        "p95": entry.get_response_time_percentile(0.95),
        "p99": entry.get_response_time_percentile(0.99),
        "max": round(entry.max_response_time or 0),
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
    writing = args.scenario == "write_load"
    classes = [USERS[args.scenario], Writer] if writing else [USERS[args.scenario]]
    users = args.clients + (WRITERS if writing else 0)
    env = Environment(user_classes=classes, host=args.host, events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    signs_in = getattr(USERS[args.scenario], "signs_in", False)
    waited = time.perf_counter()
    while signs_in and READY["users"] < users and time.perf_counter() - waited < 600:
        gevent.sleep(0.2)  # every client signed in before measuring (50 sign-ins take a while)
    # Warm-up: every client's first response (the first one after a change of the data computes the cached
    # figures: seconds at nation scale), then 3 s more, before measuring.
    while (
        args.scenario != "submit" and env.stats.total.num_requests < args.clients and time.perf_counter() - waited < 900
    ):
        gevent.sleep(0.2)
    gevent.sleep(0 if args.scenario == "submit" else 3)
    env.stats.reset_all()
    WRITTEN["flows"] = 0
    started = time.perf_counter()
    # Submissions run until the pool is used up and every client has finished its last flow, so that the
    # database can be counted against the flows that succeeded; the other scenarios run for the duration.
    limit = 600 if args.scenario == "submit" else args.duration
    while time.perf_counter() - started < limit and runner.user_count:
        gevent.sleep(0.2)
    elapsed = time.perf_counter() - started
    flows = WRITTEN["flows"]
    runner.quit()
    name = "dashboard" if writing else args.scenario
    entry = env.stats.get(name, "POST" if args.scenario == "submit" else "GET")
    figures = {
        **percentiles(entry),
        "rps": round(entry.num_requests / elapsed, 1) if elapsed else 0,
        "errors": sum(e.occurrences for e in env.stats.errors.values()),
    }
    if writing:
        figures["seconds"] = round(elapsed, 1)
        figures["flows_completed"] = flows
        figures["flows_per_second"] = round(flows / elapsed, 2) if elapsed else 0
        figures["writers"] = WRITERS
        figures["target_flows_per_second"] = WRITES_PER_SECOND
        figures["writes"] = {
            step: percentiles(env.stats.get(f"write_{step}", "POST")) for step in ("send", "approve", "accept")
        }
        figures["error_messages"] = [f"{e.name}: {e.error} ×{e.occurrences}" for e in env.stats.errors.values()][:5]
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
