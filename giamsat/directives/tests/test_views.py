"""Every task view, tested as anonymous, lead-agency officer, other-agency officer, agency head, leader,
standing office and administrator: who reads what, who changes what (403/404, database unchanged)."""

import datetime

import pytest
from django.urls import reverse

from giamsat.agencies.models import AgencyGroup
from giamsat.directives.choices import AssignmentRole, Confidentiality
from giamsat.directives.models import Task
from giamsat.directives.tests.factories import DirectiveFactory, TaskAssignmentFactory, task_led_by

pytestmark = pytest.mark.django_db

ALL_USERS = ["officer", "head", "other_officer", "leader", "standing_office", "administrator"]
SEES_EVERYTHING = {"standing_office", "administrator"}


@pytest.fixture
def tasks(users, agency_skhcn, agency_finance):
    directive = DirectiveFactory(number="99-TB/CQTT")
    own = task_led_by(agency_skhcn, directive=directive, title="Nội bộ KHCN: triển khai nền tảng LGSP")
    foreign = task_led_by(agency_finance, directive=directive, title="Nội bộ Tài chính: giải ngân vốn đầu tư công")
    public = task_led_by(
        agency_finance,
        directive=directive,
        confidentiality=Confidentiality.PUBLIC,
        title="Công khai: thống kê chi ngân sách cho chuyển đổi số",
    )
    secret = task_led_by(
        agency_skhcn, directive=directive, confidentiality=Confidentiality.SECRET, title="Mật: phương án an ninh mạng"
    )
    via_group = task_led_by(agency_finance, directive=directive, title="Nội bộ nhóm: rà soát thủ tục hành chính")
    TaskAssignmentFactory(
        task=via_group, group=AgencyGroup.objects.get(code="so-ban-nganh"), role=AssignmentRole.COORDINATING
    )
    return {"own": own, "foreign": foreign, "public": public, "secret": secret, "via_group": via_group}


# Which of the tasks each role may read.
READABLE = {
    "officer": {"own", "public", "via_group"},
    "head": {"own", "public", "via_group"},
    "other_officer": {"foreign", "public", "via_group"},
    "leader": {"own", "foreign", "public", "via_group"},
    "standing_office": {"own", "foreign", "public", "secret", "via_group"},
    "administrator": {"own", "foreign", "public", "secret", "via_group"},
}


def login(client, user):
    client.force_login(user)
    return client


class TaskDetailViewTests:
    @pytest.mark.parametrize("who", ALL_USERS)
    def test_read_matrix(self, client, users, tasks, who):
        login(client, users[who])
        for name, task in tasks.items():
            response = client.get(reverse("directives:task_detail", args=[task.pk]))
            expected = 200 if name in READABLE[who] else 404
            assert response.status_code == expected, (who, name)
            if expected == 404:
                assert task.title.encode() not in response.content

    def test_anonymous_is_sent_to_login(self, client, tasks):
        response = client.get(reverse("directives:task_detail", args=[tasks["public"].pk]))
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))

    def test_detail_shows_every_field_and_the_printed_deadline(self, client, users, tasks):
        task = tasks["own"]
        task.deadline_text = "Hoàn thành trước ngày 30/5/2026"
        task.planned_time = "Quý II"
        task.expected_result = "Nền tảng LGSP vận hành"
        task.save()
        body = login(client, users["officer"]).get(reverse("directives:task_detail", args=[task.pk])).content.decode()
        for text in (
            "Hoàn thành trước ngày 30/5/2026",
            "Quý II",
            "Nền tảng LGSP vận hành",
            "Sở Khoa học và Công nghệ",
            "30/06/2026",
            "99-TB/CQTT",
        ):
            assert text in body


