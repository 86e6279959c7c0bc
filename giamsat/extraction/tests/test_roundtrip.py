"""Round trip: the gold table tasks of seeds 000 and 003 written into Word, Excel, PDF and HTML, then extracted.

Each file holds a title (document number and place-date line, so the working year is known) and one table
with the seed's own column headers and section rows ('I', 'II', ...). Extracting it must give back every
gold table task: same refs, titles, agencies, sections, sources, deadline dates and kinds (100% in every
format).

The PDF is A4 landscape in 8 pt type with a deliberately narrow STT column and narrow date columns, as
printed appendices are: the generator breaks 'STT' into 'S|T|T', refs into '1|0' or '15|.1' and a date into
'15/01/20|26', and wraps agency names over lines ('Văn phòng Tỉnh' | 'ủy'). The parsers are robust to all
of these (header words glued back, refs and broken years glued, a line break inside an agency cell kept
only between bodies), so the columns are not widened for the test. What the test does avoid is a row
taller than a page: reportlab can only split such a row with `splitInRow`, which draws the repeated header
over the continued cell (no rule between them) — an artefact of the generator, not of real documents.
"""

import json
from pathlib import Path

import pytest

from giamsat.extraction import extract
from giamsat.extraction.tests.documents import make_docx, make_html, make_pdf, make_xlsx

SAMPLES = Path(__file__).resolve().parents[2] / "directives" / "sample_data"

HEADER_000 = [
    "STT",
    "Tên nhiệm vụ",
    "Cơ quan chỉ đạo",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Yêu cầu kết quả",
    "Thời gian giao theo kế hoạch",
    "Văn bản giao nhiệm vụ",
    "Nội dung Ban Chỉ đạo giao",
]
HEADER_003 = [
    "STT",
    "Nội dung nhiệm vụ",
    "Cơ quan thực hiện",
    "Cơ quan tham mưu/phối hợp",
    "Thời gian hoàn thành",
    "Ghi chú",
]


def _agencies(names: list[str] | None) -> str:
    return "; ".join(names or [])


def _row_000(task: dict) -> list[str]:
    return [
        task["ref"],
        task["title"],
        _agencies(task["directing"]),
        _agencies(task["lead"]),
        _agencies(task["coordinating"]),
        task["expected_result"] or "",
        task["planned_time"] or "",
        ", ".join(task["source_documents"]),
        task["deadline_text"] or "",
    ]


def _row_003(task: dict) -> list[str]:
    return [
        task["ref"],
        task["title"],
        _agencies(task["lead"]),
        _agencies(task["coordinating"]),
        task["deadline_text"] or task["planned_time"] or "",
        ", ".join(task["source_documents"]),
    ]


SEEDS = {
    "000": {
        "stem": "000_574d689b82046503",
        "header": HEADER_000,
        "row": _row_000,
        "title": ["Số 13-TB/CQTT", "Thái Nguyên, ngày 01 tháng 4 năm 2026", "PHỤ LỤC DANH MỤC CÁC NHIỆM VỤ"],
        # relative column widths in the PDF: narrow STT and date columns, as printed appendices have them
        "pdf_weights": [2.5, 18, 7, 10, 10, 13, 7, 9, 20],
    },
    "003": {
        "stem": "003_02333590f65b17dc",
        "header": HEADER_003,
        "row": _row_003,
        "title": [
            "Số 02-KH/BCĐ",
            "Thái Nguyên, ngày 18 tháng 10 năm 2025",
            "PHỤ LỤC NHIỆM VỤ CỤ THỂ ĐẾN CUỐI NĂM 2025",
        ],
        "pdf_weights": [2.5, 30, 12, 12, 10, 10],
    },
}


def gold_table_tasks(seed: str) -> list[dict]:
    gold = json.loads((SAMPLES / f"{SEEDS[seed]['stem']}.json").read_text(encoding="utf-8"))
    return [task for task in gold["tasks"] if task["origin"] == "table"]


