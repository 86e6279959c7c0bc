"""`giamsat status --as-of` prints what the pages show for the same date."""

import json
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from giamsat.directives.models import Task
from giamsat.directives.samples import samples_load

pytestmark = pytest.mark.django_db


def test_status_command_agrees_with_the_task_pages(client, users, capsys):
    samples_load()
    call_command("status", "--as-of", "2026-05-01")
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == Task.objects.count()
    assert set(rows[0]) == {
        "directive",
        "ref",
        "title",
        "lead",
        "deadline",
        "status",
        "overdue_days",
        "completed_on",
        "warnings",
    }
    by_key = {(r["directive"], r["ref"]): r for r in rows}
    client.force_login(users["standing_office"])
    response = client.get(reverse("directives:task_list"), {"scope": "all", "as_of": "01/05/2026", "page": 1})
    for task in response.context["page"].object_list:
        assert by_key[(str(task.directive), task.ref)]["status"] == task.status
    overdue = [r for r in rows if r["status"] == "overdue"]
    assert overdue and all(r["overdue_days"] > 0 for r in overdue)
    first = by_key[("13-TB/CQTT", "1")]  # deadline 15/01/2026, nothing reported
    assert (first["status"], first["overdue_days"]) == ("overdue", 106)
    detail = client.get(
        reverse("directives:task_detail", args=[Task.objects.get(directive__number="13-TB/CQTT", ref="1").pk]),
        {"as_of": "01/05/2026"},
    )
    assert "quá hạn 106 ngày" in detail.content.decode()


def test_status_filter_in_the_list(client, users):
    samples_load()
    client.force_login(users["standing_office"])
    response = client.get(
        reverse("directives:task_list"), {"scope": "all", "as_of": "01/05/2026", "status": "recurring"}
    )
    shown = list(response.context["page"].object_list)
    assert shown and all(task.status == "recurring" for task in shown)


def test_bad_date_exits_2_with_a_vietnamese_line():
    result = subprocess.run(
        [".venv/bin/giamsat", "status", "--as-of", "31/02/2026"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "Lỗi: Ngày không hợp lệ: 31/02/2026 (định dạng dd/mm/yyyy)"
