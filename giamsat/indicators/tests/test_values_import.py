"""Many values at once from Excel: the template round trip, all rows or none, errors per row and column."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from giamsat.indicators import values_import
from giamsat.indicators.models import IndicatorValue
from giamsat.reporting.choices import ReportStatus
from giamsat.reporting.models import ReportingPeriod

from .test_services import make_indicator

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 7, 10)


def workbook(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["Giá trị chỉ tiêu"])
    ws.append(values_import.COLUMNS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def indicators(agency_skhcn, agency_finance):
    return {
        "5g": make_indicator(agency_skhcn, code="NQ57-01"),
        "fibre": make_indicator(agency_skhcn, code="NQ57-02", name="Cáp quang đến thôn"),
        "finance": make_indicator(agency_finance, code="TC-01", is_public=True),
    }


class ImportTests:
    def test_good_file_creates_and_updates_drafts(self, users, indicators):
        data = workbook(
            [
                ["NQ57-01", "06/2026", "95,5", "30/06/2026", "Viettel", "Số liệu quý II"],
                ["nq57-02", "07/2026", 80, datetime.datetime(2026, 7, 5), "VNPT", None],
            ]
        )
        saved = values_import.values_import(data=data, acting_user=users["officer"], today=TODAY)
        assert len(saved) == 2
        five_g = IndicatorValue.objects.get(indicator=indicators["5g"])
        assert (five_g.period.month, five_g.value, five_g.measured_on) == (
            6,
            Decimal("95.5"),
            datetime.date(2026, 6, 30),
        )
        assert five_g.status == ReportStatus.DRAFT
        assert five_g.history.get().history_user == users["officer"]
        again = workbook([["NQ57-01", "06/2026", "96", "30/06/2026", "Viettel", ""]])
        values_import.values_import(data=again, acting_user=users["officer"], today=TODAY)
        five_g.refresh_from_db()
        assert five_g.value == Decimal(96)
        assert IndicatorValue.objects.count() == 2  # updated, not duplicated

    def test_bad_file_writes_nothing_and_names_each_row(self, users, indicators):
        periods_before = ReportingPeriod.objects.count()
        data = workbook(
            [
                ["NQ57-01", "05/2026", "95", "31/05/2026", "", ""],  # good, but the file is refused as a whole
                ["TC-01", "06/2026", "12", "30/06/2026", "", ""],  # another agency's indicator
                ["NQ57-02", "13/2026", "abc", "31/02/2026", "", ""],  # bad period, value and day
                ["NQ57-02", "08/2026", "5", "01/08/2026", "", ""],  # a period to come, a day after today
                ["NQ57-01", "05/2026", "94", "31/05/2026", "", ""],  # the same indicator and period twice
            ]
        )
        with pytest.raises(values_import.ImportErrors) as raised:
            values_import.values_import(data=data, acting_user=users["officer"], today=TODAY)
        errors = raised.value.errors
        assert not IndicatorValue.objects.exists()
        assert ReportingPeriod.objects.count() == periods_before
        text = "\n".join(errors)
        assert "Dòng 4, cột “Mã chỉ tiêu”: “TC-01” không phải chỉ tiêu đơn vị chịu trách nhiệm." in text
        assert "Dòng 5, cột “Kỳ (mm/yyyy)”" in text
        assert "Dòng 5, cột “Giá trị”: “abc” không phải là số" in text
        assert "Dòng 5, cột “Số liệu tính đến ngày (dd/mm/yyyy)”: “31/02/2026” không đúng dạng" in text
        assert "Dòng 6, cột “Kỳ (mm/yyyy)”: kỳ 08/2026 chưa đến." in text
        assert "Dòng 7, cột “Mã chỉ tiêu”: chỉ tiêu và kỳ này đã có ở dòng 3." in text

    def test_not_an_excel_file(self, users, indicators):
        with pytest.raises(values_import.ImportErrors) as raised:
            values_import.values_import(data=b"hello", acting_user=users["officer"], today=TODAY)
        assert "Excel" in raised.value.errors[0]

    def test_a_submitted_value_is_not_overwritten(self, users, indicators):
        from giamsat.indicators import services

        values_import.values_import(
            data=workbook([["NQ57-01", "06/2026", "95", "30/06/2026", "", ""]]),
            acting_user=users["officer"],
            today=TODAY,
        )
        services.value_submit(value=IndicatorValue.objects.get(), acting_user=users["officer"])
        data = workbook(
            [["NQ57-02", "06/2026", "50", "30/06/2026", "", ""], ["NQ57-01", "06/2026", "1", "30/06/2026", "", ""]]
        )
        with pytest.raises(values_import.ImportErrors) as raised:
            values_import.values_import(data=data, acting_user=users["officer"], today=TODAY)
        assert raised.value.errors[0].startswith("Dòng 4: Giá trị kỳ 06/2026 đã gửi")
        assert IndicatorValue.objects.count() == 1  # the good row rolled back too

    def test_the_template_lists_own_indicators_and_reads_back(self, users, indicators):
        from giamsat.reporting.services import period_for

        period = period_for(TODAY)
        data = values_import.template_workbook(user=users["officer"], period=period)
        ws = load_workbook(io.BytesIO(data)).active
        rows = list(ws.iter_rows(min_row=4, values_only=True))
        assert sorted(row[0] for row in rows) == ["NQ57-01", "NQ57-02"]
        ws["C4"], ws["D4"] = "70", "01/07/2026"
        out = io.BytesIO()
        ws.parent.save(out)
        saved = values_import.values_import(data=out.getvalue(), acting_user=users["officer"], today=TODAY)
        assert [v.value for v in saved] == [Decimal(70)]

    def test_only_agency_officers_import(self, users, indicators):
        for role in ("head", "standing_office", "leader"):
            with pytest.raises(PermissionDenied):
                values_import.values_import(data=workbook([]), acting_user=users[role], today=TODAY)


class ImportPageTests:
    def test_page_shows_the_errors_and_the_template_downloads(self, client, users, indicators):
        url = reverse("indicators:values_import")
        client.force_login(users["head"])
        assert client.get(url).status_code == 403
        client.force_login(users["officer"])
        assert client.get(url).status_code == 200
        template = client.get(reverse("indicators:values_import_template"))
        assert template.status_code == 200
        assert template["Content-Type"].startswith("application/vnd.openxmlformats")
        today = timezone.localdate()
        month, day = today.strftime("%m/%Y"), today.strftime("%d/%m/%Y")
        bad = workbook([["TC-01", month, "1", day, "", ""]])
        response = client.post(url, {"file": SimpleUploadedFile("gia-tri.xlsx", bad)})
        assert response.status_code == 200
        assert "không phải chỉ tiêu đơn vị chịu trách nhiệm" in response.content.decode()
        good = workbook([["NQ57-01", month, "1", day, "", ""]])
        response = client.post(url, {"file": SimpleUploadedFile("gia-tri.xlsx", good)})
        assert response.status_code == 302
        assert IndicatorValue.objects.count() == 1
