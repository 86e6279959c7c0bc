"""Provincial indices: entry and correction by the standing office, the Excel import (all rows or none, errors per
row in Vietnamese), the page and who reaches what."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from giamsat.indicators.choices import IndexKind
from giamsat.indicators.indices import COLUMNS, index_score_save, index_scores_import
from giamsat.indicators.models import IndexScore

pytestmark = pytest.mark.django_db
URL = "/chi-tieu/chi-so-tinh/"
HEADER = ("Chỉ số", "Năm", "Điểm", "Xếp hạng", "Trên tổng số", "Nguồn")


def xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("chi-so.xlsx", out.getvalue())


def data(**kwargs):
    base = {"kind": IndexKind.DTI, "year": 2024, "score": Decimal("0.5"), "rank": 10, "out_of": 63, "source": "Bộ"}
    return base | kwargs


class IndexServiceTests:
    def test_save_creates_then_updates_the_same_year(self, users):
        office = users["standing_office"]
        first = index_score_save(data=data(), acting_user=office)
        again = index_score_save(data=data(score=Decimal("0.6"), rank=8), acting_user=office)
        assert first.pk == again.pk
        assert (again.score, again.rank) == (Decimal("0.6"), 8)
        assert again.history.first().history_user == office

    def test_rank_beyond_the_total_is_refused(self, users):
        with pytest.raises(ValidationError, match="lớn hơn tổng số"):
            index_score_save(data=data(rank=70), acting_user=users["standing_office"])

    @pytest.mark.parametrize("role", ["officer", "head", "leader", "inspector"])
    def test_only_the_standing_office(self, users, role):
        with pytest.raises(PermissionDenied):
            index_score_save(data=data(), acting_user=users[role])

    def test_import_writes_every_row(self, users):
        rows = [HEADER, ("DTI", 2023, "0,4512", 20, 63, "Bộ TT&TT"), ("PAR Index", 2024, 85.5, 12, 63, "Bộ Nội vụ")]
        result = index_scores_import(rows=rows, acting_user=users["standing_office"])
        assert (result.created, result.updated) == (2, 0)
        par = IndexScore.objects.get(kind=IndexKind.PAR)
        assert (par.year, par.score, par.rank, par.out_of) == (2024, Decimal("85.5"), 12, 63)
        assert IndexScore.objects.get(kind=IndexKind.DTI).score == Decimal("0.4512")

    def test_a_bad_row_writes_nothing_and_names_each_bad_row(self, users):
        rows = [
            HEADER,
            ("DTI", 2023, "0,45", 20, 63, ""),
            ("ABC", 2023, "1", 1, 63, ""),
            ("PII", "hai nghìn", "x", 1, 63, ""),
            ("SIPAS", 2023, "80", 70, 63, ""),
            ("DTI", 2023, "0,46", 21, 63, ""),
        ]
        with pytest.raises(ValidationError) as caught:
            index_scores_import(rows=rows, acting_user=users["standing_office"])
        messages = caught.value.messages
        assert [m.split(":")[0] for m in messages] == ["Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6"]
        assert "không phải DTI, PII, PAR hoặc SIPAS" in messages[0]
        assert "trùng với dòng 2" in messages[3]
        assert not IndexScore.objects.exists()

    def test_a_missing_column_is_named(self, users):
        with pytest.raises(ValidationError, match="Thiếu cột “nguồn”"):
            index_scores_import(rows=[HEADER[:5], ("DTI", 2023, 1, 1, 63)], acting_user=users["standing_office"])

    def test_the_columns_are_the_documented_ones(self):
        assert COLUMNS == ("chỉ số", "năm", "điểm", "xếp hạng", "trên tổng số", "nguồn")


class IndexPageTests:
    def test_url_name(self):
        assert reverse("indicators:indices") == URL

    def test_access(self, client, users):
        assert client.get(URL).status_code == 302
        for role in ("officer", "leader", "inspector"):
            client.force_login(users[role])
            response = client.get(URL)
            assert response.status_code == 200
            assert 'data-testid="index-form"' not in response.content.decode()
            assert client.post(URL, {"action": "save", "kind": "dti", "year": 2024, "score": "1"}).status_code == 403
        assert not IndexScore.objects.exists()

    def test_enter_edit_and_chart(self, client, users):
        client.force_login(users["standing_office"])
        post = {"action": "save", "kind": "pii", "year": "2024", "score": "35,5", "rank": "18", "out_of": "63"}
        assert client.post(URL, {**post, "source": "Bộ KH&CN"}).status_code == 302
        score = IndexScore.objects.get()
        assert score.score == Decimal("35.5")
        edited = {**post, "score": "36", "source": "Bộ KH&CN, 2025"}
        assert client.post(f"{URL}?sua={score.pk}", edited).status_code == 302
        score.refresh_from_db()
        assert (score.score, score.source) == (Decimal("36"), "Bộ KH&CN, 2025")
        html = client.get(URL).content.decode()
        assert 'id="index-chart-pii"' in html
        assert "18/63" in html
        assert 'id="index-data"' in html

    def test_bad_entry_keeps_what_was_typed(self, client, users):
        client.force_login(users["standing_office"])
        response = client.post(URL, {"action": "save", "kind": "dti", "year": "2024", "score": "abc", "source": "Xyz"})
        assert response.status_code == 400
        assert 'value="Xyz"' in response.content.decode()

    def test_import_page(self, client, users):
        client.force_login(users["standing_office"])
        good = xlsx([HEADER, ("SIPAS", 2024, "82,1", 30, 63, "Bộ Nội vụ")])
        assert client.post(URL, {"action": "import", "file": good}).status_code == 302
        assert IndexScore.objects.get().kind == IndexKind.SIPAS
        bad = xlsx([HEADER, ("SIPAS", 2025, "x", 30, 63, "")])
        response = client.post(URL, {"action": "import", "file": bad})
        assert response.status_code == 400
        assert "Dòng 2" in response.content.decode()
        assert IndexScore.objects.count() == 1

    def test_filter(self, client, users):
        office = users["standing_office"]
        index_score_save(data=data(), acting_user=office)
        index_score_save(data=data(kind=IndexKind.PAR, score=Decimal("80")), acting_user=office)
        client.force_login(office)
        html = client.get(URL, {"chi_so": "par"}).content.decode()
        table = html.split('data-testid="index-table"')[1].split("</table>")[0]
        assert "PAR Index" in table and "DTI" not in table
