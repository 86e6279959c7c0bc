"""The catalogue and the values' review chain: draft → submit → approve → accept; returns by the head and by the
standing office; permissions; history; an accepted value changes the colour."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from giamsat.directives.tests.factories import DirectiveFactory, TaskFactory
from giamsat.indicators import selectors, services
from giamsat.indicators.choices import Colour
from giamsat.indicators.models import Indicator, IndicatorValue, Milestone
from giamsat.notifications.models import Notification
from giamsat.reporting.choices import ReportAction, ReportStatus
from giamsat.reporting.services import period_for

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_indicator(agency, **kwargs) -> Indicator:
    """An indicator of `agency`: 50 % at the start of 2025, 100 % by the end of 2030, reported monthly."""
    fields = {
        "code": "NQ57-05",
        "name": "Tỷ lệ phủ sóng 5G trên dân số",
        "unit": "%",
        "baseline_value": Decimal(50),
        "baseline_on": datetime.date(2025, 1, 1),
        "target_value": Decimal(100),
        "target_on": datetime.date(2030, 12, 31),
        "agency": agency,
        **kwargs,
    }
    return Indicator.objects.create(**fields)


@pytest.fixture
def indicator(agency_skhcn):
    return make_indicator(agency_skhcn)


@pytest.fixture
def period():
    return period_for(timezone.localdate())


def draft(indicator, period, user, value="99,5"):
    data = {"value": Decimal(value.replace(",", ".")), "measured_on": timezone.localdate(), "source": "Sở KH&CN"}
    return services.value_save_draft(indicator=indicator, period=period, data=data, acting_user=user)


class CatalogueTests:
    def test_only_the_standing_office_keeps_the_catalogue(self, users, agency_skhcn):
        data = {
            "name": "Tỷ lệ người dùng băng rộng 1 Gbps",
            "unit": "%",
            "target_value": Decimal(100),
            "target_on": datetime.date(2030, 12, 31),
            "agency": agency_skhcn,
        }
        for role in ("officer", "head", "leader", "inspector"):
            with pytest.raises(PermissionDenied):
                services.indicator_save(indicator=None, data=data, acting_user=users[role])
        created = services.indicator_save(indicator=None, data=data, acting_user=users["standing_office"])
        assert created.history.get().history_user == users["standing_office"]

    def test_edit_records_history_and_tasks_must_belong_to_the_directive(self, users, indicator):
        directive = DirectiveFactory()
        own_task, other_task = TaskFactory(directive=directive, ref="10"), TaskFactory(ref="11")
        office = users["standing_office"]
        services.indicator_save(
            indicator=indicator,
            data={"directive": directive, "name": "Phủ sóng 5G"},
            tasks=[own_task],
            acting_user=office,
        )
        indicator.refresh_from_db()
        assert list(indicator.tasks.all()) == [own_task]
        latest = indicator.history.first()
        assert latest.history_user == office
        assert latest.name == "Phủ sóng 5G"
        with pytest.raises(ValidationError, match="phải thuộc văn bản"):
            services.indicator_save(indicator=indicator, data={}, tasks=[other_task], acting_user=office)

    def test_milestones_added_and_removed_with_history(self, users, indicator):
        office = users["standing_office"]
        milestone = services.milestone_add(
            indicator=indicator, due_on=datetime.date(2027, 12, 31), value=Decimal(70), acting_user=office
        )
        with pytest.raises(ValidationError, match="đã có mốc"):
            services.milestone_add(
                indicator=indicator, due_on=datetime.date(2027, 12, 31), value=Decimal(71), acting_user=office
            )
        with pytest.raises(ValidationError, match="trước hạn đạt mục tiêu"):
            services.milestone_add(
                indicator=indicator, due_on=datetime.date(2031, 1, 1), value=Decimal(71), acting_user=office
            )
        with pytest.raises(PermissionDenied):
            services.milestone_remove(milestone=milestone, acting_user=users["officer"])
        services.milestone_remove(milestone=milestone, acting_user=office)
        assert not Milestone.objects.exists()
        assert [r.history_type for r in Milestone.history.order_by("history_date")] == ["+", "-"]
        assert Milestone.history.first().history_user == office


class ValueChainTests:
    def test_draft_submit_approve_accept_changes_the_colour(self, users, indicator, period):
        today = timezone.localdate()
        assert selectors.colours([indicator], today)[indicator.pk].colour == Colour.GREY
        value = draft(indicator, period, users["officer"])
        services.value_evidence_add_file(
            value=value, name="bao-cao.pdf", data=PDF, acting_user=users["officer"], description="Báo cáo của Viettel"
        )
        services.value_submit(value=value, acting_user=users["officer"])
        assert value.status == ReportStatus.SUBMITTED
        assert Notification.objects.filter(recipient=users["head"], kind="report_waiting").exists()
        assert selectors.colours([indicator], today)[indicator.pk].colour == Colour.GREY  # not accepted yet

        services.value_approve(value=value, acting_user=users["head"])
        assert value.status == ReportStatus.APPROVED
        assert Notification.objects.filter(recipient=users["standing_office"], kind="report_waiting").exists()
        assert Notification.objects.filter(recipient=users["officer"], kind="report_approved").exists()

        services.value_review(value=value, decision="accepted", comment="", acting_user=users["standing_office"])
        value.refresh_from_db()
        assert value.status == ReportStatus.ACCEPTED
        assert Notification.objects.filter(recipient=users["officer"], kind="report_accepted").exists()
        result = selectors.colours([indicator], today)[indicator.pk]
        assert result.colour == Colour.GREEN
        assert result.latest.value == Decimal("99.5")
        assert list(value.steps.values_list("action", flat=True)) == [
            ReportAction.SUBMITTED,
            ReportAction.APPROVED,
            ReportAction.ACCEPTED,
        ]
        # history: created, submitted, approved, accepted — each with its acting user
        users_by_status = [(r.status, r.history_user) for r in value.history.order_by("history_date", "history_id")]
        assert users_by_status == [
            (ReportStatus.DRAFT, users["officer"]),
            (ReportStatus.SUBMITTED, users["officer"]),
            (ReportStatus.APPROVED, users["head"]),
            (ReportStatus.ACCEPTED, users["standing_office"]),
        ]

    def test_a_low_accepted_value_makes_the_indicator_red(self, users, indicator, period):
        value = draft(indicator, period, users["officer"], value="10")
        services.value_submit(value=value, acting_user=users["officer"])
        services.value_approve(value=value, acting_user=users["head"])
        services.value_review(value=value, decision="accepted", comment="", acting_user=users["standing_office"])
        assert selectors.colours([indicator], timezone.localdate())[indicator.pk].colour == Colour.RED

    def test_head_returns_with_a_comment_then_the_officer_resubmits(self, users, indicator, period):
        value = draft(indicator, period, users["officer"])
        services.value_submit(value=value, acting_user=users["officer"])
        with pytest.raises(ValidationError, match="phải kèm ý kiến"):
            services.value_return_to_officer(value=value, comment="  ", acting_user=users["head"])
        services.value_return_to_officer(value=value, comment="Ghi rõ nguồn số liệu", acting_user=users["head"])
        assert value.status == ReportStatus.RETURNED
        note = Notification.objects.get(recipient=users["officer"], kind="report_returned")
        assert "Ghi rõ nguồn số liệu" in note.body
        draft(indicator, period, users["officer"], value="98")  # returned: editable again
        services.value_submit(value=value, acting_user=users["officer"])
        value.refresh_from_db()
        assert value.status == ReportStatus.SUBMITTED
        assert value.value == Decimal(98)

    def test_standing_office_returns_then_the_value_goes_round_again(self, users, indicator, period):
        value = draft(indicator, period, users["officer"])
        services.value_submit(value=value, acting_user=users["officer"])
        services.value_approve(value=value, acting_user=users["head"])
        with pytest.raises(ValidationError, match="phải kèm ý kiến"):
            services.value_review(value=value, decision="returned", comment="", acting_user=users["standing_office"])
        services.value_review(
            value=value,
            decision="returned",
            comment="Số liệu chưa khớp báo cáo Viettel",
            acting_user=users["standing_office"],
        )
        assert value.status == ReportStatus.RETURNED
        assert selectors.colours([indicator], timezone.localdate())[indicator.pk].colour == Colour.GREY
        draft(indicator, period, users["officer"], value="97")
        services.value_submit(value=value, acting_user=users["officer"])
        services.value_approve(value=value, acting_user=users["head"])
        services.value_review(value=value, decision="accepted", comment="", acting_user=users["standing_office"])
        value.refresh_from_db()
        assert value.status == ReportStatus.ACCEPTED
        assert value.steps.filter(action=ReportAction.RETURNED, comment="Số liệu chưa khớp báo cáo Viettel").exists()

    def test_withdraw_until_the_head_acts(self, users, indicator, period):
        value = draft(indicator, period, users["officer"])
        services.value_submit(value=value, acting_user=users["officer"])
        services.value_withdraw(value=value, acting_user=users["officer"])
        assert value.status == ReportStatus.DRAFT
        services.value_submit(value=value, acting_user=users["officer"])
        services.value_approve(value=value, acting_user=users["head"])
        with pytest.raises(ValidationError, match="thao tác của bạn không được thực hiện"):
            services.value_withdraw(value=value, acting_user=users["officer"])

    def test_another_agency_cannot_draft_or_approve(self, users, indicator, period, agency_finance):
        with pytest.raises(PermissionDenied):
            draft(indicator, period, users["other_officer"])
        for role in ("head", "standing_office", "leader"):
            with pytest.raises(PermissionDenied):
                draft(indicator, period, users[role])
        value = draft(indicator, period, users["officer"])
        services.value_submit(value=value, acting_user=users["officer"])
        from giamsat.accounts.choices import Role
        from giamsat.accounts.tests.factories import UserFactory

        other_head = UserFactory(role=Role.AGENCY_HEAD, agency=agency_finance)
        for user in (other_head, users["officer"], users["standing_office"]):
            with pytest.raises(PermissionDenied):
                services.value_approve(value=value, acting_user=user)
        with pytest.raises(PermissionDenied):
            services.value_review(value=value, decision="accepted", comment="", acting_user=users["head"])
        with pytest.raises(PermissionDenied):
            services.value_evidence_add_link(value=value, url="https://x.vn", acting_user=users["other_officer"])

    def test_submitted_value_cannot_be_edited_nor_reviewed_before_approval(self, users, indicator, period):
        value = draft(indicator, period, users["officer"])
        services.value_submit(value=value, acting_user=users["officer"])
        with pytest.raises(ValidationError, match="đã gửi"):
            draft(indicator, period, users["officer"])
        with pytest.raises(ValidationError, match="đã gửi"):
            services.value_evidence_add_link(value=value, url="https://x.vn", acting_user=users["officer"])
        with pytest.raises(ValidationError):
            services.value_review(value=value, decision="accepted", comment="", acting_user=users["standing_office"])

    def test_closed_period_and_bad_evidence_are_refused(self, users, indicator, period):
        value = draft(indicator, period, users["officer"])
        with pytest.raises(ValidationError):
            services.value_evidence_add_file(value=value, name="virus.exe", data=PDF, acting_user=users["officer"])
        with pytest.raises(ValidationError, match="không phải PDF"):
            services.value_evidence_add_file(value=value, name="a.pdf", data=b"hello", acting_user=users["officer"])
        assert not value.evidence.exists()
        period.is_open = False
        period.save()
        with pytest.raises(ValidationError, match="đã đóng"):
            draft(indicator, period, users["officer"])

    def test_value_update_is_all_or_nothing(self, users, indicator, period):
        data = {"value": Decimal(80), "measured_on": timezone.localdate(), "source": "", "note": ""}
        with pytest.raises(ValidationError):
            services.value_update(
                indicator=indicator,
                period=period,
                data=data,
                files=(("bad.pdf", b"not a pdf", ""),),
                acting_user=users["officer"],
                submit=True,
            )
        assert not IndicatorValue.objects.exists()
        value = services.value_update(
            indicator=indicator,
            period=period,
            data=data,
            files=(("bao-cao.pdf", PDF, "Biên bản"),),
            links=(("https://viettel.vn/5g", "Trang công bố"),),
            acting_user=users["officer"],
            submit=True,
        )
        assert value.status == ReportStatus.SUBMITTED
        assert value.evidence.count() == 2
