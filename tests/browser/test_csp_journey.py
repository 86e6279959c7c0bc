"""Issue 16: under the Content-Security-Policy the admin and the API documentation still work, and the `page`
fixture notices what the policy blocks (conftest.py fails a test on any CSP violation reported by Chromium)."""

import base64
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from giamsat.directives.tests.factories import task_led_by
from giamsat.reporting import services
from tests.browser.conftest import DESKTOP, _new_page
from tests.browser.test_journeys import sign_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.mark.browser
def test_the_administrator_uses_the_admin_and_reads_the_api_docs(
    transactional_db, live_server, registry, users, page, screenshot
):
    sign_in(page, live_server, users["administrator"].username)

    page.goto(f"{live_server.url}/quan-tri/")
    expect(page.locator("#site-name")).to_be_visible()
    page.goto(f"{live_server.url}/quan-tri/accounts/user/")
    page.locator("#searchbar").fill("officer")
    with page.expect_navigation():
        page.locator("#searchbar").press("Enter")
    expect(page.locator("#result_list")).to_contain_text("officer")
    page.goto(f"{live_server.url}/quan-tri/accounts/user/{users['officer'].pk}/change/")
    # The admin's own scripts (calendar and clock shortcuts, select boxes) are files: they run.
    expect(page.locator(".datetimeshortcuts").first).to_be_visible()
    screenshot(page, "csp-admin-change-form")

    page.goto(f"{live_server.url}/api/docs/")
    # Swagger UI starts from its script file (?script) and draws the operations from the schema.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Giám sát NQ57")
    expect(page.locator(".opblock").first).to_be_visible()
    screenshot(page, "csp-api-docs")


@pytest.mark.browser
def test_the_standing_office_previews_evidence_in_a_same_origin_frame(
    transactional_db, live_server, agency_skhcn, users, page, screenshot
):
    """frame-ancestors 'self' lets our page frame the evidence preview, which keeps its own sandboxed policy."""
    task = task_led_by(agency_skhcn, deadline=timezone.localdate() + datetime.timedelta(days=30))
    report = services.report_update(
        task=task,
        period=services.period_for(timezone.localdate()),
        data={"work_done": "Đã ban hành quy chế", "progress_percent": 60},
        acting_user=users["officer"],
        files=(("quy-che.pdf", PDF, "Quy chế"), ("anh-hop.png", PNG, "Ảnh cuộc họp")),
    )
    services.report_submit(report=report, acting_user=users["officer"])
    services.report_approve(report=report, acting_user=users["head"])

    sign_in(page, live_server, users["standing_office"].username)
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    image = page.locator("img.evidence-preview")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 1  # the image preview loaded
    with page.expect_response(lambda response: response.headers.get("content-type") == "application/pdf") as shown:
        page.get_by_text("Xem trước").click()
    assert "sandbox" in shown.value.all_headers()["content-security-policy"]
    frame = page.locator("details.evidence-preview iframe")
    expect(frame).to_be_visible()
    screenshot(page, "csp-evidence-preview")


@pytest.mark.browser
def test_a_blocked_inline_script_is_recorded_as_a_violation(browser):
    context, page = _new_page(browser, viewport=DESKTOP)
    try:
        page.route(
            "http://csp.test/",
            lambda route: route.fulfill(
                status=200,
                content_type="text/html",
                headers={"Content-Security-Policy": "default-src 'self'"},
                body='<!doctype html><title>x</title><p style="color:red">x</p><script>document.title = "ran"</script>',
            ),
        )
        page.goto("http://csp.test/")
        assert page.title() == "x"  # the inline script did not run
        page.wait_for_timeout(200)
        assert len(context.csp_violations) == 2, context.csp_violations  # the script and the style attribute
    finally:
        context.close()
