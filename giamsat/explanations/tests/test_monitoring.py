"""Overdue answers in the monitoring pages: the warnings page lists them (each agency its own), the scorecard counts
them per agency."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from giamsat.directives.tests.factories import task_led_by
from giamsat.explanations.choices import RequestState
from giamsat.explanations.models import ExplanationRequest
from giamsat.explanations.tests.factories import ExplanationRequestFactory

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def overdue_pair(users, agency_skhcn, agency_finance):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    own = ExplanationRequestFactory(
        task=task_led_by(agency_skhcn), agency=agency_skhcn, answer_due_on=yesterday, asked_by=users["leader"]
    )
    other = ExplanationRequestFactory(
        task=task_led_by(agency_finance), agency=agency_finance, answer_due_on=yesterday, asked_by=users["leader"]
    )
    ExplanationRequestFactory(  # answered: not overdue
        task=own.task,
        agency=agency_skhcn,
        answer_due_on=yesterday,
        state=RequestState.ANSWERED,
        answered_at=timezone.now() - datetime.timedelta(days=3),
    )
    ExplanationRequestFactory(  # not due yet
        task=own.task, agency=agency_skhcn, answer_due_on=timezone.localdate(), asked_by=users["leader"]
    )
    return own, other


class WarningsPageTests:
    def test_the_leader_sees_every_overdue_answer(self, users, overdue_pair):
        response = client_of(users["leader"]).get(reverse("monitoring:warnings"))
        assert response.context["overdue_answers_count"] == 2
        page = response.content.decode()
        assert 'data-testid="overdue-answers"' in page
        for item in overdue_pair:
            assert reverse("explanations:detail", args=[item.pk]) in page
        assert reverse("explanations:list") + "?overdue=on" in page

    def test_an_agency_sees_its_own(self, users, overdue_pair):
        own, other = overdue_pair
        response = client_of(users["head"]).get(reverse("monitoring:warnings"))
        assert [item.pk for item in response.context["overdue_answers"]] == [own.pk]
        assert reverse("explanations:detail", args=[other.pk]) not in response.content.decode()

    def test_nothing_overdue_no_section(self, users):
        response = client_of(users["leader"]).get(reverse("monitoring:warnings"))
        assert 'data-testid="overdue-answers"' not in response.content.decode()


class ScorecardTests:
    def test_overdue_answers_per_agency_during_the_period_not_in_the_index(self, users, agency_skhcn, agency_finance):
        from giamsat.monitoring.scorecard import scorecard
        from giamsat.reporting.tests.factories import ReportingPeriodFactory

        period = ReportingPeriodFactory(year=2026, month=5)
        task = task_led_by(agency_skhcn, deadline=datetime.date(2026, 12, 31))
        task_led_by(agency_finance, deadline=datetime.date(2026, 12, 31))
        late = ExplanationRequestFactory(task=task, agency=agency_skhcn, answer_due_on=datetime.date(2026, 5, 20))
        ExplanationRequestFactory(task=task, agency=agency_skhcn, answer_due_on=datetime.date(2026, 6, 5))
        ExplanationRequest.objects.filter(task=task).update(
            created_at=timezone.make_aware(datetime.datetime(2026, 5, 10, 9))
        )
        before = {row.agency_id: row for row in scorecard(period=period)}
        assert before[agency_skhcn.pk].overdue_answers == 1
        assert before[agency_finance.pk].overdue_answers == 0
        ExplanationRequest.objects.filter(pk=late.pk).update(
            state=RequestState.ANSWERED, answered_at=timezone.make_aware(datetime.datetime(2026, 5, 25, 9))
        )
        rows = {row.agency_id: row for row in scorecard(period=period)}
        assert rows[agency_skhcn.pk].overdue_answers == 1  # answered after the due date, within the period
        assert rows[agency_skhcn.pk].index == before[agency_skhcn.pk].index

    def test_the_page_links_the_count_to_the_list(self, users, agency_skhcn):
        from giamsat.reporting.tests.factories import ReportingPeriodFactory

        ReportingPeriodFactory(year=2026, month=5)
        task = task_led_by(agency_skhcn, deadline=datetime.date(2026, 12, 31))
        ExplanationRequestFactory(task=task, agency=agency_skhcn, answer_due_on=datetime.date(2026, 5, 20))
        ExplanationRequest.objects.update(created_at=timezone.make_aware(datetime.datetime(2026, 5, 10, 9)))
        page = client_of(users["leader"]).get(reverse("monitoring:scorecard"), {"period": "2026-05"}).content
        assert f"?overdue=on&amp;agency={agency_skhcn.pk}" in page.decode()
