"""The bell on every signed-in page, the list (unread first, filters, search, pages of 20), opening one, marking all
read, and the preferences page; nobody opens or marks another person's notifications."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from giamsat.notifications.choices import Channels, NotificationKind
from giamsat.notifications.context_processors import Bell
from giamsat.notifications.models import Notification, NotificationPreference
from giamsat.notifications.services import notify

pytestmark = pytest.mark.django_db
LIST = reverse("notifications:list")


def make(user, title="Báo cáo chờ duyệt", kind=NotificationKind.REPORT_WAITING, url="/bao-cao/", **fields):
    (notification,) = notify([user], kind, title, url)
    if fields:
        Notification.objects.filter(pk=notification.pk).update(**fields)
        notification.refresh_from_db()
    return notification


def bell_label(html: str) -> str:
    """The bell's name as a screen reader says it (its visually hidden text; the number beside it is hidden)."""
    return re.search(r'data-testid="bell-label">([^<]*)<', html).group(1)


class BellTests:
    def test_every_signed_in_page_shows_the_unread_count(self, client, users):
        make(users["officer"])
        make(users["officer"], title="Nhiệm vụ mới")
        make(users["officer"], title="Đã đọc", read_at=timezone.now())
        make(users["head"])
        client.force_login(users["officer"])
        for url in (reverse("directives:task_list"), reverse("jobs:list"), LIST):
            html = client.get(url).content.decode()
            assert bell_label(html) == "Thông báo (2 chưa đọc)"
            assert '<span class="bell-count" aria-hidden="true">2</span>' in html
        assert f'href="{LIST}"' in html

    def test_no_unread_no_number(self, client, users):
        client.force_login(users["leader"])
        html = client.get(reverse("directives:task_list")).content.decode()
        assert bell_label(html) == "Thông báo (không có thông báo chưa đọc)" and "bell-count" not in html

    def test_signed_out_there_is_no_bell(self, client):
        assert 'data-testid="bell"' not in client.get(reverse("accounts:login")).content.decode()

    def test_the_count_is_one_query_asked_once(self, users, django_assert_num_queries):
        make(users["officer"])
        bell = Bell(users["officer"])
        with django_assert_num_queries(1):
            assert (bell.unread, bell.unread) == (1, 1)


class ListTests:
    def test_unread_first_then_newest_twenty_a_page(self, client, users):
        start = timezone.now() - datetime.timedelta(days=30)
        for i in range(25):
            make(users["officer"], title=f"Thông báo {i:02d}", created_at=start + datetime.timedelta(hours=i))
        Notification.objects.filter(title__in=["Thông báo 24", "Thông báo 23"]).update(read_at=timezone.now())
        make(users["other_officer"], title="Của người khác")
        client.force_login(users["officer"])
        first = client.get(LIST).context["page"]
        titles = [n.title for n in first]
        assert len(titles) == 20 and titles[:3] == ["Thông báo 22", "Thông báo 21", "Thông báo 20"]
        second = [n.title for n in client.get(LIST, {"page": 2}).context["page"]]
        assert second == ["Thông báo 02", "Thông báo 01", "Thông báo 00", "Thông báo 24", "Thông báo 23"]

    def test_filtered_by_read_kind_and_words_without_diacritics(self, client, users):
        make(users["officer"], title="Báo cáo bị trả lại: 21-KH/BCĐ · 3", kind=NotificationKind.REPORT_RETURNED)
        make(users["officer"], title="Nhiệm vụ mới giao cho đơn vị", kind=NotificationKind.TASK_ASSIGNED)
        make(
            users["officer"],
            title="Kỳ báo cáo 06/2026 đã mở",
            kind=NotificationKind.PERIOD_OPENING,
            read_at=timezone.now(),
        )
        client.force_login(users["officer"])

        def titles(**params):
            return [n.title for n in client.get(LIST, params).context["page"]]

        assert titles(q="bao cao") == ["Báo cáo bị trả lại: 21-KH/BCĐ · 3", "Kỳ báo cáo 06/2026 đã mở"]
        assert titles(state="read") == ["Kỳ báo cáo 06/2026 đã mở"]
        assert len(titles(state="unread")) == 2
        assert titles(kind="task_assigned") == ["Nhiệm vụ mới giao cho đơn vị"]
        partial = client.get(LIST, {"kind": "task_assigned"}, headers={"HX-Request": "true"}).content.decode()
        assert partial.startswith('<div id="notification-table">') and "<html" not in partial

    def test_anonymous_is_sent_to_sign_in(self, client):
        response = client.get(LIST)
        assert response.status_code == 302 and reverse("accounts:login") in response.url


