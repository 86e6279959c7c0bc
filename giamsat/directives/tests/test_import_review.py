"""The import review screen: every field can be corrected before confirming, what is on the screen is what is
written (in one transaction), nothing typed is lost on an error, and lineage is never assumed."""

import datetime
import functools
from urllib.parse import urlencode

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve, reverse

from giamsat.agencies.choices import AgencyKind, AliasSource
from giamsat.agencies.models import Agency, AgencyAlias, AgencyGroup
from giamsat.directives.choices import AssignmentRole, DeadlineKind, Recurrence, TaskOrigin
from giamsat.directives.importing import review_tasks
from giamsat.directives.lineage import highlight, title_similarity
from giamsat.directives.models import DeadlineChange, Directive, ImportBatch, Task, TaskAssignment
from giamsat.directives.tests.factories import DirectiveFactory, task_led_by
from giamsat.extraction.tests.documents import make_docx
from giamsat.jobs.models import Job
from giamsat.jobs.worker import jobs_run_pending

pytestmark = pytest.mark.django_db

NOTICE_HEAD = [
    "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
    "Số: 20-TB/CQTT",
    "Thái Nguyên, ngày 15 tháng 5 năm 2026",
    "THÔNG BÁO KẾT LUẬN",
    "về các nhiệm vụ chuyển đổi số",
]
NOTICE_COLUMNS = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]
NOTICE_ROWS = [
    ["1", "Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức của tỉnh", "Sở Nội vụ", "Sở Tài chính", "Quý III"],
    ["2", "Triển khai nền tảng họp trực tuyến đến cấp xã", "Sở Khoa học và Công nghệ", "Các xã, phường", "30/9/2026"],
    ["3", "Tổ chức Ngày hội Chuyển đổi số tỉnh Thái Nguyên năm 2027", "Sở Khoa học và Công nghệ", "", "Năm 2027"],
    ["4", "Số hóa hồ sơ lưu trữ lịch sử của tỉnh", "Sở Ngoại vụ tỉnh Bắc Kạn", "", "Thường xuyên"],
    ["5", "Báo cáo kết quả triển khai Nghị quyết 57", "Văn phòng Ủy ban nhân dân tỉnh", "", "Tháng 4/2026"],
]
UNKNOWN = "Sở Ngoại vụ tỉnh Bắc Kạn"


@functools.cache
def notice_20() -> bytes:
    """A notice of 15/05/2026 with five tasks; row 4's lead is not in the registry, row 5 is due before the notice."""
    return make_docx(NOTICE_HEAD, NOTICE_COLUMNS, NOTICE_ROWS)


def agency(name: str) -> Agency:
    return Agency.objects.get(name=name)


def job_of(response) -> Job:
    """The job a form's answer sent the browser to: its page."""
    assert response.status_code == 302, response.content.decode()[:2000]
    match = resolve(response.url)
    assert match.view_name == "jobs:detail", response.url
    return Job.objects.get(pk=match.kwargs["job_id"])


