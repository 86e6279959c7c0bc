"""The import review in Chromium: the standing office uploads a real plan whose extraction needs corrections (run
as a background job, whose page moves on to the review), corrects a row's lead agency and deadline, leaves a row out,
declines a proposed lineage, confirms; the database then holds exactly what the screen said, and the earlier task
keeps its deadline.

The rows are chosen from the draft the upload produced (the extractor is improving; the journey must not
depend on which tasks it finds), and the earlier task is arranged to repeat the corrected row.
"""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from giamsat.agencies.models import Agency
from giamsat.directives.choices import AssignmentRole
from giamsat.directives.importing import import_batch_stage
from giamsat.directives.models import DeadlineChange, Directive, ImportBatch
from giamsat.directives.tests.factories import DirectiveFactory, task_led_by

from .test_journeys import menu_in_one_line, sign_in

DOCUMENT = Path(__file__).resolve().parents[2] / "giamsat/extraction/tests/corpus/ubnd-bacninh-141-kh-2025.md"
UPLOAD_PATH = "/nhiem-vu/van-ban/nhap/"
PREVIEW_PATH = "/nhiem-vu/van-ban/nhap/{}/"
EARLIER_DEADLINE = datetime.date(2025, 6, 30)


def row(page, ref: str):
    return page.locator(f"tr.review-row[data-ref='{ref}']")


@pytest.mark.browser
def test_office_corrects_excludes_declines_lineage_and_confirms(
    transactional_db, live_server, registry, users, run_jobs, page, screenshot, axe
):
    justice = Agency.objects.get(name="Sở Tư pháp")
    office = users["standing_office"]  # with every menu entry: the standing office's administrator, a long name
    office.is_staff, office.first_name, office.last_name = True, "Phương Thảo", "Nguyễn Thị"
    office.save()
    sign_in(page, live_server, office.username)
    page.goto(live_server.url + UPLOAD_PATH)
    axe(page)
    desktop = page.viewport_size
    page.set_viewport_size({"width": 1366, "height": 768})  # the common office laptop
    assert menu_in_one_line(page), "the top menu wraps at 1366 px"
    screenshot(page, "import-upload-1366")
    page.set_viewport_size(desktop)
    page.set_input_files("#id_file", str(DOCUMENT))
    page.get_by_role("button", name="Tải lên và trích xuất").click()
    expect(page.get_by_test_id("job-progress")).to_be_visible()  # the job's page, its progress bar
    run_jobs()  # the worker's pass, in this process: the page moves on to the review by itself
    expect(page.get_by_role("heading", level=1)).to_have_text("Xem lại trước khi nhập")

    batch = ImportBatch.objects.get()
    drafted = batch.draft["tasks"]
    assert len(drafted) >= 3, "the plan must give several tasks"
    corrected, excluded = drafted[0], drafted[-1]
    kept = [task for task in drafted if task is not excluded]
    # An earlier plan assigned the same work to Sở Tư pháp, due long ago: a lineage proposal once the lead is right.
    earlier = task_led_by(
        justice,
        directive=DirectiveFactory(number="09-KH/UBND", issued_on=datetime.date(2025, 1, 15)),
        ref="4",
        title=corrected["title"],
        deadline=EARLIER_DEADLINE,
        deadline_text="Quý II/2025",
    )

    target, shown = row(page, corrected["ref"]), corrected["ref"].removeprefix("body:")
    deadline = target.get_by_label(f"Thời hạn của nhiệm vụ {shown}", exact=True)
    expect(target.get_by_label(f"Nội dung nhiệm vụ {shown}", exact=True)).to_have_value(corrected["title"])
    for position in range(len(corrected["lead"])):  # whatever the extraction named as lead is replaced
        target.locator(f"input[name='row-0-lead-{position}-drop']").check()
    target.get_by_label(f"Thêm cơ quan chủ trì ({shown})", exact=True).fill("Sở Tư pháp")
    deadline.fill("31/12/2026")
    target.get_by_label(f"Loại thời hạn của nhiệm vụ {shown}").select_option("date")
    row(page, excluded["ref"]).get_by_label("Không nhập").check()
    expect(row(page, excluded["ref"])).to_have_class(re.compile(r"\bexcluded\b"))

    page.get_by_role("button", name="Kiểm tra lại (chưa ghi)").click()

    expect(page.get_by_role("status").filter(has_text="Không có lỗi.")).to_be_visible()
    proposal = page.locator(f"tr.lineage-row[data-lineage-for='{corrected['ref']}']")
    expect(proposal).to_contain_text("Có thể là cùng nhiệm vụ đã giao: 09-KH/UBND · 4")
    expect(proposal).to_contain_text("cùng cơ quan chủ trì Sở Tư pháp")
    expect(proposal.get_by_test_id("lineage-move")).to_contain_text("30/06/2025 → 31/12/2026")
    expect(proposal.get_by_test_id("lineage-move")).to_have_css("color", "rgb(179, 38, 30)")  # red
    accept = proposal.get_by_role("checkbox")
    expect(accept).not_to_be_checked()  # never ticked for the reviewer: leaving it so declines
    # What was typed is still there after the round trip.
    expect(deadline).to_have_value("31/12/2026")
    expect(row(page, excluded["ref"]).get_by_label("Không nhập")).to_be_checked()
    screenshot(page, "import-review-desktop")
    axe(page)

    page.get_by_role("button", name="Xác nhận nhập").click()

    expect(page.get_by_role("status").filter(has_text="Đã nhập 141/KH-UBND")).to_be_visible()
    axe(page)
    directive = Directive.objects.get(number="141/KH-UBND")
    assert [t.ref for t in directive.tasks.order_by("position")] == [t["ref"] for t in kept]
    assert not directive.tasks.filter(ref=excluded["ref"]).exists()
    task = directive.tasks.get(ref=corrected["ref"])
    assert (task.deadline, task.deadline_kind) == (datetime.date(2026, 12, 31), "date")
    assert [(a.agency, a.printed_name) for a in task.assignments.filter(role=AssignmentRole.LEAD)] == [
        (justice, "Sở Tư pháp")
    ]
    for drafted_task in kept[1:]:  # the rows nobody touched are as extracted
        stored = directive.tasks.get(ref=drafted_task["ref"])
        assert stored.title == drafted_task["title"]
        assert stored.deadline == (
            datetime.date.fromisoformat(drafted_task["deadline"]) if drafted_task["deadline"] else None
        )
    assert task.previous is None
    earlier.refresh_from_db()
    assert earlier.deadline == EARLIER_DEADLINE and not DeadlineChange.objects.exists()


@pytest.mark.browser
def test_the_review_on_a_phone_scrolls_the_table_not_the_page(
    transactional_db, live_server, registry, users, phone_page, screenshot
):
    page = phone_page
    batch = import_batch_stage(data=DOCUMENT.read_bytes(), name=DOCUMENT.name, acting_user=users["standing_office"])
    sign_in(page, live_server, users["standing_office"].username)
    page.goto(live_server.url + PREVIEW_PATH.format(batch.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text("Xem lại trước khi nhập")
    first = row(page, batch.draft["tasks"][0]["ref"])
    expect(first.get_by_label("Không nhập")).to_be_visible()  # the STT column stays on screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways on a phone"
    wrap = page.locator(".review-wrap")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth"), "the table scrolls sideways inside its frame"
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_be_in_viewport()  # the actions stay at hand
    screenshot(page, "import-review-phone")
