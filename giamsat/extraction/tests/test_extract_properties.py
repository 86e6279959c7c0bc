"""Properties of `extract(bytes, name)` on anything an upload can hold.

Whatever the bytes, extraction raises ExtractionError or returns a draft that the preview and the importer
can use: JSON-serialisable through `to_dict()`, every task with a non-empty ref, refs unique, each deadline
None or a date.
"""

import datetime
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giamsat.extraction import DirectiveDraft, ExtractionError, extract
from giamsat.extraction.tests.documents import make_docx, make_html, make_xlsx

SAMPLES = Path(__file__).resolve().parents[2] / "directives" / "sample_data"
SEED_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]

PROPERTIES = settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

NAMES = st.sampled_from(["van-ban.txt", "phu-luc.docx", "phu-luc.xlsx", "ke-hoach.pdf", "trang.html", "", "tệp"])

WORDS = [
    *("Sở", "Khoa", "học", "và", "Công", "nghệ", "UBND", "tỉnh", "Thái", "Nguyên", "Tài", "chính", "Công an"),
    *("Văn phòng Tỉnh ủy", "các", "cơ", "quan,", "đơn vị,", "địa phương", "Giao", "chủ trì,", "phối hợp", "với"),
    *("Hoàn thành", "trước", "ngày", "Thường xuyên", "Theo lộ trình", "Nhiệm vụ", "triển khai", "chuyển đổi số"),
    *("Nghị quyết số 57-NQ/TW", "Kế hoạch số 02-KH/BCĐ", "Thông báo số 07-", "TB/CQTBCĐ", "(đối với khối đảng)"),
    *("Số 13-TB/CQTT", "KẾ HOẠCH", "THÔNG BÁO KẾT LUẬN", "PHỤ LỤC", "Nơi nhận:", "-----", "ST", "T", "15", ".1"),
]
HEADERS = [
    *("STT", "TT", "Tên nhiệm vụ", "Nội dung nhiệm vụ", "Nội dung", "Cơ quan chủ trì", "Cơ quan thực hiện"),
    *("Cơ quan phối hợp", "Cơ quan tham mưu/phối hợp", "Cơ quan chỉ đạo", "Thời hạn", "Thời gian hoàn thành"),
    *("Thời gian giao theo kế hoạch", "Nội dung Ban Chỉ đạo giao", "Yêu cầu kết quả", "Ghi chú", "Văn bản giao"),
]
REFS = ["I", "II", "III", "IV", "V", "IX", "A", "B", "1", "2", "3", "10", "15", "15.1", "15.2", "1.1.1", "a)", "b", "đ"]
REFS += ["", "0", "999", "1.", "#1", "I.", "-", "*", "1 0", "15\n.1"]
DATES = [
    *("30/5/2026", "31/2/2026", "0/0/0000", "15/01/202\n6", "ngày 10 tháng 4 năm 2026", "Quý III", "quý IV/2025"),
    *("Quý I, II năm 2026", "trong tháng 11/2025", "tháng 13/2026", "6 tháng đầu năm 2026", "năm 2026", "2026 - 2030"),
    *("trước Tết Nguyên Đán Bính Ngọ năm 2026", "trước Tết", "định kỳ hằng tháng", "Hằng quý", "9999", "12/12/99999"),
    *("Hoàn thành trước ngày 30/4/2026. Thường xuyên duy trì.", "từ ngày 1/1/2026", "Đến 31/12/1899"),
]
HTML = [
    "<p>",
    "</p>",
    "<br>",
    "<br/>",
    "<i>",
    "</i>",
    "<ul class='x'>",
    "<li>",
    "&amp;",
    "&#7889;",
    "<",
    ">",
    "***",
    "**",
]
HTML += ["<table>", "<tr>", "<td colspan='3'>", '<td rowspan="99999">', "</td>", "</tr>", "</table>", "<html>"]

token = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(HEADERS),
    st.sampled_from(REFS),
    st.sampled_from(DATES),
    st.sampled_from(HTML),
    st.text(max_size=12),
)
cell = st.lists(token, max_size=6).map(" ".join)
separator = st.sampled_from(["\t", " ", "  ", "\t\t", "\n", "\r\n", "\f", ""])


