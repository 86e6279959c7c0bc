"""Import in the background, in Chromium and with the real worker process: the standing office uploads a plan of
several pages as a PDF, the job's page shows the progress bar while the job waits and runs, and once the worker has
extracted the tasks the page moves on by itself to the review screen, with the tasks.

What the page showed is recorded from the DOM as it changed (each state and value of the progress block, through a
binding the test exposes), so the journey asserts the bar was seen below 100 before the review came.
"""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import wait_until
from giamsat.directives.models import ImportBatch
from giamsat.directives.samples import SAMPLE_DIR
from giamsat.extraction import extract
from giamsat.extraction.tests.documents import make_pdf
from giamsat.jobs.choices import JobState
from giamsat.jobs.models import Job

from .test_journeys import sign_in

UPLOAD_PATH = "/nhiem-vu/van-ban/nhap/"
SEED = SAMPLE_DIR / "003_02333590f65b17dc.txt"  # Kế hoạch 02-KH/BCĐ of 18/10/2025, its appendix of tasks

# Every state and value the job's progress block shows, as the page first renders it and as each poll replaces it.
RECORD_PROGRESS = """
(() => {
  const record = () => {
    const block = document.querySelector('[data-testid="job-progress"]');
    if (block) window.jobProgressSeen(block.dataset.state, Number(block.querySelector('progress').value));
  };
  document.addEventListener('DOMContentLoaded', () => {
    record();
    new MutationObserver(record).observe(document.body, {childList: true, subtree: true});
  });
})();
"""


def plan_pdf(path: Path) -> Path:
    """The seed plan's heading and its appendix of tasks set as a PDF table over several landscape pages."""
    seed = extract(SEED)
    rows = [
        [
            task.ref,
            task.title,
            ", ".join(mention.text for mention in task.lead),
            ", ".join(mention.text for mention in task.coordinating),
            task.deadline_text,
        ]
        for task in seed.tasks
        if task.lead
    ]
    heading = [
        "BAN CHỈ ĐẠO VỀ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ TỈNH THÁI NGUYÊN",
        "Số 02-KH/BCĐ",
        "Thái Nguyên, ngày 18 tháng 10 năm 2025",
        "KẾ HOẠCH",
        "triển khai thực hiện Thông báo kết luận của đồng chí Tổng Bí thư Tô Lâm",
        "PHỤ LỤC NHIỆM VỤ CỤ THỂ ĐẾN CUỐI NĂM 2025",
    ]
    columns = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    path.write_bytes(make_pdf(heading, columns, rows, column_weights=[4, 44, 18, 22, 12], font_size=9))
    return path


def page_count(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(path.read_bytes())
    try:
        return len(document)
    finally:
        document.close()


@pytest.mark.browser
def test_office_watches_the_import_job_and_lands_on_the_review(
    transactional_db, live_server, registry, users, worker_process, page, screenshot, axe, tmp_path
):
    document = plan_pdf(tmp_path / "ke-hoach-02-kh-bcd.pdf")
    assert page_count(document) >= 4, "the plan must run over several pages"
    seen: list[tuple[str, int]] = []
    page.expose_binding("jobProgressSeen", lambda source, state, value: seen.append((state, value)))
    page.add_init_script(RECORD_PROGRESS)
    sign_in(page, live_server, users["standing_office"].username)
    page.goto(live_server.url + UPLOAD_PATH)
    page.set_input_files("#id_file", str(document))
    page.get_by_role("button", name="Tải lên và trích xuất").click()

    # No worker yet: the job waits on the queue, and its page says so with an empty bar.
    progress = page.get_by_test_id("job-progress")
    expect(progress).to_have_attribute("data-state", JobState.QUEUED)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Nhập văn bản chỉ đạo: {document.name}")
    expect(progress.get_by_role("progressbar", name="Tiến độ")).to_be_visible()
    job = Job.objects.get()
    assert (job.kind, job.owner, job.input_name) == ("directive_import", users["standing_office"], document.name)
    screenshot(page, "import-job-queued")
    axe(page)

    worker_process.start()  # the real `giamsat worker` on this test's database picks it up

    expect(page.get_by_role("heading", level=1)).to_have_text("Xem lại trước khi nhập", timeout=60_000)
    done = wait_until(lambda: Job.objects.filter(pk=job.pk, state=JobState.DONE).first(), what="the job's record")
    batch = ImportBatch.objects.get()
    review = reverse("directives:import_preview", args=[batch.pk])
    assert page.url == live_server.url + review
    assert (done.progress, done.attempts, done.result_url) == (100, 1, review)
    assert batch.original_name == document.name and batch.draft["document"]["number"] == "02-KH/BCĐ"
    rows = page.locator("tr.review-row")
    expect(rows.first).to_be_visible()
    assert rows.count() == len(batch.draft["tasks"]) >= 20, worker_process.log()
    # The page showed the bar below 100 (waiting, then running as the worker polled), then moved on to the review.
    assert seen and seen[0] == (JobState.QUEUED, 0), seen
    assert all(value < 100 for _state, value in seen), seen
    screenshot(page, "import-job-review")
