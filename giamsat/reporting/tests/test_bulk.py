"""Bulk reporting by Excel: the template round trip, row-by-row errors, all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from giamsat.directives.tests.factories import task_led_by
from giamsat.reporting.models import ProgressReport

pytestmark = pytest.mark.django_db


def fill(data: bytes, rows: dict[int, list]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    for index, values in rows.items():
        for column, value in enumerate(values, start=5):
            ws.cell(row=index, column=column, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def tasks(agency_skhcn):
    return [task_led_by(agency_skhcn, title=f"Nhiệm vụ số {i}") for i in range(3)]


def test_template_round_trip_saves_every_row(client, users, tasks):
    client.force_login(users["officer"])
    template = client.get(reverse("reporting:bulk_excel"))
    assert template.status_code == 200
    data = b"".join(template.streaming_content) if template.streaming else template.content
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.cell(row=3, column=1).value == "Mã nhiệm vụ"
    assert {ws.cell(row=r, column=1).value for r in (4, 5, 6)} == {t.pk for t in tasks}
    filled = fill(
        data, {4: ["Đang thực hiện", 40, "Đã khảo sát"], 5: ["Đã hoàn thành", 100, "Xong", "Quyết định", "12/06/2026"]}
    )
    response = client.post(reverse("reporting:bulk_excel"), {"file": SimpleUploadedFile("bc.xlsx", filled)})
    assert response.status_code == 302
    assert ProgressReport.objects.count() == 2
    assert set(ProgressReport.objects.values_list("progress_percent", flat=True)) == {40, 100}
    # the template now carries what was saved (export format = import format)
    again = load_workbook(io.BytesIO(client.get(reverse("reporting:bulk_excel")).content)).active
    assert {again.cell(row=r, column=6).value for r in (4, 5)} == {40, 100}


def test_one_bad_row_saves_nothing_and_names_the_row(client, users, tasks):
    client.force_login(users["officer"])
    data = client.get(reverse("reporting:bulk_excel")).content
    filled = fill(data, {4: ["Đang thực hiện", 40], 5: ["Đang thực hiện", 140], 6: ["Không rõ", 10]})
    response = client.post(
        reverse("reporting:bulk_excel"), {"file": SimpleUploadedFile("bc.xlsx", filled)}, follow=True
    )
    page = response.content.decode()
    assert "Dòng 5, cột “Tiến độ”: phải là số từ 0 đến 100." in page
    assert "Dòng 6, cột “Tình trạng”: “Không rõ” không hợp lệ." in page
    assert not ProgressReport.objects.exists()


def test_garbage_and_other_agencies_are_refused(client, users, tasks, agency_finance):
    client.force_login(users["officer"])
    response = client.post(
        reverse("reporting:bulk_excel"), {"file": SimpleUploadedFile("bc.xlsx", b"not excel")}, follow=True
    )
    assert "Không đọc được tệp Excel" in response.content.decode()
    foreign = task_led_by(agency_finance)
    data = client.get(reverse("reporting:bulk_excel")).content
    wb = load_workbook(io.BytesIO(data))
    wb.active.cell(row=4, column=1, value=foreign.pk)
    wb.active.cell(row=4, column=5, value="Đang thực hiện")
    out = io.BytesIO()
    wb.save(out)
    response = client.post(
        reverse("reporting:bulk_excel"), {"file": SimpleUploadedFile("bc.xlsx", out.getvalue())}, follow=True
    )
    assert f"nhiệm vụ {foreign.pk} không thuộc đơn vị" in response.content.decode()
    assert not ProgressReport.objects.exists()
    client.force_login(users["head"])
    assert client.get(reverse("reporting:bulk_excel")).status_code == 403
