"""Freshness probe: a write through one gunicorn worker, then at once a read that must show it, through another
request on a new connection. Prints one JSON line. Run by bench/load.py (which starts gunicorn with
bench/probe_wsgi.py, the application unchanged but naming the worker's process id in an X-Bench-Worker header, so
that every read is known to have been served by the writer's worker or another one).

Two kinds of change, alternating, each read where the pages cache their bodies (keyed on the data versions):
- **confidentiality**: the standing office switches a task between public and secret with the task form
  (/nhiem-vu/<id>/sua/); read: the public portal's first page (/cong-khai/, anonymous), the same body for every
  visitor, cached. The ten tasks switched are the first ten that page lists, so a public one is on it and a secret
  one must not be. Each task is switched an even number of times: they end public, as found.
- **report**: an agency system sends a completion report (POST /api/v1/reports/send/, the "submit" scenario's
  request with state "completed"); read: the standing office's task page (cached body), whose agency part must now
  say "Chờ xác nhận". Then the head approves (the report form) and the standing office accepts
  (POST /api/v1/reviews/); read: the part must say "Hoàn thành ...". Two probes a task, on the fixtures' pool of
  unreported (agency, task) pairs, from its end; a task whose part is already done, waiting or recurring is skipped
  (it could not show the change). bench/load.py forgets the reports of the "submit" and "write-load" scenarios
  before this probe runs, so the whole pool is unreported again (at province scale the probe needs most of it).
  When the pool runs out before the probes asked for, the probe stops there and says so ("pool_exhausted",
  "probes_requested"): fewer probes, stated, rather than no figures.

Nothing waits between a write's response and its read. Every request opens its own connection (gunicorn's sync
workers close each connection after one response anyway), so which worker serves it is up to the kernel.
"""

import argparse
import html
import http.client
import json
import os
import re
import statistics
import sys
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import requests

PASSWORD = "GiamSat57@demo"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BOUNDARY = "giamsat-bench-boundary"
VAR = Path(os.environ["GIAMSAT_VAR_DIR"])
FIXTURES = json.loads((VAR / "fixtures.json").read_text())
PENDING = "Chờ xác nhận"
DONE = ("Hoàn thành đúng hạn", "Hoàn thành quá hạn")
NOT_PROBED = (PENDING, *DONE, "Thường xuyên")  # states a report could not visibly move to the next one


class Server:
    def __init__(self, base: str):
        parsed = urllib.parse.urlsplit(base)
        self.base, self.host, self.port = base, parsed.hostname, parsed.port

    def request(self, method: str, path: str, *, headers: dict | None = None, body: bytes | None = None):
        """One request on a new connection: (status, worker pid, text, ms)."""
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=300)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        return response.status, response.getheader("X-Bench-Worker"), text, (time.perf_counter() - started) * 1000

    def sign_in(self, username: str) -> tuple[dict, str]:
        """The session cookie header and the CSRF token of a user signed in through the login form."""
        session = requests.Session()
        login = f"{self.base}/tai-khoan/dang-nhap/"
        session.get(login, timeout=60)
        session.post(
            login,
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies.get("csrftoken")},
            headers={"Referer": login},
            timeout=60,
        ).raise_for_status()
        if "sessionid" not in session.cookies:
            raise RuntimeError(f"sign-in failed for {username}")
        cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
        return {"Cookie": cookie}, session.cookies.get("csrftoken")


