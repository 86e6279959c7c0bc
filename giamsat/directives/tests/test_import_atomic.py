"""Importing a file is all or nothing: an unreadable file or a draft that cannot be imported writes nothing."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from giamsat.directives.importing import directive_import_file
from giamsat.directives.models import DeadlineChange, Directive, DocumentReference, Task, TaskAssignment
from giamsat.directives.samples import SAMPLE_DIR
from giamsat.extraction import ExtractionError

pytestmark = pytest.mark.django_db

NOTICE = SAMPLE_DIR / "000_574d689b82046503.txt"  # 13-TB/CQTT: 55 table tasks + prose tasks
PLAN = SAMPLE_DIR / "003_02333590f65b17dc.txt"  # 02-KH/BCĐ: a table flattened out of a PDF
SEED_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(SAMPLE_DIR.glob("*.txt"))]
UNKNOWN = "Sở Ngoại vụ tỉnh Bắc Kạn"

MODELS = (Directive, Task, TaskAssignment, DocumentReference, DeadlineChange)


def counts() -> dict[str, int]:
    """Rows of every table an import writes to, history tables included."""
    out = {}
    for model in MODELS:
        out[model.__name__] = model.objects.count()
        out[f"{model.__name__} history"] = model.history.model.objects.count()
    return out


def import_file(data: bytes, name: str, user, **options):
    return directive_import_file(data=data, name=name, acting_user=user, **options)


def notice_with_cell(row: str, column: int, printed: str, value: str) -> bytes:
    """Seed 000 with one cell of its tab-separated appendix replaced."""
    lines = NOTICE.read_text(encoding="utf-8").split("\n")
    [index] = [i for i, line in enumerate(lines) if line.startswith(f"{row}\t")]
    cells = lines[index].split("\t")
    assert cells[column] == printed
    cells[column] = value
    lines[index] = "\t".join(cells)
    return "\n".join(lines).encode("utf-8")


def notice_with_unknown_lead() -> bytes:
    """Seed 000 with the lead of appendix row 6 ('Sở KH&CN') replaced by an agency the registry does not know."""
    return notice_with_cell("6", 3, "Sở KH&CN", UNKNOWN)


# --- (a) random and malformed files -------------------------------------------------------------------------


@st.composite
def mangled_seed(draw) -> bytes:
    """A seed with lines deleted, duplicated or overwritten, cells emptied or lengthened, possibly cut short."""
    lines = draw(st.sampled_from(SEED_TEXTS)).split("\n")
    for _ in range(draw(st.integers(0, 8))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "garble", "empty cell", "long cell", "unknown"]))
        if action == "delete":
            del lines[i : i + draw(st.integers(1, 40))]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "garble":
            lines[i] = draw(st.text(max_size=80))
        else:
            cells = lines[i].split("\t")
            j = draw(st.integers(0, len(cells) - 1))
            cells[j] = {"empty cell": "", "long cell": "Sở " + "x" * 600, "unknown": UNKNOWN}[action]
            lines[i] = "\t".join(cells)
        if not lines:
            lines = [""]
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text.encode(draw(st.sampled_from(["utf-8", "utf-16", "cp1258"])), errors="replace")


files = st.one_of(
    st.binary(max_size=2048),
    st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"<html><table>"]).flatmap(
        lambda head: st.binary(max_size=512).map(lambda tail: head + tail)
    ),
    mangled_seed(),
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=files, name=st.sampled_from(["van-ban.txt", "phu-luc.docx", "ke-hoach.pdf", "bang.xlsx", "trang.html"]))
def test_a_file_is_imported_whole_or_not_at_all(registry, users, data, name):
    before = counts()
    try:
        imported = import_file(data, name, users["standing_office"], allow_unresolved=False)
    except (ExtractionError, ValidationError) as error:
        event(type(error).__name__)
        assert str(error)
        assert counts() == before
    else:
        event("imported")
        assert imported.result is not None
        assert imported.result.directive.pk is not None


# --- (b) an agency the registry does not know ----------------------------------------------------------------


def test_an_unknown_agency_rejects_the_whole_file(registry, users):
    before = counts()
    with pytest.raises(ValidationError) as raised:
        import_file(notice_with_unknown_lead(), "13-TB.txt", users["standing_office"], allow_unresolved=False)
    assert UNKNOWN in str(raised.value)
    assert counts() == before
    assert not Directive.objects.filter(number="13-TB/CQTT").exists()


def test_an_unknown_agency_is_kept_for_review_when_allowed(registry, users):
    imported = import_file(notice_with_unknown_lead(), "13-TB.txt", users["standing_office"], allow_unresolved=True)
    directive = imported.result.directive
    assert directive.number == "13-TB/CQTT"
    task = directive.tasks.get(ref="6")
    [assignment] = task.assignments.filter(role="lead")
    assert assignment.printed_name == UNKNOWN
    assert assignment.agency is None
    assert assignment.group is None
    assert assignment.needs_review
    [drafted] = [t for t in imported.draft.tasks if t.ref == "6"]
    assert any(UNKNOWN in warning for warning in drafted.warnings)  # the preview says so too
    # every other lead of the document resolved
    others = TaskAssignment.objects.filter(task__directive=directive).exclude(pk=assignment.pk)
    assert not [a.printed_name for a in others if a.needs_review]


def test_a_task_failing_validation_half_way_rolls_back_the_rows_already_written(registry, users):
    # row 40 has no title: the directive and rows 1-39 are saved before its validation fails
    data = notice_with_cell("40", 1, NOTICE_ROW_40_TITLE, "")
    before = counts()
    with pytest.raises(ValidationError) as raised:
        import_file(data, "13-TB.txt", users["standing_office"], allow_unresolved=False)
    assert "title" in raised.value.message_dict
    assert counts() == before


NOTICE_ROW_40_TITLE = (
    "Nghiên cứu đặt hàng, giao Trường Đại học CNTT&TT chủ trì, để hoàn thiện phim trường số và có sản phẩm cụ thể, "
    "gắn với lịch sử, văn hóa, kinh tế, xã hội của tỉnh Thái Nguyên"
)


# --- (c) importing the same file again ------------------------------------------------------------------------


@pytest.mark.parametrize("path", [NOTICE, PLAN], ids=["000", "003"])
def test_importing_the_same_file_twice_changes_nothing(registry, users, path):
    data = path.read_bytes()
    first = import_file(data, path.name, users["standing_office"], allow_unresolved=False)
    assert first.result.created == len(first.draft.tasks)
    after_first = counts()
    task_history = Task.history.model.objects.count()

    second = import_file(data, path.name, users["standing_office"], allow_unresolved=False)
    assert second.result.directive.pk == first.result.directive.pk
    assert (second.result.created, second.result.updated) == (0, 0)
    assert second.result.unchanged == len(first.draft.tasks)
    assert Task.history.model.objects.count() == task_history  # no new Task history rows
    assert counts() == after_first


# --- (d) dry run ----------------------------------------------------------------------------------------------


def test_a_dry_run_writes_nothing_but_reports_what_it_would_do(registry, users):
    before = counts()
    imported = import_file(NOTICE.read_bytes(), NOTICE.name, users["standing_office"], dry_run=True)
    assert counts() == before
    tasks = len(imported.draft.tasks)
    assert tasks >= 55
    assert (imported.result.created, imported.result.updated, imported.result.unchanged) == (tasks, 0, 0)

    import_file(NOTICE.read_bytes(), NOTICE.name, users["standing_office"])  # for real this time
    written = counts()
    again = import_file(NOTICE.read_bytes(), NOTICE.name, users["standing_office"], dry_run=True)
    assert counts() == written
    assert (again.result.created, again.result.updated, again.result.unchanged) == (0, 0, tasks)


def test_a_utf16_text_file_imports_on_every_database(registry, users):
    """Its bytes hold NULs; PostgreSQL refuses NUL in text (found by Hypothesis on PostgreSQL)."""
    imported = import_file(NOTICE.read_text(encoding="utf-8").encode("utf-16"), "13-TB.txt", users["standing_office"])
    directive = imported.result.directive
    directive.refresh_from_db()
    assert directive.number == "13-TB/CQTT" and "\x00" not in directive.text
