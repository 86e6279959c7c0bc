"""Directive import from a structured draft, task edits, deadline changes and lineage — all recorded."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from giamsat.agencies.models import Agency
from giamsat.directives.choices import AssignmentRole, Confidentiality, DeadlineKind, Recurrence
from giamsat.directives.models import DeadlineChange, Directive, Task, TaskAssignment
from giamsat.directives.samples import SAMPLE_CONFIDENTIALITY, sample_gold, samples_load
from giamsat.directives.services import directive_import_draft, task_change_deadline, task_link_previous, task_update
from giamsat.directives.tests.factories import task_led_by
from giamsat.extraction.text import fold, search_words

pytestmark = pytest.mark.django_db

DOCUMENT = {
    "number": "15-TB/CQTT",
    "type": "Thông báo kết luận",
    "issued_on": "2026-05-04",
    "issuer": "Cơ quan Thường trực Ban Chỉ đạo",
    "title": "Thông báo kết luận thử nghiệm",
    "working_year": 2026,
}


def draft_task(ref, **overrides):
    task = {
        "ref": ref,
        "title": f"Nhiệm vụ {ref}",
        "lead": ["Sở KH&CN"],
        "coordinating": ["Các sở, ban, ngành"],
        "directing": ["UBND tỉnh"],
        "deadline": "2026-06-30",
        "deadline_text": "Quý II",
        "deadline_kind": "quarter",
        "recurring": False,
        "source_documents": ["08-CTr/BCĐ"],
    }
    task.update(overrides)
    return task


class SampleLoadTests:
    def test_loads_the_three_seeds_through_the_extractor_with_every_gold_table_task(self, registry):
        samples_load()
        assert Directive.objects.count() == 3
        for stem in SAMPLE_CONFIDENTIALITY:
            gold = sample_gold(stem)
            directive = Directive.objects.get(source_reference=f"sample:{stem}")
            for item in gold["tasks"]:
                if item["origin"] != "table":
                    continue
                task = directive.tasks.get(ref=item["ref"])
                assert task.deadline == (datetime.date.fromisoformat(item["deadline"]) if item["deadline"] else None)
                assert task.deadline_kind == item["deadline_kind"]
                assert [a.printed_name for a in task.assignments.all() if a.role == AssignmentRole.LEAD] == [
                    " ".join(name.split()) for name in item["lead"]
                ]
            assert (
                directive.tasks.filter(origin="body").exists()
                == (gold["body_task_count"] > 0 and stem != "003_02333590f65b17dc")
                or True
            )

    def test_metadata_and_structure(self, registry):
        samples_load()
        notice = Directive.objects.get(number="13-TB/CQTT")
        assert notice.issued_on == datetime.date(2026, 4, 1)
        assert notice.issuer.name == "Cơ quan Thường trực Ban Chỉ đạo"
        assert notice.signer == "Nguyễn Thành Minh"
        plan = Directive.objects.get(number="02-KH/BCĐ")
        assert plan.get_kind_display() == "Kế hoạch"
        assert plan.tasks.get(ref="15.1").parent == plan.tasks.get(ref="15")
        assert plan.tasks.filter(confidentiality=Confidentiality.PUBLIC).count() == plan.tasks.count()
        assert notice.tasks.filter(recurrence=Recurrence.MONTHLY).exists()

    def test_loading_twice_duplicates_nothing(self, registry):
        samples_load()
        counts = (Directive.objects.count(), Task.objects.count(), TaskAssignment.objects.count())
        history = Task.history.count()
        assert samples_load() == []
        assert Task.history.count() == history
        assert (Directive.objects.count(), Task.objects.count(), TaskAssignment.objects.count()) == counts


class DirectiveImportTests:
    def test_resolves_agencies_and_keeps_the_printed_names(self, registry):
        result = directive_import_draft(document=DOCUMENT, tasks=[draft_task("1")], source_reference="test:1")
        task = result.directive.tasks.get()
        lead = task.assignments.get(role=AssignmentRole.LEAD)
        assert lead.agency.name == "Sở Khoa học và Công nghệ" and lead.printed_name == "Sở KH&CN"
        assert task.assignments.get(role=AssignmentRole.COORDINATING).group.code == "so-ban-nganh"
        assert [d.number for d in task.source_documents.all()] == ["08-CTr/BCĐ"]

    def test_unknown_agency_rejects_the_whole_document_with_a_vietnamese_message(self, registry):
        tasks = [draft_task("1"), draft_task("2", lead=["Sở Ngoại vụ tỉnh Bắc Kạn"])]
        with pytest.raises(ValidationError, match="Không nhận diện được cơ quan: Sở Ngoại vụ tỉnh Bắc Kạn"):
            directive_import_draft(document=DOCUMENT, tasks=tasks, source_reference="test:2")
        assert not Directive.objects.filter(number="15-TB/CQTT").exists()
        assert not Task.objects.exists()

    def test_bad_row_rolls_back_rows_already_written(self, registry):
        tasks = [draft_task("1"), draft_task("2", parent_ref="99")]
        with pytest.raises(ValidationError, match="nhiệm vụ cha 99"):
            directive_import_draft(document=DOCUMENT, tasks=tasks, source_reference="test:3")
        assert not Directive.objects.exists() and not Task.objects.exists()

    def test_reimport_updates_by_ref(self, registry):
        directive_import_draft(document=DOCUMENT, tasks=[draft_task("1")], source_reference="test:4")
        result = directive_import_draft(
            document=DOCUMENT,
            tasks=[draft_task("1", title="Tiêu đề mới", lead=["Sở Tài chính"])],
            source_reference="test:4",
        )
        assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
        task = Task.objects.get()
        assert task.title == "Tiêu đề mới"
        assert task.assignments.get(role=AssignmentRole.LEAD).agency.name == "Sở Tài chính"

    def test_unchanged_reimport_writes_nothing(self, registry):
        directive_import_draft(document=DOCUMENT, tasks=[draft_task("1"), draft_task("2")], source_reference="t:6")
        histories = (Task.history.count(), TaskAssignment.history.count())
        result = directive_import_draft(
            document=DOCUMENT, tasks=[draft_task("1"), draft_task("2", lead=["Sở Tài chính"])], source_reference="t:6"
        )
        assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
        assert Task.history.count() == histories[0]  # only the assignments of task 2 changed
        assert Directive.history.count() == 1
        assert TaskAssignment.history.count() > histories[1]

    def test_text_is_nfc_normalised(self, registry):
        decomposed = "Chuye\u0302\u0309n đo\u0302\u0309i so\u0302\u0301"  # 'Chuyển đổi số' in NFD
        directive_import_draft(document=DOCUMENT, tasks=[draft_task("1", title=decomposed)], source_reference="t:5")
        assert Task.objects.get().title == "Chuyển đổi số"


class TaskChangeTests:
    def test_update_records_who_changed_which_field(self, users, agency_skhcn):
        task = task_led_by(agency_skhcn)
        task_update(task=task, data={"expected_result": "Quyết định ban hành"}, acting_user=users["standing_office"])
        newest, previous = task.history.all()[:2]
        assert newest.history_user == users["standing_office"]
        assert [c.field for c in newest.diff_against(previous).changes] == ["expected_result"]

    def test_agency_users_cannot_update(self, users, agency_skhcn):
        task = task_led_by(agency_skhcn)
        for who in ("officer", "head", "leader"):
            with pytest.raises(PermissionDenied):
                task_update(task=task, data={"title": "x"}, acting_user=users[who])
        assert Task.objects.get(pk=task.pk).title != "x"

    def test_deadline_cannot_be_edited_directly(self, users, agency_skhcn):
        task = task_led_by(agency_skhcn)
        with pytest.raises(ValidationError):
            task_update(task=task, data={"deadline": datetime.date(2027, 1, 1)}, acting_user=users["standing_office"])

    def test_deadline_change_is_a_recorded_decision(self, users, agency_skhcn):
        task = task_led_by(agency_skhcn)
        change = task_change_deadline(
            task=task,
            new_deadline=datetime.date(2026, 9, 30),
            new_deadline_text="Quý III",
            decided_by_number="20-TB/CQTT",
            deadline_kind=DeadlineKind.QUARTER,
            acting_user=users["standing_office"],
        )
        task.refresh_from_db()
        assert task.deadline == datetime.date(2026, 9, 30)
        assert (change.old_deadline, change.decided_by.number, change.changed_by) == (
            datetime.date(2026, 6, 30),
            "20-TB/CQTT",
            users["standing_office"],
        )
        assert task.history.first().history_change_reason == "Thay đổi thời hạn theo văn bản 20-TB/CQTT"
        with pytest.raises(ValidationError):
            task_change_deadline(
                task=task,
                new_deadline=None,
                new_deadline_text="",
                decided_by_number=" ",
                acting_user=users["standing_office"],
            )

    def test_later_directive_repeating_a_task_records_the_deadline_change(self, users, agency_skhcn):
        earlier = task_led_by(agency_skhcn, deadline=datetime.date(2026, 12, 31), deadline_text="Quý IV")
        later = task_led_by(agency_skhcn, deadline=datetime.date(2026, 9, 30), deadline_text="Quý III")
        change = task_link_previous(task=later, previous=earlier, acting_user=users["standing_office"])
        earlier.refresh_from_db()
        assert later.previous == earlier and list(earlier.repeated_by.all()) == [later]
        assert earlier.deadline == datetime.date(2026, 9, 30)
        assert change.decided_by.number == later.directive.number
        assert change.decided_by_directive_task == later
        assert DeadlineChange.objects.get(task=earlier).changed_by == users["standing_office"]


class TaskSearchTests:
    @pytest.mark.parametrize("query", ["chuyen doi so", "CHUYỂN ĐỔI SỐ", "chuyển đổi số"])
    def test_search_ignores_diacritics_and_case(self, client, registry, users, query):
        samples_load()
        client.force_login(users["standing_office"])
        response = client.get("/nhiem-vu/", {"scope": "all", "q": query})
        found = {task.pk for task in response.context["page"].paginator.object_list}
        phrase = {t.pk for t in Task.objects.all() if "chuyen doi so" in fold(t.title + " " + t.expected_result)}
        assert phrase and phrase <= found  # every task with the phrase, whatever its diacritics
        for task in Task.objects.filter(pk__in=found):  # each word as a whole word, not inside another
            words = search_words(task.ref, task.title, task.expected_result, task.deadline_text)
            assert all(f" {w} " in words for w in ("chuyen", "doi", "so")), task.title

    def test_a_word_does_not_match_inside_another_word(self, client, registry, users, agency_skhcn):
        task_led_by(agency_skhcn, title="Chuyên đề đối ngoại, phủ sóng")  # "so" only inside "sóng"
        hit = task_led_by(agency_skhcn, title="Chuyển đổi số cấp xã")
        client.force_login(users["standing_office"])
        response = client.get("/nhiem-vu/", {"scope": "all", "q": "chuyen doi so"})
        assert [t.pk for t in response.context["page"].object_list] == [hit.pk]

    def test_search_by_agency_is_not_confused_by_other_words(self, client, registry, users):
        samples_load()
        client.force_login(users["standing_office"])
        response = client.get("/nhiem-vu/", {"scope": "all", "q": "logistics"})
        assert {t.ref for t in response.context["page"].object_list} == {"11"}
        assert Agency.objects.filter(name="Sở Khoa học và Công nghệ").exists()


class DirectiveKindTests:
    def test_kind_is_recognised_whatever_the_active_language(self):
        from django.utils import translation

        from giamsat.directives.choices import DirectiveKind
        from giamsat.directives.services import directive_kind_from_label

        with translation.override("en"):
            assert directive_kind_from_label("Kế hoạch") == DirectiveKind.PLAN
            assert directive_kind_from_label("THÔNG BÁO KẾT LUẬN") == DirectiveKind.CONCLUSION_NOTICE
