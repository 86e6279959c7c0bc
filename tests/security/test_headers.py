"""Issue 16, "Headers and deployment": the Content-Security-Policy on every page, no inline script, handler or style
in any template, HSTS and secure cookies under HTTPS=1, `check --deploy` clean, the API docs behind sign-in, the
400 page in Vietnamese."""

import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from giamsat.common.tests.test_text_and_settings import run_settings
from giamsat.directives.tests.factories import task_led_by
from giamsat.reporting.models import Evidence

CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'; "
    "form-action 'self'"
)
PACKAGE_DIR = Path(__file__).resolve().parents[2] / "giamsat"
ONE_YEAR = 365 * 24 * 60 * 60


# --- Content-Security-Policy ----------------------------------------------------------------------------------


@pytest.mark.django_db
class ContentSecurityPolicyTests:
    @pytest.mark.parametrize(
        "url", ["/tai-khoan/dang-nhap/", "/cong-khai/", "/quan-tri/login/", "/khong-co-trang-nay/"]
    )
    def test_anonymous_pages_carry_the_policy(self, client, registry, url):
        response = client.get(url)
        assert response.status_code in (200, 404)
        assert response["Content-Type"].startswith("text/html")
        assert response["Content-Security-Policy"] == CSP

    @pytest.mark.parametrize("who", ["officer", "leader", "standing_office", "administrator"])
    def test_signed_in_pages_carry_the_policy(self, client, users, who):
        client.force_login(users[who])
        for url in ["/", reverse("directives:task_list"), reverse("directives:directive_list")]:
            response = client.get(url, follow=True)
            assert response.status_code == 200, url
            assert response["Content-Security-Policy"] == CSP, url

    def test_admin_pages_carry_the_policy(self, client, users):
        client.force_login(users["administrator"])
        for url in ["/quan-tri/", "/quan-tri/accounts/user/", f"/quan-tri/accounts/user/{users['officer'].pk}/change/"]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["Content-Security-Policy"] == CSP, url

    def test_the_evidence_preview_keeps_its_own_sandbox(self, client, users, agency_skhcn):
        task = task_led_by(agency_skhcn, deadline=timezone.localdate())
        client.force_login(users["officer"])
        pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        client.post(
            reverse("reporting:report_edit", args=[task.pk]),
            {
                "state": "in_progress",
                "progress_percent": "40",
                "work_done": "Đã khảo sát",
                "action": "save",
                "file-file": pdf,
            },
        )
        response = client.get(reverse("reporting:evidence_view", args=[Evidence.objects.get().pk]))
        assert response.status_code == 200
        policy = response["Content-Security-Policy"]
        assert policy.startswith("sandbox;") and "default-src 'none'" in policy
        assert response["X-Frame-Options"] == "SAMEORIGIN"


def templates() -> list[Path]:
    found = sorted(PACKAGE_DIR.glob("**/templates/**/*.html"))
    assert len(found) > 50
    return found


TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.DOTALL)
HANDLER = re.compile(r"""[\s"'](on[a-z]+|hx-on[:\w-]*)\s*=""", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""[\s"']style\s*=""", re.IGNORECASE)


def inline_code(text: str) -> list[str]:
    found = [match.group(0) for match in INLINE_SCRIPT.finditer(text)]
    found += re.findall(r"<style\b[^>]*>", text, re.IGNORECASE)
    found += re.findall(r"javascript:", text, re.IGNORECASE)
    for tag in TAG.findall(text):
        found += [f"{m.group(1)}= in {tag[:80]}" for m in HANDLER.finditer(tag)]
        found += [f"style= in {tag[:80]}" for _ in STYLE_ATTRIBUTE.finditer(tag)]
    return found


def test_the_scan_finds_inline_code():
    assert inline_code("<script>alert(1)</script>") and inline_code('<script type="module">x</script>')
    assert inline_code('<button onclick="go()">') and inline_code('<select\n  class="x" onchange="this.form.submit()">')
    assert inline_code('<div hx-on:click="x">') and inline_code('<p style="color:red">') and inline_code("<style>")
    assert inline_code('<a href="javascript:void(0)">')
    assert not inline_code("<script src=\"{% static 'js/report-form.js' %}\" defer></script>")
    assert not inline_code('<p class="online">Đang trực tuyến: onboarding</p><input data-on="1">')


@pytest.mark.parametrize("path", templates(), ids=lambda path: str(path.relative_to(PACKAGE_DIR)))
def test_no_template_has_inline_script_handler_or_style(path):
    """script-src 'self' and the default style-src 'self' refuse them: each belongs in giamsat/static/js or css."""
    assert inline_code(path.read_text()) == []


EVALUATES = re.compile(r"""\beval\(|new Function\(|set(Timeout|Interval)\(\s*["'`]|\.innerHTML\s*=[^;]*\son\w+=""")


def test_no_script_evaluates_strings():
    """script-src without 'unsafe-eval': code built from strings would not run."""
    for path in sorted((PACKAGE_DIR / "static" / "js").glob("*.js")):
        assert not EVALUATES.search(path.read_text()), path


# --- HTTPS: HSTS, redirect, secure cookies -------------------------------------------------------------------------

HTTPS_SETTINGS = (
    "settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD, "
    "settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
    "settings.SECURE_PROXY_SSL_HEADER"
)


class HttpsSettingsTests:
    def test_https_turns_on_hsts_redirect_and_secure_cookies(self, tmp_path):
        result = run_settings({"GIAMSAT_VAR_DIR": str(tmp_path), "HTTPS": "1"}, HTTPS_SETTINGS)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"{ONE_YEAR} True False True True True ('HTTP_X_FORWARDED_PROTO', 'https')"

    def test_hsts_is_set_from_the_environment(self, tmp_path):
        env = {"GIAMSAT_VAR_DIR": str(tmp_path), "HTTPS": "1", "SECURE_HSTS_SECONDS": "3600"}
        env |= {"SECURE_HSTS_INCLUDE_SUBDOMAINS": "0", "SECURE_HSTS_PRELOAD": "1", "SECURE_SSL_REDIRECT": "0"}
        result = run_settings(env, HTTPS_SETTINGS)
        assert result.stdout.strip() == "3600 False True False True True ('HTTP_X_FORWARDED_PROTO', 'https')"

    def test_without_https_nothing_is_forced(self, tmp_path):
        result = run_settings({"GIAMSAT_VAR_DIR": str(tmp_path)}, HTTPS_SETTINGS)
        assert result.stdout.strip() == "0 False False False False False None"

    def test_check_deploy_reports_nothing_in_production(self, tmp_path):
        env = {
            "PATH": "/usr/bin:/bin",
            "GIAMSAT_VAR_DIR": str(tmp_path),
            "HTTPS": "1",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "giamsat.thainguyen.gov.vn",
        }
        result = subprocess.run(
            [sys.executable, "-m", "giamsat", "check", "--deploy", "--fail-level", "WARNING"],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "System check identified no issues" in result.stdout

    # SecurityMiddleware reads its settings when the client first loads the middleware: one client per case.
    @pytest.mark.django_db
    @override_settings(SECURE_HSTS_SECONDS=ONE_YEAR, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
    def test_hsts_header_over_https(self, client):
        secure = client.get("/tai-khoan/dang-nhap/", secure=True)
        assert secure["Strict-Transport-Security"] == f"max-age={ONE_YEAR}; includeSubDomains"
        assert "Strict-Transport-Security" not in client.get("/tai-khoan/dang-nhap/")  # only over HTTPS

    @pytest.mark.django_db
    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_plain_http_is_redirected(self, client):
        response = client.get("/tai-khoan/dang-nhap/")
        assert response.status_code == 301 and response["Location"] == "https://testserver/tai-khoan/dang-nhap/"


def test_the_readme_sets_nginx_to_the_upload_limit():
    """nginx must let through the largest request the application takes: the README says how much."""
    readme = (PACKAGE_DIR.parent / "README.md").read_text()
    sizes = [int(size) for size in re.findall(r"client_max_body_size (\d+)m;", readme)]
    assert sizes == [settings.UPLOAD_MAX_REQUEST_SIZE // (1024 * 1024)] * 2  # the Vietnamese part and the English


# --- The API's schema and documentation ----------------------------------------------------------------------------


@pytest.mark.django_db
class ApiDocsTests:
    def test_the_default_is_off(self):
        assert settings.API_DOCS_PUBLIC is False

    def test_anonymous_people_are_sent_to_sign_in(self, client):
        response = client.get("/api/docs/")
        assert response.status_code == 302
        assert response["Location"] == f"{reverse(settings.LOGIN_URL)}?next=/api/docs/"
        assert client.get("/api/docs/?script=").status_code == 302
        refused = client.get("/api/schema/", HTTP_ACCEPT="application/json")
        assert refused.status_code == 401 and refused.json()["code"] == "not_authenticated"

    def test_signed_in_people_read_them(self, client, users):
        client.force_login(users["officer"])
        page = client.get("/api/docs/")
        assert page.status_code == 200
        html = page.content.decode()
        assert '<script src="/api/docs/?script="></script>' in html  # the start-up script is a file
        assert "<style" not in html and "/static/css/api-docs.css" in html
        # Swagger UI's icons are data: SVG images: this page alone allows them.
        assert page["Content-Security-Policy"] == CSP + "; img-src 'self' data:"
        script = client.get("/api/docs/?script=")
        assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
        assert "SwaggerUIBundle" in script.content.decode()
        assert client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["openapi"].startswith("3.")

    def test_a_token_reads_the_schema(self, client, users):
        from giamsat.api.choices import TokenScope
        from giamsat.api.tokens import token_create

        token = token_create(name="Kho dữ liệu", scope=TokenScope.PUBLIC_READ, acting_user=users["administrator"])
        response = client.get("/api/schema/", HTTP_ACCEPT="application/json", HTTP_AUTHORIZATION=f"Bearer {token.key}")
        assert response.status_code == 200

    @override_settings(API_DOCS_PUBLIC=True)
    def test_public_when_the_setting_says_so(self, client):
        assert client.get("/api/docs/").status_code == 200
        assert client.get("/api/schema/", HTTP_ACCEPT="application/json").status_code == 200


# --- The 400 page ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
class BadRequestPageTests:
    def test_a_disallowed_host_gets_a_vietnamese_page(self, client):
        response = client.get("/tai-khoan/dang-nhap/", HTTP_HOST="ke-gia-mao.example")
        assert response.status_code == 400
        body = response.content.decode()
        assert '<html lang="vi">' in body
        assert "Yêu cầu không hợp lệ" in body and "Bad Request" not in body
        assert response["Content-Security-Policy"] == CSP

    def test_english_when_chosen(self, client):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get("/tai-khoan/dang-nhap/", HTTP_HOST="ke-gia-mao.example")
        assert response.status_code == 400 and '<html lang="en">' in response.content.decode()
