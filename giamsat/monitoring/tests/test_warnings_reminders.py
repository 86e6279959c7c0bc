"""Early warnings with their reasons, the warnings page, and reminders sent once per person and day."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from giamsat.accounts.choices import Role
from giamsat.accounts.tests.factories import UserFactory
from giamsat.directives.tests.factories import task_led_by
from giamsat.monitoring.models import ReminderLog
from giamsat.monitoring.status import end_of_day
from giamsat.monitoring.warnings import task_warnings
from giamsat.reporting.services import (
    period_for,
    report_approve,
    report_review,
    report_save_draft,
    report_submit,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def moment(day):
    return end_of_day(day) - datetime.timedelta(hours=12)


def submit(users, task, day, **data):
    period = period_for(day)
    report = report_save_draft(task=task, period=period, data=data, acting_user=users["officer"])
    report_submit(report=report, acting_user=users["officer"], now=moment(day))
    report_approve(report=report, acting_user=users["head"])
    return report


def kinds(task, as_of):
    return {w.kind: w.message for w in task_warnings(tasks=type(task).objects.filter(pk=task.pk), as_of=as_of)}


class WarningTests:
    def test_overdue_with_days_in_words(self, users, agency_skhcn):
        task = task_led_by(agency_skhcn, deadline=D(2026, 5, 31))
        assert kinds(task, D(2026, 6, 10))["overdue"] == "Quá hạn 10 ngày (hạn 31/05/2026)."

    def test_due_soon_with_low_progress(self, users, agency_skhcn):
        task = task_led_by(agency_skhcn, deadline=D(2026, 6, 30))
        submit(users, task, D(2026, 6, 10), progress_percent=40, state="in_progress")
        assert kinds(task, D(2026, 6, 20))["due_soon"] == "Còn 10 ngày đến hạn (30/06/2026) nhưng tiến độ mới đạt 40%."
        assert "due_soon" not in kinds(task, D(2026, 6, 10) - datetime.timedelta(days=10))

    def test_not_reported_after_the_due_day(self, users, agency_skhcn):
        task = task_led_by(agency_skhcn, deadline=D(2026, 12, 31))
        period_for(D(2026, 6, 1))
        assert kinds(task, D(2026, 6, 21))["not_reported"] == "Chưa báo cáo kỳ 06/2026 (hạn nộp 20/06/2026)."
        submit(users, task, D(2026, 6, 15), state="in_progress", progress_percent=10)
        assert "not_reported" not in kinds(task, D(2026, 6, 21))

    def test_each_lead_agency_owes_its_own_report(self, users, agency_skhcn, agency_finance):
        from giamsat.directives.models import TaskAssignment

        task = task_led_by(agency_skhcn, deadline=D(2026, 12, 31))
        TaskAssignment.objects.create(task=task, agency=agency_finance, role="lead", printed_name="Sở Tài chính")
        submit(users, task, D(2026, 6, 15), progress_percent=30)  # Sở Khoa học và Công nghệ's report only
        assert kinds(task, D(2026, 6, 21))["not_reported"] == (
            "Chưa báo cáo kỳ 06/2026 (hạn nộp 20/06/2026): 1/2 cơ quan chủ trì."
        )
        (warning,) = [w for w in task_warnings(tasks=type(task).objects.filter(pk=task.pk), as_of=D(2026, 6, 21))]
        assert warning.agencies == {agency_finance.pk}  # only Sở Tài chính is reminded of it
        finance = UserFactory(username="tc.officer", role=Role.AGENCY_OFFICER, agency=agency_finance)
        finance_head = UserFactory(username="tc.head", role=Role.AGENCY_HEAD, agency=agency_finance)
        report = report_save_draft(task=task, period=period_for(D(2026, 6, 16)), data={}, acting_user=finance)
        report_submit(report=report, acting_user=finance, now=moment(D(2026, 6, 16)))
        report_approve(report=report, acting_user=finance_head)
        assert "not_reported" not in kinds(task, D(2026, 6, 21))

    def test_returned_not_resubmitted_stalled_and_unanswered_difficulty(self, users, agency_skhcn):
        task = task_led_by(agency_skhcn, deadline=D(2026, 12, 31))
        submit(users, task, D(2026, 5, 10), state="in_progress", progress_percent=30)
        report = submit(
            users, task, D(2026, 6, 10), state="in_progress", progress_percent=30, difficulties="Thiếu kinh phí"
        )
        found = kinds(task, D(2026, 6, 12))
        assert found["stalled"] == "Tiến độ không tăng qua hai kỳ báo cáo (30%)."
        assert found["difficulty"] == "Khó khăn, vướng mắc đã báo cáo chưa được trả lời: Thiếu kinh phí"
        report_review(
            report=report,
            decision="returned",
            comment="Đã ghi nhận, đề nghị bổ sung",
            acting_user=users["standing_office"],
            now=moment(D(2026, 6, 12)),
        )
        found = kinds(task, D(2026, 6, 25))
        assert found["returned"] == "Báo cáo bị trả lại ngày 12/06/2026 chưa được gửi lại (quá 7 ngày)."
        assert "difficulty" not in found  # answered by the review comment
        assert "returned" not in kinds(task, D(2026, 6, 15))

    def test_warnings_page_shows_the_agency_its_own(self, client, users, agency_skhcn, agency_finance):
        mine = task_led_by(agency_skhcn, deadline=D(2020, 1, 1), title="Việc của Sở KH&CN")
        task_led_by(agency_finance, deadline=D(2020, 1, 1), title="Việc nội bộ của Sở Tài chính")
        client.force_login(users["officer"])
        response = client.get(reverse("monitoring:warnings"))
        assert {w.task for w in response.context["warnings"]} == {mine}
        assert "Việc nội bộ của Sở Tài chính" not in response.content.decode()
        client.force_login(users["standing_office"])
        response = client.get(reverse("monitoring:warnings"), {"agency": agency_finance.pk, "kind": "overdue"})
        assert [w.task.title for w in response.context["warnings"]] == ["Việc nội bộ của Sở Tài chính"]


class ReminderTests:
    """`giamsat remind` (the worker's daily digest, reminders.py): one e-mail a day per person with their sections and
    their notifications; the notifications app's tests send it through a real SMTP server and the worker."""

    def test_each_person_gets_one_digest_a_day_never_empty(self, users, agency_skhcn, settings):
        from io import StringIO

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        for key in ("officer", "head", "standing_office"):
            users[key].email = f"{key}@example.vn"
            users[key].save()
        users["other_officer"].email = "other@example.vn"
        users["other_officer"].save()
        silent = UserFactory(role=Role.AGENCY_OFFICER, agency=users["other_officer"].agency, email="")
        task_led_by(agency_skhcn, deadline=D(2026, 5, 1), title="Nhiệm vụ quá hạn")
        late = task_led_by(agency_skhcn, deadline=D(2026, 6, 30), title="Nhiệm vụ sắp đến hạn")
        out = StringIO()
        call_command("remind", "--as-of", "2026-06-20", stdout=out)
        assert "đã gửi 3 thư tổng hợp" in out.getvalue()
        recipients = sorted(m.to[0] for m in mail.outbox)
        assert recipients == ["head@example.vn", "officer@example.vn", "standing_office@example.vn"]
        officer_mail = next(m for m in mail.outbox if m.to == ["officer@example.vn"])
        assert officer_mail.subject == "[Giám sát NQ57] Thư tổng hợp ngày 20/06/2026 (2 mục)"
        assert officer_mail.body.index("Nhiệm vụ quá hạn") < officer_mail.body.index("Nhiệm vụ sắp đến hạn")
        assert "Việc cần làm của đơn vị (2):" in officer_mail.body and "Quá hạn 50 ngày" in officer_mail.body
        head_mail = next(m for m in mail.outbox if m.to == ["head@example.vn"])
        assert "Nhiệm vụ đang vướng cần lãnh đạo chỉ đạo (1):" in head_mail.body
        call_command("remind", "--as-of", "2026-06-20", stdout=StringIO())
        assert len(mail.outbox) == 3  # the second run sends nothing
        assert ReminderLog.objects.filter(kind="digest").count() == 3
        assert not ReminderLog.objects.filter(recipient=silent).exists()
        assert late.pk

    def test_the_reminders_and_the_notifications_share_one_email(self, users, agency_skhcn, settings):
        from giamsat.monitoring.reminders import digests_send
        from giamsat.notifications.choices import NotificationKind
        from giamsat.notifications.models import Notification

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        users["officer"].email = "officer@example.vn"
        users["officer"].save()
        task = task_led_by(agency_skhcn, deadline=D(2026, 5, 1), title="Nhiệm vụ quá hạn")
        submit(users, task, D(2026, 5, 20), progress_percent=30)  # the officer's report: approved by the head
        outcome = digests_send(as_of=D(2026, 6, 1))
        (digest,) = mail.outbox
        assert "Việc cần làm của đơn vị (1):" in digest.body and "Thông báo mới (1):" in digest.body
        assert "Lãnh đạo đơn vị đã duyệt báo cáo" in digest.body
        assert (outcome.sent, outcome.notifications) == (1, 1)
        notice = Notification.objects.get(recipient=users["officer"], kind=NotificationKind.REPORT_APPROVED)
        assert notice.emailed_at is not None
        assert digests_send(as_of=D(2026, 6, 2)).notifications == 0  # e-mailed once


class RecurringComplianceTests:
    def test_each_period_is_on_time_late_or_missing(self, users, agency_skhcn, client):
        from django.urls import reverse

        from giamsat.monitoring.status import task_period_compliance
        from giamsat.reporting.models import ReportingPeriod

        task = task_led_by(agency_skhcn, deadline=None, recurrence="monthly")
        submit(users, task, D(2026, 4, 18))  # before the 20th
        submit(users, task, D(2026, 5, 25))  # after the due day
        period_for(D(2026, 6, 1))  # nothing in June
        periods = ReportingPeriod.objects.order_by("due_on")
        got = [(str(p), state) for p, state in task_period_compliance(task, as_of=D(2026, 6, 30), periods=periods)]
        assert got == [("04/2026", "on_time"), ("05/2026", "late"), ("06/2026", "missing")]
        client.force_login(users["officer"])
        page = client.get(reverse("directives:task_detail", args=[task.pk]), {"as_of": "30/06/2026"}).content.decode()
        assert "Báo cáo đúng hạn" in page and "Báo cáo muộn" in page and "Chưa báo cáo" in page

    def test_task_list_marks_what_is_not_reported_this_period(self, users, agency_skhcn, client):
        from django.urls import reverse

        reported = task_led_by(agency_skhcn, deadline=D(2026, 12, 31))
        silent = task_led_by(agency_skhcn, deadline=D(2026, 12, 31))
        submit(users, reported, D(2026, 6, 10))
        client.force_login(users["officer"])
        rows = client.get(reverse("directives:task_list"), {"as_of": "15/06/2026"}).context["page"].object_list
        flags = {t.pk: t.reported_this_period for t in rows}
        assert flags == {reported.pk: True, silent.pk: False}

    def test_status_command_carries_the_warnings(self, users, agency_skhcn):
        import json
        from io import StringIO

        from django.core.management import call_command

        task_led_by(agency_skhcn, deadline=D(2026, 5, 31))
        out = StringIO()
        call_command("status", "--as-of", "2026-06-10", stdout=out)
        (row,) = json.loads(out.getvalue())
        assert row["warnings"] == ["Quá hạn 10 ngày (hạn 31/05/2026)."]
