"""Overdue answers in the monitoring pages: the warnings page lists them (each agency its own), the scorecard counts
them per agency."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from giamsat.directives.tests.factories import task_led_by
from giamsat.explanations.choices import RequestState
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