def table_rows(seed: str) -> list[list[str]]:
    """The seed's table as printed: a section row ('I', title) wherever the section changes, then task rows."""
    spec = SEEDS[seed]
    width = len(spec["header"])
    rows: list[list[str]] = []
    section = None
    for task in gold_table_tasks(seed):
        if (task["section"], task["section_title"]) != section:
            section = (task["section"], task["section_title"])
            rows.append([task["section"], task["section_title"], *[""] * (width - 2)])
        rows.append(spec["row"](task))
    return rows


def build(seed: str, fmt: str) -> bytes:
    spec = SEEDS[seed]
    header, rows, title = spec["header"], table_rows(seed), spec["title"]
    if fmt == "docx":
        return make_docx(title, header, rows, after=["Nơi nhận:", "- Như trên,"])
    if fmt == "xlsx":  # the header on row 4, below the title rows, and not in column A
        return make_xlsx(header, rows, title_rows=title, start_col=2)
    if fmt == "pdf":  # spans many pages, the header repeated on each
        return make_pdf(title, header, rows, column_weights=spec["pdf_weights"], font_size=8)
    if fmt == "html":
        return make_html(title, header, rows, after=["Nơi nhận:"])
    raise AssertionError(fmt)


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def _texts(mentions) -> list[str]:
    return [mention.text for mention in mentions]


FORMATS = ["docx", "xlsx", "pdf", "html"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_gold_table_survives_the_round_trip(seed, fmt):
    expected = gold_table_tasks(seed)
    draft = extract(build(seed, fmt), f"phu-luc-{seed}.{fmt}")

    year = 2026 if seed == "000" else 2025
    assert draft.document.working_year == year
    assert draft.document.number == SEEDS[seed]["title"][0].removeprefix("Số ")

    by_ref = {task.ref: task for task in draft.tasks}
    table_refs = [task.ref for task in draft.tasks if task.origin == "table"]
    assert table_refs == [task["ref"] for task in expected]  # same refs, same order, nothing extra

    mismatches = []
    for gold in expected:
        task = by_ref[gold["ref"]]
        got = {
            "title": _words(task.title),
            "lead": _texts(task.lead),
            "coordinating": _texts(task.coordinating),
            "directing": _texts(task.directing),
            "deadline": task.deadline.isoformat() if task.deadline else None,
            "deadline_kind": task.deadline_kind,
            "section": (task.section, _words(task.section_title)),
            "parent_ref": task.parent_ref,
            "source_documents": task.source_documents,
        }
        want = {
            "title": _words(gold["title"]),
            "lead": gold["lead"],
            "coordinating": gold["coordinating"],
            "directing": gold["directing"],
            "deadline": gold["deadline"],
            "deadline_kind": gold["deadline_kind"],
            "section": (gold["section"], _words(gold["section_title"])),
            "parent_ref": gold["parent_ref"],
            "source_documents": gold["source_documents"],
        }
        mismatches += [f"{gold['ref']} {key}: {got[key]!r} != {want[key]!r}" for key in want if got[key] != want[key]]
    assert not mismatches, "\n".join(mismatches)


# --- what narrow columns do to a PDF table, one artefact at a time ------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        # a name wrapped in a narrow column is joined back
        ("Sở Nông nghiệp\nvà Môi trường", ["Sở Nông nghiệp và Môi trường"]),
        ("Văn phòng Tỉnh\nủy", ["Văn phòng Tỉnh ủy"]),
        ("UBND\ncác xã, phường", ["UBND các xã, phường"]),
        ("Sở Tài chính, UBND\ncác xã", ["Sở Tài chính", "UBND các xã"]),
        ("Ban Tuyên giáo và Dân vận\nTỉnh ủy", ["Ban Tuyên giáo và Dân vận Tỉnh ủy"]),
        ("Các đảng ủy\ntrực thuộc, sở,\nban, ngành", ["Các đảng ủy trực thuộc, sở, ban, ngành"]),
        (
            "Tập đoàn Công\nnghiệp - Viễn\nthông quân đội\n(Viettel)",
            ["Tập đoàn Công nghiệp - Viễn thông quân đội (Viettel)"],
        ),
        (
            "Sở Khoa học và Công nghệ\n(đối với khối chính quyền);\nVăn phòng tỉnh ủy (đối với\nkhối đảng)",
            ["Sở Khoa học và Công nghệ (đối với khối chính quyền)", "Văn phòng tỉnh ủy (đối với khối đảng)"],
        ),
        # a line that starts a new body is still a separator (one agency per paragraph in Word)
        ("Sở Y tế\nSở Giáo dục và Đào tạo", ["Sở Y tế", "Sở Giáo dục và Đào tạo"]),
        ("Văn phòng Tỉnh ủy\nSở Nội vụ", ["Văn phòng Tỉnh ủy", "Sở Nội vụ"]),
        ("Sở Y tế\nCác đơn vị liên quan", ["Sở Y tế", "Các đơn vị liên quan"]),
        ("- Các Sở, ban, ngành;\n- UBND các xã, phường", ["Các Sở, ban, ngành", "UBND các xã, phường"]),
    ],
)
def test_line_breaks_in_an_agency_cell_separate_bodies_only(cell, names):
    from giamsat.extraction.agency_cells import split_agencies

    assert split_agencies(cell) == names


