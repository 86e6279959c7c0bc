"""Documents shaped like other provinces' plans: government-style numbers, other column names, sub-items."""

import datetime

import pytest

from giamsat.extraction import extract
from giamsat.extraction.metadata import extract_metadata
from giamsat.extraction.tests.documents import make_docx, make_xlsx


@pytest.mark.parametrize(
    ("text", "number", "kind", "issued"),
    [
        (
            "Số: 15/KH-UBND\nBắc Kạn, ngày 05 tháng 3 năm 2025\nKẾ HOẠCH",
            "15/KH-UBND",
            "Kế hoạch",
            datetime.date(2025, 3, 5),
        ),
        (
            "Số: 123/2025/QĐ-UBND\nHà Nội, ngày 1 tháng 2 năm 2025",
            "123/2025/QĐ-UBND",
            "Quyết định",
            datetime.date(2025, 2, 1),
        ),
        (
            "(Kèm theo Kế hoạch số 54/KH-UBND ngày 13/02/2026 của UBND tỉnh)",
            "54/KH-UBND",
            "Kế hoạch",
            datetime.date(2026, 2, 13),
        ),
    ],
)
def test_government_style_numbers(text, number, kind, issued):
    document = extract_metadata(text)
    assert (document.number, document.kind, document.issued_on) == (number, kind, issued)


HEADER = ["TT", "Nhiệm vụ, giải pháp", "Đơn vị chủ trì", "Đơn vị phối hợp", "Sản phẩm", "Thời gian hoàn thành"]
ROWS = [
    ["I", "Nhóm nhiệm vụ về thể chế", "", "", "", ""],
    [
        "1",
        "Ban hành quy chế quản lý dữ liệu số",
        "Sở Khoa học và Công nghệ",
        "Các sở, ban, ngành; UBND các huyện, thành phố",
        "Quyết định của UBND tỉnh",
        "Tháng 12/2025",
    ],
    ["1.1", "Xây dựng dự thảo quy chế", "Sở KH&CN", "Sở Tư pháp", "Dự thảo", "Quý III/2025"],
    [
        "2",
        "Triển khai nền tảng số dùng chung",
        "Sở Thông tin và Truyền thông",
        "Các cơ quan, đơn vị",
        "Nền tảng vận hành",
        "2025-2030",
    ],
    ["II", "Nhóm nhiệm vụ về nhân lực", "", "", "", ""],
    ["3", "Đào tạo kỹ năng số cho cán bộ", "Sở Nội vụ", "", "100% cán bộ được đào tạo", "Hằng năm"],
    ["4", "Báo cáo kết quả thực hiện", "Văn phòng UBND tỉnh", "", "Báo cáo", "Năm 2025"],
]
EXPECTED = [
    ("1", "I", None, ["Sở Khoa học và Công nghệ"], datetime.date(2025, 12, 31), "month"),
    ("1.1", "I", "1", ["Sở KH&CN"], datetime.date(2025, 9, 30), "quarter"),
    ("2", "I", None, ["Sở Thông tin và Truyền thông"], datetime.date(2030, 12, 31), "range"),
    ("3", "II", None, ["Sở Nội vụ"], None, "recurring"),
    ("4", "II", None, ["Văn phòng UBND tỉnh"], datetime.date(2025, 12, 31), "year"),
]
PARAGRAPHS = [
    "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN",
    "Số: 15/KH-UBND",
    "Bắc Kạn, ngày 05 tháng 3 năm 2025",
    "KẾ HOẠCH",
    "Chuyển đổi số năm 2025",
]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_plan_with_other_column_names(fmt):
    data = make_docx(PARAGRAPHS, HEADER, ROWS) if fmt == "docx" else make_xlsx(HEADER, ROWS, title_rows=PARAGRAPHS)
    draft = extract(data, f"ke-hoach.{fmt}")
    got = [(t.ref, t.section, t.parent_ref, [m.text for m in t.lead], t.deadline, t.deadline_kind) for t in draft.tasks]
    assert got == EXPECTED
    assert [m.text for m in draft.tasks[0].coordinating] == ["Các sở, ban, ngành", "UBND các huyện, thành phố"]
    assert draft.tasks[3].recurring == "yearly"
    assert draft.tasks[0].expected_result == "Quyết định của UBND tỉnh"


def test_a_markdown_pipe_table():
    lines = [
        "Số: 15/KH-UBND",
        "Bắc Kạn, ngày 05 tháng 3 năm 2025",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    lines += ["| " + " | ".join(row) + " |" for row in ROWS]
    draft = extract("\n".join(lines).encode(), "ke-hoach.md")
    got = [(t.ref, t.section, t.parent_ref, [m.text for m in t.lead], t.deadline, t.deadline_kind) for t in draft.tasks]
    assert got == EXPECTED
