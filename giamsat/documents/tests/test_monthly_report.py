"""The monthly report: every figure in the .docx equals the status engine's and the dashboard's."""

import datetime
import io
import re
import shutil
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from giamsat.directives.models import Task
from giamsat.directives.tests.factories import TaskAssignmentFactory, task_led_by
from giamsat.documents.excel import HEADER_ROW, HEADINGS
from giamsat.documents.generate import monthly_appendix_xlsx
from giamsat.documents.pdf import docx_to_pdf
from giamsat.documents.selectors import default_as_of, monthly_report_data, report_task_rows, report_tasks
from giamsat.documents.word import WORD_JOINER
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.dashboard import dashboard
from giamsat.monitoring.status import task_status
from giamsat.reporting.tests.factories import ProgressReportFactory, ReportingPeriodFactory

from .conftest import AS_OF, moment

pytestmark = pytest.mark.django_db


def engine_statuses(as_of: datetime.date) -> dict[int, object]:
    """task id → StatusResult from the pure engine, for the report's task set (no secret tasks)."""
    tasks = Task.objects.exclude(confidentiality="secret").prefetch_related(
        "deadline_changes", "reports__reviews", "assignments"
    )
    return {task.pk: task_status(task, as_of) for task in tasks}


def generate(tmp_path, as_of: str = "20/06/2026") -> Document:
    out = tmp_path / "bao-cao.docx"
    call_command("report", "monthly", "--month", "2026-06", "--as-of", as_of, "--out", str(out), stdout=io.StringIO())
    return Document(str(out))


def table_rows(table) -> list[list[str]]:
    return [[cell.text.strip() for cell in row.cells] for row in table.rows]


def find_table(document, first_header: str, second_header: str):
    return next(
        t for t in document.tables if [c.text.strip() for c in t.rows[0].cells][:2] == [first_header, second_header]
    )


