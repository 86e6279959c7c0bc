"""`giamsat extract FILE`: the draft as JSON (or a table) for a file, on a machine with or without the registry."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

CORPUS = Path(__file__).resolve().parents[2] / "extraction" / "tests" / "corpus"
NOTICE = CORPUS / "vpcp-648-tb-2025.md"


def run_command(*args: str, var_dir: Path) -> subprocess.CompletedProcess:
    """The command in a process of its own, with its own (empty) data directory."""
    environment = {**os.environ, "GIAMSAT_VAR_DIR": str(var_dir), "DATABASE_URL": ""}
    return subprocess.run(  # noqa: S603 - the project's own command, fixed arguments
        [sys.executable, "-m", "giamsat", "extract", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.mark.django_db
def test_names_are_matched_to_the_registry(registry):
    out = io.StringIO()
    call_command("extract", str(NOTICE), "--format", "json", stdout=out)
    draft = json.loads(out.getvalue())
    assert draft["document"]["number"] == "648/TB-VPCP"
    (task,) = [t for t in draft["tasks"] if "Bệnh án điện tử" in t["title"]]
    assert [m["text"] for m in task["lead"]] == ["Bộ Tài chính"]
    assert task["lead"][0]["agency"] == "Bộ Tài chính"


def test_without_a_database_the_extraction_is_printed_with_a_vietnamese_warning(tmp_path):
    done = run_command(str(NOTICE), "--format", "json", var_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "chưa có danh mục cơ quan" in done.stderr
    draft = json.loads(done.stdout)
    assert {"document", "tasks"} <= set(draft)
    assert all(m["agency"] is None for t in draft["tasks"] for m in t["lead"])
    assert any(m["text"] == "Bộ Tài chính" for t in draft["tasks"] for m in t["lead"])


def test_an_unreadable_file_is_refused_with_a_vietnamese_message(tmp_path):
    picture = tmp_path / "anh.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    done = run_command(str(picture), var_dir=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("Lỗi: Không đọc được tệp")
    assert done.stdout == ""