@st.composite
def tableish_line(draw) -> str:
    cells = draw(st.lists(cell, max_size=9))
    if draw(st.booleans()):
        cells.insert(0, draw(st.sampled_from(REFS)))
    if draw(st.integers(0, 5)) == 0:
        cells = draw(st.permutations(HEADERS))[: draw(st.integers(2, 9))]
    return draw(separator).join(cells) if cells else ""


tableish_text = st.lists(tableish_line(), max_size=40).map("\n".join)


@st.composite
def seed_mutant(draw) -> str:
    """A real seed with lines deleted, duplicated, swapped or replaced, possibly cut short."""
    lines = draw(st.sampled_from(SEED_TEXTS)).splitlines()
    for _ in range(draw(st.integers(0, 12))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "replace", "block"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "replace":
            lines[i] = draw(tableish_line())
        else:  # delete a block of lines
            del lines[i : i + draw(st.integers(1, 60))]
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"])


def check(data: bytes, name: str) -> DirectiveDraft | None:
    """extract() either raises ExtractionError or gives a usable draft."""
    try:
        draft = extract(data, name)
    except ExtractionError as error:
        assert str(error)  # a message to show
        return None
    json.dumps(draft.to_dict(), ensure_ascii=False)
    refs = [task.ref for task in draft.tasks]
    assert draft.tasks
    assert all(isinstance(ref, str) and ref.strip() for ref in refs), refs
    assert len(refs) == len(set(refs)), refs
    for task in draft.tasks:
        assert task.deadline is None or isinstance(task.deadline, datetime.date), task.deadline
    return draft


@PROPERTIES
@given(data=st.binary(max_size=4096), name=NAMES)
def test_random_bytes(data, name):
    check(data, name)


@PROPERTIES
@given(
    prefix=st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"PK\x05\x06", b"\xef\xbb\xbf", b"<html>", b"\xff\xfe"]),
    data=st.binary(max_size=2048),
    name=NAMES,
)
def test_random_bytes_behind_a_known_signature(prefix, data, name):
    check(prefix + data, name)


@PROPERTIES
@given(text=st.text(max_size=3000), encoding=encodings, name=NAMES)
def test_random_text(text, encoding, name):
    check(encode(text, encoding), name)


@PROPERTIES
@given(text=tableish_text, encoding=encodings, name=NAMES, html=st.booleans())
def test_tableish_text(text, encoding, name, html):
    if html:  # the same lines as an HTML table, one row a line, cells split at tabs
        rows = "".join(
            "<tr>" + "".join(f"<td>{c}</td>" for c in line.split("\t")) + "</tr>" for line in text.split("\n")
        )
        text = f"<html><body><p>Số 13-TB/CQTT</p><table>{rows}</table></body></html>"
    check(encode(text, encoding), name)


@PROPERTIES
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
    rows=st.lists(st.lists(cell, max_size=8), max_size=25),
    fmt=st.sampled_from(["docx", "xlsx", "html"]),
)
def test_random_tables_in_office_files(header, rows, fmt):
    paragraphs = ["Số 02-KH/BCĐ", "Thái Nguyên, ngày 18 tháng 10 năm 2025"]
    if fmt == "html":
        data = make_html(paragraphs, header, rows)
    else:  # Word and Excel files cannot hold control characters (XML)
        rows = [[_xml_safe(value) for value in row] for row in rows]
        maker = make_docx if fmt == "docx" else lambda paragraphs, *args: make_xlsx(*args, title_rows=paragraphs)
        data = maker(paragraphs, header, rows)
    check(data, f"phu-luc.{fmt}")


def _xml_safe(value: str) -> str:
    return "".join(ch for ch in value if ch in "\t\n" or (ord(ch) >= 32 and ch not in "\ufffe\uffff"))


@PROPERTIES
@given(text=seed_mutant(), encoding=encodings, name=NAMES)
def test_mutated_seeds(text, encoding, name):
    check(encode(text, encoding), name)


def test_the_seeds_themselves_pass_the_checks():
    for text in SEED_TEXTS:
        assert check(text.encode("utf-8"), "seed.txt") is not None