class OpenTests:
    def test_opening_marks_it_read_and_leads_to_its_page(self, client, users):
        notification = make(users["officer"], url="/bao-cao/nhiem-vu/5/?ky=2026-6")
        client.force_login(users["officer"])
        response = client.get(reverse("notifications:open", args=[notification.pk]))
        assert (response.status_code, response.url) == (302, "/bao-cao/nhiem-vu/5/?ky=2026-6")
        notification.refresh_from_db()
        first = notification.read_at
        assert first is not None
        client.get(reverse("notifications:open", args=[notification.pk]))
        notification.refresh_from_db()
        assert notification.read_at == first  # the first opening's time is kept

    @pytest.mark.parametrize("who", ["other_officer", "head", "standing_office", "administrator"])
    def test_another_person_s_notification_is_not_found_and_stays_unread(self, client, users, who):
        notification = make(users["officer"])
        client.force_login(users[who])
        assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
        notification.refresh_from_db()
        assert notification.read_at is None

    @pytest.mark.parametrize("url", ["https://example.com/bao-cao/", "//example.com/x", "javascript:alert(1)", ""])
    def test_an_address_elsewhere_leads_to_the_list(self, client, users, url):
        notification = make(users["officer"], url=url)
        client.force_login(users["officer"])
        response = client.get(reverse("notifications:open", args=[notification.pk]))
        assert (response.status_code, response.url) == (302, LIST)


class MarkAllReadTests:
    def test_marks_only_the_person_s_own(self, client, users):
        make(users["officer"])
        make(users["officer"])
        theirs = make(users["other_officer"])
        client.force_login(users["officer"])
        response = client.post(reverse("notifications:mark_all_read"), follow=True)
        assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()
        assert bell_label(response.content.decode()) == "Thông báo (không có thông báo chưa đọc)"
        assert not Notification.objects.filter(recipient=users["officer"], read_at__isnull=True).exists()
        theirs.refresh_from_db()
        assert theirs.read_at is None

    def test_the_address_opened_changes_nothing(self, client, users):
        make(users["officer"])
        client.force_login(users["officer"])
        response = client.get(reverse("notifications:mark_all_read"))
        assert (response.status_code, response.url) == (302, LIST)
        assert Notification.objects.filter(read_at__isnull=True).count() == 1

    def test_the_button_shows_only_with_unread_ones(self, client, users):
        client.force_login(users["officer"])
        assert "Đánh dấu tất cả đã đọc" not in client.get(LIST).content.decode()
        make(users["officer"])
        assert "Đánh dấu tất cả đã đọc" in client.get(LIST).content.decode()


class PreferencesPageTests:
    URL = reverse("notifications:preferences")

    def test_a_table_of_kinds_and_channels_ticked_as_received_now(self, client, users):
        client.force_login(users["officer"])
        html = client.get(self.URL).content.decode()
        assert html.count("<tr data-kind=") == len(NotificationKind)
        assert "Trong ứng dụng" in html and "Thư tổng hợp hằng ngày" in html and "Thư ngay" in html
        assert re.search(r'name="report_returned__immediate"[^>]*checked', html)
        assert not re.search(r'name="task_assigned__immediate"[^>]*checked', html)
        assert 'for="id_task_assigned__in_app"' in html  # each checkbox has its label

    def test_saved_with_a_message(self, client, users):
        client.force_login(users["officer"])
        ticked = {f"{kind}__in_app": "on" for kind in NotificationKind.values}
        ticked |= {"task_assigned__immediate": "on", "deadline_soon__digest": "on"}
        response = client.post(self.URL, ticked, follow=True)
        assert "Đã lưu tùy chọn nhận thông báo." in response.content.decode()
        chosen = {
            row.kind: Channels(row.in_app, row.digest, row.immediate) for row in NotificationPreference.objects.all()
        }
        assert chosen[NotificationKind.TASK_ASSIGNED] == Channels(True, False, True)
        assert NotificationKind.DEADLINE_SOON not in chosen  # as the defaults: no row
        assert chosen[NotificationKind.REPORT_RETURNED] == Channels(True, False, False)
        assert set(NotificationPreference.objects.values_list("user", flat=True)) == {users["officer"].pk}
