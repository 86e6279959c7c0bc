"""Text normalisation, HTML sanitising, date format and settings from the environment."""

import datetime
import subprocess
import sys

import pytest
from django.template import Context, Template
from django.utils import translation

from giamsat.common.html import clean_html
from giamsat.extraction.agency_names import agency_key, parse_printed_name
from giamsat.extraction.text import fold, nfc


class TextTests:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("Chuyển đổi số", "chuyen doi so"),
            ("ĐẠI HỌC", "dai hoc"),
            ("Tỉnh uỷ", "tinh uy"),
            ("Tỉnh ủy", "tinh uy"),
            ("  Sở   Y tế ", "so y te"),
            (None, ""),
        ],
    )
    def test_fold(self, value, expected):
        assert fold(value) == expected

    def test_nfc_composes_and_collapses_whitespace(self):
        assert nfc("Chuye\u0302\u0309n\n  đổi") == "Chuyển đổi"

    def test_agency_key_expands_abbreviations(self):
        assert agency_key("Sở KH&CN") == agency_key("Sở Khoa học và Công nghệ") == agency_key("sở khcn")
        assert agency_key("UBND tỉnh") == agency_key("Ủy ban nhân dân tỉnh")
        assert agency_key("Sở NN&MT") == agency_key("Sở Nông nghiệp và Môi trường")

    def test_printed_name_keeps_the_scope(self):
        parsed = parse_printed_name("Văn phòng tỉnh ủy (đối với khối đảng)")
        assert (parsed.name, parsed.scope_note) == ("Văn phòng tỉnh ủy", "đối với khối đảng")


class HtmlTests:
    def test_document_fragments_are_sanitised(self):
        cleaned = clean_html('<p>Đoạn <i>nghiêng</i></p><script>alert(1)</script><a href="javascript:x">l</a>')
        assert "<p>Đoạn <i>nghiêng</i></p>" in cleaned
        assert "<script" not in cleaned and "javascript:" not in cleaned

    def test_plain_fields_are_escaped(self):
        rendered = Template("{{ value }}").render(Context({"value": "<p>xin chào</p>"}))
        assert rendered == "&lt;p&gt;xin chào&lt;/p&gt;"


class FormatTests:
    @pytest.mark.parametrize("language", ["vi", "en"])
    def test_dates_are_dd_mm_yyyy(self, language):
        with translation.override(language):
            rendered = Template('{{ d|date:"SHORT_DATE_FORMAT" }} {{ d }}').render(
                Context({"d": datetime.date(2026, 4, 1)})
            )
        assert rendered == "01/04/2026 01/04/2026"

    def test_settings(self, settings):
        assert settings.LANGUAGE_CODE == "vi"
        assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
        assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]


def run_settings(env: dict, expression: str) -> subprocess.CompletedProcess:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "giamsat.config.settings.base", **env},
    )


class EnvironmentSettingsTests:
    def test_secret_key_is_generated_into_var_once(self, tmp_path):
        env = {"GIAMSAT_VAR_DIR": str(tmp_path)}
        first = run_settings(env, "settings.SECRET_KEY").stdout.strip()
        second = run_settings(env, "settings.SECRET_KEY").stdout.strip()
        assert len(first) > 40 and first == second
        assert (tmp_path / "secret_key").read_text() == first
        assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"

    def test_database_url_selects_the_database(self, tmp_path):
        env = {"GIAMSAT_VAR_DIR": str(tmp_path), "DATABASE_URL": "postgres://u@db.example:5432/giamsat"}
        result = run_settings(env, "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['HOST']")
        assert result.stdout.strip() == "django.db.backends.postgresql db.example"
        default = run_settings({"GIAMSAT_VAR_DIR": str(tmp_path)}, "settings.DATABASES['default']['NAME']")
        assert default.stdout.strip() == str(tmp_path / "giamsat.sqlite3")

    def test_s3_storage_needs_a_bucket(self, tmp_path):
        env = {"GIAMSAT_VAR_DIR": str(tmp_path), "STORAGE_BACKEND": "s3"}
        assert "S3_BUCKET" in run_settings(env, "1").stderr
        ok = run_settings(
            {**env, "S3_BUCKET": "minh-chung", "S3_ENDPOINT_URL": "http://minio:9000"},
            "settings.STORAGES['default']['BACKEND']",
        )
        assert ok.stdout.strip() == "storages.backends.s3.S3Storage"

    def test_bad_boolean_is_refused(self, tmp_path):
        result = run_settings({"GIAMSAT_VAR_DIR": str(tmp_path), "DEBUG": "maybe"}, "1")
        assert result.returncode != 0 and "DEBUG must be a boolean" in result.stderr


def test_extraction_package_imports_no_django():
    code = (
        "import sys, giamsat.extraction, giamsat.extraction.text, giamsat.extraction.agency_names; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
