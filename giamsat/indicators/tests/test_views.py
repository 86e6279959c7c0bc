"""The indicator pages: the list's search and filters (the colour drill-down ?mau=), who sees which indicators and
values, the detail page's actions, the forms (nothing typed is lost on an error), and the chain through the pages."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from giamsat.indicators import services
from giamsat.indicators.models import Indicator, IndicatorValue
from giamsat.reporting.choices import ReportStatus
from giamsat.reporting.services import period_for

from .test_services import PDF, make_indicator

pytestmark = pytest.mark.django_db


def accepted_value(indicator, users, value):
    period = period_for(timezone.localdate())
    data = {"value": Decimal(value), "measured_on": timezone.localdate()}
    saved = services.value_save_draft(indicator=indicator, period=period, data=data, acting_user=users["officer"])
    services.value_submit(value=saved, acting_user=users["officer"])
    services.value_approve(value=saved, acting_user=users["head"])
    services.value_review(value=saved, decision="accepted", comment="", acting_user=users["standing_office"])
    return saved


@pytest.fixture
def catalogue(users, agency_skhcn, agency_finance):
    """Green (5G, accepted 100 %), red (fibre, accepted 10 %), grey (broadband, no value) of Sở KH&CN; one internal
    indicator of Sở Tài chính and one public one."""
    green = make_indicator(agency_skhcn, code="NQ57-01", name="Phủ sóng 5G", is_public=True)
    red = make_indicator(agency_skhcn, code="NQ57-02", name="Cáp quang đến thôn, xóm", layer="strategic")
    grey = make_indicator(agency_skhcn, code="NQ57-03", name="Băng rộng cố định 1 Gbps")
    secret = make_indicator(agency_finance, code="TC-01", name="Giải ngân vốn khoa học công nghệ")
    public = make_indicator(agency_finance, code="TC-02", name="Chi ngân sách cho khoa học", is_public=True)
    accepted_value(green, users, 100)
    accepted_value(red, users, 10)
    return {"green": green, "red": red, "grey": grey, "secret": secret, "public": public}


def codes(response) -> list[str]:
    return [row["indicator"].code for row in response.context["rows"]]


class ListTests:
    url = reverse("indicators:list")

    def test_anonymous_is_sent_to_sign_in(self, client, catalogue):
        response = client.get(self.url)
        assert response.status_code == 302
        assert "/dang-nhap/" in response["Location"] or "login" in response["Location"]

    def test_colour_drill_down_lists_exactly_that_colour(self, client, users, catalogue):
        client.force_login(users["leader"])
        assert codes(client.get(self.url, {"mau": "red"})) == ["NQ57-02"]
        assert codes(client.get(self.url, {"mau": "green"})) == ["NQ57-01"]
        assert sorted(codes(client.get(self.url, {"mau": "grey"}))) == ["NQ57-03", "TC-01", "TC-02"]
        response = client.get(self.url, {"mau": "red"})
        assert "Chậm nhiều hoặc quá hạn chưa đạt" in response.content.decode()

    def test_search_ignores_diacritics_and_filters_combine(self, client, users, catalogue, agency_finance):
        client.force_login(users["standing_office"])
        assert codes(client.get(self.url, {"q": "cap quang"})) == ["NQ57-02"]
        assert codes(client.get(self.url, {"q": "tc-02"})) == ["TC-02"]
        assert codes(client.get(self.url, {"tang": "strategic"})) == ["NQ57-02"]
        assert sorted(codes(client.get(self.url, {"co_quan": agency_finance.pk}))) == ["TC-01", "TC-02"]
        assert sorted(codes(client.get(self.url, {"cong_khai": "1"}))) == ["NQ57-01", "TC-02"]
        assert codes(client.get(self.url, {"cong_khai": "0", "co_quan": agency_finance.pk})) == ["TC-01"]

    def test_a_bad_filter_says_so_and_lists_nothing(self, client, users, catalogue):
        client.force_login(users["standing_office"])
        response = client.get(self.url, {"mau": "purple"})
        assert response.status_code == 200
        assert codes(response) == []
        assert response.context["form"].errors["mau"]

    def test_row_shows_latest_accepted_value_target_and_agency(self, client, users, catalogue):
        client.force_login(users["leader"])
        page = client.get(self.url, {"q": "5G"}).content.decode()
        assert "100" in page
        assert "vào 31/12/2030" in page
        assert "Sở Khoa học và Công nghệ" in page

    def test_agency_user_sees_own_and_public_indicators_only(self, client, users, catalogue):
        client.force_login(users["other_officer"])  # Sở Tài chính
        assert sorted(codes(client.get(self.url))) == ["NQ57-01", "TC-01", "TC-02"]
        client.force_login(users["officer"])  # Sở KH&CN
        assert sorted(codes(client.get(self.url))) == ["NQ57-01", "NQ57-02", "NQ57-03", "TC-02"]

    def test_htmx_gets_the_table_only(self, client, users, catalogue):
        client.force_login(users["leader"])
        response = client.get(self.url, {"q": "5g"}, headers={"HX-Request": "true"})
        assert "<h1>" not in response.content.decode()
        assert codes(response) == ["NQ57-01"]

    def test_pages_of_fifty(self, client, users, agency_skhcn):
        Indicator.objects.bulk_create(
            Indicator(
                code=f"X-{n:03d}", name=f"Chỉ tiêu {n}", unit="%", target_value=1, target_on=datetime.date(2030, 1, 1)
            )
            for n in range(55)
        )
        client.force_login(users["leader"])
        assert len(codes(client.get(self.url))) == 50
        assert len(codes(client.get(self.url, {"page": 2}))) == 5


class DetailTests:
    def url(self, indicator):
        return reverse("indicators:detail", args=[indicator.pk])

    def test_another_agency_cannot_open_an_internal_indicator(self, client, users, catalogue):
        client.force_login(users["other_officer"])
        assert client.get(self.url(catalogue["red"])).status_code == 404
        client.force_login(users["officer"])
        assert client.get(self.url(catalogue["secret"])).status_code == 404

    def test_another_agency_does_not_see_the_values_being_worked_on(self, client, users, catalogue):
        """A public indicator of Sở KH&CN: Sở Tài chính sees its accepted figure, never a draft, a step or evidence."""
        green = catalogue["green"]
        pending = IndicatorValue.objects.get(indicator=green)
        IndicatorValue.objects.filter(pk=pending.pk).update(status=ReportStatus.RETURNED)
        services.value_evidence_add_file(
            value=pending, name="bien-ban-mat.pdf", data=PDF, acting_user=users["officer"], description="Biên bản"
        )
        client.force_login(users["other_officer"])
        page = client.get(self.url(green)).content.decode()
        assert "bien-ban-mat" not in page
        assert 'data-testid="value-table"' not in page
        client.force_login(users["officer"])
        page = client.get(self.url(green)).content.decode()
        assert "bien-ban-mat" in page
        evidence = pending.evidence.get()
        download = reverse("indicators:evidence_download", args=[evidence.pk])
        assert client.get(download).status_code == 200
        client.force_login(users["other_officer"])
        assert client.get(download).status_code == 404

    def test_page_shows_colour_chart_data_milestones_and_history(self, client, users, catalogue):
        red = catalogue["red"]
        services.milestone_add(
            indicator=red, due_on=datetime.date(2027, 12, 31), value=Decimal(70), acting_user=users["standing_office"]
        )
        client.force_login(users["leader"])
        response = client.get(self.url(red))
        page = response.content.decode()
        assert 'data-colour="red"' in page
        assert 'id="indicator-chart-data"' in page
        assert "js/indicator-chart.js" in page
        chart = response.context["chart"]
        assert [p["day"] for p in chart["trajectory"]] == ["01/01/2025", "31/12/2027", "31/12/2030"]
        assert [p["y"] for p in chart["values"]] == [10.0]
        assert "Mốc 31/12/2027: 70" in page
        assert 'data-testid="indicator-history"' in page
        assert "Lãnh đạo đơn vị đã duyệt" in page  # the value's status in its history and table

    def test_actions_follow_the_role(self, client, users, agency_skhcn):
        indicator = make_indicator(agency_skhcn)
        url = self.url(indicator)
        client.force_login(users["officer"])
        assert 'data-testid="report-value"' in client.get(url).content.decode()
        client.force_login(users["head"])
        assert 'data-testid="report-value"' not in client.get(url).content.decode()
        client.force_login(users["standing_office"])
        page = client.get(url).content.decode()
        assert reverse("indicators:edit", args=[indicator.pk]) in page
        assert 'data-testid="report-value"' not in page


class FormTests:
    def test_officer_reports_a_value_with_evidence_and_submits(self, client, users, agency_skhcn):
        indicator = make_indicator(agency_skhcn)
        client.force_login(users["officer"])
        url = reverse("indicators:value_edit", args=[indicator.pk])
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "value": "96,5",
                "measured_on": timezone.localdate().strftime("%d/%m/%Y"),
                "source": "Viettel Thái Nguyên",
                "note": "",
                "file": SimpleUploadedFile("so-lieu.pdf", PDF),
                "action": "submit",
            },
        )
        assert response.status_code == 302
        value = IndicatorValue.objects.get()
        assert value.value == Decimal("96.5")
        assert value.status == ReportStatus.SUBMITTED
        assert value.evidence.get().original_name == "so-lieu.pdf"

    def test_a_bad_file_keeps_what_was_typed(self, client, users, agency_skhcn):
        indicator = make_indicator(agency_skhcn)
        client.force_login(users["officer"])
        response = client.post(
            reverse("indicators:value_edit", args=[indicator.pk]),
            {
                "value": "96,5",
                "measured_on": timezone.localdate().strftime("%d/%m/%Y"),
                "source": "Nguồn đã gõ",
                "note": "Ghi chú đã gõ",
                "file": SimpleUploadedFile("so-lieu.pdf", b"not a pdf"),
                "action": "save",
            },
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "không phải PDF" in page
        assert 'value="96,5"' in page and "Nguồn đã gõ" in page and "Ghi chú đã gõ" in page
        assert not IndicatorValue.objects.exists()

    def test_only_the_responsible_officer_opens_the_value_form(self, client, users, agency_skhcn):
        indicator = make_indicator(agency_skhcn, is_public=True)
        url = reverse("indicators:value_edit", args=[indicator.pk])
        for role in ("other_officer", "head", "standing_office"):
            client.force_login(users[role])
            assert client.get(url).status_code == 403

    def test_the_chain_through_the_buttons(self, client, users, agency_skhcn):
        indicator = make_indicator(agency_skhcn)
        period = period_for(timezone.localdate())
        value = services.value_save_draft(
            indicator=indicator,
            period=period,
            data={"value": Decimal(90), "measured_on": timezone.localdate()},
            acting_user=users["officer"],
        )
        url = reverse("indicators:value_action", args=[value.pk])
        client.force_login(users["officer"])
        client.post(url, {"action": "submit"})
        client.force_login(users["other_officer"])
        assert client.post(url, {"action": "approve"}).status_code == 404
        client.force_login(users["head"])
        response = client.post(url, {"action": "head_return", "comment": ""}, follow=True)
        assert "phải kèm ý kiến" in response.content.decode()
        client.post(url, {"action": "approve"})
        client.force_login(users["standing_office"])
        client.post(url, {"action": "accept"})
        value.refresh_from_db()
        assert value.status == ReportStatus.ACCEPTED

    def test_standing_office_creates_an_indicator_with_tasks_by_number(self, client, users, agency_skhcn):
        from giamsat.directives.tests.factories import DirectiveFactory, TaskFactory

        directive = DirectiveFactory()
        task = TaskFactory(directive=directive, ref="10")
        form = {
            "code": "NQ57-09",
            "name": "Tỷ lệ phủ sóng 5G",
            "unit": "%",
            "direction": "higher",
            "layer": "operational",
            "baseline_value": "",
            "baseline_on": "",
            "target_value": "95",
            "target_on": "31/12/2026",
            "agency": agency_skhcn.pk,
            "frequency": "monthly",
            "data_source": "",
            "directive": directive.pk,
            "source_text": "",
            "task_refs": "10, 99",
        }
        url = reverse("indicators:create")
        client.force_login(users["officer"])
        assert client.post(url, form).status_code == 403
        client.force_login(users["standing_office"])
        response = client.post(url, form)
        assert response.status_code == 200
        assert "Văn bản không có nhiệm vụ STT: 99." in response.content.decode()
        assert 'value="NQ57-09"' in response.content.decode()
        response = client.post(url, {**form, "task_refs": "10"})
        indicator = Indicator.objects.get(code="NQ57-09")
        assert response["Location"] == reverse("indicators:detail", args=[indicator.pk])
        assert list(indicator.tasks.all()) == [task]
        assert indicator.target_on == datetime.date(2026, 12, 31)
