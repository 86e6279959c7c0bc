"""Registry upkeep by the standing office: rename, merge, deactivate, aliases — each leaves history."""

import pytest
from django.core.exceptions import ValidationError

from giamsat.accounts.tests.factories import UserFactory
from giamsat.agencies.choices import AgencyKind
from giamsat.agencies.models import Agency, AgencyGroup
from giamsat.agencies.selectors import AgencyResolver, agency_list
from giamsat.agencies.services import agency_create, agency_deactivate, agency_merge, agency_rename, alias_add
from giamsat.directives.choices import AssignmentRole
from giamsat.directives.models import TaskAssignment
from giamsat.directives.tests.factories import TaskAssignmentFactory, TaskFactory

pytestmark = pytest.mark.django_db


class AgencyServiceTests:
    def test_create_adds_names_and_joins_groups_by_rule(self, registry, users):
        agency = agency_create(
            name="Sở Ngoại vụ",
            kind=AgencyKind.STATE,
            parent=Agency.objects.get(code="uy-ban-nhan-dan-tinh-thai-nguyen"),
            short_names=["SNgV"],
            acting_user=users["standing_office"],
        )
        assert AgencyResolver().resolve("SNgV").agency == agency
        assert AgencyGroup.objects.get(code="so-ban-nganh").members.filter(pk=agency.pk).exists()
        assert agency.history.first().history_user == users["standing_office"]

    def test_rename_keeps_the_old_name_as_an_alias(self, registry, users):
        agency = Agency.objects.get(name="Sở Công Thương")
        agency_rename(agency=agency, new_name="Sở Công Thương tỉnh Thái Nguyên", acting_user=users["standing_office"])
        resolver = AgencyResolver()
        assert resolver.resolve("Sở Công Thương").agency == agency
        assert resolver.resolve("Sở Công Thương tỉnh Thái Nguyên").agency == agency
        assert agency.aliases.filter(name="Sở Công Thương").exists()
        record = agency.history.first()
        assert record.name == "Sở Công Thương tỉnh Thái Nguyên"
        assert record.history_user == users["standing_office"]

    def test_alias_used_by_another_agency_is_refused_in_vietnamese(self, registry):
        with pytest.raises(ValidationError, match="đã dùng cho"):
            alias_add(name="Sở KH&CN", agency=Agency.objects.get(name="Sở Tài chính"))

    def test_merge_moves_names_assignments_children_and_users(self, registry, users):
        original = Agency.objects.get(name="Sở Khoa học và Công nghệ")
        duplicate = agency_create(name="Sở Khoa học Công nghệ Thái Nguyên", kind=AgencyKind.STATE)
        child = agency_create(name="Trung tâm thử nghiệm", kind=AgencyKind.STATE, parent=duplicate)
        officer = UserFactory(agency=duplicate)
        moved = TaskAssignmentFactory(agency=duplicate)
        # the same task already names the original as lead: the duplicate row is removed, not doubled
        task = TaskFactory()
        TaskAssignmentFactory(task=task, agency=original, role=AssignmentRole.LEAD)
        TaskAssignmentFactory(task=task, agency=duplicate, role=AssignmentRole.COORDINATING)

        agency_merge(duplicate=duplicate, into=original, acting_user=users["standing_office"])

        duplicate.refresh_from_db()
        assert not duplicate.is_active and duplicate.merged_into == original
        assert AgencyResolver().resolve("Sở Khoa học Công nghệ Thái Nguyên").agency == original
        moved.refresh_from_db()
        assert moved.agency == original
        assert TaskAssignment.objects.filter(task=task, agency=original).count() == 2
        assert not TaskAssignment.objects.filter(agency=duplicate).exists()
        child.refresh_from_db()
        officer.refresh_from_db()
        assert child.parent == original and officer.agency == original
        assert duplicate.history.first().history_user == users["standing_office"]

    def test_merge_into_itself_or_a_descendant_is_refused(self, registry):
        parent = Agency.objects.get(name="Sở Nông nghiệp và Môi trường")
        child = Agency.objects.get(name="Chi cục Kiểm lâm tỉnh")
        with pytest.raises(ValidationError):
            agency_merge(duplicate=parent, into=parent)
        with pytest.raises(ValidationError):
            agency_merge(duplicate=parent, into=child)
        parent.refresh_from_db()
        assert parent.is_active

    def test_deactivate_removes_from_groups_and_lists(self, registry):
        agency = Agency.objects.get(name="Sở Y tế")
        agency_deactivate(agency=agency)
        assert not AgencyGroup.objects.get(code="so-ban-nganh").members.filter(pk=agency.pk).exists()
        assert agency not in agency_list()
        assert agency in agency_list(include_inactive=True)


class AgencySearchTests:
    @pytest.mark.parametrize("query", ["khoa hoc va cong nghe", "Sở KH&CN", "so khcn", "KHOA HỌC"])
    def test_search_by_name_or_alias_without_diacritics(self, registry, query):
        assert Agency.objects.get(name="Sở Khoa học và Công nghệ") in agency_list(q=query)
