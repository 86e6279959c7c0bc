"""Hostile files (issue 16): each finding of the security probe, reproduced through the real views.

The costly cases are bounded by what they cost this process: CPU seconds (`time.process_time`, not a clock) and the
peak of Python allocations (`tracemalloc`) while the request runs, after a first request to the page has loaded
its code and templates. The hostile files are built here, streamed into
their zips, so the tests stay light: a 1.1 MB .docx declaring a 380 MB document, a 300,000-row .xlsx, a 200 MB body
made while the server reads it.
"""

import datetime
import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from giamsat.common.tests.test_archives import lying
from giamsat.directives.models import Directive, ImportBatch
from giamsat.directives.tests.factories import task_led_by
from giamsat.jobs.models import Job
from giamsat.reporting.choices import EvidenceKind
from giamsat.reporting.models import Evidence, ProgressReport

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CPU_SECONDS = 2.0
PEAK_BYTES = 100 * MB


def measured(send) -> tuple:
    """Send the hostile request twice, as the same user: under tracemalloc for the peak of Python allocations, then
    without it (it slows Python several times) for the CPU seconds. The second response and both costs."""
    tracemalloc.start()
    try:
        send()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    started = time.process_time()
    response = send()
    return response, {"cpu": time.process_time() - started, "peak": peak}


def assert_cheap(spent: dict, *, peak: int = PEAK_BYTES) -> None:
    assert spent["cpu"] < CPU_SECONDS, f"{spent['cpu']:.1f} s of CPU"
    assert spent["peak"] < peak, f"{spent['peak'] / MB:.0f} MB allocated at the peak"


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def task(agency_skhcn):
    return task_led_by(agency_skhcn, deadline=timezone.localdate() + datetime.timedelta(days=30))


def report_fields(**fields) -> dict:
    return {"state": "in_progress", "progress_percent": "40", "work_done": "Đã khảo sát", "action": "save", **fields}


def named(name: str, data: bytes = PDF) -> io.BytesIO:
    """A file as a browser sends it: with its name as typed (Django's own upload classes cut it to 255)."""
    upload = io.BytesIO(data)
    upload.name = name
    return upload


# --- 1. The downloaded file keeps the uploader's extension -------------------------------------------------------


class EvidenceNameTests:
    @pytest.mark.parametrize("name", ["bao-cao-thang-12.bat", "bao-cao-thang-12.hta", "Bao-Cao.EXE", "bao-cao.bat. "])
    def test_a_name_that_runs_is_refused_whatever_the_content(self, client, users, task, name):
        client.force_login(users["officer"])
        response = client.post(
            reverse("reporting:report_edit", args=[task.pk]), report_fields(**{"file-file": named(name)})
        )
        assert response.status_code == 200
        assert "của tệp chạy được trên máy tính nên không được nhận" in text(response)
        assert not Evidence.objects.exists()
        assert not ProgressReport.objects.exists()  # the report's text is not saved without its file either

    def test_the_file_is_stored_and_served_under_its_content_extension_and_type(self, client, users, task):
        client.force_login(users["officer"])
        client.post(
            reverse("reporting:report_edit", args=[task.pk]),
            report_fields(**{"file-file": named("bao-cao-thang-12.txt")}),
        )
        evidence = Evidence.objects.get()
        assert evidence.original_name == "bao-cao-thang-12.pdf"
        assert "-bao-cao-thang-12" in evidence.file.name and evidence.file.name.endswith(".pdf")
        response = client.get(reverse("reporting:evidence_download", args=[evidence.pk]))
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="bao-cao-thang-12.pdf"'

    def test_a_file_stored_before_under_a_name_that_runs_is_served_as_its_content(self, client, users, task):
        report = ProgressReport.objects.create(task=task, period_id=_period().pk, agency=users["officer"].agency)
        evidence = Evidence(
            report=report, kind=EvidenceKind.FILE, original_name="bao-cao-thang-12.bat", content_type="application/pdf"
        )
        evidence.file.save("bao-cao-thang-12.bat", ContentFile(PDF))
        client.force_login(users["officer"])
        response = client.get(reverse("reporting:evidence_download", args=[evidence.pk]))
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="bao-cao-thang-12.pdf"'


def _period():
    from giamsat.reporting.services import period_for

    return period_for(timezone.localdate())


# --- 2. Hostile archives exhaust the server -----------------------------------------------------------------------

XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="xl/workbook.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Bao cao" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
    ),
}
DOCX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    ),
}
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def streamed_zip(parts: dict[str, str], name: str, head: bytes, pieces, tail: bytes) -> bytes:
    """A zip of `parts` and one big part `name` written piece by piece: never held inflated, here or anywhere."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
        with archive.open(name, "w") as member:
            member.write(head)
            for piece in pieces:
                member.write(piece)
            member.write(tail)
    return buffer.getvalue()


def docx_bomb(inflated: int) -> bytes:
    """A .docx whose `word/document.xml` inflates to `inflated` bytes of paragraphs."""
    paragraph = b"<w:p><w:r><w:t>Nhiem vu</w:t></w:r></w:p>" * (MB // 40)
    return streamed_zip(
        DOCX_PARTS,
        "word/document.xml",
        f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'.encode(),
        (paragraph for _ in range(inflated // len(paragraph))),
        b"</w:body></w:document>",
    )


def xlsx_rows(count: int) -> bytes:
    """A .xlsx of `count` rows of inline strings (no shared strings, no dimensions): 75 bytes a row inflated."""

    def rows():
        for start in range(1, count + 1, 10_000):
            stop = min(start + 10_000, count + 1)
            yield "".join(
                f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{n}</t></is></c></row>' for n in range(start, stop)
            ).encode()

    return streamed_zip(
        XLSX_PARTS,
        "xl/worksheets/sheet1.xml",
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
        rows(),
        b"</sheetData></worksheet>",
    )


class HostileArchiveTests:
    def test_a_docx_bomb_is_refused_before_parsing(self, client, users):
        bomb = docx_bomb(380 * MB)  # 1.1 MB
        client.force_login(users["standing_office"])
        url = reverse("directives:import_upload")
        client.get(url)
        response, spent = measured(lambda: client.post(url, {"file": named("bom.docx", bomb)}))
        assert_cheap(spent)
        assert response.status_code == 200
        assert "Thành phần “word/document.xml” của tệp Word/Excel quá lớn khi giải nén" in text(response)
        assert not Job.objects.exists()  # refused on the form, before it is stored and queued
        assert not ImportBatch.objects.exists()
        assert not Directive.objects.exists()

    def test_a_docx_lying_about_its_size_is_refused_by_what_it_inflates_to(self, client, users):
        """Declared 512 KB (within every limit), the document inflates to 30 MB."""
        bomb = lying(docx_bomb(30 * MB), "word/document.xml", 512 * 1024)
        client.force_login(users["standing_office"])
        url = reverse("directives:import_upload")
        client.get(url)
        response, spent = measured(lambda: client.post(url, {"file": named("bom.docx", bomb)}))
        assert_cheap(spent)
        assert "không khớp với kích thước, mã kiểm tra đã khai báo" in text(response)
        assert not Job.objects.exists() and not ImportBatch.objects.exists()

    def test_a_docx_bomb_as_evidence_is_refused(self, client, users, task):
        bomb = docx_bomb(380 * MB)
        client.force_login(users["officer"])
        url = reverse("reporting:report_edit", args=[task.pk])
        client.get(url)
        response, spent = measured(lambda: client.post(url, report_fields(**{"file-file": named("bom.docx", bomb)})))
        assert_cheap(spent)
        assert "quá lớn khi giải nén" in text(response)
        assert not Evidence.objects.exists()

    def test_a_bulk_excel_of_300000_rows_is_refused_by_its_inflated_size(self, client, users, task):
        workbook = xlsx_rows(300_000)  # 2 MB, its sheet 22 MB inflated
        client.force_login(users["officer"])
        client.get(reverse("reporting:my_reports"))
        response, spent = measured(
            lambda: client.post(reverse("reporting:bulk_excel"), {"file": named("bao-cao.xlsx", workbook)})
        )
        assert_cheap(spent)
        assert response.status_code == 302
        page = text(client.get(response["Location"]))
        assert "Thành phần “xl/worksheets/sheet1.xml” của tệp Word/Excel quá lớn khi giải nén" in page
        assert not Job.objects.exists()  # refused at once, before it is stored and queued
        assert not ProgressReport.objects.exists()

    def test_a_bulk_excel_within_its_size_is_refused_past_the_row_limit(self, client, users, task, run_jobs):
        """Its type and size pass the upload's checks: the background job reading it stops past the row limit, at
        the same small cost (the upload and the job's run measured together)."""
        workbook = xlsx_rows(30_000)  # 2 MB inflated, under the bulk file's 10 MB
        client.force_login(users["officer"])
        client.get(reverse("reporting:my_reports"))

        def upload_and_run():
            response = client.post(reverse("reporting:bulk_excel"), {"file": named("bao-cao.xlsx", workbook)})
            run_jobs()
            return response

        response, spent = measured(upload_and_run)
        assert_cheap(spent)
        page = text(client.get(response["Location"]))  # the job's page
        assert 'data-state="failed"' in page
        assert "Tệp Excel có quá nhiều dòng (tối đa 5000 dòng)" in page
        assert not ProgressReport.objects.exists()


# --- 3. A 200 MB upload is read into memory before its size is checked --------------------------------------------


class StreamedBody:
    """A multipart body made while the server reads it, never held: one file of `size` bytes (a PDF's first line,
    then zeros) after the report's fields. `consumed` is how much of it the server read."""

    BOUNDARY = "giamsat-hostile-boundary"

    def __init__(self, *, field: str, name: str, size: int, fields: dict) -> None:
        parts = [
            f'--{self.BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            for key, value in fields.items()
        ]
        parts.append(
            f'--{self.BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        )
        self.head = "".join(parts).encode() + PDF[:9]
        self.tail = f"\r\n--{self.BOUNDARY}--\r\n".encode()
        self.length = len(self.head) + (size - 9) + len(self.tail)
        self.consumed = 0

    def read(self, size: int = -1) -> bytes:
        end = self.length if size is None or size < 0 else min(self.length, self.consumed + size)
        zeros_end = self.length - len(self.tail)
        out = bytearray()
        while self.consumed < end:
            at = self.consumed
            if at < len(self.head):
                piece = self.head[at : min(end, len(self.head))]
            elif at < zeros_end:
                piece = bytes(min(end, zeros_end) - at)
            else:
                piece = self.tail[at - zeros_end : end - zeros_end]
            out += piece
            self.consumed += len(piece)
        return bytes(out)

    def readline(self, size: int = -1) -> bytes:  # WSGI asks for it; the multipart parser reads by chunks
        raise NotImplementedError

    def environ(self) -> dict:
        return {
            "wsgi.input": self,
            "CONTENT_LENGTH": str(self.length),
            "CONTENT_TYPE": f"multipart/form-data; boundary={self.BOUNDARY}",
        }


class OversizedUploadTests:
    def send(self, client, task, size: int):
        """Send a report with a `size`-byte file; the bodies sent, to see how much of them was read."""
        url = reverse("reporting:report_edit", args=[task.pk])
        bodies = []

        def send():
            bodies.append(StreamedBody(field="file-file", name="bao-cao.pdf", size=size, fields=report_fields()))
            return client.post(url, **bodies[-1].environ())

        client.get(url)
        response, spent = measured(send)
        return response, spent, bodies

    def test_a_200_mb_body_is_refused_before_any_of_it_is_read(self, client, users, task):
        client.force_login(users["officer"])
        response, spent, bodies = self.send(client, task, 200 * MB)
        assert_cheap(spent, peak=10 * MB)
        assert [body.consumed for body in bodies] == [0, 0]
        assert response.status_code == 413
        assert "Tệp tải lên quá lớn (tối đa 20 MB); tệp chưa được nhận." in text(response)
        assert not ProgressReport.objects.exists()

    def test_a_file_growing_past_the_limit_is_refused_while_it_streams_in(self, client, users, task):
        """A body within the request limit (25 MB), its file over the file limit (20 MB)."""
        client.force_login(users["officer"])
        response, spent, bodies = self.send(client, task, 24 * MB)
        assert_cheap(spent, peak=10 * MB)
        assert all(body.consumed < 21 * MB for body in bodies)
        assert response.status_code == 413
        assert not ProgressReport.objects.exists()

    @override_settings(
        FILE_UPLOAD_HANDLERS=[
            "django.core.files.uploadhandler.MemoryFileUploadHandler",
            "django.core.files.uploadhandler.TemporaryFileUploadHandler",
        ]
    )
    def test_without_the_handler_the_form_refuses_the_file_by_its_size_without_reading_it(self, client, users, task):
        client.force_login(users["officer"])
        response, spent, _bodies = self.send(client, task, 21 * MB)
        assert_cheap(spent, peak=10 * MB)
        assert "Tệp minh chứng quá lớn (tối đa 20 MB)." in text(response)
        assert not Evidence.objects.exists()


# --- 4. A 1,000-character file name gets Django's bare English 400 page -------------------------------------------


class LongFileNameTests:
    def test_a_name_too_long_for_the_upload_headers_gets_a_page_in_vietnamese(self, client, users, task):
        client.force_login(users["officer"])
        response = client.post(
            reverse("reporting:report_edit", args=[task.pk]), report_fields(**{"file-file": named("a" * 996 + ".pdf")})
        )
        assert response.status_code == 400
        page = text(response)
        assert '<html lang="vi">' in page
        assert "tên tệp quá dài" in page
        assert "Bad Request" not in page
        assert not Evidence.objects.exists()

    def test_a_long_name_is_cut_keeping_its_extension(self, client, users, task):
        client.force_login(users["officer"])
        client.post(
            reverse("reporting:report_edit", args=[task.pk]),
            report_fields(**{"file-file": named("Báo cáo kết quả thực hiện nhiệm vụ " * 9 + ".pdf")}),
        )
        evidence = Evidence.objects.get()
        assert len(evidence.original_name) == 124
        assert evidence.original_name.startswith("Báo cáo kết quả") and evidence.original_name.endswith(".pdf")
        response = client.get(reverse("reporting:evidence_download", args=[evidence.pk]))
        assert response["Content-Disposition"].endswith(".pdf")