def landing(client, job: Job) -> str:
    """Where the job's page moves the browser on to, as its progress block polls (HTMX): '' while it stays."""
    poll = client.get(reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"})
    assert poll.status_code == 200
    return poll.headers.get("HX-Redirect", "")


class Screen:
    """The review form as the browser submits it: every control's current value, then the reviewer's changes."""

    def __init__(self, client, batch: ImportBatch, response=None):
        self.client = client
        self.batch = batch
        self.url = reverse("directives:import_preview", args=[batch.pk])
        self.response = response or client.get(self.url)
        assert self.response.status_code == 200
        self.html = self.response.content.decode()
        self.refs = [task["ref"] for task in batch.draft["tasks"]]
        self.read()

    @classmethod
    def upload(cls, client, data: bytes, name: str = "tb-20.docx") -> "Screen":
        """Upload, let the worker's pass run the extraction (the `run_jobs` fixture's function), and land where the
        job's page sends the browser: the review screen."""
        response = client.post(reverse("directives:import_upload"), {"file": SimpleUploadedFile(name, data)})
        job = job_of(response)
        jobs_run_pending()
        batch = ImportBatch.objects.order_by("-pk").first()
        assert landing(client, job) == reverse("directives:import_preview", args=[batch.pk]), job.error
        return cls(client, batch)

    def read(self) -> None:
        form = lxml.html.fromstring(self.html).get_element_by_id("review-form")
        self.values = [(name, value) for name, value in form.form_values() if "__prefix__" not in name]

    def name(self, ref: str, field: str) -> str:
        return f"row-{self.refs.index(ref)}-{field}"

    def get(self, name: str) -> list[str]:
        return [value for key, value in self.values if key == name]

    def set(self, name: str, value: str) -> "Screen":
        self.values = [(key, v) for key, v in self.values if key != name] + [(name, value)]
        return self

    def add(self, name: str, value: str) -> "Screen":
        self.values.append((name, value))
        return self

    def untick(self, name: str) -> "Screen":
        self.values = [(key, v) for key, v in self.values if key != name]
        return self

    def submit(self, button: str = "confirm"):
        body = urlencode([*self.values, (button, "1")])  # as a browser sends this form
        response = self.client.post(self.url, body, content_type="application/x-www-form-urlencoded")
        if response.status_code == 200:  # the form came back: what is on the screen now
            self.response, self.html = response, response.content.decode()
            self.read()
        return response


@pytest.fixture
def office(client, users):
    client.force_login(users["standing_office"])
    return client


def confirmed(screen: Screen) -> Directive:
    response = screen.submit()
    assert response.status_code == 302, [e for e in screen.html.split("\n") if "field-error" in e or "<li>" in e]
    return Directive.objects.get(number="20-TB/CQTT")


def leads(task: Task, role=AssignmentRole.LEAD) -> list[tuple]:
    return [
        (a.printed_name, a.agency and a.agency.name, a.group and a.group.name)
        for a in task.assignments.filter(role=role)
    ]


# --- every field of every row ---------------------------------------------------------------------------------


class ReviewCorrectionTests:
    def test_after_confirming_the_office_is_told_how_many_targets_are_proposed(self, office):
        screen = Screen.upload(office, notice_20())
        screen.set(screen.name("2", "expected_result"), "Tỷ lệ phủ sóng 5G đạt 95%; 45 công trình được nghiệm thu")
        response = screen.submit()
        assert response.status_code == 302
        page = office.get(response.url).content.decode()
        assert "Văn bản có 2 kết quả định lượng được đề xuất thành chỉ tiêu" in page
        assert 'data-testid="proposals-link"' in page

    def test_no_target_no_word_of_proposals(self, office):
        response = Screen.upload(office, notice_20()).submit()
        assert "kết quả định lượng" not in office.get(response.url).content.decode()

    def test_without_corrections_the_extraction_is_written_as_shown(self, office):
        screen = Screen.upload(office, notice_20())
        directive = confirmed(screen)
        assert list(directive.tasks.values_list("ref", flat=True)) == ["1", "2", "3", "4", "5"]
        first = directive.tasks.get(ref="1")
        assert (first.deadline, first.deadline_kind, first.deadline_text) == (
            datetime.date(2026, 9, 30),
            "quarter",
            "Quý III",
        )
        assert leads(first) == [("Sở Nội vụ", "Sở Nội vụ", None)]
        assert leads(directive.tasks.get(ref="4")) == [(UNKNOWN, None, None)]  # kept for review, never dropped

    def test_title_and_product_are_corrected(self, office):
        screen = Screen.upload(office, notice_20())
        screen.set(screen.name("2", "title"), "Triển khai nền tảng họp trực tuyến đến 100% xã, phường")
        screen.set(screen.name("2", "expected_result"), "Nền tảng vận hành tại 92 xã, phường")
        task = confirmed(screen).tasks.get(ref="2")
        assert task.title == "Triển khai nền tảng họp trực tuyến đến 100% xã, phường"
        assert task.expected_result == "Nền tảng vận hành tại 92 xã, phường"
        assert task.history.first().history_user.username == "office"

    def test_agencies_are_corrected_on_any_row_the_printed_wording_kept(self, office):
        screen = Screen.upload(office, notice_20())
        assert screen.get(screen.name("1", "lead-0")) == ["Sở Nội vụ"]  # a picker even on a known name
        screen.set(screen.name("1", "lead-0"), "Sở Tư pháp")
        screen.set(screen.name("1", "lead-add"), "Sở KH&CN")  # an abbreviation is resolved like a printed name
        screen.set(screen.name("1", "coordinating-0-drop"), "on")
        screen.set(screen.name("1", "coordinating-add"), "Sở Y tế").add(
            screen.name("1", "coordinating-add"), "Các xã, phường"
        )
        task = confirmed(screen).tasks.get(ref="1")
        assert leads(task) == [
            ("Sở Nội vụ", "Sở Tư pháp", None),
            ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ", None),
        ]
        assert leads(task, AssignmentRole.COORDINATING) == [
            ("Sở Y tế", "Sở Y tế", None),
            ("Các xã, phường", None, "Các xã, phường"),
        ]

    def test_a_cleared_picker_keeps_the_printed_name_for_review(self, office):
        screen = Screen.upload(office, notice_20())
        screen.set(screen.name("2", "lead-0"), "")
        [assignment] = confirmed(screen).tasks.get(ref="2").assignments.filter(role=AssignmentRole.LEAD)
        assert (assignment.printed_name, assignment.needs_review) == ("Sở Khoa học và Công nghệ", True)

    def test_an_unknown_agency_typed_is_refused_in_vietnamese(self, office):
        screen = Screen.upload(office, notice_20())
        screen.set(screen.name("2", "lead-add"), "Sở Không Tồn Tại")
        response = screen.submit()
        assert response.status_code == 200
        assert "Không có “Sở Không Tồn Tại” trong danh mục cơ quan." in screen.html
        assert not Directive.objects.exists()

    def test_deadline_and_its_kind_are_corrected(self, office):
        screen = Screen.upload(office, notice_20())
        screen.set(screen.name("1", "deadline"), "15/08/2026").set(screen.name("1", "deadline_kind"), DeadlineKind.DATE)
        screen.set(screen.name("3", "deadline"), "").set(screen.name("3", "deadline_kind"), DeadlineKind.ROADMAP)
        directive = confirmed(screen)
        first, third = directive.tasks.get(ref="1"), directive.tasks.get(ref="3")
        assert (first.deadline, first.deadline_kind, first.deadline_text) == (
            datetime.date(2026, 8, 15),
            "date",
            "Quý III",
        )
        assert (third.deadline, third.deadline_kind) == (None, "roadmap")

    def test_recurring_or_not_is_corrected(self, office):
        screen = Screen.upload(office, notice_20())
        assert screen.get(screen.name("4", "recurrence")) == [Recurrence.REGULAR]
        screen.set(screen.name("4", "recurrence"), Recurrence.MONTHLY)
        screen.set(screen.name("1", "recurrence"), Recurrence.YEARLY)
        screen.set(screen.name("2", "recurrence"), Recurrence.NONE)
        directive = confirmed(screen)
        assert dict(directive.tasks.values_list("ref", "recurrence")) == {
            "1": "yearly",
            "2": "none",
            "3": "none",
            "4": "monthly",
            "5": "none",
        }

    def test_an_excluded_row_is_not_imported(self, office):
        screen = Screen.upload(office, notice_20())
        screen.set(screen.name("3", "exclude"), "on")
        screen.set(screen.name("3", "deadline"), "not a date")  # an excluded row is not checked either
        directive = confirmed(screen)
        assert list(directive.tasks.values_list("ref", flat=True)) == ["1", "2", "4", "5"]
        assert not Task.objects.filter(title__contains="Ngày hội").exists()

    def test_a_row_is_added_by_hand(self, office):
        screen = Screen.upload(office, notice_20())
        screen.set("new-0-ref", "6").set("new-0-title", "Ban hành quy chế quản lý nền tảng số dùng chung")
        screen.set("new-0-lead", "Sở Khoa học và Công nghệ").set("new-0-deadline", "31/10/2026")
        directive = confirmed(screen)
        added = directive.tasks.get(ref="6")
        assert (added.title, added.deadline, added.deadline_kind, added.origin) == (
            "Ban hành quy chế quản lý nền tảng số dùng chung",
            datetime.date(2026, 10, 31),
            DeadlineKind.DATE,
            TaskOrigin.MANUAL,
        )
        assert leads(added) == [("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ", None)]
        assert directive.tasks.count() == 6

    def test_an_added_row_needs_a_new_number_and_a_content(self, office):
        screen = Screen.upload(office, notice_20())
        screen.set("new-0-ref", "2").set("new-0-lead", "Sở Y tế")
        screen.submit()
        assert "Số thứ tự “2” đã có trong văn bản." not in screen.html  # the missing content is reported first
        assert "Nội dung nhiệm vụ không được để trống." in screen.html
        screen.set("new-0-title", "Một nhiệm vụ khác")
        screen.submit()
        assert "Số thứ tự “2” đã có trong văn bản." in screen.html
        assert not Directive.objects.exists()

    def test_a_new_agency_is_created_with_the_printed_name_and_the_chosen_kind(self, office, users):
        screen = Screen.upload(office, notice_20())
        assert screen.get(screen.name("4", "lead-0")) == [""]
        screen.set(screen.name("4", "lead-0-create"), "on").set(screen.name("4", "lead-0-kind"), AgencyKind.STATE)
        task = confirmed(screen).tasks.get(ref="4")
        created = Agency.objects.get(name=UNKNOWN)
        assert created.kind == AgencyKind.STATE
        assert AgencyAlias.objects.filter(agency=created, source=AliasSource.REGISTRY).exists()
        assert created.history.first().history_user == users["standing_office"]
        assert leads(task) == [(UNKNOWN, UNKNOWN, None)]

    def test_pick_or_create_not_both(self, office):
        screen = Screen.upload(office, notice_20())
        screen.set(screen.name("4", "lead-0-create"), "on").set(screen.name("4", "lead-0"), "Sở Tư pháp")
        screen.submit()
        assert "Hoặc chọn cơ quan có sẵn, hoặc tạo cơ quan mới — không cả hai." in screen.html
        assert not Agency.objects.filter(name=UNKNOWN).exists()

    def test_a_failed_confirmation_creates_no_agency(self, office):
        """The new agency is created inside the import's transaction: a refused import leaves the registry as it was."""
        screen = Screen.upload(office, notice_20())
        screen.set(screen.name("4", "lead-0-create"), "on")
        screen.set(screen.name("2", "link"), str(10**9))  # an earlier task that does not exist
        response = screen.submit()
        assert response.status_code == 200
        assert "không tìm thấy nhiệm vụ đã giao trước đó" in screen.html
        assert not Agency.objects.filter(name=UNKNOWN).exists()
        assert not Directive.objects.exists() and not Task.objects.exists()
        assert screen.get(screen.name("4", "lead-0-create")) == ["on"]

    def test_a_deadline_before_the_document_date_is_flagged_not_refused(self, office):
        screen = Screen.upload(office, notice_20())
        rows = lxml.html.fromstring(screen.html).xpath("//tr[@data-index]")
        flagged = [row.get("data-ref") for row in rows if row.xpath(".//*[@data-testid='early-deadline']")]
        assert flagged == ["5"]
        assert "Thời hạn sớm hơn ngày ban hành văn bản (15/05/2026)" in screen.html
        screen.set("issued_on", "01/04/2026")  # the flag follows the corrected issue date
        screen.submit("check")
        assert 'data-testid="early-deadline"' not in screen.html
        task = confirmed(screen).tasks.get(ref="5")
        assert task.deadline == datetime.date(2026, 4, 30)  # a warning, not an error
        assert task.directive.issued_on == datetime.date(2026, 4, 1)

    def test_errors_keep_everything_typed(self, office):
        screen = Screen.upload(office, notice_20())
        typed = {
            screen.name("1", "title"): "Xây dựng cơ sở dữ liệu cán bộ (đã sửa)",
            screen.name("1", "lead-0"): "Sở Tư pháp",
            screen.name("1", "recurrence"): Recurrence.QUARTERLY,
            screen.name("2", "deadline"): "31/13/2026",
            screen.name("3", "exclude"): "on",
            screen.name("4", "lead-0-create"): "on",
            screen.name("4", "lead-0-kind"): AgencyKind.CENTRAL,
            screen.name("5", "title"): "",
            "new-0-ref": "6",
            "new-0-title": "Nhiệm vụ thêm bằng tay",
            "new-0-deadline": "01/12/2026",
            "issued_on": "15/05/2026",
            "confidentiality": "public",
        }
        for name, value in typed.items():
            screen.set(name, value)
        screen.add(screen.name("2", "coordinating-add"), "Sở Y tế")
        response = screen.submit()
        assert response.status_code == 200
        assert "Thời hạn “31/13/2026” không đúng dạng dd/mm/yyyy." in screen.html
        assert "Nội dung nhiệm vụ không được để trống." in screen.html
        assert 'href="#row-1"' in screen.html and 'href="#row-4"' in screen.html  # the summary leads to the rows
        for name, value in typed.items():
            assert screen.get(name) == [value], name
        assert "Sở Y tế" in screen.get(screen.name("2", "coordinating-add"))
        assert not Directive.objects.exists() and not Task.objects.exists() and not TaskAssignment.objects.exists()
        assert not Agency.objects.filter(name=UNKNOWN).exists()

        screen.set(screen.name("2", "deadline"), "31/12/2026").set(screen.name("5", "title"), "Báo cáo kết quả")
        directive = confirmed(screen)
        assert list(directive.tasks.values_list("ref", flat=True)) == ["1", "2", "4", "5", "6"]
        assert directive.tasks.get(ref="1").title == "Xây dựng cơ sở dữ liệu cán bộ (đã sửa)"
        assert directive.tasks.filter(confidentiality="public").count() == 5

    def test_check_validates_and_writes_nothing(self, office):
        screen = Screen.upload(office, notice_20())
        response = screen.submit("check")
        assert response.status_code == 200
        assert "Không có lỗi." in screen.html
        assert not Directive.objects.exists()
        assert ImportBatch.objects.get().status == ImportBatch.Status.STAGED


class ReviewTasksTests:
    """`review_tasks` turns the screen into the import service's draft: exclusions and hierarchy."""

    def correction(self, task, **changes):
        return {
            "exclude": False,
            "title": task["title"],
            "expected_result": "",
            "deadline": None,
            "deadline_kind": "none",
            "recurrence": "none",
            "agencies": {"directing": [], "lead": [], "coordinating": []},
            **changes,
        }

    def test_a_row_whose_parent_is_excluded_hangs_from_the_nearest_kept_ancestor(self):
        drafted = [
            {"ref": "1", "title": "Mục lớn", "parent_ref": None},
            {"ref": "1.1", "title": "Mục con", "parent_ref": "1"},
            {"ref": "1.1.1", "title": "Việc cụ thể", "parent_ref": "1.1"},
        ]
        tasks = review_tasks(
            draft_tasks=drafted,
            corrections=[
                self.correction(drafted[0]),
                self.correction(drafted[1], exclude=True),
                self.correction(drafted[2]),
            ],
            added=[],
        )
        assert [(t["ref"], t["parent_ref"]) for t in tasks] == [("1", ""), ("1.1.1", "1")]
        assert tasks[0]["recurring"] is False


# --- lineage ---------------------------------------------------------------------------------------------------


class SimilarityTests:
    def test_sharing_the_province_and_digital_transformation_is_not_the_same_task(self):
        similarity = title_similarity(
            "Ngày hội Chuyển đổi số tỉnh Thái Nguyên năm 2027", "Dự án Chuyển đổi số tỉnh Thái Nguyên"
        )
        assert not similarity.matches()
        assert similarity.score < 60

    @pytest.mark.parametrize(
        ("later", "earlier"),
        [
            ("Triển khai nền tảng họp trực tuyến đến cấp xã", "Triển khai nền tảng họp trực tuyến đến cấp xã"),
            (
                "Hoàn thành triển khai nền tảng họp trực tuyến đến cấp xã trên địa bàn tỉnh Thái Nguyên",
                "Triển khai nền tảng họp trực tuyến tới cấp xã",
            ),
            (  # a later notice restates the earlier task with more detail (seeds 13-TB/CQTT · 6 and its body)
                "Hoàn thiện, nâng cấp nền tảng LGSP đảm bảo đáp ứng yêu cầu mở rộng, kết nối, chia sẻ dữ liệu",
                "Hoàn thiện, nâng cấp nền tảng LGSP",
            ),
            (
                "THU HÚT ĐẦU TƯ XÂY DỰNG TRUNG TÂM DỮ LIỆU TẠI TỈNH BẮC NINH",
                "Thu hút đầu tư xây dựng Trung tâm dữ liệu",
            ),
        ],
    )
    def test_the_same_task_restated_matches(self, later, earlier):
        assert title_similarity(later, earlier).matches()

    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("Triển khai thực hiện nền tảng số dùng chung", "Triển khai thực hiện chữ ký số"),
            ("Chuyển đổi số trong ngành y tế tỉnh Thái Nguyên", "Chuyển đổi số trong ngành giáo dục tỉnh Thái Nguyên"),
            ("Ngày hội Chuyển đổi số năm 2026", "Ngày hội Chuyển đổi số năm 2027"),
        ],
    )
    def test_different_tasks_with_common_words_do_not_match(self, a, b):
        assert not title_similarity(a, b).matches()

    def test_what_matched_is_shown(self):
        similarity = title_similarity(
            "Hoàn thành triển khai nền tảng họp trực tuyến đến cấp xã tỉnh Thái Nguyên",
            "Triển khai nền tảng họp trực tuyến tới cấp xã",
        )
        marked = [
            piece
            for piece, hit in highlight("Triển khai nền tảng họp trực tuyến, tỉnh Thái Nguyên", similarity.words)
            if hit
        ]
        assert marked == ["nền", "tảng", "họp", "trực", "tuyến"]


