"""Targets found at import, proposed as indicators: created idempotently from the tasks, accepted (with edits),
declined, taken back; standing office only; the proposals page, its forms without JS, and who reaches it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from giamsat.directives.models import Directive
from giamsat.directives.tests.factories import DirectiveFactory, TaskFactory, task_led_by
from giamsat.indicators.choices import Direction, Layer, ProposalDecision
from giamsat.indicators.models import Indicator, TargetProposal
from giamsat.indicators.proposals import proposal_accept, proposal_decline, proposal_reopen, proposals_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def directive():
    return DirectiveFactory(working_year=2026)


@pytest.fixture
def task(directive, agency_skhcn):
    return task_led_by(
        agency_skhcn,
        directive=directive,
        ref="10",
        title="Phát triển hạ tầng viễn thông (hạ tầng số 5G, cáp quang Gb)",
        expected_result="Tỷ lệ phủ sóng 5G đạt 95%; tỷ lệ hộ nghèo dưới 2,5%",
        deadline=datetime.date(2026, 12, 31),
    )


class ProposalsForTests:
    def test_creates_pending_proposals_once(self, task, directive):
        proposals = list(proposals_for(directive))
        assert [(p.phrase, p.value, p.unit, p.decision) for p in proposals] == [
            ("Tỷ lệ phủ sóng 5G đạt 95%", Decimal("95"), "%", ProposalDecision.PENDING),
            ("tỷ lệ hộ nghèo dưới 2,5%", Decimal("2.5"), "%", ProposalDecision.PENDING),
        ]
        assert proposals[0].name == "Tỷ lệ phủ sóng 5G"
        assert list(proposals_for(directive)) == proposals
        assert TargetProposal.objects.count() == 2

    def test_a_decided_proposal_is_kept_as_decided(self, task, directive, users):
        first = proposals_for(directive).first()
        proposal_decline(proposal=first, acting_user=users["standing_office"])
        assert proposals_for(directive).get(pk=first.pk).decision == ProposalDecision.DECLINED

    def test_a_target_the_catalogue_holds_is_proposed_as_accepted_and_undoing_keeps_it(self, task, directive, users):
        held = Indicator.objects.create(
            code="NQ-5G",
            name="Phủ sóng 5G",
            unit="%",
            target_value=Decimal(95),
            target_on=datetime.date(2026, 12, 31),
            source_text="Tỷ lệ phủ sóng 5G đạt 95%; tỷ lệ hộ nghèo dưới 2,5%",
        )
        held.tasks.add(task)
        other = Indicator.objects.create(
            code="X", name="Khác", unit="%", target_value=1, target_on=datetime.date(2026, 12, 31), source_text="x"
        )
        other.tasks.add(task)
        five_g, poverty = proposals_for(directive)
        assert (five_g.decision, five_g.indicator) == (ProposalDecision.ACCEPTED, held)
        assert (poverty.decision, poverty.indicator) == (ProposalDecision.ACCEPTED, held)  # the same quoted text
        proposal_reopen(proposal=five_g, acting_user=users["standing_office"])
        five_g.refresh_from_db()
        assert (five_g.decision, five_g.indicator) == (ProposalDecision.PENDING, None)
        assert Indicator.objects.filter(pk=held.pk).exists()

    def test_a_task_without_targets_proposes_nothing(self, directive):
        TaskFactory(directive=directive, title="Ban hành kế hoạch năm 2026", expected_result="Văn bản số 13")
        assert not proposals_for(directive).exists()

    def test_seed_000_proposes_the_issue_targets(self, samples):
        directive = Directive.objects.get(source_reference="sample:000_574d689b82046503")
        proposals = proposals_for(directive)
        by_ref = {}
        for p in proposals:
            by_ref.setdefault(p.task.ref, []).append((p.value, p.unit))
        assert by_ref["10"][:2] == [(Decimal("95"), "%"), (Decimal("100"), "%")]
        assert by_ref["12"] == [(Decimal("100"), "%")]
        assert by_ref["13"] == [(Decimal("100"), "%")]
        assert by_ref["32"] == [(Decimal("100"), "%")]
        assert by_ref["42"] == [(Decimal("45"), "công trình"), (Decimal("70"), "%")]
        assert "1" not in by_ref


class ProposalAcceptTests:
    def test_accept_with_defaults_creates_a_linked_indicator(self, task, directive, users, agency_skhcn):
        office = users["standing_office"]
        proposal = proposals_for(directive).first()
        decided = proposal_accept(proposal=proposal, data={}, acting_user=office)
        indicator = decided.indicator
        assert (indicator.name, indicator.target_value, indicator.unit) == ("Tỷ lệ phủ sóng 5G", Decimal("95"), "%")
        assert indicator.target_on == datetime.date(2026, 12, 31)
        assert indicator.agency == agency_skhcn
        assert indicator.directive == directive
        assert list(indicator.tasks.all()) == [task]
        assert indicator.source_text == "Tỷ lệ phủ sóng 5G đạt 95%"
        assert indicator.layer == Layer.OPERATIONAL
        assert indicator.direction == Direction.HIGHER
        proposal.refresh_from_db()
        assert proposal.decision == ProposalDecision.ACCEPTED
        assert proposal.indicator == indicator
        assert proposal.decided_by == office
        assert indicator.history.first().history_user == office
        assert proposal.history.first().history_user == office

    def test_accept_with_edits_and_a_lower_direction(self, task, directive, users, agency_finance):
        proposal = proposals_for(directive).get(unit="%", value=Decimal("2.5"))
        data = {
            "name": "Tỷ lệ hộ nghèo",
            "value": Decimal("2"),
            "unit": "% số hộ",
            "target_on": datetime.date(2030, 12, 31),
            "agency": agency_finance,
        }
        indicator = proposal_accept(proposal=proposal, data=data, acting_user=users["standing_office"]).indicator
        assert (indicator.name, indicator.target_value, indicator.unit, indicator.target_on, indicator.agency) == (
            "Tỷ lệ hộ nghèo",
            Decimal("2"),
            "% số hộ",
            datetime.date(2030, 12, 31),
            agency_finance,
        )
        assert indicator.direction == Direction.LOWER

    def test_target_date_defaults_to_the_working_year_without_a_deadline(self, directive, users):
        TaskFactory(directive=directive, expected_result="Có 45 công trình được nghiệm thu", deadline=None)
        proposal = proposals_for(directive).get()
        indicator = proposal_accept(proposal=proposal, data={}, acting_user=users["standing_office"]).indicator
        assert indicator.target_on == datetime.date(2026, 12, 31)
        assert indicator.agency is None

    def test_decided_twice_is_refused(self, task, directive, users):
        proposal = proposals_for(directive).first()
        proposal_accept(proposal=proposal, data={}, acting_user=users["standing_office"])
        with pytest.raises(ValidationError):
            proposal_accept(proposal=proposal, data={}, acting_user=users["standing_office"])
        with pytest.raises(ValidationError):
            proposal_decline(proposal=proposal, acting_user=users["standing_office"])
        assert Indicator.objects.count() == 1

    @pytest.mark.parametrize("role", ["officer", "head", "leader", "inspector", "other_officer"])
    def test_only_the_standing_office(self, task, directive, users, role):
        proposal = proposals_for(directive).first()
        with pytest.raises(PermissionDenied):
            proposal_accept(proposal=proposal, data={}, acting_user=users[role])
        with pytest.raises(PermissionDenied):
            proposal_decline(proposal=proposal, acting_user=users[role])
        assert not Indicator.objects.exists()


class ProposalReopenTests:
    def test_undo_a_decline(self, task, directive, users):
        proposal = proposals_for(directive).first()
        proposal_decline(proposal=proposal, acting_user=users["standing_office"])
        proposal_reopen(proposal=proposal, acting_user=users["standing_office"])
        proposal.refresh_from_db()
        assert (proposal.decision, proposal.decided_by) == (ProposalDecision.PENDING, None)

    def test_undo_an_accept_removes_the_indicator(self, task, directive, users):
        proposal = proposals_for(directive).first()
        proposal_accept(proposal=proposal, data={}, acting_user=users["standing_office"])
        proposal_reopen(proposal=proposal, acting_user=users["standing_office"])
        proposal.refresh_from_db()
        assert proposal.decision == ProposalDecision.PENDING
        assert proposal.indicator is None
        assert not Indicator.objects.exists()

    def test_a_pending_proposal_has_nothing_to_undo(self, task, directive, users):
        with pytest.raises(ValidationError):
            proposal_reopen(proposal=proposals_for(directive).first(), acting_user=users["standing_office"])


def page_url(directive):
    return reverse("indicators:proposals", args=[directive.pk])


class ProposalPageTests:
    def test_access(self, client, task, directive, users):
        assert client.get(page_url(directive)).status_code == 302  # to the sign-in page
        for role in ("officer", "head", "other_officer", "leader", "inspector"):
            client.force_login(users[role])
            assert client.get(page_url(directive)).status_code == 403
        client.force_login(users["standing_office"])
        assert client.get(page_url(directive)).status_code == 200
        client.force_login(users["officer"])
        proposal = TargetProposal.objects.first()
        response = client.post(page_url(directive), {"proposal": proposal.pk, "action": "decline"})
        assert response.status_code == 403
        proposal.refresh_from_db()
        assert proposal.decision == ProposalDecision.PENDING

    def test_the_phrase_is_marked_and_escaped(self, client, directive, users):
        TaskFactory(directive=directive, expected_result="100% các trường <b>có</b>; <script>alert(1)</script>")
        client.force_login(users["standing_office"])
        html = client.get(page_url(directive)).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<mark>100% các trường &lt;b&gt;có&lt;/b&gt;</mark>" in html

    def test_accept_with_an_edited_name_then_decline_and_undo(self, client, task, directive, users):
        client.force_login(users["standing_office"])
        first, second = proposals_for(directive)
        prefix = f"p{first.pk}"
        response = client.post(
            page_url(directive),
            {
                "proposal": first.pk,
                "action": "accept",
                f"{prefix}-name": "Tỷ lệ dân số được phủ sóng 5G",
                f"{prefix}-value": "95,5",
                f"{prefix}-unit": "%",
                f"{prefix}-target_on": "31/12/2026",
                f"{prefix}-agency": "",
            },
        )
        assert response.status_code == 302
        indicator = Indicator.objects.get()
        assert (indicator.name, indicator.target_value, indicator.agency) == (
            "Tỷ lệ dân số được phủ sóng 5G",
            Decimal("95.5"),
            None,
        )
        assert client.post(page_url(directive), {"proposal": second.pk, "action": "decline"}).status_code == 302
        second.refresh_from_db()
        assert second.decision == ProposalDecision.DECLINED
        html = client.get(page_url(directive)).content.decode()
        assert "Tỷ lệ dân số được phủ sóng 5G" in html
        assert client.post(page_url(directive), {"proposal": second.pk, "action": "reopen"}).status_code == 302
        second.refresh_from_db()
        assert second.decision == ProposalDecision.PENDING

    def test_bad_input_keeps_what_was_typed(self, client, task, directive, users):
        client.force_login(users["standing_office"])
        proposal = proposals_for(directive).first()
        prefix = f"p{proposal.pk}"
        response = client.post(
            page_url(directive),
            {
                "proposal": proposal.pk,
                "action": "accept",
                f"{prefix}-name": "Tên đã sửa",
                f"{prefix}-value": "chín lăm",
                f"{prefix}-unit": "%",
                f"{prefix}-target_on": "31/02/2026",
            },
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "Tên đã sửa" in html
        assert "Kiểm tra lại các trường" in html
        assert not Indicator.objects.exists()

    def test_search_and_filter(self, client, task, directive, users):
        client.force_login(users["standing_office"])
        first = proposals_for(directive).first()
        proposal_decline(proposal=first, acting_user=users["standing_office"])
        html = client.get(page_url(directive), {"ket_qua": "declined"}).content.decode()
        assert html.count('data-testid="proposal"') == 1
        html = client.get(page_url(directive), {"q": "hộ nghèo"}).content.decode()
        assert html.count('data-testid="proposal"') == 1
        assert "hộ nghèo" in html
