"""Issue 16, item 5 (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15): the public notice of how personal data is
processed, and each user's own data, on a page and as a JSON download (giamsat/accounts/personal_data.py)."""

import datetime
import json
from base64 import b32encode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP

from giamsat.accounts import two_factor
from giamsat.accounts.audit import audit_record
from giamsat.accounts.choices import AuditKind
from giamsat.accounts.models import AuditEvent
from giamsat.accounts.personal_data import LATEST_AUDIT_ENTRIES, personal_data
from giamsat.accounts.tests.factories import PASSWORD
from giamsat.directives.models import ExtensionRequest
from giamsat.directives.tests.factories import task_led_by
from giamsat.reporting import services as reporting
from giamsat.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db

NOTICE = reverse("accounts:privacy_notice")
PAGE = reverse("accounts:personal_data")
DOWNLOAD = reverse("accounts:personal_data_download")


def download(client: Client) -> dict:
    response = client.get(DOWNLOAD)
    assert response.status_code == 200, response.content.decode()[:500]
    return json.loads(response.content.decode("utf-8"))


@pytest.fixture
def entries(users):
    """Two entries for the officer, one for the officer of another agency, each with a label of its own."""
    officer, other = users["officer"], users["other_officer"]
    audit_record(AuditKind.EXPORTED, actor=officer, target_type="task_list", target_label="xuat-cua-chuyen-vien")
    audit_record(AuditKind.SECRET_VIEWED, actor=officer, target_type="task", target_label="xem-mat-cua-chuyen-vien")
    audit_record(AuditKind.EXPORTED, actor=other, target_type="task_list", target_label="xuat-cua-nguoi-khac")
    return officer, other


class PrivacyNoticeTests:
    def test_is_public_and_states_the_retention_from_settings(self, client, registry, settings):
        response = client.get(NOTICE)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Thông báo về xử lý dữ liệu cá nhân" in body
        assert "91/2025/QH15" in body and "Cơ quan Thường trực Ban Chỉ đạo" in body
        assert f"được lưu {settings.AUDIT_RETENTION_DAYS} ngày" in body
        assert f"không sử dụng quá {settings.ACCOUNT_INACTIVE_DAYS} ngày" in body
        assert "không bao giờ xuất hiện trên cổng thông tin công khai" in body

    def test_the_numbers_follow_the_settings(self, client, registry, settings):
        settings.AUDIT_RETENTION_DAYS = 731
        settings.ACCOUNT_INACTIVE_DAYS = 61
        body = client.get(NOTICE).content.decode()
        assert "được lưu 731 ngày" in body and "không sử dụng quá 61 ngày" in body

    def test_open_to_a_session_that_owes_its_second_factor(self, client, users):
        """Signed in with the password only (the standing office must enrol an authenticator first): the notice
        answers, the user's own data waits for the second factor."""
        response = client.post(reverse("accounts:login"), {"username": "office", "password": PASSWORD})
        assert response.status_code == 302
        assert two_factor.OPEN_VIEWS >= {"accounts:privacy_notice"}
        response = client.get(NOTICE)
        assert response.status_code == 200
        assert 'id="main-nav"' not in response.content.decode()  # no menu before the second factor
        for url in (PAGE, DOWNLOAD):
            response = client.get(url)
            assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor_enrol"))

    def test_linked_from_the_login_page_and_every_footer(self, client, users):
        assert NOTICE in client.get(reverse("accounts:login")).content.decode()
        assert NOTICE in client.get(reverse("portal:index")).content.decode()
        client.force_login(users["officer"])
        footer = client.get(reverse("accounts:two_factor")).content.decode().split('<footer class="footer">')[1]
        assert NOTICE in footer


