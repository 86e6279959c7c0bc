"""The monthly report's indicators section: its counts equal indicators.selectors' and the overview's for the same
"as of" day, and its table lists every indicator, red and orange first, with the latest accepted value only."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from giamsat.documents.monthly import number
from giamsat.indicators.choices import Colour
from giamsat.indicators.models import Indicator
from giamsat.indicators.selectors import colour_counts
from giamsat.monitoring.tests.test_dashboard_indicators import card, indicator_with, some_of_each

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 7, 1)
HEADING = "IV. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"


def generate(tmp_path, as_of: str = "01/07/2026") -> Document:
    out = tmp_path / "bao-cao.docx"
    call_command("report", "monthly", "--month", "2026-06", "--as-of", as_of, "--out", str(out), stdout=io.StringIO())
    return Document(str(out))


def section_counts(document) -> dict[str, int]:
    """{colour: count} as the section's lines print them ("- <label>: <n> chỉ tiêu")."""
    texts = [p.text for p in document.paragraphs]
    start = texts.index(HEADING)
    labels = {str(colour.label): colour.value for colour in Colour}
    found = {}
    for text in texts[start + 1 :]:
        if text.startswith(("V. ", "VI. ")):
            break
        match = re.match(r"^- (.+): (\d+) chỉ tiêu[.;]$", text)
        if match and match[1] in labels:
            found[labels[match[1]]] = int(match[2])
    return found


def indicator_table(document):
    return next(t for t in document.tables if [c.text.strip() for c in t.rows[0].cells][:3] == ["TT", "Mã", "Chỉ tiêu"])


def test_the_counts_equal_the_selectors_and_the_overview(tmp_path, client, users, agency_skhcn):
    made = some_of_each(agency_skhcn)
    document = generate(tmp_path)
    in_report = section_counts(document)
    client.force_login(users["leader"])
    overview = card(client.get(reverse("monitoring:dashboard"), {"as_of": "01/07/2026"}))
    assert in_report == colour_counts(Indicator.objects.all(), AS_OF) == overview
    assert in_report == {colour.value: len(made[colour]) for colour in Colour}


def test_the_table_lists_red_and_orange_first_with_accepted_values_only(tmp_path, agency_skhcn):
    made = some_of_each(agency_skhcn)
    rows = [[cell.text.strip() for cell in row.cells] for row in indicator_table(generate(tmp_path)).rows[1:]]
    codes = [row[1] for row in rows]
    assert len(codes) == 6
    red_and_orange = {i.code for i in made[Colour.RED] + made[Colour.ORANGE]}
    assert set(codes[:3]) == red_and_orange
    by_code = {row[1]: row for row in rows}
    assert by_code["CT-01"][3] == "%"
    assert by_code["CT-01"][4] == "10 (15/06/2026)"
    assert by_code["CT-01"][5] == "100 (31/12/2026)"
    assert by_code["CT-01"][6] == str(Colour.RED.label)
    # CT-06's value (90) was sent, not accepted: it neither shows nor counts.
    assert by_code["CT-06"][4] == "—" and by_code["CT-06"][6] == str(Colour.GREY.label)


def test_without_indicators_the_section_says_so(tmp_path, agency_skhcn):
    texts = [p.text for p in generate(tmp_path).paragraphs]
    assert texts[texts.index(HEADING) + 1] == "Chưa có chỉ tiêu nào được theo dõi trên Hệ thống."


def test_an_earlier_day_counts_the_values_known_then(tmp_path, agency_skhcn):
    indicator_with("CT-20", "60", agency=agency_skhcn)
    counts = section_counts(generate(tmp_path, "10/06/2026"))
    assert counts == colour_counts(Indicator.objects.all(), datetime.date(2026, 6, 10))
    assert counts[Colour.GREY] == 1


@pytest.mark.parametrize(
    ("value", "printed"),
    [("95.5000", "95,5"), ("1234567", "1.234.567"), ("0.0500", "0,05"), ("1E+3", "1.000"), (None, "—")],
)
def test_numbers_are_written_the_vietnamese_way(value, printed):
    from decimal import Decimal

    assert number(Decimal(value) if value is not None else None) == printed
