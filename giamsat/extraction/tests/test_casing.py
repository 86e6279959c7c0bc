"""A heading printed in capitals keeps the Vietnamese capitalisation of names, titles and places."""

from pathlib import Path

from giamsat.extraction.casing import Casing
from giamsat.extraction.metadata import _sentence_case, extract_metadata

SAMPLES = Path(__file__).resolve().parents[2] / "directives" / "sample_data"


def test_the_notice_13_tb_cqtt_keeps_its_names_titles_and_place():
    document = extract_metadata((SAMPLES / "000_574d689b82046503.txt").read_text(encoding="utf-8"))
    assert document.title == (
        "Thông báo kết luận của đồng chí Ủy viên BCH Trung ương Đảng, Bí thư Tỉnh ủy, Trưởng Ban Chỉ đạo về phát "
        "triển khoa học, công nghệ, đổi mới sáng tạo và chuyên đổi số tỉnh Thái Nguyên tại Phiên họp thứ nhất "
        "Ban Chỉ đạo năm 2026"
    )
    assert document.issuer == (
        "Cơ quan Thường trực Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyên đổi số "
        "tỉnh Thái Nguyên"
    )
    assert document.signer_title.endswith("Ủy viên Thường trực Ban Chỉ đạo")


def test_a_heading_without_its_first_line_too():
    document = extract_metadata((SAMPLES / "002_025e011caf0adbee.txt").read_text(encoding="utf-8"))
    assert document.title.startswith("Của đồng chí Phó Bí thư Tỉnh ủy, tại Hội nghị triển khai")


TEXT = """Hội nghị do đồng chí Trịnh Xuân Trường, Ủy viên BCH Trung ương Đảng, Bí thư Tỉnh ủy, Trưởng Ban Chỉ đạo
chủ trì; các sở, ban, ngành và Ủy ban nhân dân tỉnh Thái Nguyên tham dự cùng Nhân dân.
Ban Chỉ đạo yêu cầu các sở, ban, ngành báo cáo."""


def test_words_take_the_case_the_text_gives_them():
    casing = Casing(TEXT)
    assert _sentence_case("CỦA ĐỒNG CHÍ ỦY VIÊN BCH TRUNG ƯƠNG ĐẢNG, BÍ THƯ TỈNH ỦY", casing) == (
        "Của đồng chí Ủy viên BCH Trung ương Đảng, Bí thư Tỉnh ủy"
    )
    # 'ban' is 'Ban' in 'Ban Chỉ đạo' and 'ban' in 'sở, ban, ngành': the words around it decide
    assert _sentence_case("TRƯỞNG BAN CHỈ ĐẠO VÀ CÁC SỞ, BAN, NGÀNH", casing) == (
        "Trưởng Ban Chỉ đạo và các sở, ban, ngành"
    )
    # 'Nhân dân' (the people) does not make 'Ủy ban Nhân dân'
    assert _sentence_case("ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN", casing) == "Ủy ban nhân dân tỉnh Thái Nguyên"


def test_words_the_text_does_not_settle_stay_in_lower_case_and_abbreviations_as_printed():
    casing = Casing(TEXT)
    assert _sentence_case("KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW CỦA UBND", casing) == (
        "Kế hoạch thực hiện nghị quyết số 57-NQ/TW của UBND"
    )
    # the first word of a line or a sentence teaches nothing: 'Hội nghị' and 'Ban' start theirs
    assert casing.form(("hội",)) is None


def test_words_printed_in_lower_case_are_kept_as_printed():
    casing = Casing("Trưởng Ban Chỉ đạo họp.")
    assert _sentence_case("KẾ HOẠCH triển khai của ban chỉ đạo", casing) == "Kế hoạch triển khai của ban chỉ đạo"
