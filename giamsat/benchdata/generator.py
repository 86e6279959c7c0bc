"""A deterministic generator of benchmark data: agencies, directives, tasks, monthly reports, evidence, reviews.

`generate(...)` is pure: from a scale, a seed and a "today" it yields batches of rows (plain tuples in the
column order of `COLUMNS`), one batch for the registry and the users, then one per province, so the
nation scale (1.5 million reports) never sits in memory at once. The same seed gives the same rows.
`bench_data_create(...)` writes them: PostgreSQL COPY on PostgreSQL, batched `executemany` elsewhere.

Why not `bulk_create`: it calls `pre_save` on `auto_now`/`auto_now_add` fields and so stamps every row
with the moment of the run, while a benchmark needs history spread over 24 months. Rows carry explicit
ids (above the tables' current maximum; PostgreSQL sequences are reset afterwards) so that reports,
evidence and reviews link up without a round trip per batch. Like any bulk write, it leaves no
django-simple-history records and sends no signals: the generated history is the domain records
themselves (reports, reviews), not field-level history. Derived columns are computed with the helpers
the models' `save()` use: `Agency.name_folded = fold(name)`, `Task.search_text = search_words(...)`.

Everything generated is marked: agencies' codes start with `bench-`, directives' `source_reference`
with `bench:`, users' names with `bench-`. The real registry, the seeds and the demo accounts are not
touched; `bench_data_delete()` removes only marked rows (reporting periods are shared and kept).
"""

import datetime
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import batched
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from giamsat.accounts.choices import Role
from giamsat.accounts.models import User
from giamsat.accounts.services import DEMO_PASSWORD, user_apply_role
from giamsat.agencies.choices import AgencyKind
from giamsat.agencies.models import Agency
from giamsat.directives.choices import (
    AssignmentRole,
    Confidentiality,
    DeadlineKind,
    DirectiveKind,
    Recurrence,
    TaskOrigin,
)
from giamsat.directives.models import Directive, Task, TaskAssignment
from giamsat.extraction.text import fold, nfc, search_words
from giamsat.monitoring.models import LatestReport, StatusSpan, StatusTally
from giamsat.reporting.choices import EvidenceKind, ReportStatus, ReviewDecision, WorkState
from giamsat.reporting.models import Evidence, ProgressReport, ReportingPeriod, Review

AGENCY_PREFIX = "bench-"
DIRECTIVE_PREFIX = "bench:"
USER_PREFIX = "bench-"
BATCH_SIZE = 5000
USER_AGENCIES = 50  # an officer and a head for each of the first 50 agencies
TZ = ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class Scale:
    name: str
    provinces: int  # provinces with their own agencies and directives
    agencies_per_province: int
    central_agencies: int  # ministries and their units (nation scale): one more "region"
    tasks: int
    directives_per_region: int = 30
    months: int = 24
    issue_spread: int = 21  # directives are issued over the first N months of the window
    report_probability: float = 0.92  # a lead agency reports in a given month
    late_share: float = 0.12  # of the reports sent, sent after the 20th
    two_leads_share: float = 0.2
    stall_share: float = 0.3  # tasks that never complete
    duration_months: tuple[int, ...] = (2, 3, 4, 6, 6, 9, 12, 12, 18)

    @property
    def agencies(self) -> int:
        return self.provinces * self.agencies_per_province + self.central_agencies


SCALES = {
    "province": Scale("province", provinces=1, agencies_per_province=150, central_agencies=0, tasks=2000),
    "nation": Scale(
        "nation",
        provinces=34,
        agencies_per_province=100,
        central_agencies=100,
        tasks=70_000,
        issue_spread=3,
        report_probability=0.93,
        two_leads_share=0.3,
        stall_share=0.35,
        duration_months=(9, 12, 12, 15, 18, 18, 24, 24, 30),
    ),
}


