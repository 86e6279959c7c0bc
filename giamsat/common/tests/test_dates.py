"""One way to read "as of": the parser, and 31/02/2026 on every surface (pages, exports, API, console)."""

import datetime
import os
import subprocess
import sys

import pytest
from django.urls import reverse
from django.utils import timezone

from giamsat.common.dates import InvalidDay, parse_as_of
from giamsat.directives.tests.factories import task_led_by
from giamsat.jobs.models import Job

BAD = "31/02/2026"
MESSAGE = "Ngày không hợp lệ: 31/02/2026 (định dạng dd/mm/yyyy)"


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("31/12/2026", datetime.date(2026, 12, 31)),
        ("1/7/2026", datetime.date(2026, 7, 1)),
        (" 01/07/2026 ", datetime.date(2026, 7, 1)),
        ("2026-12-31", datetime.date(2026, 12, 31)),
        ("", None),
        (None, None),
    ],
)
def test_days_as_people_and_systems_write_them(raw, day):
    assert parse_as_of(raw) == day


@pytest.mark.parametrize("raw", [BAD, "2026-02-31", "31/13/2026", "hôm qua", "1/5/26", "2026-7-1", "29/02/2025"])
def test_anything_else_is_refused_with_what_was_typed(raw):
    with pytest.raises(InvalidDay) as refused:
        parse_as_of(raw)
    assert refused.value.messages == [f"Ngày không hợp lệ: {raw} (định dạng dd/mm/yyyy)"]


def today() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


@pytest.mark.django_db
class InvalidDayOnPagesTests:
    """The page still works (as of today, saying so) and says what is wrong beside its date field, status 400."""

    def test_task_list(self, client, users, agency_skhcn):
        task_led_by(agency_skhcn, title="Nhiệm vụ đang theo dõi")
        client.force_login(users["officer"])
        response = client.get("/nhiem-vu/", {"as_of": BAD, "scope": "all"})
        assert response.status_code == 400
        html = response.content.decode()
        field = html.split('name="as_of"')[1]
        assert BAD in field.split(">")[0]  # what was typed stays in the field, to be corrected
        assert MESSAGE in field.split("</div>")[0]  # the error beside it
        assert "Nhiệm vụ đang theo dõi" in html and f"trạng thái tính đến {today()}" in html

    def test_task_list_table_through_htmx(self, client, users, agency_skhcn):
        task_led_by(agency_skhcn, title="Nhiệm vụ đang theo dõi")
        client.force_login(users["officer"])
        response = client.get("/nhiem-vu/", {"as_of": BAD, "scope": "all"}, headers={"HX-Request": "true"})
        assert response.status_code == 200  # htmx swaps only successful answers: the error comes with the table
        html = response.content.decode()
        assert MESSAGE in html and "Nhiệm vụ đang theo dõi" in html

    def test_task_page(self, client, users, agency_skhcn):
        task = task_led_by(agency_skhcn, title="Nhiệm vụ đang theo dõi")
        client.force_login(users["officer"])
        response = client.get(f"/nhiem-vu/{task.pk}/", {"as_of": BAD})
        assert response.status_code == 400
        html = response.content.decode()
        assert MESSAGE in html and 'name="as_of"' in html
        assert "Nhiệm vụ đang theo dõi" in html and f"tính đến {today()}" in html

    def test_overview(self, client, users):
        client.force_login(users["leader"])
        response = client.get("/giam-sat/tong-quan/", {"as_of": BAD})
        assert response.status_code == 400
        html = response.content.decode()
        assert MESSAGE in html.split('name="as_of"')[1].split("</div>")[0]
        assert 'data-testid="status-counts"' in html

    @pytest.mark.parametrize(
        ("who", "name", "params"),
        [
            ("standing_office", "documents:task_list_export", {}),
            ("standing_office", "documents:monthly_report", {"month": "2026-01"}),
            ("officer", "documents:agency_summary", {}),
        ],
    )
    def test_downloads(self, client, users, agency_skhcn, who, name, params):
        args = [agency_skhcn.pk] if name == "documents:agency_summary" else []
        client.force_login(users[who])
        response = client.get(reverse(name, args=args), {**params, "as_of": BAD})
        assert response.status_code == 400
        assert MESSAGE in response.content.decode()
        assert not Job.objects.exists()  # said before any background job is started


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/tasks/", "/api/v1/warnings/", "/api/v1/dashboard/"])
def test_api_answers_400_in_its_error_format(client, users, url):
    client.force_login(users["standing_office"])
    response = client.get(url, {"as_of": BAD})
    assert response.status_code == 400
    assert response.json() == {"code": "invalid", "message": "Dữ liệu không hợp lệ.", "errors": {"as_of": [MESSAGE]}}


@pytest.mark.parametrize(
    "command",
    [
        ["report", "monthly", "--month", "2026-02", "--as-of", BAD, "--out", "bao-cao.docx"],
        ["report", "agency", "--agency", "1", "--as-of", BAD, "--out", "tom-tat.docx"],
        ["status", "--as-of", BAD],
    ],
)
def test_console_exits_2_with_one_vietnamese_line(tmp_path, command):
    done = subprocess.run(  # noqa: S603 - the project's own command, fixed arguments
        [sys.executable, "-m", "giamsat", *command],
        env={**os.environ, "GIAMSAT_VAR_DIR": str(tmp_path), "DATABASE_URL": ""},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == f"Lỗi: {MESSAGE}\n"
    assert not list(tmp_path.glob("*.docx"))