class PersonalDataPageTests:
    def test_anonymous_is_sent_to_sign_in(self, client, registry):
        for url in (PAGE, DOWNLOAD):
            response = client.get(url)
            assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
        assert not AuditEvent.objects.filter(kind=AuditKind.EXPORTED).exists()

    def test_shows_the_users_own_data_and_not_anothers(self, client, users, entries):
        officer, other = entries
        officer.phone = "0912 345 678"
        officer.position_title = "Chuyên viên phòng Quản lý công nghệ"
        officer.email = "officer@example.vn"
        officer.save()
        client.force_login(officer)
        response = client.get(PAGE)
        assert response.status_code == 200
        body = response.content.decode()
        for shown in ("Trần Thị Mai", "officer", "0912 345 678", "Chuyên viên phòng Quản lý công nghệ",
                      "officer@example.vn", officer.agency.name, "Chuyên viên đơn vị"):  # fmt: skip
            assert shown in body, shown
        assert "xuat-cua-chuyen-vien" in body and "xem-mat-cua-chuyen-vien" in body
        assert "xuat-cua-nguoi-khac" not in body
        assert DOWNLOAD in body

    def test_shows_the_latest_entries_and_counts_them_all(self, client, users):
        officer = users["officer"]
        for number in range(LATEST_AUDIT_ENTRIES + 5):
            audit_record(AuditKind.EXPORTED, actor=officer, target_label=f"muc-{number:03d}")
        client.force_login(officer)  # one more entry: the sign-in
        total = AuditEvent.objects.filter(actor=officer).count()
        body = client.get(PAGE).content.decode()
        assert f"ghi {total} sự kiện do bạn thực hiện" in body
        assert body.count("data-audit-id=") == LATEST_AUDIT_ENTRIES
        assert "muc-054" in body and "muc-000" not in body

    def test_linked_from_the_account_security_page(self, client, users):
        client.force_login(users["head"])
        assert PAGE in client.get(reverse("accounts:two_factor")).content.decode()