def scale_with(scale: Scale, *, agencies: int | None = None, tasks: int | None = None) -> Scale:
    """A scale with other counts (tests, trial runs): `agencies` are spread over the scale's regions."""
    if agencies is not None:
        regions = scale.provinces + (1 if scale.central_agencies else 0)
        per_region = max(8, agencies // regions)
        scale = replace(
            scale, agencies_per_province=per_region, central_agencies=per_region if scale.central_agencies else 0
        )
    if tasks is not None:
        scale = replace(scale, tasks=tasks, directives_per_region=max(2, min(scale.directives_per_region, tasks // 40)))
    return scale


# --- Columns: rows are tuples in this order (attnames of the model's concrete fields) -------------------

COLUMNS: dict[type[models.Model], tuple[str, ...]] = {
    Agency: (
        "id", "code", "name", "kind", "parent_id", "administrative_code", "is_active", "merged_into_id", "note",
        "name_folded", "created_at", "updated_at",
    ),
    Directive: (
        "id", "number", "kind", "issued_on", "issuer_id", "issuer_text", "signer", "signer_title", "title",
        "working_year", "original_file", "text", "source_reference", "created_at", "updated_at",
    ),
    Task: (
        "id", "directive_id", "ref", "origin", "position", "section", "section_title", "subsection_title", "title",
        "expected_result", "deadline", "deadline_text", "deadline_kind", "planned_time", "recurrence", "parent_id",
        "confidentiality", "previous_id", "explicit_assignment", "notes", "search_text", "created_at", "updated_at",
    ),
    TaskAssignment: ("id", "task_id", "role", "agency_id", "group_id", "printed_name", "scope_note", "position"),
    ProgressReport: (
        "id", "task_id", "period_id", "agency_id", "state", "progress_percent", "work_done", "product",
        "delivered_on", "difficulties", "proposals", "status", "submitted_at", "submitted_by_id", "approved_at",
        "approved_by_id", "received_at", "is_late", "result_is_public", "created_at", "updated_at",
    ),
    Evidence: (
        "id", "report_id", "kind", "file", "original_name", "content_type", "size", "sha256", "url",
        "document_number", "document_date", "description", "is_public", "uploaded_by_id", "created_at", "updated_at",
    ),
    Review: ("id", "report_id", "decision", "comment", "reviewer_id", "created_at", "updated_at"),
}  # fmt: skip
USER_COLUMNS = ("id", "username", "role", "agency_id", "first_name", "last_name", "position_title")
WRITE_ORDER = (Agency, Directive, Task, TaskAssignment, ProgressReport, Evidence, Review)


@dataclass
class Batch:
    """Rows of some tables; `rows[Model]` is a list of tuples in `COLUMNS[Model]` order."""

    label: str
    rows: dict[type[models.Model], list[tuple]] = field(default_factory=lambda: {m: [] for m in WRITE_ORDER})
    users: list[tuple] = field(default_factory=list)


@dataclass(frozen=True)
class Bases:
    """Ids start after these (the tables' current maxima), so generated rows never take an existing id."""

    agency: int = 0
    directive: int = 0
    task: int = 0
    assignment: int = 0
    report: int = 0
    evidence: int = 0
    review: int = 0
    user: int = 0


# --- Word lists --------------------------------------------------------------------------------------

PROVINCE_SCALE_PROVINCE = "Thanh Hóa"  # 166 communes and wards: room for 150 agencies

PROVINCIAL_UNITS = (  # (name pattern, kind, under the party committee?)
    ("Văn phòng {pu}", AgencyKind.PARTY, True),
    ("Ban Tổ chức {pu}", AgencyKind.PARTY, True),
    ("Ban Tuyên giáo và Dân vận {pu}", AgencyKind.PARTY, True),
    ("Ủy ban Kiểm tra {pu}", AgencyKind.PARTY, True),
    ("Ban Nội chính {pu}", AgencyKind.PARTY, True),
    ("Đảng ủy các cơ quan Đảng {p}", AgencyKind.PARTY, True),
    ("Đảng ủy Ủy ban nhân dân {p}", AgencyKind.PARTY, True),
    ("Hội đồng nhân dân {p}", AgencyKind.PEOPLE_COUNCIL, False),
    ("Văn phòng Ủy ban nhân dân {p}", AgencyKind.STATE, False),
    ("Sở Nội vụ {p}", AgencyKind.STATE, False),
    ("Sở Tài chính {p}", AgencyKind.STATE, False),
    ("Sở Tư pháp {p}", AgencyKind.STATE, False),
    ("Sở Công Thương {p}", AgencyKind.STATE, False),
    ("Sở Xây dựng {p}", AgencyKind.STATE, False),
    ("Sở Nông nghiệp và Môi trường {p}", AgencyKind.STATE, False),
    ("Sở Khoa học và Công nghệ {p}", AgencyKind.STATE, False),
    ("Sở Giáo dục và Đào tạo {p}", AgencyKind.STATE, False),
    ("Sở Y tế {p}", AgencyKind.STATE, False),
    ("Sở Văn hóa, Thể thao và Du lịch {p}", AgencyKind.STATE, False),
    ("Sở Dân tộc và Tôn giáo {p}", AgencyKind.STATE, False),
    ("Sở Ngoại vụ {p}", AgencyKind.STATE, False),
    ("Thanh tra {p}", AgencyKind.STATE, False),
    ("Công an {p}", AgencyKind.POLICE, False),
    ("Bộ Chỉ huy Quân sự {p}", AgencyKind.OTHER, False),
    ("Ban Quản lý các khu công nghiệp {p}", AgencyKind.STATE, False),
    ("Trung tâm Phục vụ hành chính công {p}", AgencyKind.STATE, False),
    ("Trung tâm Chuyển đổi số {p}", AgencyKind.STATE, False),
    ("Trung tâm Xúc tiến đầu tư, thương mại và du lịch {p}", AgencyKind.STATE, False),
    ("Quỹ Phát triển khoa học và công nghệ {p}", AgencyKind.STATE, False),
    ("Báo và Phát thanh, Truyền hình {p}", AgencyKind.STATE, False),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam {p}", AgencyKind.OTHER, False),
    ("Bảo hiểm xã hội {p}", AgencyKind.CENTRAL, False),
    ("Thuế {p}", AgencyKind.CENTRAL, False),
    ("Thống kê {p}", AgencyKind.CENTRAL, False),
    ("Ngân hàng Nhà nước chi nhánh {p}", AgencyKind.CENTRAL, False),
    ("Tòa án nhân dân {p}", AgencyKind.OTHER, False),
    ("Viện Kiểm sát nhân dân {p}", AgencyKind.OTHER, False),
    ("Trường Chính trị {p}", AgencyKind.UNIVERSITY, False),
    ("Trường Cao đẳng Kỹ thuật công nghiệp {p}", AgencyKind.UNIVERSITY, False),
    ("Bệnh viện Đa khoa {p}", AgencyKind.STATE, False),
    ("Trung tâm Kiểm soát bệnh tật {p}", AgencyKind.STATE, False),
    ("Viễn thông {s} (VNPT {s})", AgencyKind.ENTERPRISE, False),
    ("Viettel {s}", AgencyKind.ENTERPRISE, False),
    ("Bưu điện {p}", AgencyKind.ENTERPRISE, False),
    ("Liên đoàn Lao động {p}", AgencyKind.OTHER, False),
)
MINISTRIES = (
    "Bộ Quốc phòng", "Bộ Công an", "Bộ Ngoại giao", "Bộ Nội vụ", "Bộ Tư pháp", "Bộ Tài chính", "Bộ Công Thương",
    "Bộ Nông nghiệp và Môi trường", "Bộ Xây dựng", "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Khoa học và Công nghệ",
    "Bộ Giáo dục và Đào tạo", "Bộ Y tế", "Bộ Dân tộc và Tôn giáo", "Ngân hàng Nhà nước Việt Nam",
    "Thanh tra Chính phủ", "Văn phòng Chính phủ",
)  # fmt: skip
MINISTRY_UNITS = (
    "Văn phòng {m}", "Vụ Kế hoạch - Tài chính, {m}", "Vụ Pháp chế, {m}", "Vụ Tổ chức cán bộ, {m}",
    "Trung tâm Công nghệ thông tin, {m}", "Vụ Khoa học, Công nghệ và Môi trường, {m}",
)  # fmt: skip

SECTION_TITLES = (
    "Nâng cao nhận thức, đổi mới tư duy, tạo quyết tâm chính trị",
    "Hoàn thiện thể chế, cơ chế, chính sách",
    "Phát triển hạ tầng số, hạ tầng dữ liệu",
    "Chuyển đổi số trong hoạt động của cơ quan nhà nước",
    "Phát triển nguồn nhân lực chất lượng cao",
    "Thúc đẩy khoa học, công nghệ và đổi mới sáng tạo trong doanh nghiệp",
    "Bảo đảm an ninh mạng, an toàn thông tin",
    "Tăng cường hợp tác quốc tế về khoa học, công nghệ",
    "Phát triển kinh tế số, xã hội số",
    "Kiểm tra, giám sát, đánh giá kết quả thực hiện",
)
VERBS = (
    "Xây dựng", "Triển khai", "Hoàn thiện", "Ban hành", "Nâng cấp", "Tổ chức", "Đẩy mạnh", "Rà soát", "Đánh giá",
    "Phát triển", "Số hóa", "Tăng cường", "Thí điểm", "Kiện toàn", "Chuẩn hóa", "Tích hợp",
)  # fmt: skip
OBJECTS = (
    "nền tảng dữ liệu dùng chung", "hệ thống thông tin giải quyết thủ tục hành chính", "kho dữ liệu số hóa hồ sơ",
    "trung tâm giám sát, điều hành thông minh (IOC)", "hạ tầng mạng di động 5G", "cơ sở dữ liệu đất đai",
    "chính sách hỗ trợ doanh nghiệp khởi nghiệp đổi mới sáng tạo", "cơ sở dữ liệu chuyên ngành y tế",
    "học bạ số và sổ điểm điện tử", "chữ ký số cho cán bộ, công chức", "chương trình đào tạo kỹ năng số",
    "phương án bảo đảm an toàn thông tin theo cấp độ", "dịch vụ công trực tuyến toàn trình",
    "quy chế quản lý nhiệm vụ khoa học và công nghệ", "bệnh án điện tử tại các cơ sở khám chữa bệnh",
    "thanh toán không dùng tiền mặt", "hệ thống quản lý văn bản và điều hành", "bản đồ số nông nghiệp",
    "sàn giao dịch công nghệ", "mô hình xã thông minh", "tổ công nghệ số cộng đồng", "trung tâm dữ liệu",
    "danh mục cơ sở dữ liệu mở", "đề án phát triển nguồn nhân lực công nghệ thông tin",
    "kế hoạch ứng dụng trí tuệ nhân tạo", "cổng thông tin điện tử", "hệ thống camera giám sát an ninh, trật tự",
)  # fmt: skip
SCOPES = (
    "", "", " trên địa bàn tỉnh", " tại các xã, phường", " giai đoạn 2025–2030", " năm {year}",
    " trong cơ quan nhà nước", " cho doanh nghiệp nhỏ và vừa", " ngành giáo dục", " ngành y tế",
)  # fmt: skip
RESULTS = (
    "Kế hoạch được ban hành", "Báo cáo kết quả thực hiện", "Quyết định phê duyệt", "Hệ thống được đưa vào vận hành",
    "Văn bản hướng dẫn", "Cơ sở dữ liệu được cập nhật đầy đủ", "Đề án trình UBND tỉnh", "Quy chế được ban hành",
    "Tỷ lệ hồ sơ trực tuyến đạt trên 80%", "",
)  # fmt: skip
DIFFICULTIES = (
    "Kinh phí bố trí trong năm chưa đáp ứng yêu cầu.",
    "Nguồn nhân lực công nghệ thông tin còn mỏng.",
    "Hạ tầng mạng tại một số xã vùng sâu, vùng xa chưa bảo đảm.",
    "Chưa có hướng dẫn thống nhất của bộ, ngành Trung ương.",
    "Dữ liệu chưa được chuẩn hóa, đồng bộ giữa các cơ quan.",
    "Thủ tục đầu tư, mua sắm còn kéo dài.",
)
PROPOSALS = (
    "Đề nghị UBND tỉnh bố trí bổ sung kinh phí.",
    "Đề nghị Sở Khoa học và Công nghệ hướng dẫn nghiệp vụ.",
    "Đề nghị gia hạn thời gian thực hiện.",
    "Đề nghị Cơ quan Thường trực tổ chức tập huấn.",
)
RETURN_COMMENTS = (
    "Đề nghị bổ sung minh chứng cụ thể.",
    "Số liệu chưa khớp với báo cáo tháng trước, đề nghị rà soát.",
    "Sản phẩm chưa đáp ứng yêu cầu kết quả, đề nghị bổ sung.",
)
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý")
MIDDLE_NAMES = ("Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Quang", "Thu")
GIVEN_NAMES = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam", "Phương")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
DIRECTIVE_KINDS = (  # (kind, symbol, weight)
    (DirectiveKind.PLAN, "KH", 50),
    (DirectiveKind.CONCLUSION_NOTICE, "TB", 35),
    (DirectiveKind.PROGRAMME, "CTr", 15),
)
EVIDENCE_DOCUMENTS = ("QĐ-UBND", "KH-UBND", "BC-UBND", "TB-VP", "CV-SKHCN", "BC")


# --- Pure helpers ------------------------------------------------------------------------------------


def _at(day: datetime.date, minute_of_day: int) -> datetime.datetime:
    """An aware moment on `day` (Asia/Ho_Chi_Minh)."""
    hours, minutes = divmod(minute_of_day, 60)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hours, minutes)), TZ)


def _office_time(rng: random.Random) -> int:
    return rng.randint(7 * 60 + 30, 17 * 60 + 30)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(day.day, 28))


