"""A document's number is read whole: '13-TB/CQTT' is never cut or broken ('13-/TB/CQTT' was the page wrapping
it after its hyphen: a display defect, fixed by the `docnum` filter; the data were right)."""

import pytest

from giamsat.extraction.metadata import extract_metadata


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Số 13-TB/CQTT", "13-TB/CQTT"),
        ("Số: 13 - TB/CQTT", "13-TB/CQTT"),
        ("Số 02-KH/BCĐ", "02-KH/BCĐ"),
        ("Số: 15/KH-UBND.", "15/KH-UBND"),
        ("Số: 123/2025/QĐ-UBND", "123/2025/QĐ-UBND"),
        ("Số: 11554/VPCP-V.I", "11554/VPCP-V.I"),  # was cut to '11554/VPCP-V'
        ("Số: 4085/UBND-ĐT", "4085/UBND-ĐT"),
    ],
)
def test_the_number_under_the_heading(line, number):
    assert extract_metadata(f"ỦY BAN NHÂN DÂN\n{line}\nHà Nội, ngày 25 tháng 11 năm 2025\n").number == number
