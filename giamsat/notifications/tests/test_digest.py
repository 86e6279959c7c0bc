"""The daily digest: the day's notifications made once, then one e-mail per person and day with their reminder
sections and their notifications not e-mailed yet, never empty, never twice; sent through a real SMTP server, in
this process and by the real worker process on its schedule."""

import datetime

import pytest
from django.utils import timezone

from conftest import wait_until
from giamsat.directives.choices import Confidentiality
from giamsat.directives.tests.factories import task_led_by
from giamsat.jobs.choices import JobState
from giamsat.jobs.models import Job, Schedule
from giamsat.jobs.registry import handlers
from giamsat.jobs.services import job_start
from giamsat.monitoring.models import ReminderLog
from giamsat.monitoring.reminders import digests_send
from giamsat.notifications.choices import NotificationKind
from giamsat.notifications.models import Notification
from giamsat.notifications.services import notify
from giamsat.reporting.services import period_for

D = datetime.date
AS_OF = D(2026, 6, 10)
PEOPLE = ("officer", "head", "standing_office", "leader", "other_officer")


def addresses(users) -> dict[str, str]:
    for key in PEOPLE:
        users[key].email = f"{key}@example.vn"
        users[key].save()
    return {key: users[key].email for key in PEOPLE}


def the_day(users, agency_skhcn, as_of: datetime.date) -> dict[str, str]:
    """Sở KH&CN has a task overdue for a month, one due in three days and a secret one overdue; the month's
    reporting period is open; the leader has a notification waiting for the digest; Sở Tài chính has nothing."""
    period_for(as_of)
    task_led_by(agency_skhcn, title="Số hóa hồ sơ lưu trữ", deadline=as_of - datetime.timedelta(days=30))
    task_led_by(agency_skhcn, title="Triển khai chữ ký số", deadline=as_of + datetime.timedelta(days=3))
    task_led_by(
        agency_skhcn,
        title="Nhiệm vụ mật về an ninh mạng",
        deadline=as_of - datetime.timedelta(days=30),
        confidentiality=Confidentiality.SECRET,
    )
    notify([users["leader"]], NotificationKind.TASK_ASSIGNED, "Thông báo cho lãnh đạo Ban Chỉ đạo", "/nhiem-vu/")
    return addresses(users)


