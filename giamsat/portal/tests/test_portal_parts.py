"""Tasks and parts on the public portal: a task led by several agencies says how many of their parts are done
("2/3 cơ quan chủ trì đã hoàn thành") on the list, the agency page and the task page, and the open data carries
`parts_done` and `parts_total`; a task with one lead agency shows no share."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from giamsat.agencies.models import Agency
from giamsat.directives.choices import AssignmentRole, Confidentiality
from giamsat.directives.tests.factories import TaskAssignmentFactory, task_led_by
from giamsat.monitoring.choices import TaskStatus
from giamsat.portal.selectors import OPEN_DATA_FIELDS, open_data_rows
from giamsat.reporting.choices import ReportStatus, ReviewDecision
from giamsat.reporting.tests.factories import ProgressReportFactory, ReviewFactory

pytestmark = pytest.mark.django_db

SHARED_TITLE = "Xây dựng kho dữ liệu dùng chung của tỉnh"
SINGLE_TITLE = "Số hóa hồ sơ lưu trữ lịch sử"
SHARE = "2/3 cơ quan chủ trì đã hoàn thành"


def completed(task, agency):
    """The agency's completion report on the task, accepted by the standing office: its part is done."""
    report = ProgressReportFactory(
        task=task,
        agency=agency,
        state="completed",
        progress_percent=100,
        delivered_on=datetime.date(2026, 5, 10),
        status=ReportStatus.ACCEPTED,
    )
    ReviewFactory(report=report, decision=ReviewDecision.ACCEPTED)
    return report


@pytest.fixture
def parts(agency_skhcn, agency_finance):
    home_affairs = Agency.objects.get(name="Sở Nội vụ")
    shared = task_led_by(agency_skhcn, confidentiality=Confidentiality.PUBLIC, title=SHARED_TITLE)
    for agency in (agency_finance, home_affairs):
        TaskAssignmentFactory(task=shared, agency=agency, role=AssignmentRole.LEAD)
    completed(shared, agency_skhcn)
    completed(shared, agency_finance)
    single = task_led_by(agency_skhcn, confidentiality=Confidentiality.PUBLIC, title=SINGLE_TITLE)
    completed(single, agency_skhcn)
    return {"shared": shared, "single": single, "skhcn": agency_skhcn, "home_affairs": home_affairs}


def share_lines(html: str) -> list[str]:
    """The text of each share line on a page."""
    found = []
    for chunk in html.split('data-testid="parts-share">')[1:]:
        found.append(chunk.split("</", 1)[0].strip())
    return found


def row_of(html: str, title: str) -> str:
    """The table row of the task with this title."""
    (row,) = [row for row in html.split("<tr>") if title in row]
    return row


class PortalPartsShareTests:
    def test_the_list_shows_the_share_of_a_multi_lead_task_only(self, client, parts):
        page = client.get(reverse("portal:index")).content.decode()
        assert share_lines(row_of(page, SHARED_TITLE)) == [SHARE]
        assert share_lines(row_of(page, SINGLE_TITLE)) == []
        assert share_lines(page) == [SHARE]
        assert "Hoàn thành đúng hạn" in row_of(page, SINGLE_TITLE)  # the single-lead task is done…
        assert "Hoàn thành" not in row_of(page, SHARED_TITLE)  # …the shared one is not: one part is left

    def test_the_agency_page_shows_the_share_of_the_whole_task(self, client, parts):
        # Sở Nội vụ has not done its part; its page still shows the task's share, not its own part.
        page = client.get(reverse("portal:agency_detail", args=[parts["home_affairs"].pk])).content.decode()
        assert share_lines(row_of(page, SHARED_TITLE)) == [SHARE]
        page = client.get(reverse("portal:agency_detail", args=[parts["skhcn"].pk])).content.decode()
        assert share_lines(row_of(page, SHARED_TITLE)) == [SHARE]
        assert share_lines(row_of(page, SINGLE_TITLE)) == []

    def test_the_task_page_shows_the_share_of_a_multi_lead_task_only(self, client, parts):
        page = client.get(reverse("portal:task_detail", args=[parts["shared"].pk])).content.decode()
        assert share_lines(page) == [SHARE]
        page = client.get(reverse("portal:task_detail", args=[parts["single"].pk])).content.decode()
        assert share_lines(page) == []
        assert "cơ quan chủ trì đã hoàn thành" not in page

    def test_the_share_is_translated(self, client, parts):
        client.cookies["django_language"] = "en"
        page = client.get(reverse("portal:task_detail", args=[parts["shared"].pk]))
        assert share_lines(page.content.decode()) == ["2/3 lead agencies done"]


class OpenDataPartsTests:
    def test_rows_carry_parts_done_and_parts_total(self, parts):
        rows = {row["title"]: row for row in open_data_rows(as_of=timezone.localdate())}
        shared, single = rows[SHARED_TITLE], rows[SINGLE_TITLE]
        assert (shared["parts_done"], shared["parts_total"]) == (2, 3)
        assert shared["status"] not in (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)
        assert (single["parts_done"], single["parts_total"]) == (1, 1)
        assert single["status"] == TaskStatus.DONE_ON_TIME

    def test_the_new_fields_come_last_in_json_and_csv(self, client, parts):
        assert OPEN_DATA_FIELDS[-2:] == ["parts_done", "parts_total"]
        assert OPEN_DATA_FIELDS[-3] == "public_evidence_count"  # earlier columns keep their places
        data = json.loads(client.get(reverse("portal:open_data", args=["json"])).content)
        assert data["fields"] == OPEN_DATA_FIELDS
        (row,) = [t for t in data["tasks"] if t["title"] == SHARED_TITLE]
        assert (row["parts_done"], row["parts_total"]) == (2, 3)
        response = client.get(reverse("portal:open_data", args=["csv"]))
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert list(rows[0].keys()) == OPEN_DATA_FIELDS
        (row,) = [r for r in rows if r["title"] == SHARED_TITLE]
        assert (row["parts_done"], row["parts_total"]) == ("2", "3")
        (row,) = [r for r in rows if r["title"] == SINGLE_TITLE]
        assert (row["parts_done"], row["parts_total"]) == ("1", "1")