class MonthlyReportDocumentTests:
    def test_every_figure_equals_the_status_engine_and_the_dashboard(self, tmp_path, dataset, agency_skhcn):
        statuses = engine_statuses(AS_OF)
        counts = Counter(result.status for result in statuses.values())
        assert set(counts) == set(TaskStatus)  # the dataset has a task in every status
        figures = dashboard(tasks=report_tasks(), as_of=AS_OF)
        assert dict(figures["by_status"]) == {status: counts.get(status, 0) for status in TaskStatus}

        document = generate(tmp_path)
        text = "\n".join(p.text for p in document.paragraphs)

        # I. total and each status with its share
        total = int(re.search(r"theo dõi trên Hệ thống: (\d+) nhiệm vụ", text).group(1))
        assert total == len(statuses) == figures["total"]
        for status in TaskStatus:
            match = re.search(rf"- {re.escape(str(status.label))}: (\d+) nhiệm vụ \((\d+)%\)", text)
            assert match, status
            assert int(match.group(1)) == counts.get(status, 0)
            assert int(match.group(2)) == round(100 * counts.get(status, 0) / total)
        done = counts[TaskStatus.DONE_ON_TIME] + counts[TaskStatus.DONE_LATE]
        assert f"có minh chứng được Cơ quan Thường trực chấp nhận): {done} nhiệm vụ" in text

        # II. per area (directive section): counts by status
        areas = find_table(document, "TT", "Lĩnh vực, nhóm nhiệm vụ")
        header = [c.replace("\n", " ") for c in table_rows(areas)[0]]
        columns = {
            "HT đúng hạn": TaskStatus.DONE_ON_TIME,
            "HT quá hạn": TaskStatus.DONE_LATE,
            "Chờ xác nhận": TaskStatus.PENDING_VERIFICATION,
            "Trong hạn": TaskStatus.ON_TIME,
            "Quá hạn": TaskStatus.OVERDUE,
            "Thường xuyên": TaskStatus.RECURRING,
        }
        tasks = {t.pk: t for t in Task.objects.filter(pk__in=statuses)}
        for section in (dataset.infra, dataset.people):
            row = next(r for r in table_rows(areas) if r[1] == section)
            expected = Counter(statuses[pk].status for pk, t in tasks.items() if t.section_title == section)
            assert int(row[2]) == sum(expected.values())
            for heading, status in columns.items():
                assert int(row[header.index(heading)]) == expected.get(status, 0), (section, heading)
        total_row = next(r for r in table_rows(areas) if r[1] == "Tổng cộng")
        assert int(total_row[2]) == total

        # III.1 overdue tasks: lead agency, deadline, days overdue
        overdue = find_table(document, "TT", "Nhiệm vụ")
        listed = {r[1].split(" (Nhiệm vụ")[0]: r for r in table_rows(overdue)[1:]}
        late = [pk for pk, result in statuses.items() if result.status == TaskStatus.OVERDUE]
        assert len(listed) == len(late) == counts[TaskStatus.OVERDUE]
        for pk in late:
            row = listed[tasks[pk].title]
            assert row[3] == statuses[pk].deadline.strftime("%d/%m/%Y")
            assert int(row[4]) == statuses[pk].overdue_days
        assert listed["Nhiệm vụ thử nghiệm quá hạn"][2] == dataset.tasks["overdue"].assignments.get().agency.name

        # III.2 agencies: led, done on time, done late, overdue, pending
        agencies = find_table(document, "TT", "Cơ quan, đơn vị chủ trì")
        for row in table_rows(agencies)[1:]:
            led = [
                pk for pk, task in tasks.items() if task.assignments.filter(role="lead", agency__name=row[1]).exists()
            ]
            by = Counter(statuses[pk].status for pk in led)
            assert [int(x) for x in row[2:]] == [
                len(led),
                by[TaskStatus.DONE_ON_TIME],
                by[TaskStatus.DONE_LATE],
                by[TaskStatus.OVERDUE],
                by[TaskStatus.PENDING_VERIFICATION],
            ], row[1]
        assert {row[1] for row in table_rows(agencies)[1:]} == {r.name for r in figures["agencies"]}

        # IV. bottlenecks: who raised them, answered or not
        assert f"{agency_skhcn.name} (nhiệm vụ {dataset.tasks['on_time'].display_ref}" in text
        assert "Thiếu kinh phí thuê tư vấn. Chưa được trả lời." in text
        assert "Đã có ý kiến của Cơ quan Thường trực: “Đã trình Ban Chỉ đạo xem xét gia hạn”" in text
        assert "trong đó 1 ý kiến chưa được trả lời" in text

        # V. next month: the unfinished tasks due up to the end of July
        upcoming = document.tables[-2]
        titles = {r[1].split(" (Nhiệm vụ")[0] for r in table_rows(upcoming)[1:]}
        assert titles == {"Nhiệm vụ thử nghiệm trong hạn", "Nhiệm vụ thử nghiệm công khai"}
        assert "NHIỆM VỤ TRỌNG TÂM THÁNG 07/2026" in text

    def test_layout_of_a_party_report(self, tmp_path, dataset):
        document = generate(tmp_path)
        header = "\n".join(cell.text for cell in document.tables[0].rows[0].cells).replace(WORD_JOINER, "")
        for line in ("ĐẢNG BỘ TỈNH THÁI NGUYÊN", "CƠ QUAN THƯỜNG TRỰC", "-BC/CQTT", "ĐẢNG CỘNG SẢN VIỆT NAM"):
            assert line in header
        assert "Thái Nguyên, ngày" in header and "tháng 6 năm 2026" in header
        party = next(r for p in document.tables[0].rows[0].cells[1].paragraphs for r in p.runs if r.text)
        assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and party.underline and party.bold
        title = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
        assert title.alignment == 1 and all(r.bold for r in title.runs)  # centred, bold
        assert any("tháng 06/2026" in p.text for p in document.paragraphs[:6])
        signature = "\n".join(cell.text for cell in document.tables[-1].rows[0].cells)
        assert "Nơi nhận:" in signature and "Lưu CQTT." in signature and "T/M CƠ QUAN THƯỜNG TRỰC" in signature
        assert document.styles["Normal"].font.name == "Times New Roman"
        fonts = {
            run.font.name
            for p in [*document.paragraphs, *(p for t in document.tables for c in t._cells for p in c.paragraphs)]
            for run in p.runs
        }
        assert fonts <= {None, "Times New Roman"}  # every run inherits Times New Roman
        section = document.sections[0]
        assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
        assert round(section.left_margin.cm, 1) == 3.0 and round(section.top_margin.cm, 1) == 2.0

    @pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) không có trên máy này")
    def test_converts_to_pdf(self, tmp_path, dataset):
        import pdfplumber

        out = tmp_path / "bao-cao.pdf"
        call_command("report", "monthly", "--month", "2026-06", "--as-of", "20/06/2026", "--out", str(out))
        assert out.read_bytes().startswith(b"%PDF")
        with pdfplumber.open(out) as pdf:
            first = pdf.pages[0].extract_text()
        assert "BÁO CÁO" in first and "ĐẢNG CỘNG SẢN VIỆT NAM" in first

    def test_no_bottlenecks_no_overdue_still_reads_well(self, tmp_path, registry):
        document = generate(tmp_path)
        text = "\n".join(p.text for p in document.paragraphs)
        assert "theo dõi trên Hệ thống: 0 nhiệm vụ" in text
        assert "không có nhiệm vụ quá hạn" in text
        assert "không báo cáo khó khăn, vướng mắc" in text

        assert "nhiều cơ quan chủ trì" not in text  # no such task: no such paragraph

    def test_tasks_of_several_lead_agencies_are_counted_by_parts(self, tmp_path, dataset, agency_skhcn, agency_finance):
        from giamsat.directives.models import TaskAssignment
        from giamsat.monitoring.history import status_history_refresh_all

        shared = task_led_by(agency_skhcn, deadline=datetime.date(2026, 9, 30), title="Nhiệm vụ hai cơ quan")
        TaskAssignment.objects.create(task=shared, agency=agency_finance, role="lead", printed_name="Sở Tài chính")
        report = ProgressReportFactory(
            task=shared,
            agency=agency_finance,
            period=ReportingPeriodFactory(year=2026, month=6),
            state="completed",
            delivered_on=datetime.date(2026, 6, 5),
            submitted_at=moment(datetime.date(2026, 6, 6)),
            status="accepted",
        )
        report.reviews.create(decision="accepted")
        report.reviews.update(created_at=moment(datetime.date(2026, 6, 8)))
        status_history_refresh_all()
        text = "\n".join(p.text for p in generate(tmp_path).paragraphs)
        assert (
            "Có 1 nhiệm vụ giao cho nhiều cơ quan chủ trì, gồm 2 phần việc của từng cơ quan; 1 phần việc đã hoàn thành."
            in text
        )