class TaskEditViewTests:
    @pytest.mark.parametrize("who", ALL_USERS)
    def test_only_the_standing_office_changes_tasks(self, client, users, tasks, who):
        login(client, users[who])
        for name, task in tasks.items():
            url = reverse("directives:task_edit", args=[task.pk])
            before = Task.objects.values().get(pk=task.pk)
            history_before = task.history.count()
            response = client.post(
                url,
                {
                    "title": "Đã bị sửa",
                    "expected_result": "",
                    "section_title": "",
                    "confidentiality": Confidentiality.PUBLIC,
                    "notes": "",
                    "planned_time": "",
                },
            )
            if who in SEES_EVERYTHING:
                assert response.status_code == 302, (who, name)
                assert Task.objects.get(pk=task.pk).title == "Đã bị sửa"
            else:
                assert response.status_code == 404, (who, name)
                assert client.get(url).status_code == 404
                assert Task.objects.values().get(pk=task.pk) == before
                assert task.history.count() == history_before

    def test_csrf_is_enforced(self, users, tasks):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(users["standing_office"])
        response = client.post(reverse("directives:task_edit", args=[tasks["own"].pk]), {"title": "x"})
        assert response.status_code == 403
        assert Task.objects.get(pk=tasks["own"].pk).title != "x"

    def test_a_task_loaded_without_history_opens(self, client, users, tasks):
        """Bulk loads (the benchmark generator, a migration) write no history records."""
        task = tasks["own"]
        task.history.all().delete()
        client.force_login(users["standing_office"])
        assert client.get(reverse("directives:task_detail", args=[task.pk])).status_code == 200

    def test_edit_is_recorded_in_history_with_who_and_what(self, client, users, tasks):
        task = tasks["own"]
        office = users["standing_office"]
        office.first_name, office.last_name = "Hà", "Nguyễn Thu"
        office.save()
        login(client, office).post(
            reverse("directives:task_edit", args=[task.pk]),
            {
                "title": task.title,
                "expected_result": "Quyết định phê duyệt",
                "section_title": "",
                "confidentiality": task.confidentiality,
                "notes": "",
                "planned_time": "",
            },
        )
        record = task.history.first()
        assert record.history_user == office
        assert record.expected_result == "Quyết định phê duyệt"
        body = client.get(reverse("directives:task_detail", args=[task.pk])).content.decode()
        assert "Nguyễn Thu Hà" in body
        assert "Yêu cầu kết quả, sản phẩm" in body and "Quyết định phê duyệt" in body


class TaskListViewTests:
    def ids(self, response) -> set[int]:
        return {task.pk for task in response.context["page"].object_list}

    @pytest.mark.parametrize("who", ALL_USERS)
    def test_all_scope_lists_exactly_the_readable_tasks(self, client, users, tasks, who):
        response = login(client, users[who]).get(reverse("directives:task_list"), {"scope": "all"})
        assert self.ids(response) == {tasks[name].pk for name in READABLE[who]}
        for name, task in tasks.items():
            if name not in READABLE[who]:
                assert task.title.encode() not in response.content

    def test_officer_defaults_to_the_agency_tasks(self, client, users, tasks):
        response = login(client, users["officer"]).get(reverse("directives:task_list"))
        assert response.context["scope"] == "mine"
        assert self.ids(response) == {tasks["own"].pk, tasks["via_group"].pk}

    def test_htmx_request_gets_the_table_fragment(self, client, users, tasks):
        response = login(client, users["officer"]).get(reverse("directives:task_list"), HTTP_HX_REQUEST="true")
        assert b"<html" not in response.content
        assert b'data-testid="task-table"' in response.content

    def test_filters_by_lead_agency_and_deadline_range(self, client, users, tasks, agency_finance):
        tasks["public"].deadline = datetime.date(2026, 12, 31)
        tasks["public"].save()
        login(client, users["leader"])
        response = client.get(reverse("directives:task_list"), {"scope": "all", "lead_agency_id": agency_finance.pk})
        assert self.ids(response) == {tasks["foreign"].pk, tasks["public"].pk, tasks["via_group"].pk}
        response = client.get(reverse("directives:task_list"), {"scope": "all", "deadline_after": "01/12/2026"})
        assert self.ids(response) == {tasks["public"].pk}
        response = client.get(reverse("directives:task_list"), {"scope": "all", "deadline_before": "01/12/2026"})
        assert tasks["public"].pk not in self.ids(response)


