"""Targets found in the seed directives: a hand-checked table of which seed tasks carry which quantified expected
results (read against the texts in directives/sample_data), checked against every gold task of the three seeds,
and the numbers that are not targets (dates, document numbers, durations, ranges, money)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from giamsat.extraction.targets import HIGHER, LOWER, find_targets

SAMPLES = Path(__file__).resolve().parents[2] / "directives" / "sample_data"
SEEDS = ("000_574d689b82046503", "002_025e011caf0adbee", "003_02333590f65b17dc")

# (seed, task ref) -> the targets of the task's expected result ("Yêu cầu kết quả, sản phẩm"): (phrase, value, unit).
EXPECTED_RESULT_TARGETS = {
    ("000", "10"): [
        ("Tỷ lệ phủ sóng 5G đạt 95%", "95", "%"),
        (
            "tỷ lệ người sử dụng có khả năng truy cập băng rộng cố định với tốc độ trên 01 Gbps đạt 100%",
            "100",
            "%",
        ),
    ],
    ("000", "12"): [
        ("100% CBCCVC trong các cơ quan nhà nước được bồi dưỡng nâng cao kỹ năng số hằng năm", "100", "%"),
    ],
    ("000", "13"): [("100% CBCCVC trong các cơ quan đảng được bồi dưỡng nâng cao kỹ năng số hằng năm", "100", "%")],
    ("000", "27"): [
        (
            "100% cán bộ công chức liên quan đến thẩm định dự án, quy hoạch xây dựng... ứng dụng GIS và Bim thành "
            "thạo trong công tác thẩm định",
            "100",
            "%",
        )
    ],
    ("000", "28"): [
        (
            "Hoàn thành 01 tác phẩm nghệ thuật/điện ảnh kỹ thuật số gắn với di sản văn hóa, lịch sử và thiên "
            "nhiên của tỉnh",
            "1",
            "tác phẩm",
        )
    ],  # "Xây dựng 02 - 05 clip" is a range: no single target
    ("000", "31"): [("Hoàn thành trang bị cơ sở vật chất và thiết bị phục vụ giáo dục STEM 06 trường", "6", "trường")],
    ("000", "32"): [("100% các trường phổ thông trang bị nền tảng dạy học trực tuyến", "100", "%")],
    ("000", "35"): [("tổ chức lập chỉ mục, lập siêu dữ liệu dự kiến 200 sản phẩm", "200", "sản phẩm")],
    ("000", "40"): [("Hoàn thiện phim trường số và có ít nhất 01 sản phẩm cụ thể", "1", "sản phẩm")],
    ("000", "42"): [
        ("Có 45 công trình khoa học và công nghệ cấp tỉnh được nghiệm thu", "45", "công trình"),
        (
            "Kết quả khoa học và công nghệ được ứng dụng thực tiễn sau 12 tháng nghiệm thu đạt trên 70%",
            "70",
            "%",
        ),
    ],
    # 47: the percentages are in parentheses or ranges ("(10-15% phân đạm)", "(30%)", "từ 8-10%"); the area is not.
    ("000", "47"): [("Diện tích áp dụng 30 ha", "30", "ha")],
    ("000", "48"): [
        ("Dự kiến 30 ha chè được cấp chứng nhận hữu cơ", "30", "ha"),
        ("gắn tem truy xuất nguồn gốc sản phẩm trên môi trường số 90 tấn sản phẩm trà", "90", "tấn"),
    ],
    ("000", "52"): [("100% máy tính của cán bộ, công chức đáp ứng yêu cầu theo quy định", "100", "%")],
    ("000", "54"): [
        (
            "100% các cơ quan, đơn vị, địa phương gửi nhận văn bản và xử lý hồ sơ cấp độ Mật, Tối Mật qua Mạng "
            "thông tin diện rộng của cơ quan Đảng",
            "100",
            "%",
        )
    ],
}

# Tasks whose content (title) carries targets; the body tasks of the seeds have no result column.
TITLE_TARGETS = {
    ("000", "11"): [
        (
            "Phối hợp nghiên cứu, đầu tư Trung tâm Logistics đồng bộ, hiện tại với diện tích tối thiểu 10ha",
            "10",
            "ha",
        )
    ],
    ("000", "body:III.3.a"): [
        ("Phủ sóng 5G trên 95% dân số", "95", "%"),
        ("bảo đảm hạ tầng internet cáp quang đến 100% thôn, xóm, tổ dân phố", "100", "%"),
        (
            "tỷ lệ người sử dụng có khả năng truy cập băng rộng cố định với tốc độ trên 01 Gbps đạt 100%",
            "100",
            "%",
        ),
    ],
    ("000", "body:III.5.a.1"): [
        (
            "thành lập Khu Công nghệ thông tin tập trung Yên Bình, trong đó phân đầu khởi công 01 dự án công nghệ "
            "thông tin trọng điểm đảm bảo tuân thủ quy định của pháp luật",
            "1",
            "dự án",
        )
    ],
    ("002", "body:II.2.1.a"): [("Đẩy mạnh triển khai, hoàn thành xóa 20 vùng lõm sóng", "20", "vùng lõm sóng")],
    ("003", "10"): [
        (
            "Duy trì và cung cấp thực chất, hiệu quả 25 dịch vụ công trực tuyến toàn trình đã tích hợp trên Cổng "
            "Dịch vụ công quốc gia phục vụ người dân, doanh nghiệp",
            "25",
            "dịch vụ công",
        ),
        (
            "Cung cấp 982 dịch vụ công trực tuyến với số lượng hồ sơ trung bình phát sinh 1.000 hồ sơ/năm/tỉnh",
            "982",
            "dịch vụ công",
        ),
        ("đáp ứng yêu cầu cung cấp 100% kết quả điện tử và tái sử dụng thông tin, dữ liệu", "100", "%"),
        (
            "Cung cấp dịch vụ công trực tuyến đối với 1.139 thủ tục hành chính có thành phần hồ sơ được thay thế "
            "bằng dữ liệu, cắt giảm giấy tờ và chi phí",
            "1139",
            "thủ tục hành chính",
        ),
    ],
    ("003", "20"): [
        ("số hoá 100% hồ sơ, tài liệu công việc phát sinh mới", "100", "%"),
        (
            "đến hết tháng 12/2025, hoàn thành số hoá ít nhất 30% tài liệu lưu trữ lịch sử có giá trị cao theo yêu "
            "cầu tại Kế hoạch số 02-KH/BCĐTW",
            "30",
            "%",
        ),
    ],
    ("003", "21"): [
        (
            "Hoàn thành việc cắt giảm, đơn giản hoá thành phần hồ sơ của 1.139 thủ tục hành chính theo Kế hoạch "
            "02/KH-BCĐTW",
            "1139",
            "thủ tục hành chính",
        )
    ],
}

# Expected results with numbers but no target, hand-checked: documents, dates, quantities in parentheses, ranges.
NO_TARGET_TASKS = [("000", "1"), ("000", "9"), ("000", "20"), ("000", "21"), ("000", "38"), ("000", "45")]


def _gold_tasks():
    for seed in SEEDS:
        gold = json.loads((SAMPLES / f"{seed}.json").read_text(encoding="utf-8"))
        for task in gold["tasks"]:
            yield seed[:3], task


def _found(field: str) -> dict:
    out = {}
    for seed, task in _gold_tasks():
        targets = find_targets(task.get(field) or "")
        if targets:
            out[(seed, task["ref"])] = [(t.phrase, str(t.value), t.unit) for t in targets]
    return out


class SeedTargetsTests:
    def test_expected_results_carry_exactly_the_hand_checked_targets(self):
        assert _found("expected_result") == EXPECTED_RESULT_TARGETS

    def test_task_titles_carry_exactly_the_hand_checked_targets(self):
        assert _found("title") == TITLE_TARGETS

    def test_the_tasks_issue_18_names_are_found(self):
        for ref in ("10", "12", "13", "32", "42"):
            assert ("000", ref) in EXPECTED_RESULT_TARGETS

    @pytest.mark.parametrize(("seed", "ref"), NO_TARGET_TASKS)
    def test_tasks_without_targets_yield_nothing(self, seed, ref):
        task = next(t for s, t in _gold_tasks() if s == seed and t["ref"] == ref)
        assert task["expected_result"]
        assert find_targets(task["expected_result"]) == []

    def test_every_phrase_is_a_substring_at_its_offsets(self):
        for _, task in _gold_tasks():
            for field in ("expected_result", "title"):
                text = task.get(field) or ""
                for target in find_targets(text):
                    assert text[target.start : target.end] == target.phrase


class TargetRulesTests:
    @pytest.mark.parametrize(
        ("text", "phrase", "value", "unit", "direction"),
        [
            ("Tỷ lệ phủ sóng 5G đạt 95%", "Tỷ lệ phủ sóng 5G đạt 95%", "95", "%", HIGHER),
            (
                "chi cho KHCN tối thiểu 3% tổng chi ngân sách",
                "chi cho KHCN tối thiểu 3% tổng chi ngân sách",
                "3",
                "%",
                HIGHER,
            ),
            ("kinh tế số đạt ≥ 30% GDP", "kinh tế số đạt ≥ 30% GDP", "30", "% GDP", HIGHER),
            ("tỷ lệ hộ nghèo dưới 2,5%", "tỷ lệ hộ nghèo dưới 2,5%", "2.5", "%", LOWER),
            ("Có 45 công trình được nghiệm thu.", "Có 45 công trình được nghiệm thu", "45", "công trình", HIGHER),
            (
                "Cung cấp 1.139 thủ tục hành chính",
                "Cung cấp 1.139 thủ tục hành chính",
                "1139",
                "thủ tục hành chính",
                HIGHER,
            ),
        ],
    )
    def test_a_target(self, text, phrase, value, unit, direction):
        (target,) = find_targets(text)
        assert (target.phrase, target.value, target.unit, target.direction) == (
            phrase,
            Decimal(value),
            unit,
            direction,
        )

    @pytest.mark.parametrize(
        "text",
        [
            "Hoàn thành trước ngày 20/5/2026",
            "Thực hiện Nghị quyết 57-NQ/TW năm 2025",
            "Theo Thông báo số 13 ngày 20 tháng 3",
            "Quý IV năm 2026",
            "giai đoạn 2026 - 2030",
            "ứng dụng thực tiễn sau 12 tháng",
            "Hội đồng nhân dân 02 cấp",
            "bố trí kinh phí 500 tỷ đồng",
            "giảm 10-15% phân đạm",
            "Xây dựng 02 - 05 clip",
            "giảm thuốc bảo vệ thực vật (30%)",
            "",
        ],
    )
    def test_not_a_target(self, text):
        assert find_targets(text) == []

    def test_names_are_proposed_from_the_clause(self):
        names = [t.name for t in find_targets("Phủ sóng 5G trên 95% dân số; 100% các trường phổ thông có nền tảng")]
        assert names == ["Phủ sóng 5G (% dân số)", "Tỷ lệ các trường phổ thông có nền tảng"]
        (count,) = find_targets("Có 45 công trình khoa học được nghiệm thu")
        assert count.name == "Số công trình khoa học được nghiệm thu"