EARLIER_TITLE = "Triển khai nền tảng họp trực tuyến tới cấp xã, phường"


@pytest.fixture
def earlier(registry):
    """An overdue task of an earlier notice, led by Sở KH&CN, that row 2 of the notice restates."""
    directive = DirectiveFactory(number="09-TB/CQTT", issued_on=datetime.date(2026, 1, 10))
    return task_led_by(
        agency("Sở Khoa học và Công nghệ"),
        directive=directive,
        ref="7",
        title=EARLIER_TITLE,
        deadline=datetime.date(2026, 3, 31),
        deadline_text="Quý I",
    )


class LineageTests:
    def proposal_box(self, screen: Screen, ref: str):
        boxes = lxml.html.fromstring(screen.html).xpath(f"//tr[@data-lineage-for='{ref}']")
        return boxes[0] if boxes else None

    def test_a_proposal_is_never_ticked_and_declining_it_keeps_the_old_deadline(self, office, earlier):
        screen = Screen.upload(office, notice_20())
        box = self.proposal_box(screen, "2")
        assert box is not None
        text = box.text_content()
        assert "09-TB/CQTT · 7" in text
        assert EARLIER_TITLE in text and "Triển khai nền tảng họp trực tuyến đến cấp xã" in text  # side by side
        assert "cùng cơ quan chủ trì Sở Khoa học và Công nghệ" in text
        assert [m.text for m in box.xpath(".//mark")][:2] == ["nền", "tảng"]  # what matched
        move = box.xpath(".//*[@data-testid='lineage-move']")[0].text_content()
        assert "31/03/2026 → 30/09/2026" in move and "đang quá hạn" in move
        assert screen.get(screen.name("2", "link")) == []  # not ticked
        assert [self.proposal_box(screen, ref) for ref in ("1", "3", "4", "5")] == [None] * 4

        later = confirmed(screen).tasks.get(ref="2")
        earlier.refresh_from_db()
        assert later.previous is None
        assert (earlier.deadline, earlier.deadline_text) == (datetime.date(2026, 3, 31), "Quý I")
        assert not DeadlineChange.objects.exists()

    def test_a_ticked_proposal_links_the_tasks_and_records_the_deadline_change(self, office, users, earlier):
        screen = Screen.upload(office, notice_20())
        screen.set(screen.name("2", "link"), str(earlier.pk))
        later = confirmed(screen).tasks.get(ref="2")
        earlier.refresh_from_db()
        assert later.previous == earlier
        assert earlier.deadline == datetime.date(2026, 9, 30)
        change = DeadlineChange.objects.get(task=earlier)
        assert (change.old_deadline, change.decided_by.number, change.changed_by) == (
            datetime.date(2026, 3, 31),
            "20-TB/CQTT",
            users["standing_office"],
        )

    def test_the_tick_survives_an_error(self, office, earlier):
        screen = Screen.upload(office, notice_20())
        screen.set(screen.name("2", "link"), str(earlier.pk)).set(screen.name("1", "deadline"), "sai")
        screen.submit()
        assert screen.get(screen.name("2", "link")) == [str(earlier.pk)]

    def test_the_province_name_alone_does_not_propose_the_seed_task(self, office, samples):
        """13-TB/CQTT · 17 'Dự án Chuyển đổi số tỉnh Thái Nguyên' (Sở KH&CN) was matched at 90.9% and moved."""
        seventeen = Task.objects.get(directive__number="13-TB/CQTT", ref="17")
        assert agency("Sở Khoa học và Công nghệ") in [a.agency for a in seventeen.assignments.filter(role="lead")]
        deadline = seventeen.deadline
        screen = Screen.upload(office, notice_20())
        assert "3" not in screen.batch.draft["lineage"]
        assert self.proposal_box(screen, "3") is None
        confirmed(screen)
        seventeen.refresh_from_db()
        assert seventeen.deadline == deadline and not seventeen.deadline_changes.exists()

    def test_a_seed_task_restated_is_proposed(self, office, samples):
        nine = Task.objects.get(directive__number="13-TB/CQTT", ref="9")
        data = make_docx(
            NOTICE_HEAD,
            NOTICE_COLUMNS,
            [["1", "Tiếp tục thu hút doanh nghiệp đầu tư xây dựng trung tâm tính toán", "Sở Tài chính", "", "Quý IV"]],
        )
        screen = Screen.upload(office, data)
        assert screen.batch.draft["lineage"]["1"]["task_id"] == nine.pk
        assert self.proposal_box(screen, "1") is not None
        assert screen.get(screen.name("1", "link")) == []

    def test_a_proposal_follows_the_corrected_lead(self, office, registry):
        earlier = task_led_by(
            agency("Sở Tư pháp"),
            directive=DirectiveFactory(number="09-TB/CQTT"),
            title="Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức",
        )
        screen = Screen.upload(office, notice_20())
        assert self.proposal_box(screen, "1") is None  # led by Sở Nội vụ as printed
        screen.set(screen.name("1", "lead-0"), "Sở Tư pháp")
        screen.submit("check")
        box = self.proposal_box(screen, "1")
        assert box is not None and str(earlier) in box.text_content()
        assert screen.get(screen.name("1", "link")) == []