class MonthlyAppendixTests:
    def test_one_row_per_task_with_the_engines_status(self, dataset):
        statuses = engine_statuses(AS_OF)
        ws = load_workbook(io.BytesIO(monthly_appendix_xlsx(year=2026, month=6, as_of=AS_OF))).active
        header = [c.value for c in ws[HEADER_ROW]]
        assert header == HEADINGS
        assert ws.freeze_panes == f"D{HEADER_ROW + 1}" and ws.auto_filter.ref.startswith(f"A{HEADER_ROW}:")
        assert ws.column_dimensions["F"].width == 60
        rows = [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
        assert sorted(r["Mã nhiệm vụ"] for r in rows) == sorted(statuses)  # every task once, no secret one
        for row in rows:
            result = statuses[row["Mã nhiệm vụ"]]
            assert row["Trạng thái"] == str(result.status.label)
            assert (row["Số ngày quá hạn"] or 0) == result.overdue_days
            assert (row["Thời hạn"].date() if row["Thời hạn"] else None) == result.deadline
        on_time = next(r for r in rows if r["Mã nhiệm vụ"] == dataset.tasks["on_time"].pk)
        assert on_time["Kỳ báo cáo gần nhất"] == "06/2026" and on_time["Tiến độ (%)"] == 60
        assert on_time["Kết quả thực hiện"] == "Đang khảo sát hiện trạng"
        assert on_time["Ngày gửi báo cáo"].date() == datetime.date(2026, 6, 12)
        assert on_time["Cơ quan phối hợp"] == "Sở Tài chính"
        deadline_cell = next(c for c in ws["I"][HEADER_ROW:] if c.value)
        assert deadline_cell.number_format == "DD/MM/YYYY"


class ReportDataTests:
    def test_default_as_of_is_the_due_date_capped_at_today(self, registry):
        ReportingPeriodFactory(year=2026, month=5, due_on=datetime.date(2026, 5, 22))
        assert default_as_of(2026, 5, today=datetime.date(2026, 11, 1)) == datetime.date(2026, 5, 22)
        assert default_as_of(2026, 6, today=datetime.date(2026, 11, 1)) == datetime.date(2026, 6, 20)
        assert default_as_of(2026, 6, today=datetime.date(2026, 6, 12)) == datetime.date(2026, 6, 12)
        with pytest.raises(ValueError, match="chưa bắt đầu"):
            default_as_of(2026, 7, today=datetime.date(2026, 6, 12))

    def test_query_count_does_not_grow_with_the_tasks(
        self, dataset, agency_skhcn, agency_finance, django_assert_max_num_queries
    ):
        def build():
            monthly_report_data(year=2026, month=6, as_of=AS_OF)
            report_task_rows(as_of=AS_OF)

        with CaptureQueriesContext(connection) as few:
            build()
        june = ReportingPeriodFactory(year=2026, month=6)
        for n in range(40):
            agency = agency_skhcn if n % 2 else agency_finance
            task = task_led_by(
                agency, section_title=f"Mục {n % 5}", deadline=datetime.date(2026, 5 + n % 3, 10 + n % 15)
            )
            TaskAssignmentFactory(task=task, agency=agency_finance, role="coordinating")
            ProgressReportFactory(
                task=task,
                period=june,
                agency=agency,
                difficulties="Vướng" if n % 3 else "",
                submitted_at=moment(datetime.date(2026, 6, 10)),
            )
        with django_assert_max_num_queries(len(few)):
            build()


class ReportCommandTests:
    def test_writes_docx_xlsx_and_reports_the_date(self, tmp_path, dataset):
        out = io.StringIO()
        call_command(
            "report",
            "monthly",
            "--month",
            "2026-06",
            "--as-of",
            "20/06/2026",
            "--out",
            str(tmp_path / "phu-luc.xlsx"),
            stdout=out,
        )
        assert "20/06/2026" in out.getvalue()
        ws = load_workbook(tmp_path / "phu-luc.xlsx").active
        assert ws.max_row == HEADER_ROW + len(engine_statuses(AS_OF))
        call_command(
            "report",
            "monthly",
            "--month",
            "2026-06",
            "--format",
            "docx",
            "--out",
            str(tmp_path / "bc"),
            stdout=io.StringIO(),
        )
        assert Document(str(tmp_path / "bc")).paragraphs

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--month", "2026-13"], "Tháng “2026-13” không hợp lệ"),
            (["--month", "06/2026"], "hãy ghi theo dạng YYYY-MM"),
            (["--month", "2099-01"], "chưa bắt đầu"),
        ],
    )
    def test_rejects_bad_arguments_in_vietnamese(self, tmp_path, registry, args, message):
        with pytest.raises(CommandError, match=re.escape(message)):
            call_command("report", "monthly", *args, "--out", str(tmp_path / "x.docx"))
        assert not (tmp_path / "x.docx").exists()

    def test_a_day_that_is_not_one_exits_2(self, tmp_path, registry, capsys):
        """As every command's --as-of (common/cli.py); the console itself: common/tests/test_dates.py."""
        with pytest.raises(SystemExit) as stopped:
            call_command(
                "report", "monthly", "--month", "2026-06", "--as-of", "31/02/2026", "--out", str(tmp_path / "x.docx")
            )
        assert stopped.value.code == 2
        assert capsys.readouterr().err == "Lỗi: Ngày không hợp lệ: 31/02/2026 (định dạng dd/mm/yyyy)\n"
        assert not (tmp_path / "x.docx").exists()

    def test_unknown_extension_is_refused(self, tmp_path, registry):
        with pytest.raises(CommandError, match="Không rõ định dạng"):
            call_command("report", "monthly", "--month", "2026-06", "--out", str(tmp_path / "x.odt"))


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) không có trên máy này")
def test_pdf_conversion_of_any_docx(tmp_path):
    document = Document()
    document.add_paragraph("Thử chuyển đổi")
    out = io.BytesIO()
    document.save(out)
    assert docx_to_pdf(out.getvalue()).startswith(b"%PDF")