def _month_end(year: int, month: int) -> datetime.date:
    return _add_months(datetime.date(year, month, 1), 1) - datetime.timedelta(days=1)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"


def window_start(today: datetime.date, months: int) -> datetime.date:
    """The first day of the reporting window: `months` months ending with the month of `today`."""
    return _add_months(today.replace(day=1), -(months - 1))


def provinces_for(scale: Scale) -> list[tuple[str, int, list[str]]]:
    """(name as the package gives it, code, commune names) for the scale's provinces (2025 map, 34 provinces)."""
    from vietnam_provinces import Province, Ward

    wards: dict[int, list[str]] = {}
    for ward in Ward.iter_all():
        wards.setdefault(int(ward.province_code), []).append(ward.name)
    provinces = sorted(Province.iter_all(), key=lambda p: int(p.code))
    if scale.provinces == 1:
        provinces = [p for p in provinces if p.name.endswith(PROVINCE_SCALE_PROVINCE)]
    chosen = provinces[: scale.provinces]
    return [(p.name, int(p.code), sorted(set(wards.get(int(p.code), [])))) for p in chosen]


def _place(province: str) -> tuple[str, str, str]:
    """('tỉnh Thanh Hóa', 'Thanh Hóa', 'Tỉnh ủy Thanh Hóa') or ('thành phố Huế', 'Huế', 'Thành ủy Huế')."""
    if province.startswith("Thành phố "):
        short = province.removeprefix("Thành phố ")
        return f"thành phố {short}", short, f"Thành ủy {short}"
    return f"tỉnh {province}", province, f"Tỉnh ủy {province}"


