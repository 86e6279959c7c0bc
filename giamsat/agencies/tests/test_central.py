"""Agencies beyond the province: central bodies, their groups, and other provinces' bodies kept apart."""

import csv
import json
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from giamsat.agencies.choices import AgencyKind, AliasSource
from giamsat.agencies.models import Agency, AgencyAlias, AgencyGroup
from giamsat.agencies.registry import DATA_DIR, registry_load
from giamsat.agencies.selectors import AgencyResolver, province_names
from giamsat.agencies.services import agency_create
from giamsat.directives.choices import AssignmentRole
from giamsat.directives.services import directive_import_draft
from giamsat.extraction.agency_names import agency_key

pytestmark = pytest.mark.django_db

MINISTRIES_2025 = [  # Nghị quyết 176/2025/QH15: 14 bộ, 3 cơ quan ngang bộ
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Ngoại giao",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Xây dựng",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Khoa học và Công nghệ",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Y tế",
    "Bộ Dân tộc và Tôn giáo",
    "Ngân hàng Nhà nước Việt Nam",
    "Thanh tra Chính phủ",
    "Văn phòng Chính phủ",
]


def central_rows() -> list[dict[str, str]]:
    return list(csv.DictReader((DATA_DIR / "central_bodies.csv").open(encoding="utf-8")))