class FormFields(HTMLParser):
    """The fields of the page's own POST form as a browser would send them unchanged (selects: select_values)."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post" and not a.get("action"):
            self._in_form = True  # the page's own form (the language switch posts elsewhere)
        if not self._in_form or not a.get("name"):
            return
        if tag == "input" and a.get("type", "text") not in ("submit", "button", "file", "checkbox", "radio"):
            self.fields.append((a["name"], a.get("value") or ""))
        elif tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self.fields.append((a["name"], a.get("value") or "on"))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields.append((a["name"], ""))
        elif tag == "select":
            self._select = a["name"]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def select_values(page: str) -> dict[str, str]:
    """The selected option of each <select> (HTMLParser above skips them: simpler here)."""
    chosen = {}
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*\bselected\b', body)
        if selected:
            chosen[name] = html.unescape(selected.group(1))
    return chosen


def part_status(page: str, agency: int) -> str:
    """The agency part's status label on the task page: its row in the parts table, or the task's own status
    when the task has one part."""
    row = re.search(rf'<tr data-agency-id="{agency}">(.*?)</tr>', page, re.S)
    where = row.group(1) if row else (re.search(r'data-testid="task-status">(.*?)</p>', page, re.S) or [""])[0]
    labels = (PENDING, *DONE, "Thường xuyên", "Đang thực hiện – trong hạn", "Đang thực hiện – quá hạn")
    return next((label for label in labels if label in where), "?")


def multipart(fields: dict, content: bytes) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bien-ban.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


class Probe:
    def __init__(self, server: Server):
        self.server = server
        self.office, self.office_csrf = server.sign_in(FIXTURES["office"])
        self.heads: dict[str, tuple[dict, str]] = {}
        self.probes: list[dict] = []
        self.skipped = 0
        self.failures: list[str] = []
        page = server.request("GET", "/cong-khai/")[2]
        listed = list(dict.fromkeys(int(i) for i in re.findall(r'href="/cong-khai/nhiem-vu/(\d+)/"', page)))
        self.switched = listed[:10]
        self.public = dict.fromkeys(self.switched, True)
        (VAR / "freshness-tasks.json").write_text(json.dumps(self.switched))  # bench/forget.py restores them
        self.reports = list(reversed(FIXTURES["writes"]))
        self.pool = len(self.reports)

    def record(self, kind: str, write: tuple, read: tuple, fresh: bool, detail: str) -> None:
        self.probes.append(
            {
                "kind": kind,
                "fresh": fresh,
                "other_worker": write[1] != read[1],
                "workers": (write[1], read[1]),
                "write_ms": write[3],
                "read_ms": read[3],
                "detail": detail,
            }
        )

    def confidentiality(self, n: int) -> None:
        task = self.switched[n % len(self.switched)]
        form_page = self.server.request("GET", f"/nhiem-vu/{task}/sua/", headers=self.office)[2]
        parser = FormFields()
        parser.feed(form_page)
        fields = dict(parser.fields)
        fields.update(select_values(form_page))
        to = "secret" if self.public[task] else "public"
        fields["confidentiality"] = to
        body = urllib.parse.urlencode(fields).encode()
        headers = {**self.office, "Content-Type": "application/x-www-form-urlencoded"}
        write = self.server.request("POST", f"/nhiem-vu/{task}/sua/", headers=headers, body=body)
        read = self.server.request("GET", "/cong-khai/")  # at once, on a new connection
        if write[0] != 302:
            self.failures.append(f"task {task} -> {to}: {write[0]} {write[2][:300]}")
            return
        self.public[task] = to == "public"
        listed = f'href="/cong-khai/nhiem-vu/{task}/"' in read[2]
        fresh = read[0] == 200 and listed == self.public[task]
        self.record("confidentiality", write, read, fresh, f"task {task} {to}, listed={listed}")

    def head(self, username: str) -> tuple[dict, str]:
        if username not in self.heads:
            self.heads[username] = self.server.sign_in(username)
        return self.heads[username]

    def report(self) -> bool:
        """Two probes on the next usable task: submitted -> "Chờ xác nhận", accepted -> "Hoàn thành". False when
        no usable task is left in the pool."""
        while self.reports:
            item = self.reports.pop(0)
            task, agency = item["task"], item["agency"]
            before = part_status(self.server.request("GET", f"/nhiem-vu/{task}/", headers=self.office)[2], agency)
            if before not in NOT_PROBED and before != "?":
                break
            self.skipped += 1
        else:
            return False
        fields = {
            "task": task,
            "period": FIXTURES["period"],
            "state": "completed",
            "progress_percent": 100,
            "work_done": "bench-fresh: đã hoàn thành",
            "product": "Báo cáo kết quả",
            "delivered_on": time.strftime("%Y-%m-%d"),
            "evidence_description": "Biên bản",
        }
        write = self.server.request(
            "POST",
            "/api/v1/reports/send/",
            headers={
                "Authorization": f"Bearer {item['token']}",
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            },
            body=multipart(fields, PDF),
        )
        read = self.server.request("GET", f"/nhiem-vu/{task}/", headers=self.office)
        if write[0] != 201:
            self.failures.append(f"send task {task}: {write[0]} {write[2][:300]}")
            return True
        report_id = json.loads(write[2])["id"]
        seen = part_status(read[2], agency)
        self.record("report submitted", write, read, seen == PENDING, f"task {task} agency {agency}: {seen}")
        cookie, csrf = self.head(item["head"])
        approve = self.server.request(
            "POST",
            f"/bao-cao/nhiem-vu/{task}/",
            headers={**cookie, "Content-Type": "application/x-www-form-urlencoded"},
            body=f"csrfmiddlewaretoken={csrf}&action=approve".encode(),
        )
        if approve[0] != 302:
            self.failures.append(f"approve task {task}: {approve[0]} {approve[2][:300]}")
            return True
        write = self.server.request(
            "POST",
            "/api/v1/reviews/",
            headers={"Authorization": f"Bearer {FIXTURES['office_token']}", "Content-Type": "application/json"},
            body=json.dumps({"report": report_id, "decision": "accepted"}).encode(),
        )
        read = self.server.request("GET", f"/nhiem-vu/{task}/", headers=self.office)
        if write[0] != 201:
            self.failures.append(f"accept report {report_id}: {write[0]} {write[2][:300]}")
            return True
        seen = part_status(read[2], agency)
        self.record("report accepted", write, read, seen in DONE, f"task {task} agency {agency}: {seen}")
        return True


def summary(probes: list[dict]) -> dict:
    return {
        "probes": len(probes),
        "stale": sum(not p["fresh"] for p in probes),
        "read_by_another_worker": sum(p["other_worker"] for p in probes),
        "stale_read_by_another_worker": sum(not p["fresh"] and p["other_worker"] for p in probes),
        "write_ms_p50": round(statistics.median(p["write_ms"] for p in probes), 1) if probes else None,
        "read_ms_p50": round(statistics.median(p["read_ms"] for p in probes), 1) if probes else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--probes", type=int, default=1000)
    args = parser.parse_args()
    probe = Probe(Server(args.host))
    if probe.pool * 4 < args.probes:  # each pair gives at most four probes (two of them confidentiality switches)
        print(f"the pool has {probe.pool} pairs: at most {probe.pool * 4} probes of {args.probes}", file=sys.stderr)
    started = time.perf_counter()
    cycle = 0
    exhausted = False
    # Cycles of four probes: two confidentiality switches, then one report's two; the ten switched tasks get an
    # even number of switches each (50 in 1,000 probes) and end public. The run stops early when the report finds
    # no usable task left.
    while len(probe.probes) < args.probes and len(probe.failures) < 20:
        probe.confidentiality(2 * cycle)
        probe.confidentiality(2 * cycle + 1)
        if not probe.report():
            exhausted = True
            break
        cycle += 1
    for task in probe.switched:  # back to public if the run stopped early
        if not probe.public[task]:
            probe.confidentiality(probe.switched.index(task))
    kinds = sorted({p["kind"] for p in probe.probes})
    result = {
        **summary(probe.probes),
        "probes_requested": args.probes,
        "pool_exhausted": exhausted,
        "report_pool": probe.pool,
        "seconds": round(time.perf_counter() - started, 1),
        "kinds": {kind: summary([p for p in probe.probes if p["kind"] == kind]) for kind in kinds},
        "workers_seen": len({pid for p in probe.probes for pid in p["workers"]}),
        "tasks_skipped": probe.skipped,
        "failures": len(probe.failures),
        "failure_messages": probe.failures[:5],
        "stale_examples": [p["detail"] for p in probe.probes if not p["fresh"]][:10],
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
