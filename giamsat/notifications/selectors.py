"""Reading notifications: the bell's count, a person's list, the digest's waiting ones, the preferences table."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from giamsat.extraction.text import query_words

from .choices import DEFAULT_CHANNELS, KIND_HELP, Channels, NotificationKind
from .models import Notification, NotificationPreference

READ, UNREAD = "read", "unread"


def unread_count(user) -> int:
    """The bell's number: one COUNT on the (recipient, read_at) index."""
    return Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()


def notifications_of(user, *, state: str = "", kind: str = "", query: str = "") -> QuerySet[Notification]:
    """The person's notifications shown in the application: unread first, then newest first; filtered by read or
    unread, by kind, and by words of the title or text (without diacritics: "bao cao" finds "báo cáo")."""
    found = Notification.objects.filter(recipient=user, in_app=True)
    if state == UNREAD:
        found = found.filter(read_at__isnull=True)
    elif state == READ:
        found = found.filter(read_at__isnull=False)
    if kind in NotificationKind.values:
        found = found.filter(kind=kind)
    for word in query_words(query):
        found = found.filter(search_text__contains=f" {word} ")
    read = ExpressionWrapper(Q(read_at__isnull=False), output_field=BooleanField())
    return found.annotate(was_read=read).order_by("was_read", "-created_at", "-pk")


def access_notification_by_id(*, user, notification_id: int) -> Notification:
    """One of the person's own notifications; anyone else's, like a missing one, is 404."""
    try:
        return Notification.objects.get(pk=notification_id, recipient=user)
    except Notification.DoesNotExist:
        raise Http404(_("Không tìm thấy thông báo.")) from None


def digest_pending(user_ids: Iterable[int] | QuerySet | None = None) -> dict[int, list[Notification]]:
    """{user id: their notifications waiting for the daily digest (not e-mailed yet), oldest first}: one query.
    `user_ids`: only these people's (ids, or a query of them)."""
    pending = Notification.objects.filter(digest=True, emailed_at__isnull=True)
    if user_ids is not None:
        pending = pending.filter(recipient_id__in=user_ids if isinstance(user_ids, QuerySet) else list(user_ids))
    found: dict[int, list[Notification]] = defaultdict(list)
    for notification in pending.order_by("recipient_id", "created_at", "pk"):
        found[notification.recipient_id].append(notification)
    return dict(found)


@dataclass(frozen=True)
class PreferenceRow:
    kind: str
    label: str
    help: str
    chosen: Channels


def preferences_table(user) -> list[PreferenceRow]:
    """Each kind with what the person receives it by (their choice, or the defaults)."""
    chosen = {
        row.kind: Channels(row.in_app, row.digest, row.immediate)
        for row in NotificationPreference.objects.filter(user=user)
    }
    return [
        PreferenceRow(kind.value, str(kind.label), str(KIND_HELP[kind]), chosen.get(kind, DEFAULT_CHANNELS[kind]))
        for kind in NotificationKind
    ]