def names(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def resolved_name(printed: str) -> str:
    return str(AgencyResolver().resolve(printed).target)


class CentralBodiesLoadTests:
    def test_every_central_body_resolves_by_its_name_short_names_and_former_names(self, registry):
        resolver = AgencyResolver()
        for row in central_rows():
            agency = resolver.resolve(row["name"]).agency
            assert agency is not None and agency.name == row["name"], row["name"]
            assert agency.kind == row["kind"], row["name"]
            for other in [*names(row["short_names"]), *names(row["former_names"])]:
                assert resolver.resolve(other).agency == agency, other

    def test_the_17_ministries_and_ministry_level_agencies_of_2025_are_central_under_the_government(self, registry):
        government = Agency.objects.get(name="Chính phủ")
        for name in MINISTRIES_2025:
            agency = Agency.objects.get(name=name)
            assert (agency.kind, agency.parent) == (AgencyKind.CENTRAL, government), name
        assert set(AgencyGroup.objects.get(code="bo-co-quan-ngang-bo").members.values_list("name", flat=True)) == set(
            MINISTRIES_2025
        )

    def test_former_names_are_kept_as_old_names(self, registry):
        alias = AgencyAlias.objects.get(name="Bộ Thông tin và Truyền thông")
        assert alias.agency.name == "Bộ Khoa học và Công nghệ"
        assert alias.source == AliasSource.RENAME
        assert AgencyAlias.objects.get(name="Bộ Khoa học và Công nghệ").source == AliasSource.REGISTRY

    def test_central_bodies_join_no_provincial_group(self, registry):
        for code in ("so-ban-nganh", "so-ban-nganh-dia-phuong", "co-quan-don-vi-dia-phuong", "co-quan-don-vi-cap-tinh"):
            members = AgencyGroup.objects.get(code=code).members
            assert not members.filter(kind__in=[AgencyKind.CENTRAL, AgencyKind.ENTERPRISE]).exists(), code

    def test_a_central_body_of_the_seed_list_gets_its_parent_once(self, registry):
        ministry = Agency.objects.get(name="Bộ Xây dựng")  # in seed_agencies.csv too, without a parent
        assert ministry.parent.name == "Chính phủ"
        Agency.objects.filter(pk=ministry.pk).update(parent=None)  # a registry loaded before the central list
        registry_load()
        ministry.refresh_from_db()
        assert ministry.parent.name == "Chính phủ"
        assert AgencyGroup.objects.get(code="bo-co-quan-thuoc-chinh-phu").members.filter(pk=ministry.pk).exists()
        office_choice = Agency.objects.get(name="Quốc hội")
        Agency.objects.filter(pk=ministry.pk).update(parent=office_choice)
        registry_load()
        ministry.refresh_from_db()
        assert ministry.parent == office_choice  # an existing parent is never overwritten

    def test_loading_twice_creates_nothing_new_and_counts_the_central_bodies(self, registry):
        counts = (Agency.objects.count(), AgencyAlias.objects.count(), AgencyGroup.objects.count())
        second = registry_load()
        assert (second.agencies_created, second.aliases_created, second.groups_created) == (0, 0, 0)
        assert (Agency.objects.count(), AgencyAlias.objects.count(), AgencyGroup.objects.count()) == counts
        assert second.central == len(central_rows())
        assert "cơ quan Trung ương" in str(second)

    def test_a_bad_central_list_writes_nothing(self, registry, tmp_path):
        data_dir = tmp_path / "data"
        shutil.copytree(DATA_DIR, data_dir)
        with (data_dir / "central_bodies.csv").open("a", encoding="utf-8") as f:
            f.write("Bộ Thử nghiệm,,,central,Chính phủ,test\n")
            f.write("Cục Thử nghiệm,,,central,Bộ Không có,test\n")
        with pytest.raises(ValidationError, match="Bộ Không có"):
            registry_load(data_dir=data_dir)
        assert not Agency.objects.filter(name="Bộ Thử nghiệm").exists()
        assert not AgencyAlias.objects.filter(name="Bộ Thử nghiệm").exists()

    def test_stored_keys_follow_new_abbreviations_on_reload(self, registry):
        alias = AgencyAlias.objects.get(name="BHXH VN")
        AgencyAlias.objects.filter(pk=alias.pk).update(key="bhxh vn")  # as keyed before 'BHXH' was known
        result = registry_load()
        alias.refresh_from_db()
        assert alias.key == "bao hiem xa hoi vn"
        assert result.aliases_rekeyed == 1


class CentralResolveTests:
    @pytest.mark.parametrize(
        ("printed", "expected"),
        [
            # full names, case and spacing as printed
            ("Bộ Xây dựng", "Bộ Xây dựng"),
            ("Bộ Công An", "Bộ Công an"),
            ("Bộ Công thương", "Bộ Công Thương"),
            ("  Văn phòng   Chính phủ ", "Văn phòng Chính phủ"),
            ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Bộ Nông nghiệp và Môi trường"),
            ("Ban Tổ chức Trung ương", "Ban Tổ chức Trung ương"),
            ("Đảng ủy Chính phủ", "Đảng ủy Chính phủ"),
            ("Đảng uỷ Chính phủ", "Đảng ủy Chính phủ"),
            ("Kiểm toán nhà nước", "Kiểm toán Nhà nước"),
            ("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"),
            # abbreviations
            ("Bộ KH&CN", "Bộ Khoa học và Công nghệ"),
            ("Bộ KHCN", "Bộ Khoa học và Công nghệ"),
            ("Bộ NN&MT", "Bộ Nông nghiệp và Môi trường"),
            ("BHXH Việt Nam", "Bảo hiểm xã hội Việt Nam"),
            ("Bộ GD&ĐT", "Bộ Giáo dục và Đào tạo"),
            ("Bộ VH-TT&DL", "Bộ Văn hóa, Thể thao và Du lịch"),
            ("VPCP", "Văn phòng Chính phủ"),
            ("NHNN", "Ngân hàng Nhà nước Việt Nam"),
            ("Ủy ban TW MTTQ Việt Nam", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"),
            ("UBTƯ MTTQ Việt Nam", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"),
            ("ĐHQG TP.HCM", "Đại học Quốc gia Thành phố Hồ Chí Minh"),
            ("Cục KSTTHC (VPCP)", "Cục Kiểm soát thủ tục hành chính"),
            ("EVN", "Tập đoàn Điện lực Việt Nam"),
            # names before the 2025 reorganisation
            ("Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"),
            ("Bộ TT&TT", "Bộ Khoa học và Công nghệ"),
            ("Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Môi trường"),
            ("Bộ NN&PTNT", "Bộ Nông nghiệp và Môi trường"),
            ("Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"),
            ("Bộ KH&ĐT", "Bộ Tài chính"),
            ("Bộ Giao thông vận tải", "Bộ Xây dựng"),
            ("Bộ LĐ-TB&XH", "Bộ Nội vụ"),
            ("Ủy ban Dân tộc", "Bộ Dân tộc và Tôn giáo"),
            ("Ban Tuyên giáo Trung ương", "Ban Tuyên giáo và Dân vận Trung ương"),
            ("Ban Kinh tế Trung ương", "Ban Chính sách, chiến lược Trung ương"),
            ("Tổng cục Thuế", "Cục Thuế"),
            ("Tập đoàn Dầu khí Việt Nam", "Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam"),
            ("Ủy ban Kinh tế của Quốc hội", "Ủy ban Kinh tế và Tài chính"),
            # person or position words in front, a scope in parentheses, words after the name
            ("Bộ trưởng Bộ Tài chính", "Bộ Tài chính"),
            ("Bộ Tư pháp (b/c)", "Bộ Tư pháp"),
            ("Bộ Nông nghiệp và Môi trường (mạng lưới quốc gia)", "Bộ Nông nghiệp và Môi trường"),
            ("Thủ tướng, các Phó Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
            ("Bộ trưởng Bộ Tư pháp và Bộ trưởng Bộ Nội vụ", "Bộ Tư pháp"),
            # the existing fuzzy rule, among names with the same head word
            ("Bộ Nông nghiệp và Môi trườn", "Bộ Nông nghiệp và Môi trường"),
        ],
    )
    def test_printed_forms(self, registry, printed, expected):
        assert resolved_name(printed) == expected

    def test_a_typo_resolves_by_fuzzy_match_with_its_score(self, registry):
        resolution = AgencyResolver().resolve("Bộ Xây dựngg")
        assert (resolution.agency.name, resolution.method) == ("Bộ Xây dựng", "fuzzy")
        assert 94 <= resolution.score < 100


class CentralGroupTests:
    @pytest.mark.parametrize(
        ("printed", "code"),
        [
            ("Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ", "bo-co-quan-thuoc-chinh-phu"),
            ("Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ", "bo-co-quan-thuoc-chinh-phu"),
            ("Các bộ, cơ quan ngang bộ, cơ quan thuộc CP", "bo-co-quan-thuoc-chinh-phu"),
            ("Các bộ, ngành", "bo-co-quan-thuoc-chinh-phu"),
            ("Các bộ, ngành liên quan", "bo-co-quan-thuoc-chinh-phu"),
            ("Các Bộ, cơ quan liên quan", "bo-co-quan-thuoc-chinh-phu"),
            ("Các bộ, cơ quan ngang bộ", "bo-co-quan-ngang-bo"),
            ("Các bộ, ngành, địa phương", "bo-nganh-dia-phuong"),
            ("Các bộ ngành và các địa phương", "bo-nganh-dia-phuong"),
            ("Các bộ, ngành, địa phương liên quan", "bo-nganh-dia-phuong"),
            ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "ubnd-cac-tinh-thanh-pho"),
            ("UBND các tỉnh/thành phố", "ubnd-cac-tinh-thanh-pho"),
            ("UBND CÁC TỈNH/THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG", "ubnd-cac-tinh-thanh-pho"),
            ("UBND các tỉnh, thành phố khác", "ubnd-cac-tinh-thanh-pho"),
            ("Các tỉnh uỷ, thành uỷ, đảng uỷ trực thuộc Trung ương", "tinh-uy-thanh-uy"),
            ("Các cơ quan, ban đảng Trung ương", "ban-dang-trung-uong"),
            ("Văn phòng Trung ương và các Ban của Đảng", "ban-dang-trung-uong"),
            ("Cơ quan trung ương của các tổ chức chính trị - xã hội", "doan-the-trung-uong"),
            ("Hội đồng Dân tộc và các Ủy ban của Quốc hội", "co-quan-quoc-hoi"),
            ("Các cơ quan Trung ương", "co-quan-trung-uong"),
            ("Các Tập đoàn, TCT", "tap-doan-tong-cong-ty"),
            ("các doanh nghiệp viễn thông", "doanh-nghiep-vien-thong"),
            ("Các đồng chí Bộ trưởng", "cac-bo"),
            ("Bộ trưởng", "cac-bo"),
            ("các bộ liên quan", "cac-bo"),
            ("Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ", "co-quan-ngang-bo-thuoc-chinh-phu"),
            ("các văn phòng tỉnh uỷ, thành uỷ", "van-phong-tinh-uy-thanh-uy"),
            ("Ủy ban nhân dân xã, phường", "xa-phuong"),  # was fuzzy-matched to one commune
        ],
    )
    def test_collective_central_names_resolve_to_groups(self, registry, printed, code):
        resolution = AgencyResolver().resolve(printed)
        assert resolution.group is not None and resolution.group.code == code

    def test_members(self, registry):
        ubnd = Agency.objects.get(name="Ủy ban nhân dân tỉnh Thái Nguyên")
        ministries = AgencyGroup.objects.get(code="bo-co-quan-thuoc-chinh-phu").members
        assert ministries.filter(name="Bộ Khoa học và Công nghệ").exists()
        assert ministries.filter(name="Đài Truyền hình Việt Nam").exists()  # a Government agency
        assert not ministries.filter(name="Bảo hiểm xã hội Việt Nam").exists()  # under Bộ Tài chính since 2025
        assert not ministries.filter(pk=ubnd.pk).exists()
        # what a central document gives 'the provinces' is, for this province, its People's Committee
        assert list(AgencyGroup.objects.get(code="ubnd-cac-tinh-thanh-pho").members.all()) == [ubnd]
        everyone = AgencyGroup.objects.get(code="bo-nganh-dia-phuong").members
        assert everyone.filter(pk=ubnd.pk).exists() and everyone.filter(name="Bộ Xây dựng").exists()
        assert not everyone.filter(kind=AgencyKind.COMMUNE).exists()
        assert list(AgencyGroup.objects.get(code="tinh-uy-thanh-uy").members.values_list("name", flat=True)) == [
            "Tỉnh ủy Thái Nguyên"
        ]


class ProvincialNamesUnchangedTests:
    @pytest.mark.parametrize(
        ("printed", "expected"),
        [
            ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"),
            ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
            ("Bộ Khoa học và Công nghệ", "Bộ Khoa học và Công nghệ"),
            ("Sở Xây dựng", "Sở Xây dựng"),
            ("Sở Xây dựng tỉnh Thái Nguyên", "Sở Xây dựng"),
            ("Sở Nông nghiệp và Môi trường", "Sở Nông nghiệp và Môi trường"),
            ("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh Thái Nguyên"),
            ("UBND tỉnh Thái Nguyên", "Ủy ban nhân dân tỉnh Thái Nguyên"),
            ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
            ("Ban Tổ chức Tỉnh ủy", "Ban Tổ chức Tỉnh ủy"),
            ("Ủy ban MTTQVN tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
            ("UBND phường Bắc Kạn", "Phường Bắc Kạn"),  # a ward of Thái Nguyên, not another province
            (
                "Ban Chỉ đạo tỉnh",
                "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh",
            ),
        ],
    )
    def test_provincial_names_keep_resolving_to_the_province(self, registry, printed, expected):
        assert resolved_name(printed) == expected


class OtherProvincesTests:
    @pytest.mark.parametrize(
        ("printed", "province"),
        [
            ("Sở Xây dựng tỉnh Đồng Tháp", "Đồng Tháp"),
            ("Sở Xây dựng Đồng Tháp", "Đồng Tháp"),
            ("Giám đốc Sở Xây dựng tỉnh Đồng Tháp", "Đồng Tháp"),
            ("UBND tỉnh Nghệ An", "Nghệ An"),
            ("Ủy ban nhân dân Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
            ("Sở Tài chính TP. Hồ Chí Minh", "Hồ Chí Minh"),
            ("UBND thành phố Hà Nội", "Hà Nội"),
            ("Công an tỉnh Lạng Sơn", "Lạng Sơn"),
            ("Sở Khoa học và Công nghệ tỉnh Bắc Ninh", "Bắc Ninh"),
            ("Tỉnh ủy Điện Biên", "Điện Biên"),
            ("Sở Xây dựng tỉnh Bình Dương", "Hồ Chí Minh"),  # merged into Hồ Chí Minh City in 2025
            ("Ban Quản lý khu Kinh tế tỉnh Đồng Tháp", "Đồng Tháp"),
        ],
    )
    def test_another_provinces_body_is_not_stolen_and_stays_as_printed(self, registry, printed, province):
        resolution = AgencyResolver().resolve(printed)
        assert not resolution.resolved, resolution.target
        assert resolution.method == "unknown"
        assert resolution.other_province == province
        assert resolution.printed == printed

    def test_the_province_merged_into_thai_nguyen_is_not_another_province(self, registry):
        resolution = AgencyResolver().resolve("Sở Xây dựng tỉnh Bắc Kạn")
        assert resolution.agency.name == "Sở Xây dựng" and resolution.other_province == ""

    def test_a_body_of_another_province_added_to_the_registry_resolves(self, registry):
        agency = agency_create(name="Sở Xây dựng tỉnh Đồng Tháp", kind=AgencyKind.OTHER)
        resolver = AgencyResolver()
        assert resolver.resolve("Sở Xây dựng tỉnh Đồng Tháp").agency == agency
        assert resolver.resolve("Sở Xây dựng tỉnh Đồng Tháp (phối hợp)").agency == agency
        assert resolver.resolve("Sở Xây dựng").agency.name == "Sở Xây dựng"

    @pytest.mark.parametrize(
        "printed",
        [
            "Mặt trận Tổ quốc Việt Nam tỉnh",  # the provincial committee, not the central one
            "Mặt trận Tổ quốc Việt Nam tại địa phương",
            "Ngân hàng nhà nước khu vực XII",  # a regional branch
            "Kho bạc Nhà nước Thái Nguyên",
            "VNPT Thái Nguyên",  # the provincial unit, not the group
            "Ban Chỉ đạo quốc gia về khắc phục ô nhiễm môi trường",  # not the provincial steering committee
            "Ban Chỉ đạo 389 tỉnh",
        ],
    )
    def test_levels_are_kept_apart(self, registry, printed):
        assert not AgencyResolver().resolve(printed).resolved

    def test_an_import_keeps_the_printed_name_and_flags_it(self, registry):
        task = {
            "ref": "1",
            "title": "Phối hợp xây dựng cơ sở dữ liệu công trình",
            "lead": ["Bộ Xây dựng"],
            "coordinating": ["Sở Xây dựng tỉnh Đồng Tháp", "UBND các tỉnh, thành phố trực thuộc trung ương"],
            "deadline": "2026-12-31",
            "deadline_text": "2026",
            "deadline_kind": "year",
            "recurring": False,
        }
        document = {"number": "2597/QĐ-TTg", "type": "Quyết định", "issued_on": "2025-11-27", "title": "Đề án"}
        with pytest.raises(ValidationError, match="Sở Xây dựng tỉnh Đồng Tháp"):
            directive_import_draft(document=document, tasks=[task], source_reference="test:central")
        result = directive_import_draft(
            document=document, tasks=[task], source_reference="test:central", allow_unresolved=True
        )
        assignments = result.directive.tasks.get().assignments
        assert assignments.get(role=AssignmentRole.LEAD).agency.name == "Bộ Xây dựng"
        other = assignments.get(printed_name="Sở Xây dựng tỉnh Đồng Tháp")
        assert (other.agency, other.group) == (None, None)
        assert assignments.get(printed_name__startswith="UBND các tỉnh").group.code == "ubnd-cac-tinh-thanh-pho"


class ProvinceListTests:
    def test_the_34_provinces_match_the_vietnam_provinces_package(self):
        from vietnam_provinces import Province

        rows = list(csv.DictReader((DATA_DIR / "provinces.csv").open(encoding="utf-8")))
        package = {p.name.removeprefix("Thành phố ") for p in Province.iter_all()}
        assert len(rows) == 34 and {row["name"] for row in rows} == package
        former = [name for row in rows for name in names(row["former_names"])]
        assert len(former) == 30  # 29 provinces merged in 2025, and Thừa Thiên Huế renamed Huế

    def test_mentions(self):
        provinces = province_names()
        assert provinces.others_in("so xay dung tinh dong thap") == {"Đồng Tháp"}
        assert provinces.others_in("so xay dung tinh thai nguyen") == frozenset()
        assert provinces.others_in("trung uong doan thanh nien cong san ho chi minh") == frozenset()
        assert provinces.others_in("uy ban nhan dan thanh pho ho chi minh") == {"Hồ Chí Minh"}


CORPUS_DIR = Path(__file__).resolve().parents[2] / "extraction" / "tests" / "corpus"


def corpus_printed_names() -> list[str]:
    printed = []
    for path in sorted(CORPUS_DIR.glob("*.json")):
        for task in json.loads(path.read_text(encoding="utf-8"))["tasks"]:
            for role in ("directing", "lead", "coordinating"):
                printed += task.get(role) or []
    return printed


class CorpusNamesTests:
    """On the names the hand-checked corpus prints (documents of ministries, the Government and provinces)."""

    def test_ministries_resolve_to_central_bodies_and_other_provinces_to_nothing(self, registry):
        names = corpus_printed_names()
        assert len(names) > 500
        central_groups = {
            row["code"] for row in csv.DictReader((DATA_DIR / "central_groups.csv").open(encoding="utf-8"))
        }
        resolver = AgencyResolver()
        provinces = province_names()
        wrong = []
        for printed in names:
            resolution = resolver.resolve(printed)
            key = agency_key(resolution.name)
            if key.startswith("bo ") and not key.startswith(("bo chi huy", "bo chqs")):
                target = resolution.target
                central = (resolution.agency is not None and resolution.agency.kind == AgencyKind.CENTRAL) or (
                    resolution.group is not None and resolution.group.code in central_groups
                )
                if not central:
                    wrong.append((printed, str(target)))
            if provinces.others_in(key) and resolution.resolved:
                wrong.append((printed, str(resolution.target)))
        assert wrong == []


class LoadRegistryCommandTests:
    def test_the_command_loads_central_bodies_and_can_be_rerun(self, registry):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("load_registry", stdout=out)
        assert "0 cơ quan mới" in out.getvalue() and "0 tên gọi mới" in out.getvalue()
        assert f"{len(central_rows())} cơ quan Trung ương" in out.getvalue()
