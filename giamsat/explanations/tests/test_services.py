"""Requests for explanation (services.py): who asks, who answers, who decides, the state machine, the history and
the notifications of each step."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from giamsat.accounts.choices import Role
from giamsat.accounts.tests.factories import UserFactory
from giamsat.directives.choices import AssignmentRole, Confidentiality
from giamsat.directives.tests.factories import TaskAssignmentFactory, task_led_by
from giamsat.explanations import services
from giamsat.explanations.choices import RequestState
from giamsat.explanations.models import AnswerEvidence
from giamsat.indicators.tests.factories import IndicatorFactory
from giamsat.notifications.choices import NotificationKind
from giamsat.notifications.models import Notification

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def task(agency_skhcn):
    return task_led_by(agency_skhcn, title="Phủ sóng 5G toàn tỉnh")


def ask(task, user, **kwargs):
    kwargs.setdefault("question", "Vì sao tiến độ phủ sóng 5G chậm so với kế hoạch?")
    return services.explanation_ask(task=task, acting_user=user, **kwargs)


def notified(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


class AskTests:
    @pytest.mark.parametrize("who", ["leader", "standing_office"])
    def test_a_leader_or_the_standing_office_asks_the_lead_agency(self, users, task, agency_skhcn, who):
        request = ask(task, users[who])
        assert (request.state, request.agency, request.asked_by) == (RequestState.OPEN, agency_skhcn, users[who])
        assert request.answer_due_on == timezone.localdate() + datetime.timedelta(days=10)
        assert request.history.get().history_user == users[who]

    @pytest.mark.parametrize("who", ["officer", "head", "other_officer", "inspector"])
    def test_agency_users_and_the_inspection_commission_do_not_ask(self, users, task, who):
        with pytest.raises(PermissionDenied):
            ask(task, users[who])

    def test_a_leader_does_not_ask_about_a_secret_task(self, users, agency_skhcn):
        secret = task_led_by(agency_skhcn, confidentiality=Confidentiality.SECRET)
        with pytest.raises(PermissionDenied):
            ask(secret, users["leader"])
        assert ask(secret, users["standing_office"]).task == secret

    def test_several_lead_agencies_the_asker_picks_one_of_them(self, users, task, agency_skhcn, agency_finance):
        TaskAssignmentFactory(task=task, agency=agency_finance, role=AssignmentRole.LEAD)
        with pytest.raises(ValidationError) as error:
            ask(task, users["leader"])
        assert "nhiều cơ quan chủ trì" in str(error.value)
        assert ask(task, users["leader"], agency=agency_finance).agency == agency_finance

    def test_an_agency_that_does_not_lead_is_refused(self, users, task, agency_finance):
        TaskAssignmentFactory(task=task, agency=agency_finance, role=AssignmentRole.COORDINATING)
        with pytest.raises(ValidationError) as error:
            ask(task, users["leader"], agency=agency_finance)
        assert "không chủ trì" in str(error.value)

    def test_question_required_and_due_date_not_in_the_past(self, users, task):
        with pytest.raises(ValidationError):
            ask(task, users["leader"], question="   ")
        today = datetime.date(2026, 5, 4)
        with pytest.raises(ValidationError) as error:
            ask(task, users["leader"], answer_due_on=datetime.date(2026, 5, 3), today=today)
        assert "trước hôm nay" in str(error.value)
        assert ask(task, users["leader"], answer_due_on=today, today=today).answer_due_on == today

    def test_on_an_indicator_the_responsible_agency_answers(self, users, agency_skhcn):
        indicator = IndicatorFactory(agency=agency_skhcn)
        request = services.explanation_ask(
            indicator=indicator, question="Số liệu tháng 5?", acting_user=users["leader"]
        )
        assert (request.indicator, request.agency, request.task) == (indicator, agency_skhcn, None)
        with pytest.raises(ValidationError):
            services.explanation_ask(indicator=IndicatorFactory(agency=None), question="?", acting_user=users["leader"])

    def test_exactly_one_subject(self, users, task, agency_skhcn):
        with pytest.raises(ValidationError):
            services.explanation_ask(question="?", acting_user=users["leader"])
        with pytest.raises(ValidationError):
            services.explanation_ask(
                task=task, indicator=IndicatorFactory(agency=agency_skhcn), question="?", acting_user=users["leader"]
            )

    def test_the_heads_of_the_agency_are_notified_not_its_officers_nor_others(self, users, task):
        request = ask(task, users["leader"])
        [notice] = notified(users["head"], NotificationKind.EXPLANATION_REQUESTED)
        assert notice.url == f"/giai-trinh/{request.pk}/"
        assert "Phủ sóng 5G" in notice.body
        assert not notified(users["officer"], NotificationKind.EXPLANATION_REQUESTED)
        assert not Notification.objects.exclude(recipient=users["head"]).exists()

    def test_a_secret_task_is_named_to_nobody_who_may_not_see_it(self, users, agency_skhcn):
        secret = task_led_by(agency_skhcn, confidentiality=Confidentiality.SECRET)
        ask(secret, users["standing_office"])
        assert not Notification.objects.exists()  # the agency's head does not see secret tasks


class AnswerTests:
    def test_the_head_answers_the_asker_is_notified(self, users, task):
        request = ask(task, users["leader"])
        request = services.explanation_answer(request=request, answer="Chờ cấp phép tần số.", acting_user=users["head"])
        assert (request.state, request.answer, request.answered_by) == (
            RequestState.ANSWERED,
            "Chờ cấp phép tần số.",
            users["head"],
        )
        assert request.answered_at is not None
        assert request.history.order_by("history_date").last().history_user == users["head"]
        [notice] = notified(users["leader"], NotificationKind.EXPLANATION_ANSWERED)
        assert "Chờ cấp phép tần số." in notice.body

    @pytest.mark.parametrize("who", ["officer", "other_officer", "leader", "standing_office", "inspector"])
    def test_only_the_head_of_the_agency_concerned_answers(self, users, task, who):
        request = ask(task, users["leader"])
        with pytest.raises(PermissionDenied):
            services.explanation_answer(request=request, answer="...", acting_user=users[who])

    def test_another_agencys_head_does_not_answer(self, users, task, agency_finance):
        request = ask(task, users["leader"])
        other_head = UserFactory(role=Role.AGENCY_HEAD, agency=agency_finance)
        with pytest.raises(PermissionDenied):
            services.explanation_answer(request=request, answer="...", acting_user=other_head)

    def test_an_answer_needs_text_and_an_awaiting_request(self, users, task):
        request = ask(task, users["leader"])
        with pytest.raises(ValidationError):
            services.explanation_answer(request=request, answer="  ", acting_user=users["head"])
        services.explanation_answer(request=request, answer="Lần 1", acting_user=users["head"])
        with pytest.raises(ValidationError) as error:
            services.explanation_answer(request=request, answer="Lần 2", acting_user=users["head"])
        assert "Đã giải trình" in str(error.value)
        request.refresh_from_db()
        assert request.answer == "Lần 1"

    def test_evidence_file_and_link_checked_and_only_while_awaiting(self, users, task, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        request = ask(task, users["leader"])
        item = services.explanation_evidence_add_file(
            request=request, name="cong-van.pdf", data=PDF, acting_user=users["head"]
        )
        assert (item.content_type, item.original_name) == ("application/pdf", "cong-van.pdf")
        with pytest.raises(ValidationError):
            services.explanation_evidence_add_file(
                request=request, name="virus.exe", data=b"MZ", acting_user=users["head"]
            )
        with pytest.raises(PermissionDenied):
            services.explanation_evidence_add_link(
                request=request, url="https://example.vn/a", acting_user=users["officer"]
            )
        services.explanation_evidence_add_link(request=request, url="https://example.vn/a", acting_user=users["head"])
        with pytest.raises(ValidationError):
            services.explanation_evidence_add_link(request=request, url="không phải địa chỉ", acting_user=users["head"])
        assert AnswerEvidence.objects.filter(request=request).count() == 2
        services.explanation_answer(request=request, answer="Xem công văn kèm theo.", acting_user=users["head"])
        with pytest.raises(ValidationError):
            services.explanation_evidence_add_link(
                request=request, url="https://example.vn/b", acting_user=users["head"]
            )


class DecideTests:
    @pytest.fixture
    def answered(self, users, task):
        request = ask(task, users["leader"])
        return services.explanation_answer(request=request, answer="Đã có kế hoạch.", acting_user=users["head"])

    def test_the_asker_accepts_the_agency_is_notified(self, users, answered):
        request = services.explanation_accept(request=answered, comment="Đồng ý.", acting_user=users["leader"])
        assert (request.state, request.decision_comment) == (RequestState.ACCEPTED, "Đồng ý.")
        assert request.decided_at is not None
        assert notified(users["head"], NotificationKind.EXPLANATION_DECIDED)
        assert notified(users["officer"], NotificationKind.EXPLANATION_DECIDED)
        assert not notified(users["other_officer"], NotificationKind.EXPLANATION_DECIDED)
        states = [h.state for h in request.history.order_by("history_date", "history_id")]
        assert states == [RequestState.OPEN, RequestState.ANSWERED, RequestState.ACCEPTED]

    def test_the_standing_office_decides_too_another_leader_does_not(self, users, answered):
        other_leader = UserFactory(role=Role.LEADER)
        for who in (other_leader, users["head"], users["officer"], users["inspector"]):
            with pytest.raises(PermissionDenied):
                services.explanation_accept(request=answered, acting_user=who)
        assert services.explanation_accept(request=answered, acting_user=users["standing_office"]).state == "accepted"

    def test_reopen_needs_a_comment_and_a_due_date_then_the_agency_answers_again(self, users, answered):
        day = timezone.localdate() + datetime.timedelta(days=5)
        with pytest.raises(ValidationError) as error:
            services.explanation_reopen(request=answered, comment=" ", new_due_on=day, acting_user=users["leader"])
        assert "kèm ý kiến" in str(error.value)
        with pytest.raises(ValidationError):
            services.explanation_reopen(
                request=answered, comment="Thiếu số liệu", new_due_on=None, acting_user=users["leader"]
            )
        Notification.objects.all().delete()
        request = services.explanation_reopen(
            request=answered, comment="Thiếu số liệu", new_due_on=day, acting_user=users["leader"]
        )
        assert (request.state, request.answer_due_on, request.decision_comment) == (
            RequestState.REOPENED,
            day,
            "Thiếu số liệu",
        )
        [notice] = notified(users["head"], NotificationKind.EXPLANATION_REQUESTED)
        assert "Thiếu số liệu" in notice.body
        request = services.explanation_answer(request=request, answer="Bổ sung số liệu.", acting_user=users["head"])
        request = services.explanation_accept(request=request, acting_user=users["leader"])
        states = [h.state for h in request.history.order_by("history_date", "history_id")]
        assert states == ["open", "answered", "reopened", "answered", "accepted"]
        users_in_history = [h.history_user for h in request.history.order_by("history_date", "history_id")]
        assert users_in_history == [users["leader"], users["head"], users["leader"], users["head"], users["leader"]]

    def test_nothing_to_decide_before_an_answer_or_after_acceptance(self, users, task):
        request = ask(task, users["leader"])
        with pytest.raises(ValidationError):
            services.explanation_accept(request=request, acting_user=users["leader"])
        services.explanation_answer(request=request, answer="...", acting_user=users["head"])
        services.explanation_accept(request=request, acting_user=users["leader"])
        with pytest.raises(ValidationError):
            services.explanation_reopen(
                request=request,
                comment="Lại",
                new_due_on=timezone.localdate(),
                acting_user=users["leader"],
            )
