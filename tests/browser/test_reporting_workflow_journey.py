"""The reporting workflow as officials use it, in Chromium: the officer types the report, then adds evidence, then
submits (nothing typed is lost); the head returns it with a comment; the officer revises and resends; the officer
withdraws a report before the head acts; two reviewers act on one report at once (one wins, the other is told);
the standing office reads the task's whole story. Every page visited is scanned with axe-core."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from giamsat.accounts.choices import Role
from giamsat.accounts.tests.factories import UserFactory
from giamsat.directives.tests.factories import task_led_by
from giamsat.reporting import services
from giamsat.reporting.models import ProgressReport

from .test_journeys import sign_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("heading", name="Đăng nhập hệ thống")).to_be_visible()


@pytest.fixture
def task(transactional_db, agency_skhcn):
    return task_led_by(
        agency_skhcn,
        title="Triển khai nền tảng họp trực tuyến",
        deadline=timezone.localdate() + datetime.timedelta(days=10),
    )


@pytest.mark.browser
def test_text_then_evidence_then_submit_head_returns_officer_resends(live_server, users, task, page, screenshot, axe):
    delivered = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    report_url = f"{live_server.url}/bao-cao/nhiem-vu/{task.pk}/"

    sign_in(page, live_server, users["officer"].username)
    page.goto(report_url)
    page.fill("#id_work_done", "Đã đưa nền tảng họp trực tuyến vào vận hành tại 9 sở")
    page.select_option("#id_state", "completed")
    page.fill("#id_delivered_on", delivered)
    page.fill("#id_product", "Quyết định đưa nền tảng vào vận hành")
    # Evidence chosen after the text: the same form keeps both.
    page.set_input_files(
        "#id_file-file", files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    axe(page)
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã lưu dự thảo cùng minh chứng.")).to_be_visible()
    expect(page.locator("#id_work_done")).to_have_value("Đã đưa nền tảng họp trực tuyến vào vận hành tại 9 sở")
    expect(page.get_by_role("link", name="bien-ban.pdf")).to_be_visible()
    page.get_by_role("button", name="Gửi lãnh đạo đơn vị").click()
    expect(page.get_by_text("Đã gửi báo cáo cho lãnh đạo đơn vị duyệt.")).to_be_visible()
    # Sent to the head only: the standing office has nothing to confirm yet.
    page.goto(f"{live_server.url}/nhiem-vu/{task.pk}/")
    expect(page.get_by_test_id("task-status")).to_contain_text("Đang thực hiện – trong hạn")
    sign_out(page)

    sign_in(page, live_server, users["head"].username)
    page.goto(report_url)
    expect(page.get_by_text("Đã đưa nền tảng họp trực tuyến vào vận hành tại 9 sở")).to_be_visible()
    axe(page)
    page.fill("#id_comment", "Ghi rõ số, ngày quyết định")
    page.get_by_role("button", name="Trả lại chuyên viên kèm ý kiến").click()
    expect(page.get_by_text("Đã trả lại báo cáo cho chuyên viên kèm ý kiến.")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, users["officer"].username)
    page.goto(report_url)
    expect(page.get_by_test_id("report-steps")).to_contain_text("Ghi rõ số, ngày quyết định")
    page.fill("#id_ref-document_number", "15/QĐ-SKHCN")
    page.fill("#id_ref-document_date", delivered)
    page.get_by_role("button", name="Gửi lãnh đạo đơn vị").click()
    expect(page.get_by_text("Đã gửi báo cáo cho lãnh đạo đơn vị duyệt.")).to_be_visible()
    expect(page.get_by_text("15/QĐ-SKHCN")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, users["head"].username)
    page.goto(report_url)
    page.get_by_role("button", name="Duyệt và gửi Cơ quan Thường trực").click()
    expect(page.get_by_text("Đã duyệt, báo cáo được gửi Cơ quan Thường trực.")).to_be_visible()
    page.goto(f"{live_server.url}/nhiem-vu/{task.pk}/")
    expect(page.get_by_test_id("task-status")).to_contain_text("Chờ xác nhận")
    screenshot(page, "report-approved-by-head")
    report = ProgressReport.objects.get(task=task)
    assert list(report.steps.values_list("action", flat=True)) == [
        "submitted",
        "head_returned",
        "submitted",
        "approved",
    ]


@pytest.mark.browser
def test_officer_withdraws_before_the_head_acts(live_server, users, task, page, axe):
    report_url = f"{live_server.url}/bao-cao/nhiem-vu/{task.pk}/"
    sign_in(page, live_server, users["officer"].username)
    page.goto(report_url)
    page.fill("#id_work_done", "Bản gửi nhầm")
    page.get_by_role("button", name="Gửi lãnh đạo đơn vị").click()
    expect(page.get_by_text("Đã gửi báo cáo cho lãnh đạo đơn vị duyệt.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Rút lại để sửa").click()
    expect(page.get_by_text("Đã rút lại báo cáo")).to_be_visible()
    expect(page.locator("#id_work_done")).to_have_value("Bản gửi nhầm")
    assert ProgressReport.objects.get(task=task).status == "draft"


@pytest.mark.browser
def test_two_reviewers_at_once_one_wins_the_other_is_told(live_server, users, task, browser, screenshot, axe):
    period = services.period_for(timezone.localdate())
    report = services.report_update(
        task=task, period=period, data={"work_done": "Đã triển khai"}, acting_user=users["officer"]
    )
    services.report_submit(report=report, acting_user=users["officer"])
    services.report_approve(report=report, acting_user=users["head"])
    second = UserFactory(
        username="office2", first_name="Lan", role=Role.STANDING_OFFICE, agency=users["standing_office"].agency
    )
    pages = []
    for user in (users["standing_office"], second):
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        sign_in(page, live_server, user.username)
        page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
        expect(page.get_by_test_id("review-form")).to_be_visible()
        pages.append(page)
    first, other = pages
    axe(first)
    first.get_by_role("button", name="Chấp nhận").click()
    expect(first.get_by_text("Đã chấp nhận báo cáo.")).to_be_visible()
    other.fill("#id_comment", "Thiếu minh chứng")
    other.get_by_role("button", name="Trả lại kèm ý kiến").click()
    expect(other.get_by_text("thao tác của bạn không được thực hiện")).to_be_visible()
    expect(other.get_by_text("chấp nhận báo cáo lúc")).to_be_visible()
    screenshot(other, "second-reviewer-told")
    report.refresh_from_db()
    assert report.status == "accepted" and report.reviews.count() == 1
    for page in pages:
        page.context.close()


@pytest.mark.browser
def test_standing_office_reads_the_whole_story_of_a_task(live_server, users, task, page, screenshot, axe):
    period = services.period_for(timezone.localdate())
    officer, head, office = users["officer"], users["head"], users["standing_office"]
    report = services.report_update(
        task=task,
        period=period,
        data={"work_done": "Đã ký hợp đồng triển khai", "difficulties": "Chậm giải ngân"},
        files=(("hop-dong.pdf", PDF, "Hợp đồng"),),
        acting_user=officer,
    )
    services.report_submit(report=report, acting_user=officer)
    services.report_approve(report=report, acting_user=head)
    services.report_review(report=report, decision="accepted", comment="Đạt yêu cầu", acting_user=office)

    sign_in(page, live_server, office.username)
    page.goto(f"{live_server.url}/nhiem-vu/{task.pk}/")
    story = page.get_by_test_id("task-story")
    expect(story).to_contain_text("Đã ký hợp đồng triển khai")
    expect(story).to_contain_text("Chậm giải ngân")
    expect(story).to_contain_text("Đạt yêu cầu")
    expect(story.get_by_role("link", name="hop-dong.pdf")).to_be_visible()
    expect(page.get_by_test_id("timeline").locator("li")).to_have_count(3)  # sent, approved, accepted
    screenshot(page, "task-story")
    axe(page)
