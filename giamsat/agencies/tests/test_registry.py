"""The registry loads from its sources, idempotently, and every agency name the seeds print resolves."""

import csv
import json

import pytest

from giamsat.agencies.choices import AgencyKind
from giamsat.agencies.models import Agency, AgencyAlias, AgencyGroup
from giamsat.agencies.registry import DATA_DIR, registry_load
from giamsat.agencies.selectors import AgencyResolver
from giamsat.directives.samples import SAMPLE_CONFIDENTIALITY, SAMPLE_DIR

pytestmark = pytest.mark.django_db

ROLES = ("directing", "lead", "coordinating")


def gold_printed_names() -> list[tuple[str, str, str]]:
    names = []
    for stem in SAMPLE_CONFIDENTIALITY:
        gold = json.loads((SAMPLE_DIR / f"{stem}.json").read_text(encoding="utf-8"))
        for task in gold["tasks"]:
            for role in ROLES:
                names += [(stem, task["ref"], name) for name in task.get(role) or []]
    return names


class RegistryLoadTests:
    def test_loads_the_92_communes_of_thai_nguyen_from_vietnam_provinces(self, registry):
        communes = Agency.objects.filter(kind=AgencyKind.COMMUNE)
        assert communes.count() == 92
        assert communes.filter(name="Phường Phan Đình Phùng", administrative_code="05443").exists()
        assert registry.communes == 92

    def test_loads_every_agency_of_the_seed_csv_with_its_short_names(self, registry):
        rows = list(csv.DictReader((DATA_DIR / "seed_agencies.csv").open(encoding="utf-8")))
        resolver = AgencyResolver()
        for row in rows:
            agency = resolver.resolve(row["name"]).agency
            assert agency is not None, row["name"]
            for short in filter(None, row["short_names"].split("|")):
                assert resolver.resolve(short).agency == agency, short

    def test_tree_parents_follow_the_csv(self, registry):
        forest = Agency.objects.get(name="Chi cục Kiểm lâm tỉnh")
        assert forest.parent.name == "Sở Nông nghiệp và Môi trường"
        assert forest.parent.parent.name == "Ủy ban nhân dân tỉnh Thái Nguyên"

    def test_loading_twice_creates_nothing_new(self, registry):
        counts = (Agency.objects.count(), AgencyAlias.objects.count(), AgencyGroup.objects.count())
        second = registry_load()
        assert (second.agencies_created, second.aliases_created, second.groups_created) == (0, 0, 0)
        assert (Agency.objects.count(), AgencyAlias.objects.count(), AgencyGroup.objects.count()) == counts

    def test_reload_keeps_the_standing_office_edits(self, registry):
        from giamsat.agencies.services import agency_rename

        agency = Agency.objects.get(name="Sở Tư pháp")
        agency_rename(agency=agency, new_name="Sở Tư pháp tỉnh Thái Nguyên")
        registry_load()
        agency.refresh_from_db()
        assert agency.name == "Sở Tư pháp tỉnh Thái Nguyên"
        assert Agency.objects.filter(name__startswith="Sở Tư pháp").count() == 1

    def test_group_members_follow_their_rule(self, registry):
        communes = AgencyGroup.objects.get(code="xa-phuong")
        assert communes.members.count() == 92
        departments = AgencyGroup.objects.get(code="so-ban-nganh")
        assert departments.members.filter(name="Sở Khoa học và Công nghệ").exists()
        assert not departments.members.filter(kind=AgencyKind.COMMUNE).exists()


class GoldNamesResolveTests:
    def test_every_directing_lead_and_coordinating_name_in_the_gold_files_resolves(self, registry):
        resolver = AgencyResolver()
        names = gold_printed_names()
        assert len(names) > 200  # the three gold files, every role
        unresolved = [(stem, ref, name) for stem, ref, name in names if not resolver.resolve(name).resolved]
        assert unresolved == []

    @pytest.mark.parametrize(
        ("printed", "expected"),
        [
            ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
            ("Sở KHCN", "Sở Khoa học và Công nghệ"),
            ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"),
            ("Tỉnh uỷ Thái Nguyên", "Tỉnh ủy Thái Nguyên"),
            ("UBND tỉnh", "Ủy ban nhân dân tỉnh Thái Nguyên"),
            ("Tập đoàn Công nghiệp - Viễn thông quân đội (Viettel)", "Tập đoàn Công nghiệp - Viễn thông Quân đội"),
            ("Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
            ("UBND các xã, phường", "Các xã, phường"),
            ("Các sở, ban, ngành, địa phương, doanh nghiệp liên quan", "Các sở, ban, ngành, địa phương"),
            ("Thủ trưởng các sở, ban, ngành tỉnh", "Các sở, ban, ngành"),
            ("HĐND cấp xã", "Các xã, phường"),
        ],
    )
    def test_printed_forms(self, registry, printed, expected):
        assert str(AgencyResolver().resolve(printed).target) == expected

    def test_parenthetical_scope_is_kept_as_a_note(self, registry):
        resolution = AgencyResolver().resolve("Công an tỉnh (đối với khối chính quyền)")
        assert resolution.agency.name == "Công an tỉnh Thái Nguyên"
        assert resolution.scope_note == "đối với khối chính quyền"

    def test_unknown_name_is_flagged_not_guessed(self, registry):
        resolution = AgencyResolver().resolve("Sở Ngoại vụ tỉnh Bắc Kạn")
        assert not resolution.resolved
        assert resolution.method == "unknown"
        assert resolution.printed == "Sở Ngoại vụ tỉnh Bắc Kạn"

    def test_misspelling_resolves_by_fuzzy_match_with_a_score(self, registry):
        resolution = AgencyResolver().resolve("Sở Khoa hoc và Công nghệ")  # missing tone mark folds the same
        assert resolution.agency.name == "Sở Khoa học và Công nghệ"
        typo = AgencyResolver().resolve("Sở Giáo dục và Đào tạoo")
        assert typo.method == "fuzzy"
        assert typo.agency.name == "Sở Giáo dục và Đào tạo"
        assert 94 <= typo.score < 100
        assert not AgencyResolver().resolve("Sở Ngoại vụ").resolved  # not "Sở Nội vụ"

    def test_inactive_agency_does_not_resolve(self, registry):
        from giamsat.agencies.services import agency_deactivate

        agency_deactivate(agency=Agency.objects.get(name="Sở Xây dựng"))
        assert not AgencyResolver().resolve("Sở Xây dựng").resolved