@dataclass
class _Region:
    label: str
    place: str
    short: str
    code: int
    root: int  # agency id issuing the directives
    agencies: list[int]  # agencies that can be assigned
    names: dict[int, str]
    issuer_text: str


def _agency_row(agency_id: int, name: str, kind: str, parent: int | None, created: datetime.datetime) -> tuple:
    name = nfc(name)
    return (
        agency_id,
        f"{AGENCY_PREFIX}{agency_id}",
        name,
        kind,
        parent,
        "",
        True,
        None,
        "",
        fold(name),
        created,
        created,
    )


def _agencies(scale: Scale, *, seed: int, today: datetime.date, bases: Bases) -> tuple[list[tuple], list[_Region]]:
    """The registry rows (parents before children) and the regions they form; ids are bases.agency + 1, 2, …"""
    rng = random.Random(f"{seed}:agencies")  # noqa: S311 - reproducible benchmark data, nothing secret
    created = _at(window_start(today, scale.months) - datetime.timedelta(days=30), 8 * 60)
    rows: list[tuple] = []
    regions: list[_Region] = []
    names_seen: set[str] = set()

    def add(name: str, kind: str, parent: int | None) -> int | None:
        if name in names_seen:
            return None
        names_seen.add(name)
        agency_id = bases.agency + len(rows) + 1
        rows.append(_agency_row(agency_id, name, kind, parent, created))
        return agency_id

    for province, code, communes in provinces_for(scale):
        place, short, committee = _place(province)
        first = len(rows)
        party = add(committee, AgencyKind.PARTY, None)
        people = add(f"Ủy ban nhân dân {place}", AgencyKind.STATE, None)
        wanted = scale.agencies_per_province
        units = list(PROVINCIAL_UNITS)
        n_units = min(len(units), max(6, round(wanted * 0.4)))
        n_communes = min(len(communes), wanted - 2 - n_units)
        n_units = min(len(units), wanted - 2 - n_communes)
        for pattern, kind, under_party in units[:n_units]:
            add(pattern.format(pu=committee, p=place, s=short), kind, party if under_party else people)
        for commune in rng.sample(communes, n_communes):
            add(f"UBND {commune[0].lower()}{commune[1:]} ({short})", AgencyKind.COMMUNE, people)
        extra = 1
        while len(rows) - first < wanted:  # small provinces: more public service units
            add(f"Trung tâm Dịch vụ công số {extra} {place}", AgencyKind.STATE, people)
            extra += 1
        ids = [r[0] for r in rows[first:]]
        regions.append(
            _Region(province, place, short, code, party, ids[2:], {r[0]: r[2] for r in rows[first:]}, committee)
        )
    if scale.central_agencies:
        first = len(rows)
        root = add(
            "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
            AgencyKind.CENTRAL,
            None,
        )
        candidates = [(m, None) for m in MINISTRIES] + [(u, m) for u in MINISTRY_UNITS for m in MINISTRIES]
        ministry_ids: dict[str, int] = {}
        for name, ministry in candidates:
            if len(rows) - first >= scale.central_agencies:
                break
            if ministry is None:
                ministry_ids[name] = add(name, AgencyKind.CENTRAL, root)
            else:
                add(name.format(m=ministry), AgencyKind.CENTRAL, ministry_ids.get(ministry, root))
        ids = [r[0] for r in rows[first:]]
        regions.append(
            _Region("Trung ương", "cả nước", "TW", 0, root, ids[1:], {r[0]: r[2] for r in rows[first:]}, "Ban Chỉ đạo")
        )
    return rows, regions