class DownloadTests:
    def test_is_a_utf8_json_attachment_of_the_users_own_data(self, client, users, entries, settings):
        officer, other = entries
        client.force_login(officer)
        response = client.get(DOWNLOAD)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="du-lieu-ca-nhan-')
        text = response.content.decode("utf-8")
        assert "Trần Thị" in text and "\\u" not in text  # Vietnamese as written (ensure_ascii=False)
        assert text.startswith('{\n  "')  # indented
        data = json.loads(text)
        profile = data["profile"]
        assert profile["username"] == "officer" and profile["full_name"] == "Trần Thị Mai"
        assert profile["role"] == "agency_officer" and profile["role_label"] == "Chuyên viên đơn vị"
        assert profile["agency"]["id"] == officer.agency_id
        labels = [entry["target_label"] for entry in data["audit_trail"]["entries"]]
        assert "xuat-cua-chuyen-vien" in labels and "xem-mat-cua-chuyen-vien" in labels
        assert "xuat-cua-nguoi-khac" not in text and other.get_username() not in labels
        assert data["audit_trail"]["count"] == len(data["audit_trail"]["entries"])
        entry = next(
            entry for entry in data["audit_trail"]["entries"] if entry["target_label"] == "xuat-cua-chuyen-vien"
        )
        assert entry["kind"] == "exported" and entry["kind_label"] == "Xuất dữ liệu"
        assert entry["at"].endswith("+07:00")  # ISO 8601 with the offset of Asia/Ho_Chi_Minh
        assert set(entry) >= {"at", "kind", "kind_label", "ip_address", "target_label", "path", "detail"}
        assert data["account_history"] and data["account_history"][0]["type"] == "+"
        assert data["retention"] == {
            "audit_trail_days": settings.AUDIT_RETENTION_DAYS,
            "account_inactive_days": settings.ACCOUNT_INACTIVE_DAYS,
        }

    def test_the_download_is_recorded_in_the_audit_trail(self, client, users):
        officer = users["officer"]
        client.force_login(officer)
        download(client)
        event = AuditEvent.objects.get(kind=AuditKind.EXPORTED, actor=officer)
        assert event.target_type == "personal_data" and event.target_label == "officer"
        assert event.detail == {"format": "json"} and event.path == DOWNLOAD
        # the next download holds the first one
        kinds = [(e["kind"], e["target_type"]) for e in download(client)["audit_trail"]["entries"]]
        assert ("exported", "personal_data") in kinds

    def test_holds_no_secret(self, client, users):
        """An enrolled authenticator and ten recovery codes: the file says they exist, never their key or codes; the
        password's hash is not there either."""
        officer = users["officer"]
        device = two_factor.two_factor_enrolment_device(user=officer)
        confirmed = two_factor.two_factor_enrolment_confirm(user=officer, code=f"{TOTP(device.bin_key).token():06d}")
        assert confirmed is not None
        device, codes = confirmed
        client.force_login(officer)
        response = client.get(DOWNLOAD)
        text = response.content.decode("utf-8")
        data = json.loads(text)
        assert data["two_factor"]["enabled"] is True
        assert data["two_factor"]["recovery_codes_left"] == len(codes) == two_factor.RECOVERY_CODE_COUNT
        assert {d["type"] for d in data["two_factor"]["devices"]} == {"authenticator", "recovery_codes"}
        secrets = [device.key, device.key.upper(), b32encode(device.bin_key).decode(), *codes]
        secrets += [officer.password, officer.password.split("$")[-1]]
        for secret in secrets:
            assert secret.lower() not in text.lower(), secret
        assert "password" not in data["profile"] and "key" not in json.dumps(data["two_factor"])
        page = client.get(PAGE).content.decode()
        assert all(secret not in page for secret in secrets)

    def test_lists_the_users_reports_without_other_peoples_names(self, client, users, agency_skhcn):
        officer, head = users["officer"], users["head"]
        head.last_name, head.first_name = "Lê Văn", "Thủ Trưởng"
        head.save()
        task = task_led_by(agency_skhcn)
        period = ReportingPeriodFactory(year=2026, month=5)
        report = reporting.report_save_draft(
            task=task, period=period, data={"progress_percent": 40, "work_done": "Đã khảo sát"}, acting_user=officer
        )
        reporting.report_submit(report=report, acting_user=officer)
        reporting.report_approve(report=report, acting_user=head)

        client.force_login(officer)
        data = download(client)["reporting"]
        assert data["counts"]["total"] == 1 and data["counts"]["submitted"] == 1
        (row,) = data["reports"]
        assert row["id"] == report.pk and row["task_id"] == task.pk and row["period"] == "05/2026"
        assert row["status"] == "approved" and row["submitted_at"] and row["approved_at"]
        assert {"created", "submitted", "step"} <= set(row["my_roles"]) and "approved" not in row["my_roles"]
        assert [step["action"] for step in data["steps"]] == ["submitted"]
        officer_file = json.dumps(download(client), ensure_ascii=False)
        assert "Thủ Trưởng" not in officer_file and '"head"' not in officer_file
        body = client.get(PAGE).content.decode()
        assert 'data-report-role="submitted"' in body

        client.force_login(head)
        (row,) = download(client)["reporting"]["reports"]
        assert row["my_roles"] == ["edited", "approved", "step"]  # approving saves the report: a change of theirs

        client.force_login(users["other_officer"])
        assert download(client)["reporting"]["reports"] == []

    def test_changes_to_the_account_by_others_come_without_their_name_or_address(self, users):
        officer, administrator = users["officer"], users["administrator"]
        administrator.last_name, administrator.first_name = "Phạm Văn", "Quản Trị"
        administrator.save()
        two_factor.two_factor_reset(user=officer, acting_user=administrator)
        officer.position_title = "Phó trưởng phòng"
        officer.save()
        data = personal_data(officer)
        (about,) = [e for e in data["audit_trail_about_account"] if e["kind"] == AuditKind.TWO_FACTOR_CHANGED]
        assert about["detail"] == {"action": "reset_by_administrator"} and set(about) == {
            "id", "at", "kind", "kind_label", "detail"
        }  # fmt: skip
        assert data["account_history"][-1]["position_title"] == "Phó trưởng phòng"
        text = json.dumps(data, ensure_ascii=False)
        assert "Quản Trị" not in text and '"admin"' not in text
        assert AuditKind.TWO_FACTOR_CHANGED not in {entry["kind"] for entry in data["audit_trail"]["entries"]}
        # the administrator's own file holds it as their act, naming the officer's account they acted on
        (act,) = [
            e for e in personal_data(administrator)["audit_trail"]["entries"] if e["kind"] == "two_factor_changed"
        ]
        assert act["target_label"] == "officer"

    def test_counts_every_other_record_that_names_the_user(self, users, agency_skhcn):
        officer = users["officer"]
        task = task_led_by(agency_skhcn)
        ExtensionRequest.objects.create(
            task=task,
            agency=agency_skhcn,
            reason="Chờ ý kiến của Bộ",
            proposed_deadline=datetime.date(2026, 12, 31),
            requested_by=officer,
        )
        records = {row["record"]: row for row in personal_data(officer)["other_records"]}
        row = records["directives.ExtensionRequest.requested_by"]
        assert row["count"] == 1
        assert row["record_label"] == "Đề nghị gia hạn" and row["field_label"] == "Người đề nghị"
        assert "directives.ExtensionRequest.requested_by" not in {
            row["record"] for row in personal_data(users["head"])["other_records"]
        }

    def test_gathers_without_a_request(self, users):
        """personal_data(user) reads only; it records nothing."""
        before = AuditEvent.objects.count()
        data = personal_data(users["leader"])
        assert data["profile"]["username"] == "leader" and data["audit_trail"]["entries"] == []
        assert AuditEvent.objects.count() == before