class DirectiveAndAgencyViewTests:
    def test_directive_detail_lists_only_readable_tasks(self, client, users, tasks):
        directive = tasks["own"].directive
        for who in ALL_USERS:
            response = login(client, users[who]).get(reverse("directives:directive_detail", args=[directive.pk]))
            assert response.status_code == 200
            shown = {task.pk for task in response.context["tasks"]}
            assert shown == {tasks[name].pk for name in READABLE[who]}, who

    def test_directive_full_text_is_not_shown_to_agencies(self, client, users, tasks):
        directive = tasks["own"].directive
        directive.text = "Toàn văn có nhiệm vụ nội bộ <p>đoạn</p>"
        directive.save()
        url = reverse("directives:directive_detail", args=[directive.pk])
        assert "Toàn văn có nhiệm vụ nội bộ" not in login(client, users["officer"]).get(url).content.decode()
        body = login(client, users["standing_office"]).get(url).content.decode()
        assert "Toàn văn có nhiệm vụ nội bộ &lt;p&gt;" in body  # raw HTML from documents is escaped

    def test_directive_list_counts_readable_tasks(self, client, users, tasks):
        response = login(client, users["officer"]).get(reverse("directives:directive_list"))
        directive = next(d for d in response.context["directives"] if d.number == "99-TB/CQTT")
        assert directive.visible_task_count == 3

    @pytest.mark.parametrize("who", ALL_USERS)
    def test_agency_page_shows_only_readable_tasks_of_that_agency(self, client, users, tasks, agency_finance, who):
        response = login(client, users[who]).get(reverse("agencies:agency_detail", args=[agency_finance.pk]))
        assert response.status_code == 200
        shown = {task.pk for task in response.context["tasks"]}
        finance_tasks = {"foreign", "public", "via_group"}
        assert shown == {tasks[name].pk for name in READABLE[who] & finance_tasks}

    def test_agency_list_searches_without_diacritics(self, client, users, tasks):
        response = login(client, users["officer"]).get(reverse("agencies:agency_list"), {"q": "so tai chinh"})
        assert [a.name for a in response.context["page"]] == ["Sở Tài chính"]

    def test_pages_require_login(self, client, tasks, agency_finance):
        for url in (
            reverse("directives:task_list"),
            reverse("directives:directive_list"),
            reverse("agencies:agency_list"),
            reverse("agencies:agency_detail", args=[agency_finance.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


class AdminAccessTests:
    def test_agency_officer_cannot_use_the_admin(self, client, users, tasks):
        login(client, users["officer"])
        url = reverse("admin:directives_task_change", args=[tasks["foreign"].pk])
        response = client.post(url, {"title": "Sửa qua trang quản trị"})
        assert response.status_code == 302 and "/quan-tri/login/" in response.url
        assert Task.objects.get(pk=tasks["foreign"].pk).title != "Sửa qua trang quản trị"

    def test_standing_office_maintains_the_registry_in_the_admin(self, client, users, agency_finance):
        login(client, users["standing_office"])
        assert client.get(reverse("admin:agencies_agency_changelist")).status_code == 200
        assert client.get(reverse("admin:agencies_agency_change", args=[agency_finance.pk])).status_code == 200
        assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


class RulesPermissionTests:
    @pytest.mark.parametrize("who", ALL_USERS)
    def test_rules_object_permissions_agree_with_the_policy(self, users, tasks, who):
        user = users[who]
        for name, task in tasks.items():
            assert user.has_perm("directives.view_task", task) == (name in READABLE[who]), (who, name)
            assert user.has_perm("directives.change_task", task) == (who in SEES_EVERYTHING), (who, name)


class ErrorPageTests:
    def test_not_found_page_is_vietnamese(self, client, users, settings):
        settings.DEBUG = False
        client.force_login(users["officer"])
        response = client.get("/nhiem-vu/999999/")
        assert response.status_code == 404
        body = response.content.decode()
        assert "Không tìm thấy trang" in body and '<html lang="vi">' in body
