"""Lists that scale to a real agency: the officer's reporting list (search, filters, pages), the head's approval
queue, the warnings page (search, agency, pages), the overview's late and due-soon tasks with title and lead, and
the standing office's "Gửi nhắc việc"."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from giamsat.accounts.choices import Role
from giamsat.accounts.tests.factories import UserFactory
from giamsat.directives.choices import AssignmentRole
from giamsat.directives.tests.factories import DirectiveFactory, TaskAssignmentFactory, task_led_by
from giamsat.jobs.models import Job
from giamsat.monitoring.dashboard import _with_lead_names
from giamsat.monitoring.models import ReminderLog, ReminderSent
from giamsat.reporting.models import ProgressReport
from giamsat.reporting.services import period_for, report_save_draft, report_submit

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.date(2026, 6, 25)
NOW = datetime.datetime(2026, 6, 25, 10, 0, tzinfo=TZ)
D = datetime.date


@pytest.fixture(autouse=True)
def frozen_day():
    """Statuses, "this period" and "overdue" read the clock: the tests run on 25/06/2026."""
    with time_machine.travel(NOW, tick=False):
        yield


def page_hrefs(content: str) -> list[str]:
    """The links of the pagination bar, unescaped."""
    nav = content.split('class="pagination"')[1].split("</nav>")[0]
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', nav)]


def submit(officer, task, *, at: datetime.datetime = NOW) -> ProgressReport:
    report = report_save_draft(task=task, period=period_for(TODAY), data={"progress_percent": 30}, acting_user=officer)
    return report_submit(report=report, acting_user=officer, now=at)


@pytest.fixture
def agency_tasks(agency_skhcn, agency_finance):
    """Sở KH&CN leads a late task of one plan and coordinates a task of a notice; Sở Tài chính leads an internal
    task alone."""
    plan = DirectiveFactory(number="21-KH/BCĐ", kind="plan")
    notice = DirectiveFactory(number="13-TB/CQTT")
    led = task_led_by(
        agency_skhcn, directive=plan, ref="2", title="Xây dựng kho dữ liệu số dùng chung", deadline=D(2026, 5, 31)
    )
    coordinated = task_led_by(
        agency_finance, directive=notice, ref="5", title="Phát triển hạ tầng mạng 5G", deadline=D(2026, 12, 31)
    )
    TaskAssignmentFactory(task=coordinated, agency=agency_skhcn, role=AssignmentRole.COORDINATING)
    foreign = task_led_by(agency_finance, directive=notice, ref="7", title="Quyết toán ngân sách nội bộ")
    return {"led": led, "coordinated": coordinated, "foreign": foreign, "plan": plan, "notice": notice}


def listed(client, user, **params) -> list:
    client.force_login(user)
    response = client.get(reverse("reporting:my_reports"), params)
    assert response.status_code == 200
    return [row["task"] for row in response.context["rows"]]


class MyReportsListTests:
    def test_without_filters_the_agency_sees_only_its_own_tasks(self, client, users, agency_tasks):
        assert set(listed(client, users["officer"])) == {agency_tasks["led"], agency_tasks["coordinated"]}
        assert listed(client, users["officer"], q="quyet toan ngan sach") == []

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"q": "kho du lieu"}, "led"),  # words of the title, diacritics ignored
            ({"q": "21-KH/BCĐ 2"}, "led"),  # the directive number and the task's reference
            ({"q": "13-tb/cqtt"}, "coordinated"),
            ({"role": "lead"}, "led"),
            ({"role": "coordinating"}, "coordinated"),
            ({"status": "overdue"}, "led"),
            ({"status": "on_time"}, "coordinated"),
        ],
    )
    def test_each_filter_narrows_the_list(self, client, users, agency_tasks, params, expected):
        assert listed(client, users["officer"], **params) == [agency_tasks[expected]]

    def test_directive_filter_offers_and_narrows_to_the_agencys_directives(self, client, users, agency_tasks):
        other = DirectiveFactory(number="99-KH/UBND")
        task_led_by(users["other_officer"].agency, directive=other)
        assert listed(client, users["officer"], directive=agency_tasks["notice"].pk) == [agency_tasks["coordinated"]]
        client.force_login(users["officer"])
        choices = client.get(reverse("reporting:my_reports")).context["filterset"].form.fields["directive"].queryset
        assert set(choices) == {agency_tasks["plan"], agency_tasks["notice"]}

    def test_reported_this_period_filter_and_missing_count(self, client, users, agency_tasks):
        submit(users["officer"], agency_tasks["coordinated"])
        assert listed(client, users["officer"], reported="yes") == [agency_tasks["coordinated"]]
        assert listed(client, users["officer"], reported="no") == [agency_tasks["led"]]
        response = client.get(reverse("reporting:my_reports"))
        assert response.context["missing"] == 1
        # A draft is not a report sent: it stays in "not sent" and in the count.
        report_save_draft(task=agency_tasks["led"], period=period_for(TODAY), data={}, acting_user=users["officer"])
        assert listed(client, users["officer"], reported="no") == [agency_tasks["led"]]
        assert client.get(reverse("reporting:my_reports")).context["missing"] == 1

    def test_another_agencys_officer_sees_nothing_of_these(self, client, users, agency_tasks):
        assert listed(client, users["other_officer"], q="kho du lieu") == []
        rows = listed(client, users["other_officer"])
        assert agency_tasks["led"] not in rows
        assert set(rows) == {agency_tasks["coordinated"], agency_tasks["foreign"]}
        content = client.get(reverse("reporting:my_reports")).content.decode()
        assert f'<option value="{agency_tasks["plan"].pk}"' not in content  # not even among the directives offered
        assert f'<option value="{agency_tasks["notice"].pk}"' in content

    def test_fifty_a_page_and_the_page_links_keep_the_filters(self, client, users, agency_skhcn, agency_tasks):
        plan = agency_tasks["plan"]
        for n in range(50):
            task_led_by(agency_skhcn, directive=plan, ref=f"9.{n}", title=f"Số hóa hồ sơ đợt {n}", deadline=None)
        client.force_login(users["officer"])
        first = client.get(reverse("reporting:my_reports"), {"role": "lead"})
        assert len(first.context["rows"]) == 50 and first.context["page"].paginator.count == 51
        (next_link,) = page_hrefs(first.content.decode())
        assert "role=lead" in next_link and "page=2" in next_link
        second = client.get(reverse("reporting:my_reports") + next_link)
        assert len(second.context["rows"]) == 1
        assert second.context["missing"] == 52  # the whole agency's, not the page's
        # The rows keep what the browser tests click.
        row = f'tr data-task-id="{second.context["rows"][0]["task"].pk}"'
        assert 'data-testid="my-reports"' in second.content.decode() and row in second.content.decode()

    def test_htmx_gets_the_table_alone(self, client, users, agency_tasks):
        client.force_login(users["officer"])
        response = client.get(reverse("reporting:my_reports"), {"q": "5G"}, headers={"HX-Request": "true"})
        content = response.content.decode()
        assert "<h1>" not in content and 'data-testid="my-reports"' in content
        assert f'data-task-id="{agency_tasks["coordinated"].pk}"' in content
        assert f'data-task-id="{agency_tasks["led"].pk}"' not in content


class ApprovalQueueTests:
    def test_head_sees_title_submitter_and_time_with_a_link(self, client, users, agency_tasks):
        officer = users["officer"]
        officer.first_name, officer.last_name = "Lan", "Nguyễn Thị"
        officer.save()
        submit(officer, agency_tasks["led"], at=datetime.datetime(2026, 6, 24, 8, 5, tzinfo=TZ))
        client.force_login(users["head"])
        response = client.get(reverse("reporting:my_reports"))
        (report,) = response.context["awaiting_approval"]
        assert report.task == agency_tasks["led"]
        queue = response.content.decode().split('data-testid="awaiting-approval"')[1].split("</table>")[0]
        assert "21-KH/BCĐ · 2" in queue and "Xây dựng kho dữ liệu số dùng chung" in queue
        assert "Nguyễn Thị Lan" in queue or "Lan Nguyễn Thị" in queue
        assert "24/06/2026 08:05" in queue
        assert reverse("reporting:report_edit", args=[agency_tasks["led"].pk]) in queue

    def test_only_the_agencys_head_has_the_queue(self, client, users, agency_tasks):
        submit(users["officer"], agency_tasks["led"])
        client.force_login(users["officer"])
        assert client.get(reverse("reporting:my_reports")).context["awaiting_approval"] == []
        other_head = UserFactory(role=Role.AGENCY_HEAD, agency=users["other_officer"].agency)
        client.force_login(other_head)
        assert client.get(reverse("reporting:my_reports")).context["awaiting_approval"] == []


class WarningsPageTests:
    def test_search_narrows_and_an_agency_user_cannot_pick_another_agency(self, client, users, agency_tasks):
        client.force_login(users["standing_office"])
        found = client.get(reverse("monitoring:warnings"), {"q": "kho du lieu", "kind": "overdue"}).context["warnings"]
        assert [w.task for w in found] == [agency_tasks["led"]]
        client.force_login(users["other_officer"])
        response = client.get(reverse("monitoring:warnings"), {"agency": users["officer"].agency_id})
        shown = {w.task for w in response.context["warnings"]}
        assert agency_tasks["led"] not in shown
        assert agency_tasks["foreign"] in shown  # the agency's own: the other agency was not picked
        assert response.context["agency"] is None

    def test_fifty_a_page_and_the_page_links_keep_kind_and_agency(self, client, users, agency_skhcn, agency_tasks):
        for n in range(50):
            task_led_by(agency_skhcn, directive=agency_tasks["plan"], title=f"Việc trễ {n}", deadline=D(2026, 1, 1))
        client.force_login(users["standing_office"])
        params = {"kind": "overdue", "agency": agency_skhcn.pk}
        first = client.get(reverse("monitoring:warnings"), params)
        assert len(first.context["warnings"]) == 50 and first.context["counts"]["overdue"] == 51
        (next_link,) = page_hrefs(first.content.decode())
        assert "kind=overdue" in next_link and f"agency={agency_skhcn.pk}" in next_link and "page=2" in next_link
        assert len(client.get(reverse("monitoring:warnings") + next_link).context["warnings"]) == 1


class OverviewListTests:
    def test_late_and_due_soon_tasks_show_their_title_and_lead(self, client, users, agency_skhcn, agency_tasks):
        soon = task_led_by(agency_skhcn, title="Ban hành quy chế khai thác dữ liệu", deadline=D(2026, 7, 10))
        client.force_login(users["leader"])
        content = client.get(reverse("monitoring:dashboard")).content.decode()
        late = content.split('data-testid="overdue-list"')[1].split("</ol>")[0]
        assert "21-KH/BCĐ · 2" in late and "Xây dựng kho dữ liệu số dùng chung" in late
        assert "Sở Khoa học và Công nghệ" in late
        due = content.split('data-testid="due-soon-list"')[1].split("</ol>")[0]
        assert "Ban hành quy chế khai thác dữ liệu" in due and "Sở Khoa học và Công nghệ" in due
        assert soon.pk
        # Leaders read the overview; they do not send reminders.
        assert 'form="remind-late"' not in content and 'id="remind-late"' not in content

    def test_lead_names_of_the_listed_tasks_in_one_query(self, agency_tasks, agency_finance):
        tasks = [agency_tasks["led"], agency_tasks["coordinated"], agency_tasks["foreign"]]
        with CaptureQueriesContext(connection) as queries:
            _with_lead_names(tasks)
        assert len(queries) == 1
        assert tasks[1].lead_names == [agency_finance.name]  # the coordinating agency is not a lead

    def test_the_standing_office_ticks_late_tasks_in_a_form_outside_the_cached_body(self, client, users, agency_tasks):
        client.force_login(users["standing_office"])
        content = client.get(reverse("monitoring:dashboard")).content.decode()
        late = content.split('data-testid="overdue-list"')[1].split("</ol>")[0]
        assert f'name="task" value="{agency_tasks["led"].pk}" form="remind-late"' in late
        form = content.split('<form id="remind-late"')[1].split("</form>")[0]
        assert "csrfmiddlewaretoken" in form


class RemindLateTests:
    """ "Gửi nhắc việc": a preview of who gets what, then, confirmed, a background job that sends and records it."""

    @pytest.fixture
    def mailboxes(self, users, agency_finance):
        for key in ("officer", "head", "other_officer"):
            users[key].email = f"{key}@example.vn"
            users[key].save()

    @pytest.fixture
    def late_finance(self, agency_finance):
        return task_led_by(agency_finance, title="Quyết toán kinh phí chuyển đổi số", deadline=D(2026, 3, 31))

    @staticmethod
    def send(client, run_jobs, ticked, **extra):
        """Preview, confirm, run the job: the job as it ended."""
        url = reverse("monitoring:remind_late")
        preview = client.post(url, {"task": ticked, **extra})
        assert preview.status_code == 200, preview.content.decode()[:500]
        confirmed = client.post(url, {"task": ticked, "confirm": "1", **extra})
        assert confirmed.status_code == 302 and confirmed["Location"].startswith("/viec-cua-toi/")
        run_jobs()
        return Job.objects.get(pk=confirmed["Location"].split("/")[2])

    @pytest.mark.parametrize("who", ["officer", "head", "other_officer", "leader"])
    def test_refused_to_all_but_the_standing_office(self, client, users, agency_tasks, mailboxes, who):
        client.force_login(users[who])
        for data in ({"task": [agency_tasks["led"].pk]}, {"task": [agency_tasks["led"].pk], "confirm": "1"}):
            response = client.post(reverse("monitoring:remind_late"), data)
            assert response.status_code == 403
        assert not ReminderSent.objects.exists() and mail.outbox == [] and not Job.objects.exists()

    def test_the_preview_says_who_gets_what_and_sends_nothing(
        self, client, users, agency_tasks, late_finance, mailboxes
    ):
        client.force_login(users["standing_office"])
        ticked = [agency_tasks["led"].pk, late_finance.pk, agency_tasks["coordinated"].pk]  # the last is on time
        response = client.post(reverse("monitoring:remind_late"), {"task": ticked})
        content = response.content.decode()
        table = content.split('data-testid="remind-preview"')[1].split("</table>")[0]
        assert "Sẽ gửi 3 thư tới 2 cơ quan chủ trì về 2 nhiệm vụ quá hạn." in content
        skhcn = table.split(f'data-agency-id="{users["officer"].agency_id}"')[1].split("</tr>")[0]
        assert "officer@example.vn" in skhcn and "head@example.vn" in skhcn
        assert "Xây dựng kho dữ liệu số dùng chung" in skhcn and "Quyết toán kinh phí" not in skhcn
        assert f'name="task" value="{agency_tasks["coordinated"].pk}"' not in content  # not late: not sent
        assert not ReminderSent.objects.exists() and mail.outbox == [] and not Job.objects.exists()

    def test_the_office_reminds_each_late_lead_agency_of_its_own_tasks(
        self, client, users, agency_tasks, late_finance, mailboxes, agency_skhcn, agency_finance, run_jobs
    ):
        office = users["standing_office"]
        office.first_name, office.last_name = "Hùng", "Phạm Văn"
        office.save()
        client.force_login(office)
        ticked = [agency_tasks["led"].pk, late_finance.pk, agency_tasks["coordinated"].pk]  # the last is on time
        job = self.send(client, run_jobs, ticked, next="/giam-sat/canh-bao/?kind=overdue")
        assert job.state == "done", job.error
        assert job.result_note == "Đã gửi nhắc việc tới 2 cơ quan chủ trì (3 thư) về 2 nhiệm vụ quá hạn."
        (sent,) = ReminderSent.objects.all()
        assert sent.sent_by == office and sent.email_count == 3
        assert set(sent.tasks.all()) == {agency_tasks["led"], late_finance}
        assert set(sent.agencies.all()) == {agency_skhcn, agency_finance}
        assert sent.history.exists()
        assert sorted(m.to[0] for m in mail.outbox) == [
            "head@example.vn",
            "officer@example.vn",
            "other_officer@example.vn",
        ]
        skhcn_mail = next(m for m in mail.outbox if m.to == ["officer@example.vn"])
        assert "Xây dựng kho dữ liệu số dùng chung" in skhcn_mail.body and "Quá hạn 25 ngày" in skhcn_mail.body
        assert "Quyết toán kinh phí" not in skhcn_mail.body  # each agency hears of its own late tasks
        assert ReminderLog.objects.filter(kind=f"office-{sent.pk}").count() == 3
        # The warnings page says who reminded, and when; the task's history too.
        page = client.get(reverse("monitoring:warnings"), {"kind": "overdue"}).content.decode()
        row = page.split(f'data-task-id="{agency_tasks["led"].pk}"')[1].split("</tr>")[0]
        assert "Đã nhắc việc lúc 25/06/2026 10:00 bởi" in row and "Hùng" in row
        assert 'data-testid="last-reminder"' in page
        task_page = client.get(reverse("directives:task_detail", args=[agency_tasks["led"].pk])).content.decode()
        history = task_page.split('data-testid="history"')[1].split("</ul>")[0]
        assert "nhắc việc cơ quan chủ trì Sở Khoa học và Công nghệ; Sở Tài chính (3 thư)" in history

    def test_a_second_reminder_the_same_day_is_sent_and_recorded_again(
        self, client, users, agency_tasks, mailboxes, run_jobs
    ):
        client.force_login(users["standing_office"])
        for _ in range(2):
            self.send(client, run_jobs, [agency_tasks["led"].pk])
        assert ReminderSent.objects.count() == 2 and len(mail.outbox) == 4

    def test_a_mail_server_that_refuses_leaves_nothing_recorded(
        self, client, users, agency_tasks, mailboxes, run_jobs, settings
    ):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 5  # nothing listens
        client.force_login(users["standing_office"])
        job = self.send(client, run_jobs, [agency_tasks["led"].pk])
        assert job.state == "failed" and "Không gửi được thư" in job.error
        assert not ReminderSent.objects.exists() and not ReminderLog.objects.exists()

    def test_nothing_late_or_nobody_to_mail_records_nothing(self, client, users, agency_tasks, late_finance):
        client.force_login(users["standing_office"])
        url = reverse("monitoring:remind_late")
        on_time = client.post(url, {"task": [agency_tasks["coordinated"].pk]}, follow=True)
        assert "Không có nhiệm vụ nào đang quá hạn" in on_time.content.decode()
        no_mail = client.post(url, {"task": [late_finance.pk]}, follow=True)
        assert "Sở Tài chính không có cán bộ nào có địa chỉ thư điện tử" in no_mail.content.decode()
        assert not ReminderSent.objects.exists() and mail.outbox == [] and not Job.objects.exists()

    def test_an_agency_without_addresses_is_named(self, client, users, agency_tasks, late_finance, run_jobs):
        users["officer"].email = "officer@example.vn"
        users["officer"].save()
        client.force_login(users["standing_office"])
        preview = client.post(reverse("monitoring:remind_late"), {"task": [agency_tasks["led"].pk, late_finance.pk]})
        assert "Sở Tài chính" in preview.content.decode().split('data-testid="remind-unreachable"')[1].split("</p>")[0]
        job = self.send(client, run_jobs, [agency_tasks["led"].pk, late_finance.pk])
        assert job.result_note == (
            "Đã gửi nhắc việc tới 1 cơ quan chủ trì (1 thư) về 2 nhiệm vụ quá hạn. "
            "Chưa gửi được tới Sở Tài chính: không có cán bộ nào có địa chỉ thư điện tử."
        )
        assert list(ReminderSent.objects.get().agencies.all()) == [users["officer"].agency]

    def test_opening_the_address_sends_nothing(self, client, users, agency_tasks, mailboxes):
        client.force_login(users["standing_office"])
        response = client.get(reverse("monitoring:remind_late"), {"task": [agency_tasks["led"].pk]})
        assert response.status_code == 302 and response["Location"] == reverse("monitoring:warnings")
        assert not ReminderSent.objects.exists() and mail.outbox == []

    def test_an_unsafe_next_address_falls_back_to_the_warnings_page(self, client, users, agency_tasks, mailboxes):
        client.force_login(users["standing_office"])
        url = reverse("monitoring:remind_late")
        preview = client.post(url, {"task": [agency_tasks["led"].pk], "next": "https://evil.example/"}).content.decode()
        assert "evil.example" not in preview and f'name="next" value="{reverse("monitoring:warnings")}"' in preview
        refused = client.post(url, {"task": [agency_tasks["coordinated"].pk], "next": "https://evil.example/"})
        assert refused.status_code == 302 and refused["Location"] == reverse("monitoring:warnings")