@pytest.mark.parametrize(
    ("cell", "role"),
    [("S\nT\nT", "ref"), ("ST\nT", "ref"), ("Cơ quan chủ\ntrì", "lead"), ("Thời gian\nhoàn thành", "deadline")],
)
def test_header_words_broken_over_lines_are_recognised(cell, role):
    from giamsat.extraction.columns import header_role

    assert header_role(cell) == role


def _tasks(*tables: list[list[str]]):
    from giamsat.extraction import extract_from_source
    from giamsat.extraction.source import SourceDocument, SourceTable

    text = "Số 02-KH/BCĐ\nThái Nguyên, ngày 18 tháng 10 năm 2025"
    document = SourceDocument(name="t.pdf", text=text, tables=[SourceTable(rows=rows) for rows in tables])
    return extract_from_source(document).tasks


def test_refs_and_dates_broken_in_narrow_columns_are_glued_back():
    header = ["ST\nT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"]
    tasks = _tasks(
        [
            header,
            ["II\nI", "Mục ba", "Mục ba", "Mục ba"],
            ["1\n0", "Nhiệm vụ mười", "Sở Tư pháp", "15/01/20\n26"],
            ["15\n.1", "Nhiệm vụ con", "Sở Nội vụ", "Hoàn thành trước ngày\n30/6/2026"],
            ["15\n.2", "Hai thời hạn", "Sở Y tế", "30/6/2026\n31/12/2026"],
        ]
    )
    by_ref = {task.ref: task for task in tasks}
    assert list(by_ref) == ["10", "15.1", "15.2"]
    assert by_ref["10"].section == "III"
    assert by_ref["10"].deadline.isoformat() == "2026-01-15"
    assert by_ref["15.1"].deadline.isoformat() == "2026-06-30"
    assert by_ref["15.2"].deadline.isoformat() in ("2026-06-30", "2026-12-31")  # two dates stay two dates


def test_a_second_table_numbered_from_one_again_keeps_refs_unique():
    header = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"]
    first = [header, ["1", "Nhiệm vụ A", "Sở Tư pháp", "Quý IV"], ["2", "Nhiệm vụ B", "Sở Y tế", "Quý IV"]]
    second = [header, ["1", "Nhiệm vụ C", "Sở Nội vụ", "Quý IV"], ["1.1", "Nhiệm vụ C1", "Sở Nội vụ", "Quý IV"]]
    tasks = _tasks(first, second)
    assert [task.ref for task in tasks] == ["1", "2", "B2.1", "B2.1.1"]
    assert tasks[3].parent_ref == "B2.1"
    assert all("đánh số lại" in " ".join(task.warnings) for task in tasks[2:])
