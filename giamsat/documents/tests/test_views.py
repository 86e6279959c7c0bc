"""Downloads: who may fetch what; the task list export holds exactly the listed tasks; agency summaries. Each file is
asked for as a person does (the request starts a job, the worker makes the file, it is downloaded from the job's page:
jobflow.py); a wrong parameter is refused before anything is queued."""

import io
import re
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from giamsat.directives.models import Task
from giamsat.documents.excel import HEADER_ROW
from giamsat.jobs.models import Job
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.status import task_status

from .conftest import AS_OF
from .jobflow import exported_ids, fetch, started_job

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def listed_ids(client, params: dict) -> list[int]:
    """Every task the list page shows for the parameters, page after page."""
    ids, page = [], 1
    while True:
        context = client.get(reverse("directives:task_list"), {**params, "page": page}).context
        ids += [task.pk for task in context["page"].object_list]
        if not context["page"].has_next():
            return ids
        page += 1


class MonthlyReportViewTests:
    @pytest.mark.parametrize(
        ("who", "code"),
        [("officer", 403), ("head", 403), ("other_officer", 403), ("leader", 200), ("standing_office", 200)],
    )
    def test_only_leaders_and_the_office(self, client, users, dataset, run_jobs, who, code):
        client.force_login(users[who])
        params = {"month": "2026-06", "as_of": "20/06/2026"}
        if code == 403:
            assert client.get(reverse("documents:monthly_report"), params).status_code == 403
            assert not Job.objects.exists()
            return
        fetched = fetch(client, run_jobs, reverse("documents:monthly_report"), params)
        assert fetched.job.owner == users[who] and fetched.job.title == "Báo cáo tháng 06/2026 (Word)"
        assert fetched.response["Content-Type"] == DOCX
        assert 'filename="bao-cao-thang-2026-06.docx"' in fetched.response["Content-Disposition"]
        assert Document(io.BytesIO(fetched.content)).paragraphs

    def test_anonymous_goes_to_login(self, client, registry):
        response = client.get(reverse("documents:monthly_report"), {"month": "2026-06"})
        assert response.status_code == 302 and "next=" in response["Location"]
        assert not Job.objects.exists()

    def test_excel_appendix(self, client, users, dataset, run_jobs):
        client.force_login(users["leader"])
        fetched = fetch(
            client,
            run_jobs,
            reverse("documents:monthly_report"),
            {"month": "2026-06", "as_of": "20/06/2026", "format": "xlsx"},
        )
        assert fetched.response["Content-Type"] == XLSX
        assert sorted(exported_ids(fetched)) == sorted(
            Task.objects.exclude(confidentiality="secret").values_list("pk", flat=True)
        )

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"month": "2026-13"}, "không hợp lệ"),
            ({"month": "2026-06", "format": "odt"}, "không hỗ trợ"),
            ({"month": "2026-06", "as_of": "hôm qua"}, "Ngày không hợp lệ: hôm qua (định dạng dd/mm/yyyy)"),
        ],
    )
    def test_bad_parameters_say_why_in_vietnamese(self, client, users, registry, params, message):
        client.force_login(users["standing_office"])
        response = client.get(reverse("documents:monthly_report"), params)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Job.objects.exists()  # nothing queued

    @override_settings(SOFFICE_BINARY="/khong-co/soffice")
    def test_pdf_without_libreoffice_explains_and_offers_the_word_file(self, client, users, dataset):
        client.force_login(users["leader"])
        response = client.get(reverse("documents:monthly_report"), {"month": "2026-06", "format": "pdf"})
        assert response.status_code == 503
        content = response.content.decode()
        assert "chưa cài LibreOffice" in content and "libreoffice-writer-nogui" in content
        assert "format=docx" in content and "month=2026-06" in content
        assert not Job.objects.exists()  # said at once, nothing queued

    @pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) không có trên máy này")
    def test_pdf(self, client, users, dataset, run_jobs):
        client.force_login(users["leader"])
        fetched = fetch(
            client,
            run_jobs,
            reverse("documents:monthly_report"),
            {"month": "2026-06", "as_of": "20/06/2026", "format": "pdf"},
        )
        assert fetched.response["Content-Type"] == "application/pdf"
        assert fetched.content.startswith(b"%PDF")

    def test_index_lists_months_for_the_office_only(self, client, users, registry):
        client.force_login(users["standing_office"])
        content = client.get(reverse("documents:index")).content.decode()
        assert reverse("documents:monthly_report") + "?month=" in content
        client.force_login(users["officer"])
        content = client.get(reverse("documents:index")).content.decode()
        assert reverse("documents:monthly_report") not in content
        assert reverse("documents:agency_summary", args=[users["officer"].agency_id]) in content


