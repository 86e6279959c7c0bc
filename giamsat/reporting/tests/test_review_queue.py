"""The standing office's review queue: what each row says (task, agency, period, who sent and approved it, when),
search, filters by agency, directive and period, and 50 a page."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from giamsat.accounts.choices import Role
from giamsat.accounts.tests.factories import UserFactory
from giamsat.directives.tests.factories import DirectiveFactory, task_led_by
from giamsat.reporting.tests.factories import ProgressReportFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def approved(task, agency, period, *, officer, head, day=10):
    sent = datetime.datetime(period.year, period.month, day, 9, 30, tzinfo=TZ)
    return ProgressReportFactory(
        task=task,
        agency=agency,
        period=period,
        status="approved",
        submitted_at=sent,
        submitted_by=officer,
        approved_at=sent + datetime.timedelta(hours=2),
        approved_by=head,
    )


@pytest.fixture
def queue(users, agency_skhcn, agency_finance):
    """Approved reports of two agencies, two directives and two periods."""
    users["officer"].first_name, users["officer"].last_name = "Lan", "Nguyễn Thị"
    users["officer"].save()
    users["head"].first_name, users["head"].last_name = "Minh", "Lê Văn"
    users["head"].save()
    finance_head = UserFactory(role=Role.AGENCY_HEAD, agency=agency_finance, first_name="Bình", last_name="Hoàng")
    plan = DirectiveFactory(number="21-KH/BCĐ", kind="plan")
    notice = DirectiveFactory(number="13-TB/CQTT")
    may, june = ReportingPeriodFactory(year=2026, month=5), ReportingPeriodFactory(year=2026, month=6)
    skhcn_task = task_led_by(agency_skhcn, directive=plan, ref="2", title="Xây dựng kho dữ liệu số dùng chung")
    finance_task = task_led_by(agency_finance, directive=notice, ref="4", title="Bố trí kinh phí chuyển đổi số")
    return {
        "skhcn": approved(skhcn_task, agency_skhcn, june, officer=users["officer"], head=users["head"]),
        "finance": approved(
            finance_task, agency_finance, may, officer=users["other_officer"], head=finance_head, day=12
        ),
        "plan": plan,
        "notice": notice,
        "may": may,
        "june": june,
    }


def reports(client, **params) -> list:
    response = client.get(reverse("reporting:review_queue"), params)
    assert response.status_code == 200
    return list(response.context["reports"])


class ReviewQueueTests:
    def test_each_row_names_the_task_agency_period_sender_and_approver(self, client, users, queue):
        client.force_login(users["standing_office"])
        content = client.get(reverse("reporting:review_queue")).content.decode()
        row = content.split(f'data-report-id="{queue["skhcn"].pk}"')[1].split("</tr>")[0]
        assert "21-KH/BCĐ · 2" in row and "Xây dựng kho dữ liệu số dùng chung" in row
        assert "Sở Khoa học và Công nghệ" in row and "06/2026" in row
        assert "Lan" in row and "10/06/2026 09:30" in row  # sent by the officer
        assert "Minh" in row and "10/06/2026 11:30" in row  # approved by the head
        assert ">Thẩm định</a>" in row

    def test_oldest_approval_first(self, client, users, queue):
        client.force_login(users["standing_office"])
        assert reports(client) == [queue["finance"], queue["skhcn"]]

    @pytest.mark.parametrize(
        ("param", "value", "expected"),
        [
            ("q", "kho du lieu", "skhcn"),
            ("q", "13-TB/CQTT 4", "finance"),
            ("agency", "finance", "finance"),
            ("directive", "plan", "skhcn"),
            ("period", "may", "finance"),
        ],
    )
    def test_each_filter_narrows_the_queue(self, client, users, agency_finance, queue, param, value, expected):
        client.force_login(users["standing_office"])
        values = {"finance": agency_finance.pk, "plan": queue["plan"].pk, "may": queue["may"].pk}
        assert reports(client, **{param: values.get(value, value)}) == [queue[expected]]

    def test_fifty_a_page_and_the_page_links_keep_the_filters(self, client, users, agency_skhcn, queue):
        for n in range(50):
            task = task_led_by(agency_skhcn, directive=queue["plan"], ref=f"3.{n}", title=f"Số hóa hồ sơ đợt {n}")
            approved(task, agency_skhcn, queue["june"], officer=users["officer"], head=users["head"], day=11)
        client.force_login(users["standing_office"])
        first = client.get(reverse("reporting:review_queue"), {"agency": agency_skhcn.pk})
        assert len(first.context["reports"]) == 50 and first.context["page"].paginator.count == 51
        nav = first.content.decode().split('class="pagination"')[1].split("</nav>")[0]
        (next_link,) = [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', nav)]
        assert f"agency={agency_skhcn.pk}" in next_link and "page=2" in next_link
        assert len(reports(client, agency=agency_skhcn.pk, page=2)) == 1

    @pytest.mark.parametrize("who", ["officer", "head", "leader"])
    def test_only_the_standing_office(self, client, users, queue, who):
        client.force_login(users[who])
        assert client.get(reverse("reporting:review_queue"), {"agency": ""}).status_code == 403
