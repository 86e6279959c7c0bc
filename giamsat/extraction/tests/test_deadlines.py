import datetime
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from giamsat.extraction.deadlines import parse_deadline
from giamsat.extraction.draft import DeadlineInfo

D = datetime.date
KINDS = {"date", "quarter", "month", "half_year", "year", "range", "recurring", "roadmap", "none"}
RECURRING = {False, "regular", "monthly", "quarterly", "yearly"}

# (text, working_year, date, kind, recurring) -- phrases as printed in real directive documents.
CASES = [
    # working year 2026
    ("Hoàn thành trước ngày 10/4/2026", 2026, D(2026, 4, 10), "date", False),
    ("Hoàn thành trước 30/8/2026", 2026, D(2026, 8, 30), "date", False),
    ("Quý III", 2026, D(2026, 9, 30), "quarter", False),
    ("Quý II", 2026, D(2026, 6, 30), "quarter", False),
    ("15/01/2026", 2026, D(2026, 1, 15), "date", False),
    ("Thường xuyên", 2026, None, "recurring", "regular"),
    ("Văn phòng Tỉnh ủy báo cáo định kỳ hằng tháng kết quả thực hiện", 2026, None, "recurring", "monthly"),
    ("Hoàn thành trước ngày 30/5/2026. Thường xuyên duy trì, nâng cấp.", 2026, D(2026, 5, 30), "date", "regular"),
    (
        "Cụ thể hóa Kế hoạch số 54/KH-UBND ngày 13/02/2026: lộ trình, giải pháp thực hiện đạt mục tiêu phủ sóng 5G "
        "trên dân số đạt 95%. Hoàn thành trước ngày 30/11/2026",
        2026,
        D(2026, 11, 30),
        "date",
        False,
    ),
    ("Yêu cầu các cơ quan đơn vị khẩn trương, rà soát, bổ sung, hoàn thiện", 2026, None, "none", False),
    ("Định kỳ trước ngày 20 hằng tháng", 2026, None, "recurring", "monthly"),
    ("hoàn thành các nội dung trọng tâm ngay trong quý II năm 2026", 2026, D(2026, 6, 30), "quarter", False),
    ("hoàn thành trước ngày 05/4/2026", 2026, D(2026, 4, 5), "date", False),
    ("nhiệm vụ thường xuyên", 2026, None, "recurring", "regular"),
    ("hoàn thành trước Tết Nguyên Đán Bính Ngọ năm 2026", 2026, D(2026, 2, 16), "date", False),
    ("hoàn thành trong quý I năm 2026", 2026, D(2026, 3, 31), "quarter", False),
    ("hoàn thành trong Quý II", 2026, D(2026, 6, 30), "quarter", False),
    (
        "hoàn thành trong Quý III và theo tiến độ chỉ đạo, hướng dẫn của Trung ương",
        2026,
        D(2026, 9, 30),
        "quarter",
        False,
    ),
    ("bắt đầu từ ngày 10/4/2026", 2026, None, "none", False),
    ("ngày 10 tháng 4 năm 2026", 2026, D(2026, 4, 10), "date", False),
    ("giai đoạn 2026-2030", 2026, D(2030, 12, 31), "range", False),
    ("2026 - 2030", 2026, D(2030, 12, 31), "range", False),
    ("Năm 2026", 2026, D(2026, 12, 31), "year", False),
    ("6 tháng đầu năm 2026", 2026, D(2026, 6, 30), "half_year", False),
    ("hằng năm", 2026, None, "recurring", "yearly"),
    ("hằng quý", 2026, None, "recurring", "quarterly"),
    (
        "- Hoàn thiện, đưa vào vận hành thực chất Trung tâm điều hành thông minh của tỉnh. Hoàn thành trước ngày "
        "30/5/2026. - Xây dựng kế hoạch tổ chức thực hiện theo phương châm “rõ nội dung, rõ tiến độ, rõ người, "
        "rõ trách nhiệm”",
        2026,
        D(2026, 5, 30),
        "date",
        False,
    ),
    # working year 2025
    ("Theo lộ trình tại chương trình, kế hoạch", 2025, None, "roadmap", False),
    ("Hoàn thành trong quý IV/2025", 2025, D(2025, 12, 31), "quarter", False),
    ("Hoàn thành trong quý IV/2025.", 2025, D(2025, 12, 31), "quarter", False),
    ("Đến ngày 31/12/2025", 2025, D(2025, 12, 31), "date", False),
    ("Hoàn thành trước ngày 20/12/2025", 2025, D(2025, 12, 20), "date", False),
    ("Nhiệm vụ thường xuyên.", 2025, None, "recurring", "regular"),
    ("Hoàn thành trong tháng 11/2025", 2025, D(2025, 11, 30), "month", False),
    ("Hoàn thành trong tháng 10/2025", 2025, D(2025, 10, 31), "month", False),
    ("trước ngày 28/10/2025", 2025, D(2025, 10, 28), "date", False),
    ("Quý I", None, None, "quarter", False),
    # the rules beyond the printed examples
    ("Hoàn thành trước ngày 10-4-2026", 2026, D(2026, 4, 10), "date", False),
    ("Hoàn thành trước ngày 10.4.2026", 2026, D(2026, 4, 10), "date", False),
    ("chậm nhất ngày 15 tháng 7 năm 2026", 2025, D(2026, 7, 15), "date", False),
    ("Hạn: 01/9/2026", None, D(2026, 9, 1), "date", False),
    ("trước ngày 31/2/2026", 2026, None, "none", False),
    ("ngày 10/13/2026", 2026, None, "none", False),
    ("Thông tư số 36/TT-BKHCN, ngày 26/11/2025", 2025, None, "none", False),
    ("Theo Quyết định số 1234/QĐ-UBND ngày 05/3/2026 của UBND tỉnh", 2026, None, "none", False),
    ("Theo Nghị quyết 57-NQ/TW ngày 22/12/2024, hoàn thành trong năm 2026", 2026, D(2026, 12, 31), "year", False),
    ("từ ngày 01/3/2026 đến ngày 30/4/2026", 2026, D(2026, 4, 30), "date", False),
    ("15/01/2026; 30/6/2026", 2026, D(2026, 6, 30), "date", False),
    ("hoàn thành trước ngày 15/12", 2026, D(2026, 12, 15), "date", False),
    ("trước Tết Nguyên đán 2026", None, D(2026, 2, 16), "date", False),
    ("trước Tết Nguyên đán", 2025, D(2025, 1, 28), "date", False),
    ("Hoàn thành trước Tết Bính Ngọ", 2025, D(2026, 2, 16), "date", False),
    ("trước Tết Ất Tỵ", 2026, D(2025, 1, 28), "date", False),
    ("Quý 4/2025", None, D(2025, 12, 31), "quarter", False),
    ("Quý III năm 2026", 2025, D(2026, 9, 30), "quarter", False),
    ("quý I, II năm 2026", None, D(2026, 6, 30), "quarter", False),
    ("Quý II/2026 và hằng quý", 2026, D(2026, 6, 30), "quarter", "quarterly"),
    ("tháng 10 năm 2025", 2026, D(2025, 10, 31), "month", False),
    ("Trong tháng 2", 2028, D(2028, 2, 29), "month", False),
    ("6 tháng cuối năm 2026", 2026, D(2026, 12, 31), "half_year", False),
    ("6 tháng đầu năm", 2027, D(2027, 6, 30), "half_year", False),
    ("trong năm 2026", 2025, D(2026, 12, 31), "year", False),
    ("năm 2025", 2026, D(2025, 12, 31), "year", False),
    ("giai đoạn 2026 – 2031", 2026, D(2031, 12, 31), "range", False),
    ("từ năm 2026 đến năm 2030", 2026, D(2030, 12, 31), "range", False),
    ("hàng tháng", 2026, None, "recurring", "monthly"),
    ("hàng năm", 2026, None, "recurring", "yearly"),
    ("Thường xuyên; báo cáo định kỳ hằng quý", 2026, None, "recurring", "quarterly"),
    ("Kiểm tra, báo cáo hằng tuần", 2026, None, "recurring", "regular"),
    ("Theo tiến độ của dự án", 2026, None, "roadmap", False),
    ("", 2026, None, "none", False),
    (None, 2026, None, "none", False),
    ("Quý V", 2026, None, "none", False),
    ("ngày 99/99/99999", 2026, None, "none", False),
    ("năm 0", 2026, None, "none", False),
]


