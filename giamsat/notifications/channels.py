"""How a notification reaches a person outside the application: the channels.

A channel is a class with one method, `send(user, notifications) -> bool`: deliver these notifications (one or
more, all the same person's) and say whether they reached the person (False when the channel has no address for
them). `services.notify` hands each new notification whose person chose "thư ngay" (immediate) for its kind to
every channel, after the transaction that created it commits; the daily digest (monitoring/reminders.py) is an
e-mail of its own and uses `letter` and `notification_lines` from here.

- `EmailChannel`: one e-mail through Django's mail backend (EMAIL_* settings); a notification it sent is marked
  `emailed_at`, so the digest does not repeat it.
- **SMS, Zalo and the like: the one adapter point is the setting NOTIFICATION_EXTRA_CHANNELS**, a list of dotted
  paths to `Channel` subclasses (constructed without arguments). Each receives the same immediate notifications
  as the e-mail channel and decides itself whether it can reach the person (a phone number on the account, a Zalo
  follower id kept by the adapter). None ships with the application: a provincial SMS gateway or a Zalo Official
  Account is a contract and credentials, configured where it is deployed.
"""

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Notification

logger = logging.getLogger(__name__)
SUBJECT_PREFIX = "[Giám sát NQ57]"


class Channel:
    """A way to reach a person at once. Subclasses implement `send`; exceptions are logged by the caller, so a
    channel that fails does not stop the others."""

    name = "channel"

    def send(self, user, notifications: Sequence[Notification]) -> bool:
        raise NotImplementedError


def page_address(url: str) -> str:
    """An address to print in an e-mail: made absolute with SITE_URL when the deployment sets it."""
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{site}{url}" if url.startswith("/") and site else url


def notification_lines(notifications: Sequence[Notification]) -> list[str]:
    """Each notification as a few lines of a plain-text e-mail: title and time, its text, the page's address."""
    lines = []
    for notification in notifications:
        moment = timezone.localtime(notification.created_at).strftime("%d/%m/%Y %H:%M")
        lines.append(f"- {notification.title} ({moment})")
        lines += [f"  {line}" for line in notification.body.splitlines() if line.strip()]
        if notification.url:
            lines.append(f"  {_('Xem tại')}: {page_address(notification.url)}")
    return lines


def letter(user, lines: Sequence[str], *, day=None) -> str:
    """A plain-text e-mail to the person: greeting, the lines, where to choose what they receive, signature."""
    day = day or timezone.localdate()
    return "\n".join(
        [
            _("Kính gửi %(name)s,") % {"name": user.get_full_name() or user.username},
            "",
            *lines,
            "",
            _("Chọn loại thông báo nhận qua thư: %(url)s")
            % {"url": page_address(reverse("notifications:preferences"))},
            _("Hệ thống Giám sát NQ57 (thư tự động, ngày %(day)s).") % {"day": day.strftime("%d/%m/%Y")},
        ]
    )


class EmailChannel(Channel):
    """One e-mail per call: the notification's title as its subject (or how many there are), each one's text."""

    name = "email"

    def __init__(self, connection=None):
        self.connection = connection

    def send(self, user, notifications: Sequence[Notification]) -> bool:
        if not user.email or not notifications:
            return False
        if len(notifications) == 1:
            subject = f"{SUBJECT_PREFIX} {notifications[0].title}"
        else:
            subject = f"{SUBJECT_PREFIX} " + ngettext(
                "%(n)d thông báo mới", "%(n)d thông báo mới", len(notifications)
            ) % {"n": len(notifications)}
        body = letter(user, notification_lines(notifications))
        EmailMessage(subject[:250], body, None, [user.email], connection=self.connection).send()
        return True


def extra_channels() -> list[Channel]:
    """The channels named in NOTIFICATION_EXTRA_CHANNELS (SMS, Zalo: see the module's docstring)."""
    return [import_string(path)() for path in getattr(settings, "NOTIFICATION_EXTRA_CHANNELS", ())]


def deliver_immediately(notification_ids: Sequence[int]) -> int:
    """Send these notifications through every channel now (after the commit that created them); the ones e-mailed
    are marked `emailed_at`. A channel that fails is logged and the others still run. Returns the e-mails sent."""
    pending = list(
        Notification.objects.filter(pk__in=list(notification_ids), emailed_at__isnull=True)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_person: dict[int, list[Notification]] = {}
    for notification in pending:
        by_person.setdefault(notification.recipient_id, []).append(notification)
    email, extra, sent = EmailChannel(), extra_channels(), 0
    for items in by_person.values():
        user = items[0].recipient
        try:
            if email.send(user, items):
                Notification.objects.filter(pk__in=[item.pk for item in items]).update(emailed_at=timezone.now())
                sent += 1
        except Exception:
            logger.exception("notification e-mail to user %s failed", user.pk)
        for channel in extra:
            try:
                channel.send(user, items)
            except Exception:
                logger.exception("notification channel %s failed for user %s", channel.name, user.pk)
    return sent