def _users(agency_rows: list[tuple], bases: Bases) -> list[tuple]:
    rows = []
    for number, agency in enumerate(agency_rows[:USER_AGENCIES], start=1):
        for role, username, title in (
            (Role.AGENCY_OFFICER, f"{USER_PREFIX}officer-{number}", "Chuyên viên"),
            (Role.AGENCY_HEAD, f"{USER_PREFIX}head-{number}", "Lãnh đạo đơn vị"),
        ):
            rows.append((bases.user + len(rows) + 1, username, role, agency[0], str(number), "Thử nghiệm", title))
    rows.append((bases.user + len(rows) + 1, f"{USER_PREFIX}office", Role.STANDING_OFFICE, None, "", "Thử nghiệm", ""))
    rows.append((bases.user + len(rows) + 1, f"{USER_PREFIX}leader", Role.LEADER, None, "", "Thử nghiệm", ""))
    return rows


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` split into `parts` random sizes, each at least 1 (fewer parts when total is small)."""
    parts = max(1, min(parts, total))
    weights = [rng.uniform(0.3, 2.0) for _ in range(parts)]
    spare = total - parts
    sizes = [1 + int(spare * w / sum(weights)) for w in weights]
    sizes[-1] += total - sum(sizes)
    return sizes


class _Counters:
    def __init__(self, bases: Bases):
        self.next = {
            "directive": bases.directive,
            "task": bases.task,
            "assignment": bases.assignment,
            "report": bases.report,
            "evidence": bases.evidence,
            "review": bases.review,
        }

    def __call__(self, table: str) -> int:
        self.next[table] += 1
        return self.next[table]


def _deadline(rng: random.Random, issued: datetime.date, today: datetime.date, scale: Scale):
    """(deadline, deadline_text, deadline_kind, recurrence) of a task issued that day."""
    if rng.random() < 0.1:
        return None, rng.choice(("Thường xuyên", "Hằng tháng")), DeadlineKind.RECURRING, Recurrence.MONTHLY
    target = _add_months(issued, rng.choice(scale.duration_months))
    target = min(target, today + datetime.timedelta(days=365))
    target = max(target, issued + datetime.timedelta(days=20))
    shape = rng.random()
    if shape < 0.25:  # by the end of a quarter
        quarter = (target.month - 1) // 3
        end = _month_end(target.year, quarter * 3 + 3)
        return end, f"Quý {ROMAN[quarter]}/{end.year}", DeadlineKind.QUARTER, Recurrence.NONE
    if shape < 0.35:
        return datetime.date(target.year, 12, 31), f"Năm {target.year}", DeadlineKind.YEAR, Recurrence.NONE
    if shape < 0.5:
        end = _month_end(target.year, target.month)
        return end, f"Tháng {target.month}/{target.year}", DeadlineKind.MONTH, Recurrence.NONE
    text = f"Trước ngày {target.day}/{target.month}/{target.year}"
    return target, text, DeadlineKind.DATE, Recurrence.NONE


def _task_title(rng: random.Random, year: int) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(SCOPES).format(year=year)}"


@dataclass
class _People:
    officer: dict[int, int]  # agency id → user id
    head: dict[int, int]
    office: int
    leader: int


def _region_batch(
    scale: Scale,
    region: _Region,
    index: int,
    n_tasks: int,
    *,
    seed: int,
    today: datetime.date,
    counters: _Counters,
    people: _People,
    period_ids: dict[tuple[int, int], int],
) -> Batch:
    """Directives, tasks, assignments and the 24 months of reporting of one region."""
    rng = random.Random(f"{seed}:region:{index}")  # noqa: S311 - reproducible benchmark data, nothing secret
    batch = Batch(region.label)
    start = window_start(today, scale.months)
    horizon = _at(today, 0)  # events happen up to the day before "today"
    last_issue = min(today - datetime.timedelta(days=15), _add_months(start, scale.issue_spread))
    spread_days = max(1, (last_issue - start).days)
    n_directives = min(scale.directives_per_region, max(1, n_tasks))
    issue_days = sorted(start + datetime.timedelta(days=rng.randrange(spread_days)) for _ in range(n_directives))
    sizes = _split(n_tasks, n_directives, rng)
    number = rng.randint(1, 40)
    directive_rows = batch.rows[Directive]
    kinds = [k for k, _s, _w in DIRECTIVE_KINDS]
    weights = [w for _k, _s, w in DIRECTIVE_KINDS]
    symbols = {k: s for k, s, _w in DIRECTIVE_KINDS}
    meeting = 0
    for issued, size in zip(issue_days, sizes, strict=True):
        if size == 0:
            continue
        number += rng.randint(1, 6)
        kind = rng.choices(kinds, weights)[0]
        suffix = f"BCĐ{region.code:02d}" if region.code else "BCĐTW"
        if kind == DirectiveKind.CONCLUSION_NOTICE:
            meeting += 1
            title = f"Thông báo kết luận của Ban Chỉ đạo tại phiên họp thứ {meeting} năm {issued.year}"
        elif kind == DirectiveKind.PLAN:
            topic = rng.choice(SECTION_TITLES).lower()
            title = f"Kế hoạch triển khai nhiệm vụ {topic} năm {issued.year} trên địa bàn {region.place}"
        else:
            title = (
                "Chương trình hành động thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, "
                f"công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia ({region.place})"
            )
        directive_id = counters("directive")
        entered = _at(min(issued + datetime.timedelta(days=rng.randint(1, 7)), today - datetime.timedelta(days=1)), 600)
        directive_rows.append(
            (
                directive_id, f"{number}-{symbols[kind]}/{suffix}", kind, issued, region.root,
                f"{region.issuer_text}", _person(rng), rng.choice(("Trưởng Ban Chỉ đạo", "Phó Trưởng Ban Chỉ đạo")),
                nfc(title), issued.year, "", "", f"{DIRECTIVE_PREFIX}{region.code}:{directive_id}", entered, entered,
            )
        )  # fmt: skip
        _directive_tasks(scale, region, rng, directive_id, issued, entered, size, batch, today, horizon, counters)
    _reports(scale, rng, batch, today, horizon, counters, people, period_ids)
    return batch


def _directive_tasks(scale, region, rng, directive_id, issued, entered, size, batch, today, horizon, counters):
    n_sections = min(len(SECTION_TITLES), max(1, size // 8))
    section_titles = rng.sample(SECTION_TITLES, n_sections)
    section_sizes = _split(size, n_sections, rng)
    position = 0
    for section, (section_title, section_size) in enumerate(zip(section_titles, section_sizes, strict=True)):
        for _ in range(section_size):
            position += 1
            task_id = counters("task")
            ref = str(position)
            title = nfc(_task_title(rng, issued.year))
            result = nfc(rng.choice(RESULTS))
            deadline, deadline_text, deadline_kind, recurrence = _deadline(rng, issued, today, scale)
            confidentiality = rng.choices(
                (Confidentiality.PUBLIC, Confidentiality.INTERNAL, Confidentiality.SECRET), (75, 23, 2)
            )[0]
            batch.rows[Task].append(
                (
                    task_id, directive_id, ref, TaskOrigin.TABLE, position, ROMAN[section], nfc(section_title), "",
                    title, result, deadline, nfc(deadline_text), deadline_kind, "", recurrence, None, confidentiality,
                    None, True, "", search_words(ref, title, result, deadline_text), entered, entered,
                )
            )  # fmt: skip
            n_leads = 2 if rng.random() < scale.two_leads_share else 1
            n_coordinating = rng.choices((0, 1, 2, 3), (30, 35, 20, 15))[0]
            chosen = rng.sample(region.agencies, min(len(region.agencies), n_leads + n_coordinating))
            for position_in_role, agency in enumerate(chosen):
                role = AssignmentRole.LEAD if position_in_role < n_leads else AssignmentRole.COORDINATING
                batch.rows[TaskAssignment].append(
                    (
                        counters("assignment"), task_id, role, agency, None, region.names[agency], "",
                        position_in_role if role == AssignmentRole.LEAD else position_in_role - n_leads,
                    )
                )  # fmt: skip


def _reports(scale, rng, batch, today, horizon, counters, people: _People, period_ids):
    """Each lead agency's monthly reports from the directive's issue until today, with evidence and reviews."""
    issued_on = {row[0]: row[3] for row in batch.rows[Directive]}
    leads: dict[int, list[int]] = {}
    for row in batch.rows[TaskAssignment]:
        if row[2] == AssignmentRole.LEAD:
            leads.setdefault(row[1], []).append(row[3])
    reports, evidence, reviews = batch.rows[ProgressReport], batch.rows[Evidence], batch.rows[Review]
    last_month = (today.year, today.month)
    for task in batch.rows[Task]:
        task_id, deadline, public = task[0], task[10], task[16] == Confidentiality.PUBLIC
        issued = issued_on[task[1]]
        recurring = deadline is None
        span = max(30, ((deadline or today) - issued).days)
        finish: datetime.date | None = None
        if not recurring and rng.random() >= scale.stall_share:
            finish = issued + datetime.timedelta(days=max(10, round(span * rng.triangular(0.45, 1.7, 0.8))))
        ceiling = rng.randint(30, 85)  # where a stalled task's progress stops
        month = issued if issued.day <= 10 else _add_months(issued.replace(day=1), 1)
        year_month = (month.year, month.month)
        done = False
        while year_month <= last_month and not done:
            due = datetime.date(year_month[0], year_month[1], settings.REPORTING_DUE_DAY)
            period = period_ids[year_month]
            for lead_index, agency in enumerate(leads[task_id]):
                if done:
                    break
                roll = rng.random()
                completion = lead_index == 0 and finish is not None
                if roll >= scale.report_probability and not (completion and finish <= due and rng.random() < 0.5):
                    continue  # missing this month
                if rng.random() < scale.late_share:
                    sent_on = due + datetime.timedelta(days=rng.randint(1, 12))
                else:
                    sent_on = due - datetime.timedelta(days=rng.randint(0, 9))
                completes = completion and finish <= sent_on
                if sent_on >= today:
                    if year_month == last_month and rng.random() < 0.3:  # this month's draft, not sent yet
                        started = _at(min(sent_on, today) - datetime.timedelta(days=1), _office_time(rng))
                        started = min(started, horizon - datetime.timedelta(hours=1))
                        reports.append(
                            _report_row(counters("report"), task_id, period, agency, WorkState.IN_PROGRESS,
                                        rng.randint(10, 80), "", None, ReportStatus.DRAFT, None, None, None, None,
                                        None, None, False, started, started, rng, people)
                        )  # fmt: skip
                    continue
                if completes:
                    state, progress, delivered = WorkState.COMPLETED, 100, min(finish, sent_on)
                elif recurring:
                    state, progress, delivered = WorkState.IN_PROGRESS, rng.randint(40, 90), None
                else:
                    target = finish or (issued + datetime.timedelta(days=span))
                    share = (sent_on - issued).days / max(1, (target - issued).days)
                    progress = max(0, min(95 if finish else ceiling, round(100 * share) + rng.randint(-8, 5)))
                    state = WorkState.NOT_STARTED if progress == 0 else WorkState.IN_PROGRESS
                    delivered = None
                report_id = counters("report")
                submitted = _at(sent_on, _office_time(rng))
                created = submitted - datetime.timedelta(days=rng.randint(0, 4), minutes=rng.randint(5, 300))
                events = _review_events(rng, submitted, horizon, completes)
                final_submit, approved, received, status, review_rows = events
                if completes:
                    done = True
                    number = rng.randint(10, 3000)
                    document = f"{number}/{rng.choice(EVIDENCE_DOCUMENTS)}"
                    evidence.append(_evidence_row(counters("evidence"), report_id, document, delivered, created, rng))
                    if rng.random() < 0.4:
                        evidence.append(_evidence_row(counters("evidence"), report_id, "", delivered, created, rng))
                elif rng.random() < 0.3:
                    document = f"{rng.randint(10, 3000)}/{rng.choice(EVIDENCE_DOCUMENTS)}" if rng.random() < 0.5 else ""
                    evidence.append(_evidence_row(counters("evidence"), report_id, document, sent_on, created, rng))
                for decision, at in review_rows:
                    comment = "" if decision == ReviewDecision.ACCEPTED else rng.choice(RETURN_COMMENTS)
                    reviews.append((counters("review"), report_id, decision, comment, people.office, at, at))
                updated = max([final_submit, *(at for _d, at in review_rows), approved or final_submit])
                result_public = completes and public and status == ReportStatus.ACCEPTED and rng.random() < 0.5
                reports.append(
                    _report_row(report_id, task_id, period, agency, state, progress, delivered, delivered, status,
                                final_submit, approved, received, due, people.officer.get(agency),
                                people.head.get(agency) if approved else None, result_public, created, updated, rng,
                                people)
                )  # fmt: skip
            month = _add_months(datetime.date(year_month[0], year_month[1], 1), 1)
            year_month = (month.year, month.month)


def _review_events(rng, submitted, horizon, completes):
    """The report's life after it is sent: head approval, the office's reviews, a return and resubmission.

    Returns (last submission, approval, receipt, report status, [(decision, at), …]); events after
    `horizon` have not happened yet.
    """
    approved = submitted + datetime.timedelta(hours=rng.randint(1, 48))
    if approved >= horizon:
        return submitted, None, None, ReportStatus.SUBMITTED, []
    first_review = approved + datetime.timedelta(days=rng.randint(1, 10), minutes=rng.randint(0, 400))
    if first_review >= horizon:
        return submitted, approved, None, ReportStatus.APPROVED, []
    if rng.random() >= (0.12 if completes else 0.04):
        return submitted, approved, first_review, ReportStatus.ACCEPTED, [(ReviewDecision.ACCEPTED, first_review)]
    reviews = [(ReviewDecision.RETURNED, first_review)]
    resubmitted = first_review + datetime.timedelta(days=rng.randint(2, 10), minutes=rng.randint(0, 300))
    if resubmitted >= horizon:
        return submitted, approved, first_review, ReportStatus.RETURNED, reviews
    approved = resubmitted + datetime.timedelta(hours=rng.randint(1, 24))
    second_review = approved + datetime.timedelta(days=rng.randint(1, 8))
    if approved >= horizon:
        return resubmitted, None, first_review, ReportStatus.SUBMITTED, reviews
    if second_review >= horizon:
        return resubmitted, approved, first_review, ReportStatus.APPROVED, reviews
    reviews.append((ReviewDecision.ACCEPTED, second_review))
    return resubmitted, approved, first_review, ReportStatus.ACCEPTED, reviews


def _report_row(
    report_id, task_id, period, agency, state, progress, product_on, delivered, status, submitted, approved,
    received, due, officer, head, result_public, created, updated, rng, people,
) -> tuple:  # fmt: skip
    if state == WorkState.COMPLETED:
        work = "Đã hoàn thành nhiệm vụ, sản phẩm đã được ban hành, đưa vào sử dụng."
        product = f"Sản phẩm hoàn thành ngày {product_on.day}/{product_on.month}/{product_on.year}"
    elif state == WorkState.NOT_STARTED:
        work, product = "Đang xây dựng kế hoạch triển khai.", ""
    else:
        work = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}; đạt khoảng {progress}% khối lượng công việc."
        product = ""
    difficulties = rng.choice(DIFFICULTIES) if rng.random() < 0.15 else ""
    proposals = rng.choice(PROPOSALS) if difficulties and rng.random() < 0.6 else ""
    is_late = submitted is not None and timezone.localtime(submitted, TZ).date() > due
    return (
        report_id, task_id, period, agency, state, progress, nfc(work), product, delivered, difficulties, proposals,
        status, submitted, officer if submitted else None, approved, head, received, is_late, result_public,
        created, updated,
    )  # fmt: skip


def _evidence_row(evidence_id, report_id, document, day, created, rng) -> tuple:
    if document:
        kind, url, number, date = EvidenceKind.DOCUMENT, "", document, day
        description = "Văn bản ban hành kết quả thực hiện"
    else:
        kind, url, number, date = (
            EvidenceKind.LINK,
            f"https://egov.example.vn/tin-tuc/{report_id}-{evidence_id}",
            "",
            None,
        )
        description = "Tin bài, trang thông tin về kết quả"
    return (
        evidence_id, report_id, kind, "", "", "", None, "", url, number, date, description, False, None, created,
        created,
    )  # fmt: skip


def months_of(today: datetime.date, months: int) -> list[tuple[int, int]]:
    start = window_start(today, months)
    return [(d.year, d.month) for d in (_add_months(start, i) for i in range(months))]


def generate(
    scale: Scale,
    *,
    seed: int,
    today: datetime.date,
    bases: Bases = Bases(),  # noqa: B008 - frozen dataclass, never mutated
    period_ids: dict[tuple[int, int], int] | None = None,
) -> Iterator[Batch]:
    """The benchmark rows, batch by batch: first the registry and the users, then one batch per region.

    Pure and deterministic: the same scale, seed, today, bases and period ids give the same rows.
    `period_ids` maps (year, month) to a ReportingPeriod id (by default 1, 2, … over the window).
    """
    if period_ids is None:
        period_ids = {ym: i for i, ym in enumerate(months_of(today, scale.months), start=1)}
    agency_rows, regions = _agencies(scale, seed=seed, today=today, bases=bases)
    first = Batch("agencies")
    first.rows[Agency] = agency_rows
    first.users = _users(agency_rows, bases)
    yield first
    people = _People(
        officer={u[3]: u[0] for u in first.users if u[2] == Role.AGENCY_OFFICER},
        head={u[3]: u[0] for u in first.users if u[2] == Role.AGENCY_HEAD},
        office=first.users[-2][0],
        leader=first.users[-1][0],
    )
    counters = _Counters(bases)
    # tasks in proportion to each region's agencies
    total_agencies = sum(len(r.agencies) for r in regions)
    shares = [scale.tasks * len(r.agencies) // total_agencies for r in regions]
    shares[0] += scale.tasks - sum(shares)
    for index, (region, n_tasks) in enumerate(zip(regions, shares, strict=True)):
        yield _region_batch(
            scale,
            region,
            index,
            n_tasks,
            seed=seed,
            today=today,
            counters=counters,
            people=people,
            period_ids=period_ids,
        )


# --- Writing -----------------------------------------------------------------------------------------


def _insert(model: type[models.Model], columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert rows as they are (timestamps included): COPY on PostgreSQL, batched executemany elsewhere."""
    if not rows:
        return
    fields = {f.attname: f for f in model._meta.concrete_fields}
    table = model._meta.db_table
    db_columns = [fields[c].column for c in columns]
    if connection.vendor == "postgresql":
        from psycopg import sql

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in db_columns)
        )
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        return
    quote = connection.ops.quote_name
    statement = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - identifiers from the model's metadata
        quote(table), ", ".join(quote(c) for c in db_columns), ", ".join(["%s"] * len(columns))
    )
    adapt = [
        (i, fields[c]) for i, c in enumerate(columns) if isinstance(fields[c], models.DateField | models.DateTimeField)
    ]
    with connection.cursor() as cursor:
        for chunk in batched(rows, BATCH_SIZE):
            values = []
            for row in chunk:
                row = list(row)
                for i, model_field in adapt:
                    row[i] = model_field.get_db_prep_save(row[i], connection)
                values.append(row)
            cursor.executemany(statement, values)


def _max_id(model: type[models.Model]) -> int:
    return model.objects.aggregate(top=Max("pk"))["top"] or 0


def bench_data_exists() -> bool:
    return (
        Agency.objects.filter(code__startswith=AGENCY_PREFIX).exists()
        or Directive.objects.filter(source_reference__startswith=DIRECTIVE_PREFIX).exists()
        or User.objects.filter(username__startswith=USER_PREFIX).exists()
    )


def _delete(model: type[models.Model], queryset: models.QuerySet) -> int:
    """DELETE … WHERE pk IN (subquery): no per-row signals or history, as the rows came without them."""
    subquery, params = queryset.values("pk").query.sql_with_params()
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    statement = f"DELETE FROM {table} WHERE {pk} IN ({subquery})"  # noqa: S608 - identifiers from metadata
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


@transaction.atomic
def bench_data_delete() -> dict[str, int]:
    """Remove every generated row, dependants first. Rows others added that point at them make it fail."""
    directives = Directive.objects.filter(source_reference__startswith=DIRECTIVE_PREFIX).values("pk")
    reports = ProgressReport.objects.filter(task__directive__in=directives)
    users = User.objects.filter(username__startswith=USER_PREFIX)
    agencies = Agency.objects.filter(code__startswith=AGENCY_PREFIX)
    counts = {
        "thẩm định": _delete(Review, Review.objects.filter(report__in=reports.values("pk"))),
        "minh chứng": _delete(Evidence, Evidence.objects.filter(report__in=reports.values("pk"))),
        "báo cáo": _delete(ProgressReport, reports),
        "phân công": _delete(TaskAssignment, TaskAssignment.objects.filter(task__directive__in=directives)),
        "lịch sử trạng thái": _delete(StatusSpan, StatusSpan.objects.filter(task__directive__in=directives)),
        "nhiệm vụ": _delete(Task, Task.objects.filter(directive__in=directives)),
        "văn bản chỉ đạo": _delete(Directive, Directive.objects.filter(pk__in=directives)),
    }
    for through in (User.groups.through, User.user_permissions.through):
        _delete(through, through.objects.filter(user__in=users.values("pk")))
    counts["tài khoản"] = _delete(User, users)
    agencies.update(parent=None)
    counts["cơ quan"] = _delete(Agency, agencies)
    return counts


def _ensure_periods(today: datetime.date, months: int) -> dict[tuple[int, int], int]:
    wanted = months_of(today, months)
    existing = {(p.year, p.month): p.pk for p in ReportingPeriod.objects.filter(year__gte=wanted[0][0])}
    missing = [
        ReportingPeriod(year=y, month=m, due_on=ReportingPeriod.default_due_on(y, m), is_open=(y, m) == wanted[-1])
        for y, m in wanted
        if (y, m) not in existing
    ]
    ReportingPeriod.objects.bulk_create(missing)
    return {(p.year, p.month): p.pk for p in ReportingPeriod.objects.filter(year__gte=wanted[0][0])}


def _create_users(rows: list[tuple], joined: datetime.datetime) -> None:
    password = make_password(DEMO_PASSWORD)  # once: hashing is deliberately slow
    users = [
        User(
            id=user_id,
            username=username,
            role=role,
            agency_id=agency_id,
            first_name=first,
            last_name=last,
            position_title=title,
            password=password,
            date_joined=joined,
        )
        for user_id, username, role, agency_id, first, last, title in rows
    ]
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    for user in users:
        if user.role == Role.STANDING_OFFICE:
            user_apply_role(user)  # staff flag and the standing office's permission group


def vn_number(n: int) -> str:
    """2000 → '2.000' (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


LABELS = {
    Agency: "cơ quan",
    Directive: "văn bản chỉ đạo",
    Task: "nhiệm vụ",
    TaskAssignment: "phân công",
    ProgressReport: "báo cáo",
    Evidence: "minh chứng",
    Review: "thẩm định",
}


@dataclass
class BenchResult:
    counts: dict[str, int]
    seconds: float


@transaction.atomic
def bench_data_create(
    *, scale: Scale, seed: int, today: datetime.date, log: Callable[[str], object] = lambda _m: None
) -> BenchResult:
    """Write the generated rows in one transaction; the caller checks `bench_data_exists()` first."""
    started = time.monotonic()
    bases = Bases(
        agency=_max_id(Agency),
        directive=_max_id(Directive),
        task=_max_id(Task),
        assignment=_max_id(TaskAssignment),
        report=_max_id(ProgressReport),
        evidence=_max_id(Evidence),
        review=_max_id(Review),
        user=_max_id(User),
    )
    period_ids = _ensure_periods(today, scale.months)
    totals = {model: 0 for model in WRITE_ORDER}
    users = 0
    batches = generate(scale, seed=seed, today=today, bases=bases, period_ids=period_ids)
    for number, batch in enumerate(batches):
        for model in WRITE_ORDER:
            _insert(model, COLUMNS[model], batch.rows[model])
            totals[model] += len(batch.rows[model])
        if batch.users:
            _create_users(batch.users, _at(window_start(today, scale.months), 8 * 60))
            users += len(batch.users)
        if number == 0:
            log(f"Đã tạo {vn_number(totals[Agency])} cơ quan và {vn_number(users)} tài khoản…")
        else:
            log(
                f"{batch.label}: đã tạo {vn_number(totals[Task])} nhiệm vụ, {vn_number(totals[ProgressReport])} báo cáo"
                f" ({time.monotonic() - started:.0f} giây)…"
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [*WRITE_ORDER, User]):
                cursor.execute(statement)
    counts = {LABELS[model]: totals[model] for model in WRITE_ORDER} | {"tài khoản": users}
    return BenchResult(counts, time.monotonic() - started)


def bench_data_analyze(*, vacuum: bool = False) -> None:
    """Refresh the planner's statistics after the bulk load (without them PostgreSQL picks nested loops
    over 1.5 million reports and the status query takes minutes instead of seconds). `vacuum` (PostgreSQL, outside
    a transaction): also VACUUM, the status history's tables included, as autovacuum would do to a database in
    service some time later: until then index-only scans read the table too (the overview measured 1.55 s on a
    freshly generated nation database, 1.14 s after VACUUM)."""

    quote = connection.ops.quote_name
    # VACUUM cannot run in a transaction (a test's, or a caller's atomic block): ANALYZE alone there.
    vacuum = vacuum and connection.vendor == "postgresql" and not connection.in_atomic_block
    command = "VACUUM ANALYZE" if vacuum else "ANALYZE"
    tables = (*WRITE_ORDER, User, *((StatusSpan, StatusTally, LatestReport) if vacuum else ()))
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"{command} {quote(model._meta.db_table)}")


def bench_tasks() -> models.QuerySet:
    return Task.objects.filter(directive__source_reference__startswith=DIRECTIVE_PREFIX)


def format_counts(counts: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{vn_number(n)} {label}" for label, n in counts)