@pytest.mark.django_db
class DigestTests:
    def test_one_email_per_person_with_their_sections_and_notifications(self, users, agency_skhcn, smtp_sink):
        mail = the_day(users, agency_skhcn, AS_OF)
        outcome = digests_send(as_of=AS_OF)
        assert smtp_sink.recipients() == sorted(mail[key] for key in ("officer", "head", "standing_office", "leader"))
        assert (outcome.sent, outcome.failed) == (4, 0)

        (officer,) = smtp_sink.to(mail["officer"])
        assert officer.subject.startswith("[Giám sát NQ57] Thư tổng hợp ngày 10/06/2026")
        body = officer.body
        assert "Việc cần làm của đơn vị" in body and "Quá hạn 30 ngày" in body and "Số hóa hồ sơ lưu trữ" in body
        assert "Thông báo mới (2):" in body
        assert "Nhiệm vụ đến hạn ngày 13/06/2026" in body and "Còn 3 ngày (tính từ 10/06/2026)." in body
        assert "Kỳ báo cáo 06/2026 đã mở" in body
        assert "an ninh mạng" not in body  # a secret task is named to nobody in the agency

        head = smtp_sink.to(mail["head"])[0].body
        assert "Nhiệm vụ đang vướng cần lãnh đạo chỉ đạo" in head and "Nhiệm vụ đến hạn ngày 13/06/2026" in head
        assert "Kỳ báo cáo 06/2026 đã mở" not in head  # the opening of a period is the officers'
        office = smtp_sink.to(mail["standing_office"])[0].body
        assert "Cảnh báo sớm của các nhiệm vụ" in office and "an ninh mạng" in office
        leader = smtp_sink.to(mail["leader"])[0].body
        assert "Thông báo cho lãnh đạo Ban Chỉ đạo" in leader and "Cảnh báo" not in leader

        assert not Notification.objects.filter(digest=True, emailed_at__isnull=True).exists()
        assert ReminderLog.objects.filter(sent_on=AS_OF, kind="digest").count() == 4

    def test_a_second_run_the_same_day_sends_and_makes_nothing(self, users, agency_skhcn, smtp_sink):
        the_day(users, agency_skhcn, AS_OF)
        digests_send(as_of=AS_OF)
        notices = Notification.objects.count()
        again = digests_send(as_of=AS_OF)
        assert (again.sent, again.created, len(smtp_sink.messages)) == (0, 0, 4)
        assert Notification.objects.count() == notices

    def test_the_next_day_the_reminders_again_but_not_the_same_notices(self, users, agency_skhcn, smtp_sink):
        mail = the_day(users, agency_skhcn, AS_OF)
        digests_send(as_of=AS_OF)
        next_day = digests_send(as_of=AS_OF + datetime.timedelta(days=1))
        assert next_day.created == 0 and next_day.notifications == 0
        body = smtp_sink.to(mail["officer"])[-1].body
        assert "Quá hạn 31 ngày" in body and "Thông báo mới" not in body
        assert len(smtp_sink.to(mail["leader"])) == 1  # nothing new for the leader the next day: no e-mail

    def test_a_notification_kind_out_of_the_digest_stays_on_the_bell_only(self, users, agency_skhcn, smtp_sink):
        mail = addresses(users)
        notify([users["leader"]], NotificationKind.JOB_FINISHED, "Đã xuất báo cáo tháng", "/viec-cua-toi/")
        assert digests_send(as_of=AS_OF).sent == 0 and smtp_sink.messages == []
        notify([users["leader"]], NotificationKind.TASK_ASSIGNED, "Nhiệm vụ mới", "/")
        digests_send(as_of=AS_OF)
        (received,) = smtp_sink.to(mail["leader"])
        assert "Nhiệm vụ mới" in received.body and "Đã xuất báo cáo tháng" not in received.body

    def test_a_refused_email_is_not_recorded_and_goes_out_with_the_next_run(self, users, agency_skhcn, smtp_sink):
        mail = the_day(users, agency_skhcn, AS_OF)
        smtp_sink.refused.add(mail["officer"])
        outcome = digests_send(as_of=AS_OF)
        assert (outcome.sent, outcome.failed) == (3, 1)
        assert not ReminderLog.objects.filter(recipient=users["officer"]).exists()
        assert Notification.objects.filter(recipient=users["officer"], emailed_at__isnull=True).count() == 2
        smtp_sink.refused.clear()
        again = digests_send(as_of=AS_OF)
        assert (again.sent, again.notifications) == (1, 2)
        assert smtp_sink.recipients().count(mail["officer"]) == 1 and len(smtp_sink.messages) == 4

    def test_deadline_notices_follow_the_deadline_in_force(self, users, agency_skhcn, smtp_sink):
        """Once per deadline; a deadline moved by a decision (in force from the day it is decided) is a new notice."""
        from giamsat.directives.services import task_change_deadline

        addresses(users)
        today = timezone.localdate()
        first, moved = today + datetime.timedelta(days=5), today + datetime.timedelta(days=7)
        task = task_led_by(agency_skhcn, title="Triển khai chữ ký số", deadline=first)
        digests_send(as_of=today)
        task_change_deadline(
            task=task,
            new_deadline=moved,
            new_deadline_text="",
            decided_by_number="30-TB/BCĐ",
            acting_user=users["standing_office"],
        )
        digests_send(as_of=today)  # the same day: the new deadline is notified, the digest is not sent again
        digests_send(as_of=today + datetime.timedelta(days=1))
        notices = Notification.objects.filter(recipient=users["officer"], kind=NotificationKind.DEADLINE_SOON)
        assert sorted(n.key for n in notices) == [f"deadline:{task.pk}:{first}", f"deadline:{task.pk}:{moved}"]
        assert f"Nhiệm vụ đến hạn ngày {moved:%d/%m/%Y}" in smtp_sink.to("officer@example.vn")[-1].body


def daily_digest_due() -> None:
    """The worker's schedule row for the digest, with its time already come (the worker keeps a row whose title and
    time are the code's, and starts the job when its time has come)."""
    handler = handlers()["daily_digest"]
    Schedule.objects.update_or_create(
        kind="daily_digest",
        defaults={
            "title": str(handler.title),
            "when": handler.schedule.describe(),
            "next_run_at": timezone.now() - datetime.timedelta(minutes=1),
            "enabled": True,
        },
    )


def test_the_daily_digest_sends_one_email_per_person_to_the_smtp_sink(users, agency_skhcn, smtp_sink, worker_process):
    """The real worker process starts the digest on its schedule and sends through the SMTP server; the same day
    again, nothing is sent."""
    today = timezone.localdate()
    mail = the_day(users, agency_skhcn, today)
    daily_digest_due()
    worker_process.start(env=smtp_sink.env())
    first = wait_until(
        lambda: Job.objects.filter(kind="daily_digest", state__in=(JobState.DONE, JobState.FAILED)).first(),
        what="the scheduled digest to finish",
    )
    assert first.state == JobState.DONE, (first.error, worker_process.log())
    assert first.params["as_of"] == today.isoformat() and first.owner is None
    assert smtp_sink.recipients() == sorted(mail[key] for key in ("officer", "head", "standing_office", "leader"))
    assert "4 thư tổng hợp đã gửi" in first.result_note
    assert "Số hóa hồ sơ lưu trữ" in smtp_sink.to(mail["officer"])[0].body

    again = job_start("daily_digest", owner=None, title="Chạy lại", params={"as_of": today.isoformat()})
    done = wait_until(lambda: Job.objects.filter(pk=again.pk, state=JobState.DONE).first(), what="the second run")
    assert "0 thư tổng hợp đã gửi" in done.result_note
    assert len(smtp_sink.messages) == 4
    assert ReminderLog.objects.filter(sent_on=today, kind="digest").count() == 4