class TaskListExportTests:
    def test_exactly_the_tasks_the_filtered_list_shows(self, client, users, dataset, agency_finance, run_jobs):
        client.force_login(users["standing_office"])
        params = {"scope": "all", "as_of": "20/06/2026", "status": "overdue", "lead_agency_id": agency_finance.pk}
        fetched = fetch(client, run_jobs, reverse("documents:task_list_export"), params)
        assert fetched.response["Content-Type"] == XLSX
        assert fetched.job.title == "Danh sách nhiệm vụ (Excel) tính đến 20/06/2026"
        ids = exported_ids(fetched)
        listed = client.get(reverse("directives:task_list"), params).context["page"]
        assert ids == [task.pk for task in listed.object_list] == [dataset.tasks["overdue"].pk]
        assert len(ids) == listed.paginator.count
        ws = load_workbook(io.BytesIO(fetched.content)).active
        assert "Sở Tài chính" in ws["A2"].value and "Đang thực hiện – quá hạn" in ws["A2"].value
        row = dict(zip([c.value for c in ws[HEADER_ROW]], [c.value for c in ws[HEADER_ROW + 1]], strict=True))
        result = task_status(dataset.tasks["overdue"], AS_OF)
        assert row["Trạng thái"] == str(TaskStatus.OVERDUE.label) and row["Số ngày quá hạn"] == result.overdue_days

    def test_the_lists_download_link_carries_its_filters(self, client, users, dataset, agency_finance, run_jobs):
        client.force_login(users["standing_office"])
        params = {"scope": "all", "as_of": "20/06/2026", "status": "overdue", "lead_agency_id": agency_finance.pk}
        page = client.get(reverse("directives:task_list"), params).content.decode()
        link = page.split('data-testid="export-xlsx"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
        assert link.startswith(reverse("documents:task_list_export") + "?")
        assert exported_ids(fetch(client, run_jobs, link)) == [dataset.tasks["overdue"].pk]

    def test_unfiltered_export_spans_every_page(self, client, users, dataset, run_jobs):
        from giamsat.directives.tests.factories import task_led_by

        for n in range(55):
            task_led_by(users["officer"].agency, title=f"Nhiệm vụ bổ sung {n}")
        client.force_login(users["standing_office"])
        params = {"scope": "all", "as_of": "20/06/2026"}
        fetched = fetch(client, run_jobs, reverse("documents:task_list_export"), params)
        assert exported_ids(fetched) == listed_ids(client, params)

    @pytest.mark.parametrize("scope", ["all", "mine"])
    def test_an_officer_exports_only_what_they_may_see(self, client, users, dataset, run_jobs, scope):
        client.force_login(users["officer"])  # Sở Khoa học và Công nghệ
        params = {"scope": scope, "as_of": "20/06/2026"}
        ids = exported_ids(fetch(client, run_jobs, reverse("documents:task_list_export"), params))
        assert ids == listed_ids(client, params)
        finance_internal = [dataset.tasks[k].pk for k in ("overdue", "done_late", "pending")]
        assert not set(ids) & set(finance_internal)
        assert dataset.tasks["secret"].pk not in ids
        assert dataset.tasks["on_time"].pk in ids  # led by its agency
        assert (dataset.tasks["public"].pk in ids) == (scope == "all")  # public, led by another agency

    def test_anonymous_gets_nothing(self, client, registry):
        response = client.get(reverse("documents:task_list_export"))
        assert response.status_code == 302 and "next=" in response["Location"]
        assert not Job.objects.exists()


def summary_text(fetched) -> str:
    document = Document(io.BytesIO(fetched.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


class AgencySummaryTests:
    @pytest.mark.parametrize(
        ("who", "agency", "code"),
        [
            ("officer", "own", 200),
            ("head", "own", 200),
            ("other_officer", "own", 404),  # Sở Tài chính asking for Sở Khoa học và Công nghệ
            ("leader", "own", 200),
            ("standing_office", "own", 200),
            ("officer", "other", 404),
            ("leader", "other", 200),
        ],
    )
    def test_access(self, client, users, dataset, agency_skhcn, agency_finance, run_jobs, who, agency, code):
        client.force_login(users[who])
        target = agency_skhcn if agency == "own" else agency_finance
        url = reverse("documents:agency_summary", args=[target.pk])
        pdf = client.get(reverse("documents:agency_summary_pdf", args=[target.pk]))
        if code == 404:
            assert client.get(url, {"as_of": "20/06/2026"}).status_code == 404
            assert pdf.status_code == 404
            assert not Job.objects.exists()
            return
        if shutil.which("soffice"):
            assert started_job(pdf).params["format"] == "pdf"  # queued; made by the worker (test_pdf)
        else:
            assert pdf.status_code == 503
        fetched = fetch(client, run_jobs, url, {"as_of": "20/06/2026"})
        assert fetched.response["Content-Type"] == DOCX
        assert fetched.job.title == f"Tóm tắt một trang của {target.name} (Word)"

    def test_missing_agency_is_404(self, client, users, registry):
        client.force_login(users["leader"])
        assert client.get(reverse("documents:agency_summary", args=[999999])).status_code == 404

    def test_content_equals_the_engine(self, client, users, dataset, agency_skhcn, run_jobs):
        client.force_login(users["head"])
        url = reverse("documents:agency_summary", args=[agency_skhcn.pk])
        text = summary_text(fetch(client, run_jobs, url, {"as_of": "20/06/2026"}))
        led = Task.objects.exclude(confidentiality="secret").filter(
            assignments__role="lead", assignments__agency=agency_skhcn
        )
        statuses = [task_status(task, AS_OF) for task in led]
        overdue = [s for s in statuses if s.status == TaskStatus.OVERDUE]
        assert agency_skhcn.name.upper() in text and "20/06/2026" in text
        assert f"1. Nhiệm vụ chủ trì: {len(statuses)} nhiệm vụ" in text
        for status in TaskStatus:
            count = sum(1 for s in statuses if s.status == status)
            assert f"{count} ({round(100 * count / len(statuses))}%)" in text
        assert f"2. Nhiệm vụ quá hạn: {len(overdue)} nhiệm vụ" in text
        assert "Nhiệm vụ thử nghiệm quá hạn 2" in text and str(overdue[0].overdue_days) in text
        assert "3. Nhiệm vụ đến hạn trong 30 ngày tới: 1 nhiệm vụ" in text  # on_time, due 15/07
        assert "Thiếu kinh phí thuê tư vấn" in text and "chưa được trả lời" in text
        assert "gia hạn" not in text  # Sở Tài chính's proposal is not this agency's

    def test_long_lists_are_cut(self, client, users, dataset, agency_skhcn, run_jobs):
        import datetime

        from giamsat.directives.tests.factories import task_led_by

        for n in range(12):
            task_led_by(agency_skhcn, title=f"Việc chậm {n}", deadline=datetime.date(2026, 4, 1 + n))
        client.force_login(users["leader"])
        url = reverse("documents:agency_summary", args=[agency_skhcn.pk])
        text = summary_text(fetch(client, run_jobs, url, {"as_of": "20/06/2026"}))
        assert "2. Nhiệm vụ quá hạn: 13 nhiệm vụ" in text
        assert "và 5 nhiệm vụ khác." in text

    @pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) không có trên máy này")
    def test_a_typical_agency_fits_one_page(self, tmp_path, agency_skhcn):
        import pdfplumber

        from giamsat.directives.samples import samples_load

        samples_load()  # Sở Khoa học và Công nghệ leads 34 tasks of the three seed directives
        out = tmp_path / "tom-tat.pdf"
        call_command(
            "report",
            "agency",
            "--agency",
            "Sở Khoa học và Công nghệ",
            "--as-of",
            "01/07/2026",
            "--out",
            str(out),
            stdout=io.StringIO(),
        )
        with pdfplumber.open(out) as pdf:
            assert len(pdf.pages) == 1
            assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in pdf.pages[0].extract_text()


class AgencyCommandTests:
    def test_by_id_code_or_name(self, tmp_path, dataset, agency_finance):
        for value in (str(agency_finance.pk), agency_finance.code, "so tai chinh"):
            out = tmp_path / f"{re.sub(r'\W', '-', value)}.docx"
            call_command(
                "report", "agency", "--agency", value, "--as-of", "20/06/2026", "--out", str(out), stdout=io.StringIO()
            )
            assert "SỞ TÀI CHÍNH" in "\n".join(p.text for p in Document(str(out)).paragraphs)

    def test_unknown_or_ambiguous_agency(self, tmp_path, registry):
        with pytest.raises(CommandError, match="Không tìm thấy cơ quan"):
            call_command("report", "agency", "--agency", "Sở Không Tồn Tại", "--out", str(tmp_path / "x.docx"))
        with pytest.raises(CommandError, match="Có nhiều cơ quan"):
            call_command("report", "agency", "--agency", "Sở", "--out", str(tmp_path / "x.docx"))
        with pytest.raises(CommandError, match="Không rõ định dạng"):
            call_command("report", "agency", "--agency", "1", "--out", str(tmp_path / "x.xlsx"))
