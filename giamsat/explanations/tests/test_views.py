"""The requests for explanation's pages: the list (search, filters, an agency sees its own), one request (404 for
who may not read it, 403 for an action one may not take), the ask form, and the task page's block."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from giamsat.directives.choices import AssignmentRole, Confidentiality
from giamsat.directives.models import Task
from giamsat.directives.tests.factories import TaskAssignmentFactory, task_led_by
from giamsat.explanations import services
from giamsat.explanations.choices import RequestState
from giamsat.explanations.models import ExplanationRequest
from giamsat.explanations.tests.factories import ExplanationRequestFactory
from giamsat.indicators.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

LIST = reverse("explanations:list")


@pytest.fixture
def task(agency_skhcn):
    return task_led_by(agency_skhcn, title="Phủ sóng 5G toàn tỉnh")


@pytest.fixture
def finance_task(agency_finance):
    return task_led_by(agency_finance, title="Bố trí kinh phí chuyển đổi số")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ids(response) -> set[int]:
    return {item.pk for item in response.context["page"]}


class ListTests:
    @pytest.fixture
    def requests(self, users, task, finance_task, agency_skhcn):
        leader = users["leader"]
        own = services.explanation_ask(task=task, question="Vì sao chậm phủ sóng?", acting_user=leader)
        other = services.explanation_ask(task=finance_task, question="Kinh phí đã bố trí chưa?", acting_user=leader)
        on_indicator = services.explanation_ask(
            indicator=IndicatorFactory(agency=agency_skhcn, name="Tỷ lệ dân số được phủ sóng 5G"),
            question="Số liệu quý I?",
            acting_user=leader,
        )
        return {"own": own, "other": other, "indicator": on_indicator}

    @pytest.mark.parametrize("who", ["leader", "standing_office", "inspector"])
    def test_the_askers_side_reads_every_request(self, users, requests, who):
        response = client_of(users[who]).get(LIST)
        assert response.status_code == 200
        assert ids(response) == {r.pk for r in requests.values()}

    @pytest.mark.parametrize("who", ["officer", "head"])
    def test_an_agency_reads_its_own(self, users, requests, who):
        response = client_of(users[who]).get(LIST)
        assert ids(response) == {requests["own"].pk, requests["indicator"].pk}
        assert "agency" not in response.context["form"].fields

    def test_anonymous_is_sent_to_sign_in(self, requests):
        response = Client().get(LIST)
        assert response.status_code == 302
        assert "next=" in response["Location"]

    def test_filters_and_search(self, users, requests, agency_finance):
        client = client_of(users["leader"])
        assert ids(client.get(LIST, {"subject": "indicator"})) == {requests["indicator"].pk}
        assert ids(client.get(LIST, {"subject": "task"})) == {requests["own"].pk, requests["other"].pk}
        assert ids(client.get(LIST, {"agency": agency_finance.pk})) == {requests["other"].pk}
        assert ids(client.get(LIST, {"q": "kinh phí"})) == {requests["other"].pk}
        assert ids(client.get(LIST, {"q": "phu song"})) == {requests["own"].pk}  # the task's words, no diacritics
        assert ids(client.get(LIST, {"q": "dân số"})) == {requests["indicator"].pk}
        services.explanation_answer(request=requests["own"], answer="Chờ tần số.", acting_user=users["head"])
        assert ids(client.get(LIST, {"state": "answered"})) == {requests["own"].pk}
        assert ids(client.get(LIST, {"state": "open"})) == {requests["other"].pk, requests["indicator"].pk}

    def test_overdue_filter(self, users, requests):
        ExplanationRequest.objects.filter(pk=requests["other"].pk).update(
            answer_due_on=timezone.localdate() - datetime.timedelta(days=1)
        )
        response = client_of(users["leader"]).get(LIST, {"overdue": "on"})
        assert ids(response) == {requests["other"].pk}
        assert 'data-overdue="1"' in response.content.decode()

    def test_bad_filters_say_so_and_keep_the_list(self, users, requests):
        response = client_of(users["leader"]).get(LIST, {"state": "nonsense", "agency": "abc"})
        assert response.status_code == 200
        assert response.context["form"].errors
        assert ids(response) == {r.pk for r in requests.values()}

    def test_pages_of_fifty(self, users, task, agency_skhcn):
        for n in range(51):
            ExplanationRequestFactory(task=task, agency=agency_skhcn, question=f"Câu {n}", asked_by=users["leader"])
        client = client_of(users["leader"])
        assert len(client.get(LIST).context["page"]) == 50
        assert len(client.get(LIST, {"page": 2}).context["page"]) == 1

    def test_htmx_gets_the_table_only(self, users, requests):
        response = client_of(users["leader"]).get(LIST, headers={"HX-Request": "true"})
        assert [t.name for t in response.templates][0] == "explanations/_request_table.html"


class DetailTests:
    @pytest.fixture
    def item(self, users, task):
        return services.explanation_ask(task=task, question="Vì sao chậm phủ sóng?", acting_user=users["leader"])

    def url(self, item):
        return reverse("explanations:detail", args=[item.pk])

    def test_another_agency_and_missing_requests_are_not_found(self, users, item):
        assert client_of(users["other_officer"]).get(self.url(item)).status_code == 404
        assert client_of(users["leader"]).get(reverse("explanations:detail", args=[999999])).status_code == 404

    def test_a_secret_task_request_is_not_found_for_a_leader(self, users, agency_skhcn):
        secret = task_led_by(agency_skhcn, confidentiality=Confidentiality.SECRET)
        item = services.explanation_ask(task=secret, question="?", acting_user=users["standing_office"])
        assert client_of(users["leader"]).get(self.url(item)).status_code == 404
        assert client_of(users["inspector"]).get(self.url(item)).status_code == 200

    def test_the_head_answers_through_the_page(self, users, item):
        client = client_of(users["head"])
        page = client.get(self.url(item)).content.decode()
        assert 'data-testid="answer-form"' in page
        assert 'data-testid="accept-form"' not in page
        response = client.post(self.url(item), {"action": "answer", "answer-answer": "Chờ cấp phép tần số."})
        assert response.status_code == 302
        item.refresh_from_db()
        assert (item.state, item.answer) == (RequestState.ANSWERED, "Chờ cấp phép tần số.")

    def test_an_empty_answer_shows_the_error_and_keeps_the_page(self, users, item):
        response = client_of(users["head"]).post(self.url(item), {"action": "answer", "answer-answer": ""})
        assert response.status_code == 200
        assert response.context["forms"]["answer"].errors
        item.refresh_from_db()
        assert item.state == RequestState.OPEN

    @pytest.mark.parametrize("who", ["officer", "leader", "inspector"])
    def test_others_may_not_answer(self, users, item, who):
        response = client_of(users[who]).post(self.url(item), {"action": "answer", "answer-answer": "..."})
        assert response.status_code == 403

    def test_the_asker_accepts_or_reopens_through_the_page(self, users, item):
        services.explanation_answer(request=item, answer="Chờ tần số.", acting_user=users["head"])
        client = client_of(users["leader"])
        assert 'data-testid="reopen-form"' in client.get(self.url(item)).content.decode()
        response = client.post(self.url(item), {"action": "reopen", "reopen-comment": "", "reopen-new_due_on": ""})
        assert response.status_code == 200
        assert set(response.context["forms"]["reopen"].errors) == {"comment", "new_due_on"}
        day = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
        response = client.post(
            self.url(item), {"action": "reopen", "reopen-comment": "Thiếu số liệu", "reopen-new_due_on": day}
        )
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.state == RequestState.REOPENED
        assert client_of(users["head"]).post(self.url(item), {"action": "accept"}).status_code == 403

    def test_history_shows_each_step(self, users, item):
        services.explanation_answer(request=item, answer="Chờ tần số.", acting_user=users["head"])
        services.explanation_accept(request=item, comment="Đồng ý", acting_user=users["leader"])
        history = client_of(users["officer"]).get(self.url(item)).context["history"]
        assert [(step["state"], step["user"]) for step in history] == [
            ("open", users["leader"]),
            ("answered", users["head"]),
            ("accepted", users["leader"]),
        ]

    def test_posts_need_the_csrf_token(self, users, item):
        client = Client(enforce_csrf_checks=True)
        client.force_login(users["head"])
        response = client.post(self.url(item), {"action": "answer", "answer-answer": "..."})
        assert response.status_code == 403
        item.refresh_from_db()
        assert item.state == RequestState.OPEN


class AskPageTests:
    def ask_url(self, **query):
        return reverse("explanations:ask") + "?" + "&".join(f"{k}={v}" for k, v in query.items())

    def test_a_leader_asks_from_the_task(self, users, task, agency_skhcn):
        client = client_of(users["leader"])
        assert client.get(self.ask_url(task=task.pk)).status_code == 200
        day = (timezone.localdate() + datetime.timedelta(days=7)).strftime("%d/%m/%Y")
        response = client.post(self.ask_url(task=task.pk), {"question": "Vì sao chậm?", "answer_due_on": day})
        item = ExplanationRequest.objects.get()
        assert response["Location"] == reverse("explanations:detail", args=[item.pk])
        assert (item.agency, item.task) == (agency_skhcn, task)

    def test_several_leads_the_asker_picks(self, users, task, agency_finance):
        TaskAssignmentFactory(task=task, agency=agency_finance, role=AssignmentRole.LEAD)
        client = client_of(users["standing_office"])
        day = (timezone.localdate() + datetime.timedelta(days=7)).strftime("%d/%m/%Y")
        response = client.post(self.ask_url(task=task.pk), {"question": "?", "answer_due_on": day})
        assert response.status_code == 200 and response.context["form"].errors["agency"]
        client.post(self.ask_url(task=task.pk), {"question": "?", "answer_due_on": day, "agency": agency_finance.pk})
        assert ExplanationRequest.objects.get().agency == agency_finance

    def test_a_past_due_date_is_refused_with_what_was_typed_kept(self, users, task):
        response = client_of(users["leader"]).post(
            self.ask_url(task=task.pk), {"question": "Vì sao chậm?", "answer_due_on": "01/01/2020"}
        )
        assert response.status_code == 200
        assert "trước hôm nay" in response.content.decode()
        assert "Vì sao chậm?" in response.content.decode()
        assert not ExplanationRequest.objects.exists()

    @pytest.mark.parametrize("who", ["officer", "head", "inspector"])
    def test_others_may_not_ask(self, users, task, who):
        assert client_of(users[who]).get(self.ask_url(task=task.pk)).status_code == 403

    def test_a_task_not_seen_or_no_subject_is_not_found(self, users, finance_task, agency_skhcn):
        assert client_of(users["leader"]).get(reverse("explanations:ask")).status_code == 404
        secret = task_led_by(agency_skhcn, confidentiality=Confidentiality.SECRET)
        assert client_of(users["leader"]).get(self.ask_url(task=secret.pk)).status_code == 404

    def test_on_an_indicator(self, users, agency_skhcn):
        indicator = IndicatorFactory(agency=agency_skhcn)
        client = client_of(users["leader"])
        day = (timezone.localdate() + datetime.timedelta(days=7)).strftime("%d/%m/%Y")
        client.post(self.ask_url(indicator=indicator.pk), {"question": "Số liệu?", "answer_due_on": day})
        assert ExplanationRequest.objects.get().indicator == indicator


class TaskPageTests:
    def test_the_task_page_lists_its_requests_and_the_button_to_ask(self, users, task):
        item = services.explanation_ask(task=task, question="Vì sao chậm phủ sóng?", acting_user=users["leader"])
        url = reverse("directives:task_detail", args=[task.pk])
        page = client_of(users["leader"]).get(url).content.decode()
        assert f'data-request-id="{item.pk}"' in page
        assert 'data-testid="ask-explanation-link"' in page
        page = client_of(users["head"]).get(url).content.decode()
        assert f'data-request-id="{item.pk}"' in page
        assert 'data-testid="ask-explanation-link"' not in page

    def test_the_task_page_shows_the_new_state_after_a_change(
        self, users, agency_skhcn, django_capture_on_commit_callbacks
    ):
        # Committed, as a request's writes are: the data versions move and the cache serves what follows.
        with django_capture_on_commit_callbacks(execute=True):
            task = task_led_by(agency_skhcn, title="Phủ sóng 5G toàn tỉnh")
            item = services.explanation_ask(task=task, question="Vì sao?", acting_user=users["leader"])
        url = reverse("directives:task_detail", args=[task.pk])
        client = client_of(users["leader"])
        assert 'data-state="open"' in client.get(url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            services.explanation_answer(request=item, answer="Chờ tần số.", acting_user=users["head"])
        assert 'data-state="answered"' in client.get(url).content.decode()  # the cached body was renewed

    def test_each_step_is_in_the_task_history_for_who_reads_the_request(self, users, task):
        Task.objects.filter(pk=task.pk).update(confidentiality=Confidentiality.PUBLIC)  # another agency sees it
        item = services.explanation_ask(task=task, question="Vì sao chậm phủ sóng?", acting_user=users["leader"])
        services.explanation_answer(request=item, answer="Chờ cấp tần số.", acting_user=users["head"])
        services.explanation_reopen(
            request=item,
            comment="Nêu rõ thời điểm.",
            new_due_on=item.answer_due_on + datetime.timedelta(days=5),
            acting_user=users["leader"],
        )
        services.explanation_answer(request=item, answer="Quý II/2027.", acting_user=users["head"])
        services.explanation_accept(request=item, comment="Đồng ý.", acting_user=users["leader"])
        url = reverse("directives:task_detail", args=[task.pk])
        page = client_of(users["head"]).get(url).content.decode()
        history = page.split('data-testid="history"')[1].split("</ul>\n</section>")[0]
        agency = item.agency.name
        steps = [
            f"chấp nhận giải trình của {agency}",
            f"{agency} giải trình yêu cầu",
            f"yêu cầu {agency} giải trình lại",
            f"{agency} giải trình yêu cầu",
            f"yêu cầu {agency} giải trình “Vì sao chậm phủ sóng?”",
        ]
        positions = [history.find(step, (history.find(steps[i - 1]) + 1) if i else 0) for i, step in enumerate(steps)]
        assert -1 not in positions and positions == sorted(positions)  # newest first
        assert "Nêu rõ thời điểm." in history and "Đồng ý." in history
        other = client_of(users["other_officer"]).get(url).content.decode()
        assert "giải trình" not in other.split('data-testid="history"')[1].split("</ul>\n</section>")[0]


class IndicatorPartialTests:
    def test_the_indicator_block_lists_its_requests_and_the_button_for_who_may_ask(self, users, agency_skhcn, rf):
        from django.template.loader import render_to_string

        indicator = IndicatorFactory(agency=agency_skhcn)
        item = services.explanation_ask(indicator=indicator, question="Số liệu quý I?", acting_user=users["leader"])
        for who, may_ask in (("leader", True), ("head", False), ("other_officer", False)):
            request = rf.get("/")
            request.user = users[who]
            html = render_to_string("explanations/_for_indicator.html", {"indicator": indicator}, request)
            assert (f'data-request-id="{item.pk}"' in html) == (who != "other_officer")
            assert (f"?indicator={indicator.pk}" in html) == may_ask
