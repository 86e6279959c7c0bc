"""`notify`: one row per person on the channels they chose, once per key, e-mailed at once (to a real SMTP server)
only after the commit and only to those who asked; the extra channels' adapter point; the preferences."""

import pytest
from django.db import transaction

from giamsat.accounts.tests.factories import UserFactory
from giamsat.notifications.channels import Channel, deliver_immediately
from giamsat.notifications.choices import DEFAULT_CHANNELS, Channels, NotificationKind
from giamsat.notifications.models import Notification, NotificationPreference
from giamsat.notifications.selectors import digest_pending, preferences_table, unread_count
from giamsat.notifications.services import notify, preferences_save, recipients_of_agency

pytestmark = pytest.mark.django_db
TASK_ASSIGNED = NotificationKind.TASK_ASSIGNED


def with_email(*people):
    for person in people:
        person.email = f"{person.username}@example.vn"
        person.save()
    return people


class NotifyTests:
    def test_one_row_per_person_on_the_default_channels(self, users):
        made = notify(
            [users["officer"], users["head"], users["officer"]], TASK_ASSIGNED, "Nhiệm vụ mới", "/nhiem-vu/1/"
        )
        assert sorted(n.recipient_id for n in made) == sorted([users["officer"].pk, users["head"].pk])
        row = Notification.objects.get(recipient=users["officer"])
        assert (row.kind, row.title, row.url, row.in_app, row.digest, row.read_at, row.emailed_at) == (
            TASK_ASSIGNED,
            "Nhiệm vụ mới",
            "/nhiem-vu/1/",
            True,
            True,
            None,
            None,
        )
        assert unread_count(users["officer"]) == 1

    def test_each_person_s_choice_decides_and_nothing_is_kept_for_nobody(self, users):
        preferences_save(user=users["officer"], choices={TASK_ASSIGNED: Channels(False, True, False)})
        preferences_save(user=users["head"], choices={TASK_ASSIGNED: Channels(False, False, False)})
        notify([users["officer"], users["head"], users["other_officer"]], TASK_ASSIGNED, "Việc mới", "/")
        officer = Notification.objects.get(recipient=users["officer"])
        assert (officer.in_app, officer.digest) == (False, True)  # not on the bell, in tomorrow's digest
        assert unread_count(users["officer"]) == 0 and list(digest_pending([users["officer"].pk])) == [
            users["officer"].pk
        ]
        assert not Notification.objects.filter(recipient=users["head"]).exists()
        assert Notification.objects.get(recipient=users["other_officer"]).in_app  # the defaults

    def test_an_inactive_person_is_not_notified(self, users):
        users["head"].is_active = False
        users["head"].save()
        assert [n.recipient for n in notify([users["head"], users["officer"]], TASK_ASSIGNED, "x", "/")] == [
            users["officer"]
        ]

    def test_a_key_notifies_each_person_once(self, users):
        key = "deadline:17:2026-06-30"
        assert len(notify([users["officer"]], NotificationKind.DEADLINE_SOON, "Sắp đến hạn", "/", key=key)) == 1
        assert notify([users["officer"]], NotificationKind.DEADLINE_SOON, "Sắp đến hạn", "/", key=key) == []
        again = notify([users["officer"], users["head"]], NotificationKind.DEADLINE_SOON, "Sắp đến hạn", "/", key=key)
        assert [n.recipient for n in again] == [users["head"]]
        assert Notification.objects.filter(key=key).count() == 2
        notify([users["officer"]], NotificationKind.DEADLINE_SOON, "Hạn mới", "/", key="deadline:17:2026-09-30")
        assert Notification.objects.filter(recipient=users["officer"]).count() == 2

    def test_a_rolled_back_change_notifies_nobody(self, users, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks() as callbacks:
            with pytest.raises(RuntimeError), transaction.atomic():
                notify([users["officer"]], NotificationKind.REPORT_RETURNED, "Trả lại", "/")
                raise RuntimeError("the service failed after notifying")
        assert not Notification.objects.exists() and callbacks == []

    def test_recipients_of_an_agency_are_its_active_officers_and_heads(self, users, agency_skhcn):
        UserFactory(username="gone", role="agency_officer", agency=agency_skhcn, is_active=False)
        assert list(recipients_of_agency(agency_skhcn.pk)) == [users["officer"], users["head"]]
        assert list(recipients_of_agency(agency_skhcn.pk, roles=["agency_head"])) == [users["head"]]


class ImmediateEmailTests:
    def test_sent_after_the_commit_to_those_who_chose_it(self, users, smtp_sink, django_capture_on_commit_callbacks):
        officer, head = with_email(users["officer"], users["head"])
        preferences_save(user=officer, choices={TASK_ASSIGNED: Channels(True, True, True)})
        with django_capture_on_commit_callbacks() as callbacks:
            (mine, _head) = notify([officer, head], TASK_ASSIGNED, "Nhiệm vụ mới: 21-KH/BCĐ · 1", "/nhiem-vu/7/")
            assert smtp_sink.messages == []  # nothing leaves before the commit
        for callback in callbacks:
            callback()
        (received,) = smtp_sink.messages
        assert received.recipients == ["officer@example.vn"]
        assert received.subject == "[Giám sát NQ57] Nhiệm vụ mới: 21-KH/BCĐ · 1"
        assert (
            "Kính gửi" in received.body and "/nhiem-vu/7/" in received.body and "/thong-bao/tuy-chon/" in received.body
        )
        mine.refresh_from_db()
        assert mine.emailed_at is not None
        assert list(digest_pending()) == [head.pk]  # e-mailed once: not again in the digest

    def test_a_returned_report_is_emailed_at_once_by_default(
        self, users, smtp_sink, django_capture_on_commit_callbacks
    ):
        (officer,) = with_email(users["officer"])
        with django_capture_on_commit_callbacks(execute=True):
            notify([officer], NotificationKind.REPORT_RETURNED, "Báo cáo bị trả lại", "/bao-cao/", body="Ý kiến: thiếu")
        (received,) = smtp_sink.to("officer@example.vn")
        assert "Ý kiến: thiếu" in received.body

    def test_a_person_without_an_address_is_not_emailed_and_stays_for_later(self, users, smtp_sink):
        (made,) = notify([users["officer"]], NotificationKind.REPORT_RETURNED, "Trả lại", "/")
        assert deliver_immediately([made.pk]) == 0 and smtp_sink.messages == []
        made.refresh_from_db()
        assert made.emailed_at is None


class RecordingChannel(Channel):
    """A channel as a deployment would add for SMS or Zalo (NOTIFICATION_EXTRA_CHANNELS), recording what it gets."""

    name = "recording"
    sent: list = []

    def send(self, user, notifications) -> bool:
        RecordingChannel.sent.append((user.username, [n.title for n in notifications]))
        return True


class BrokenChannel(Channel):
    name = "broken"

    def send(self, user, notifications) -> bool:
        raise ConnectionError("gateway down")


def test_extra_channels_get_the_immediate_ones_and_one_failing_stops_nothing(
    users, settings, smtp_sink, django_capture_on_commit_callbacks
):
    settings.NOTIFICATION_EXTRA_CHANNELS = [f"{__name__}.BrokenChannel", f"{__name__}.RecordingChannel"]
    RecordingChannel.sent = []
    (officer,) = with_email(users["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        notify([officer], NotificationKind.REPORT_RETURNED, "Báo cáo bị trả lại", "/")
        notify([officer], TASK_ASSIGNED, "Nhiệm vụ mới", "/")  # not immediate: no channel hears of it
    assert RecordingChannel.sent == [("officer", ["Báo cáo bị trả lại"])]
    assert len(smtp_sink.messages) == 1


class PreferenceTests:
    def test_the_table_shows_the_defaults_then_the_choice(self, users):
        rows = {row.kind: row for row in preferences_table(users["officer"])}
        assert list(rows) == list(NotificationKind.values)
        assert rows[NotificationKind.REPORT_RETURNED].chosen == Channels(True, True, True)
        assert rows[NotificationKind.JOB_FINISHED].chosen == Channels(True, False, False)
        preferences_save(user=users["officer"], choices={TASK_ASSIGNED: Channels(True, False, True)})
        assert {row.kind: row for row in preferences_table(users["officer"])}[TASK_ASSIGNED].chosen == Channels(
            True, False, True
        )

    def test_a_choice_equal_to_the_defaults_keeps_no_row(self, users):
        assert preferences_save(user=users["officer"], choices={TASK_ASSIGNED: Channels(False, False, False)}) == 1
        assert NotificationPreference.objects.count() == 1
        assert preferences_save(user=users["officer"], choices={TASK_ASSIGNED: DEFAULT_CHANNELS[TASK_ASSIGNED]}) == 1
        assert not NotificationPreference.objects.exists()
        assert preferences_save(user=users["officer"], choices={TASK_ASSIGNED: DEFAULT_CHANNELS[TASK_ASSIGNED]}) == 0