# --- the page itself ----------------------------------------------------------------------------------------------


class ReviewPageTests:
    @pytest.mark.parametrize("who", ["officer", "head", "other_officer", "leader"])
    def test_only_the_standing_office_and_administrators_review(self, client, users, who):
        client.force_login(users["standing_office"])
        screen = Screen.upload(client, notice_20())
        client.force_login(users[who])
        assert client.get(screen.url).status_code == 403
        assert screen.submit().status_code == 403
        assert not Directive.objects.exists()
        client.force_login(users["administrator"])
        assert client.get(screen.url).status_code == 200

    def test_anonymous_is_sent_to_sign_in(self, client, office):
        screen = Screen.upload(office, notice_20())
        response = Client().get(screen.url)
        assert response.status_code == 302 and "dang-nhap" in response.url

    def test_confirming_needs_the_csrf_token(self, users, office):
        screen = Screen.upload(office, notice_20())
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(users["standing_office"])
        assert strict.post(screen.url, {"confirm": "1"}).status_code == 403
        assert not Directive.objects.exists()

    def test_extracted_and_typed_text_is_escaped(self, office):
        title = 'Giảm tỉ lệ hồ sơ trễ hạn < 5% & tăng dịch vụ "toàn trình" > 90%'
        screen = Screen.upload(office, make_docx(NOTICE_HEAD, NOTICE_COLUMNS, [["1", title, "Sở Y tế", "", "Quý III"]]))
        assert screen.batch.draft["tasks"][0]["title"] == title
        assert "&lt; 5% &amp; tăng dịch vụ &quot;toàn trình&quot; &gt; 90%" in screen.html
        assert screen.get(screen.name("1", "title")) == [title]

        typed = '<script>alert("x")</script>'
        screen.set(screen.name("1", "title"), typed).set(screen.name("1", "deadline"), "sai").submit()
        assert "<script>alert" not in screen.html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in screen.html
        assert screen.get(screen.name("1", "title")) == [typed]

    def test_a_long_extraction_is_one_form_and_its_queries_do_not_grow_with_rows(
        self, office, django_assert_max_num_queries
    ):
        rows = [[str(n), f"Nhiệm vụ số {n} về hạ tầng số", "Sở Y tế", "Sở Tài chính", "Quý IV"] for n in range(1, 131)]
        screen = Screen.upload(office, make_docx(NOTICE_HEAD, NOTICE_COLUMNS, rows))
        assert len(screen.batch.draft["tasks"]) == 130
        assert screen.html.count('<form method="post" class="form review-form"') == 1
        assert screen.html.count('class="review-row') == 130
        with django_assert_max_num_queries(20):
            office.get(screen.url)
        assert 'placeholder="dd/mm/yyyy"' in screen.html and "31/12/2026" in screen.html
        screen.set(screen.name("130", "exclude"), "on")
        assert confirmed(screen).tasks.count() == 129

    def test_groups_and_agencies_are_offered_once_for_every_picker(self, office):
        screen = Screen.upload(office, notice_20())
        page = lxml.html.fromstring(screen.html)
        offered = [option.get("value") for option in page.xpath("//datalist[@id='agency-names']/option")]
        assert "Sở Tư pháp" in offered and "Các xã, phường" in offered
        assert (
            len(offered)
            == Agency.objects.filter(is_active=True).count() + AgencyGroup.objects.filter(is_active=True).count()
        )
        assert len(page.xpath("//datalist")) == 1
        pickers = page.xpath("//input[@list='agency-names']")
        assert {p.get("name") for p in pickers} >= {f"row-{i}-lead-add" for i in range(5)}
