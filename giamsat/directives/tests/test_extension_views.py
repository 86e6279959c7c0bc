"""The extension and closure pages, tested as anonymous, lead-agency officer and head, other-agency officer, leader,
standing office and administrator: 404 for what the user may not see, 403 for what the user may not do (nothing
written), CSRF on every form; and the task page's block (`_task_requests.html`)."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from giamsat.accounts.choices import Role
from giamsat.accounts.tests.factories import UserFactory
from giamsat.directives import extensions
from giamsat.directives.choices import ClosureKind, ExtensionState
from giamsat.directives.closures import task_close
from giamsat.directives.models import DeadlineChange, ExtensionRequest, TaskClosure
from giamsat.directives.task_requests import task_requests_context
from giamsat.directives.tests.factories import DirectiveFactory, task_led_by

pytestmark = pytest.mark.django_db

D = datetime.date
ALL_USERS = ["officer", "head", "other_officer", "leader", "standing_office", "administrator"]


@pytest.fixture
def task(agency_skhcn):
    return task_led_by(agency_skhcn, deadline=D(2026, 3, 31), title="Triển khai nền tảng họp trực tuyến")


@pytest.fixture
def pending(users, task):
    return extensions.extension_request(
        task=task,
        agency=users["officer"].agency,
        reason="Nhà thầu chậm bàn giao",
        proposed_deadline=D(2026, 9, 30),
        acting_user=users["officer"],
    )


def as_user(client, users, who):
    if who:
        client.force_login(users[who])
    return client


class ExtensionRequestPageTests:
    # who: the status of the request form (GET and POST) on a task SKHCN leads (internal)
    EXPECTED = {
        "officer": 200,
        "head": 200,
        "other_officer": 404,  # an internal task of another agency: not found
        "leader": 403,  # sees the task, leads nothing
        "standing_office": 403,
        "administrator": 403,
    }

    @pytest.mark.parametrize("who", ALL_USERS)
    def test_matrix(self, client, users, task, who):
        url = reverse("directives:extension_request", args=[task.pk])
        client = as_user(client, users, who)
        assert client.get(url).status_code == self.EXPECTED[who]
        response = client.post(url, {"proposed_deadline": "30/09/2026", "reason": "Chờ kinh phí"})
        if self.EXPECTED[who] == 200:
            assert response.status_code == 302 and response.url == reverse("directives:task_detail", args=[task.pk])
            extension = ExtensionRequest.objects.get()
            assert (extension.proposed_deadline, extension.requested_by) == (D(2026, 9, 30), users[who])
        else:
            assert response.status_code == self.EXPECTED[who]
            assert not ExtensionRequest.objects.exists()

    def test_anonymous_is_sent_to_login(self, client, task):
        response = client.get(reverse("directives:extension_request", args=[task.pk]))
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))

    def test_errors_are_shown_on_the_form(self, client, users, task):
        url = reverse("directives:extension_request", args=[task.pk])
        client = as_user(client, users, "officer")
        body = client.post(url, {"proposed_deadline": "31/02/2026", "reason": ""}).content.decode()
        assert 'aria-invalid="true"' in body
        body = client.post(url, {"proposed_deadline": "01/03/2026", "reason": "Lý do"}).content.decode()
        assert "phải sau thời hạn hiện tại (31/03/2026)" in body
        assert not ExtensionRequest.objects.exists()

    def test_the_form_needs_its_csrf_token(self, users, task):
        client = Client(enforce_csrf_checks=True)
        client.force_login(users["officer"])
        url = reverse("directives:extension_request", args=[task.pk])
        assert "csrfmiddlewaretoken" in client.get(url).content.decode()
        assert client.post(url, {"proposed_deadline": "30/09/2026", "reason": "Lý do"}).status_code == 403
        assert not ExtensionRequest.objects.exists()


class ExtensionListPageTests:
    @pytest.mark.parametrize(
        ("who", "sees"),
        [
            ("officer", True),
            ("head", True),
            ("other_officer", False),
            ("leader", True),
            ("standing_office", True),
            ("administrator", True),
        ],
    )
    def test_who_sees_the_request(self, client, users, pending, who, sees):
        body = as_user(client, users, who).get(reverse("directives:extension_list")).content.decode()
        assert (f'data-extension-id="{pending.pk}"' in body) is sees

    def test_search_state_filter_and_pages(self, client, users, pending, agency_skhcn):
        other = task_led_by(agency_skhcn, directive=DirectiveFactory(number="31-KH/BCĐ"), deadline=D(2026, 3, 31))
        refused = extensions.extension_request(
            task=other,
            agency=agency_skhcn,
            reason="Lý do khác",
            proposed_deadline=D(2026, 6, 30),
            acting_user=users["officer"],
        )
        extensions.extension_refuse(extension=refused, reason="Không", acting_user=users["standing_office"])
        client = as_user(client, users, "standing_office")
        url = reverse("directives:extension_list")
        default = client.get(url).content.decode()
        assert f'data-extension-id="{pending.pk}"' in default and f'data-extension-id="{refused.pk}"' not in default
        every = client.get(url, {"state": "all"}).content.decode()
        assert f'data-extension-id="{refused.pk}"' in every
        found = client.get(url, {"state": "all", "q": "31-KH/BCD"}).content.decode()  # diacritics ignored
        assert f'data-extension-id="{refused.pk}"' in found and f'data-extension-id="{pending.pk}"' not in found
        partial = client.get(url, {"state": "refused"}, headers={"HX-Request": "true"})
        assert (
            "<html" not in partial.content.decode() and f'data-extension-id="{refused.pk}"' in partial.content.decode()
        )
        assert client.get(url, {"page": "999"}).status_code == 200


class ExtensionDecisionPageTests:
    @pytest.mark.parametrize(
        ("who", "get", "grant"),
        [
            ("officer", 200, 403),
            ("head", 200, 403),
            ("other_officer", 404, 404),
            ("leader", 200, 403),
            ("standing_office", 200, 302),
            ("administrator", 200, 302),
        ],
    )
    def test_matrix(self, client, users, pending, who, get, grant):
        url = reverse("directives:extension_detail", args=[pending.pk])
        client = as_user(client, users, who)
        response = client.get(url)
        assert response.status_code == get
        if get == 200:
            body = response.content.decode()
            assert ('data-testid="grant-form"' in body) is (grant == 302)
            assert ('data-testid="withdraw-form"' in body) is (who in ("officer", "head"))
        data = {
            "action": "grant",
            "grant-document_number": "140-CV/BCĐ",
            "grant-document_date": "20/04/2026",
            "grant-new_deadline": "30/09/2026",
        }
        assert client.post(url, data).status_code == grant
        pending.refresh_from_db()
        assert pending.state == (ExtensionState.GRANTED if grant == 302 else ExtensionState.PENDING)
        assert DeadlineChange.objects.count() == (1 if grant == 302 else 0)

    def test_the_grant_form_is_prefilled_with_the_proposed_day(self, client, users, pending):
        body = as_user(client, users, "standing_office").get(reverse("directives:extension_detail", args=[pending.pk]))
        assert 'value="30/09/2026"' in body.content.decode()

    def test_refuse_needs_a_reason_and_a_second_decision_is_told(self, client, users, pending):
        url = reverse("directives:extension_detail", args=[pending.pk])
        client = as_user(client, users, "standing_office")
        assert 'aria-invalid="true"' in client.post(url, {"action": "refuse", "refuse-reason": ""}).content.decode()
        assert client.post(url, {"action": "refuse", "refuse-reason": "Chưa đủ căn cứ"}).status_code == 302
        again = client.post(
            url,
            {
                "action": "grant",
                "grant-document_number": "141-CV/BCĐ",
                "grant-document_date": "20/04/2026",
                "grant-new_deadline": "30/09/2026",
            },
        )
        assert again.status_code == 302 and again.url == url
        shown = client.get(url).content.decode()
        assert "đã được xử lý trước đó: Không đồng ý gia hạn" in shown and 'data-testid="grant-form"' not in shown
        assert not DeadlineChange.objects.exists()

    def test_the_requesting_agency_withdraws(self, client, users, pending):
        url = reverse("directives:extension_detail", args=[pending.pk])
        assert as_user(client, users, "leader").post(url, {"action": "withdraw"}).status_code == 403
        response = as_user(client, users, "head").post(url, {"action": "withdraw", "withdraw-reason": "Đã kịp"})
        assert response.status_code == 302
        pending.refresh_from_db()
        assert pending.state == ExtensionState.WITHDRAWN

    def test_decisions_need_the_csrf_token(self, users, pending):
        client = Client(enforce_csrf_checks=True)
        client.force_login(users["standing_office"])
        url = reverse("directives:extension_detail", args=[pending.pk])
        body = client.get(url).content.decode()
        for form in ("grant-form", "refuse-form"):
            assert "csrfmiddlewaretoken" in body.split(f'data-testid="{form}"')[1].split("</form>")[0]
        assert client.post(url, {"action": "refuse", "refuse-reason": "Không"}).status_code == 403
        pending.refresh_from_db()
        assert pending.is_pending


class TaskClosePageTests:
    @pytest.mark.parametrize(
        ("who", "expected"),
        [
            ("officer", 403),
            ("head", 403),
            ("other_officer", 404),
            ("leader", 403),
            ("standing_office", 302),
            ("administrator", 302),
        ],
    )
    def test_matrix(self, client, users, task, who, expected):
        url = reverse("directives:task_close", args=[task.pk])
        client = as_user(client, users, who)
        assert client.get(url).status_code == (200 if expected == 302 else expected)
        data = {"kind": "stopped", "document_number": "25-TB/BCĐ", "decided_on": "15/05/2026", "reason": "Thay thế"}
        assert client.post(url, data).status_code == expected
        assert TaskClosure.objects.exists() is (expected == 302)

    def test_a_merge_names_its_target_by_directive_number_and_ref(self, client, users, task, agency_skhcn):
        target = task_led_by(agency_skhcn, directive=DirectiveFactory(number="32-KH/BCĐ"), ref="4", deadline=None)
        url = reverse("directives:task_close", args=[task.pk])
        client = as_user(client, users, "standing_office")
        data = {"kind": "merged", "document_number": "26-TB/BCĐ", "decided_on": "15/05/2026"}
        assert "Sáp nhập phải nêu nhiệm vụ tiếp nhận" in client.post(url, data).content.decode()
        assert "Không tìm thấy nhiệm vụ" in client.post(url, {**data, "merged_into": "32-KH/BCĐ 9"}).content.decode()
        assert client.post(url, {**data, "merged_into": "32-KH/BCĐ 4"}).status_code == 302
        assert TaskClosure.objects.get().merged_into == target

    def test_reopen_matrix_and_its_reason(self, client, users, task):
        task_close(
            task=task,
            kind=ClosureKind.NOT_NEEDED,
            document_number="27-TB/BCĐ",
            decided_on=D(2026, 5, 15),
            acting_user=users["standing_office"],
        )
        url = reverse("directives:task_reopen", args=[task.pk])
        assert as_user(client, users, "other_officer").get(url).status_code == 404
        assert as_user(client, users, "officer").post(url, {"reason": "Nhầm"}).status_code == 403
        office = as_user(client, users, "standing_office")
        assert 'aria-invalid="true"' in office.post(url, {"reason": ""}).content.decode()
        assert office.post(url, {"reason": "Ghi nhận nhầm"}).status_code == 302
        assert TaskClosure.objects.get().reopened_by == users["standing_office"]
        assert office.get(url).status_code == 404  # nothing in force to undo

    def test_the_close_form_needs_its_csrf_token(self, users, task):
        client = Client(enforce_csrf_checks=True)
        client.force_login(users["standing_office"])
        url = reverse("directives:task_close", args=[task.pk])
        data = {"kind": "stopped", "document_number": "28-TB/BCĐ", "decided_on": "15/05/2026"}
        assert client.post(url, data).status_code == 403
        assert not TaskClosure.objects.exists()


class TaskRequestsBlockTests:
    def render(self, user, task):
        return render_to_string("directives/_task_requests.html", task_requests_context(user=user, task=task))

    def test_each_user_sees_the_actions_allowed(self, users, task, pending):
        officer = self.render(users["officer"], task)
        assert "Nhà thầu chậm bàn giao" in officer and 'data-testid="extension-withdraw-link"' in officer
        assert 'data-testid="extension-request-link"' not in officer  # one pending request at a time
        assert "đang chờ Cơ quan Thường trực quyết định" in officer
        office = self.render(users["standing_office"], task)
        assert 'data-testid="extension-decide-link"' in office and 'data-testid="task-close-link"' in office
        leader = self.render(users["leader"], task)
        assert "Nhà thầu chậm bàn giao" in leader and 'class="btn' not in leader
        assert "csrfmiddlewaretoken" not in officer + office + leader  # safe in the task page's cached body

    def test_the_closure_and_its_document_show(self, users, task, agency_skhcn):
        target = task_led_by(agency_skhcn, deadline=D(2026, 12, 31))
        task_close(
            task=task,
            kind=ClosureKind.MERGED,
            document_number="29-TB/BCĐ",
            decided_on=D(2026, 5, 15),
            merged_into=target,
            reason="Gộp với nhiệm vụ của kế hoạch năm",
            acting_user=users["standing_office"],
        )
        officer = self.render(users["officer"], task)
        assert "29-TB/BCĐ" in officer and "15/05/2026" in officer and "Gộp với nhiệm vụ" in officer
        assert f'href="{reverse("directives:task_detail", args=[target.pk])}"' in officer
        assert 'data-testid="extension-request-link"' not in officer and 'data-testid="reopen-link"' not in officer
        assert 'data-testid="reopen-link"' in self.render(users["standing_office"], task)
        assert 'data-testid="merged-from"' in self.render(users["officer"], target)

    def test_the_same_for_every_user_of_one_agency(self, users, task, pending, agency_skhcn):
        """The block may be cached per `visibility_key`: two users of one agency get the same page."""
        another = UserFactory(username="officer2", role=Role.AGENCY_OFFICER, agency=agency_skhcn)
        assert self.render(users["officer"], task) == self.render(another, task) == self.render(users["head"], task)