@pytest.mark.parametrize(("text", "working_year", "date", "kind", "recurring"), CASES)
def test_parse_deadline(text, working_year, date, kind, recurring):
    info = parse_deadline(text, working_year=working_year)
    assert (info.date, info.kind, info.recurring) == (date, kind, recurring)


def test_text_is_kept_as_printed():
    info = parse_deadline("  Hoàn thành\ntrước ngày   10/4/2026 ", working_year=2026)
    assert info == DeadlineInfo(D(2026, 4, 10), "date", "Hoàn thành trước ngày 10/4/2026", False)


def test_decomposed_input_parses_the_same():
    printed = "Hoàn thành trước Tết Nguyên Đán Bính Ngọ năm 2026"
    info = parse_deadline(unicodedata.normalize("NFD", printed), working_year=2026)
    assert info == parse_deadline(printed, working_year=2026)
    assert info.text == unicodedata.normalize("NFC", printed)


def test_year_without_working_year_stays_unknown():
    assert parse_deadline("hoàn thành trước ngày 15/12").kind == "none"
    assert parse_deadline("6 tháng đầu năm") == DeadlineInfo(None, "half_year", "6 tháng đầu năm")
    assert parse_deadline("trước Tết Bính Ngọ") == DeadlineInfo(None, "date", "trước Tết Bính Ngọ")


FRAGMENTS = st.sampled_from(
    ["Quý", "quý", "ngày", "/", "-", "–", ".", " ", "tháng", "năm", "Tết", "thường xuyên", "hằng", "trước", "đến"]
    + ["I", "II", "IV", "V", "từ", "số", "KH-UBND", "Bính Ngọ", "6 tháng đầu", "giai đoạn"]
)
NUMBERS = st.integers(min_value=0, max_value=10**12).map(str) | st.sampled_from(["0", "00", "0000", "99999", "2026"])
FRAGMENT_TEXTS = st.lists(FRAGMENTS | NUMBERS, max_size=25).map("".join) | st.lists(
    FRAGMENTS | NUMBERS, max_size=25
).map(" ".join)
WORKING_YEARS = st.none() | st.integers(min_value=-(10**6), max_value=10**6) | st.integers(1890, 2110)


def check(info: DeadlineInfo) -> None:
    assert isinstance(info, DeadlineInfo)
    assert info.kind in KINDS
    assert info.recurring in RECURRING
    assert info.date is None or isinstance(info.date, datetime.date)
    assert isinstance(info.text, str)


@settings(max_examples=2000, deadline=None)
@given(text=st.text() | st.none(), working_year=WORKING_YEARS)
def test_never_raises_on_arbitrary_text(text, working_year):
    check(parse_deadline(text, working_year=working_year))


@settings(max_examples=2000, deadline=None)
@given(text=FRAGMENT_TEXTS, working_year=WORKING_YEARS)
def test_never_raises_on_deadline_like_text(text, working_year):
    check(parse_deadline(text, working_year=working_year))
