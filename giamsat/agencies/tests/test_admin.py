"""Registry upkeep through the admin, as the standing office does it: rename, merge, deactivate, groups."""

import pytest
from django.urls import reverse

from giamsat.agencies.models import Agency, AgencyGroup
from giamsat.agencies.selectors import AgencyResolver

pytestmark = pytest.mark.django_db


def alias_formset(owner, owner_field: str) -> dict:
    """The admin's alias inline as posted back unchanged."""
    aliases = list(owner.aliases.order_by("pk"))
    data = {
        "aliases-TOTAL_FORMS": str(len(aliases)),
        "aliases-INITIAL_FORMS": str(len(aliases)),
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
    }
    for i, alias in enumerate(aliases):
        data |= {
            f"aliases-{i}-id": alias.pk,
            f"aliases-{i}-{owner_field}": owner.pk,
            f"aliases-{i}-name": alias.name,
            f"aliases-{i}-source": alias.source,
        }
    return data


def agency_form(agency: Agency, **changes) -> dict:
    data = {
        "code": agency.code,
        "name": agency.name,
        "kind": agency.kind,
        "parent": agency.parent_id or "",
        "administrative_code": agency.administrative_code,
        "is_active": "on" if agency.is_active else "",
        "note": agency.note,
        **alias_formset(agency, "agency"),
    }
    data.update(changes)
    return data


class AgencyAdminTests:
    def test_rename_in_the_admin_keeps_the_old_name_and_records_who(self, client, users):
        office = users["standing_office"]
        client.force_login(office)
        agency = Agency.objects.get(name="Sở Dân tộc và Tôn giáo")
        response = client.post(
            reverse("admin:agencies_agency_change", args=[agency.pk]),
            agency_form(agency, name="Sở Dân tộc và Tôn giáo tỉnh Thái Nguyên", note="Đổi tên 2026"),
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        agency.refresh_from_db()
        assert agency.name == "Sở Dân tộc và Tôn giáo tỉnh Thái Nguyên"
        assert agency.note == "Đổi tên 2026"  # other fields of the same form are kept
        assert AgencyResolver().resolve("Sở Dân tộc và Tôn giáo").agency == agency
        assert agency.history.first().history_user == office

    def test_merge_action_moves_everything_into_the_chosen_agency(self, client, users):
        client.force_login(users["standing_office"])
        keep = Agency.objects.get(name="Sở Y tế")
        duplicate = Agency.objects.create(code="so-y-te-trung", name="Sở Y Tế tỉnh", kind="state", parent=keep.parent)
        changelist = reverse("admin:agencies_agency_changelist")
        ask = client.post(changelist, {"action": "merge_action", "_selected_action": [duplicate.pk]})
        assert "Hợp nhất cơ quan trùng lặp" in ask.content.decode()
        client.post(
            changelist, {"action": "merge_action", "_selected_action": [duplicate.pk], "apply": "1", "into": keep.pk}
        )
        duplicate.refresh_from_db()
        assert duplicate.merged_into == keep and not duplicate.is_active

    def test_deactivate_action(self, client, users):
        client.force_login(users["standing_office"])
        agency = Agency.objects.get(name="Sở Xây dựng")
        client.post(
            reverse("admin:agencies_agency_changelist"),
            {"action": "deactivate_action", "_selected_action": [agency.pk]},
        )
        agency.refresh_from_db()
        assert not agency.is_active

    def test_group_members_are_recomputed_when_the_group_is_edited(self, client, users):
        client.force_login(users["standing_office"])
        group = AgencyGroup.objects.get(code="thanh-vien-bcd")
        member = Agency.objects.get(name="Sở Tài chính")
        data = {
            "code": group.code,
            "name": group.name,
            "description": group.description,
            "member_kinds": "[]",
            "is_active": "on",
            "included": [member.pk],
            **alias_formset(group, "group"),
        }
        response = client.post(reverse("admin:agencies_agencygroup_change", args=[group.pk]), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        assert list(group.members.all()) == [member]

    def test_a_name_of_another_agency_is_refused_with_a_message(self, client, users):
        client.force_login(users["standing_office"])
        agency = Agency.objects.get(name="Sở Tư pháp")
        data = agency_form(agency)
        n = int(data["aliases-TOTAL_FORMS"])
        data |= {
            "aliases-TOTAL_FORMS": str(n + 1),
            f"aliases-{n}-name": "Sở KH&CN",
            f"aliases-{n}-source": "manual",
            f"aliases-{n}-agency": agency.pk,
        }
        response = client.post(reverse("admin:agencies_agency_change", args=[agency.pk]), data)
        assert response.status_code == 200
        assert "đã dùng cho “Sở Khoa học và Công nghệ”" in response.content.decode()
        assert AgencyResolver().resolve("Sở KH&CN").agency.name == "Sở Khoa học và Công nghệ"

    def test_adding_an_agency_whose_name_is_taken_is_refused(self, client, users):
        client.force_login(users["standing_office"])
        response = client.post(
            reverse("admin:agencies_agency_add"),
            {
                "code": "moi",
                "name": "Sở KHCN",
                "kind": "state",
                "is_active": "on",
                "aliases-TOTAL_FORMS": "0",
                "aliases-INITIAL_FORMS": "0",
                "aliases-MIN_NUM_FORMS": "0",
                "aliases-MAX_NUM_FORMS": "1000",
            },
        )
        assert response.status_code == 200
        assert "đã dùng cho" in response.content.decode()
        assert not Agency.objects.filter(code="moi").exists()
