"""Notifications: written where the event happens, read on the bell and the list, e-mailed at once or in the daily
digest.

The app that owns an event calls `notify(...)` inside its own service, after the change and in the same
transaction: a change rolled back leaves no notification, and the immediate e-mails go out only after the commit.
Deciding who may hear of what (a secret task is never named to someone who cannot see it) is the caller's: this app
knows users, not tasks.
"""

import functools
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from giamsat.accounts.choices import AGENCY_ROLES
from giamsat.accounts.models import User
from giamsat.extraction.text import search_words

from .channels import deliver_immediately
from .choices import DEFAULT_CHANNELS, Channels, NotificationKind
from .models import Notification, NotificationPreference


def channels_of(user_ids: Iterable[int], kind: str) -> dict[int, Channels]:
    """{user id: the channels they chose for this kind}, the defaults where they chose nothing: one query."""
    user_ids = list(user_ids)
    chosen = {
        row.user_id: Channels(row.in_app, row.digest, row.immediate)
        for row in NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind)
    }
    return {pk: chosen.get(pk, DEFAULT_CHANNELS[kind]) for pk in user_ids}


def recipients_of_agency(agency_id: int, roles: Iterable[str] = AGENCY_ROLES):
    """The active users of an agency with one of these roles (by default its officers and heads)."""
    return recipients_of_agencies([agency_id], roles)


def recipients_of_agencies(agency_ids: Iterable[int], roles: Iterable[str] = AGENCY_ROLES):
    return User.objects.filter(is_active=True, agency_id__in=list(agency_ids), role__in=list(roles)).order_by("pk")


def notify(recipients: Iterable[User], kind: str, title: str, url: str, *, body: str = "", key: str = ""):
    """Notify each active person of `recipients`, on the channels they chose for `kind` (choices.DEFAULT_CHANNELS
    unless they chose otherwise): one row each, written together; those who want it at once are e-mailed (and
    reached on NOTIFICATION_EXTRA_CHANNELS) after the commit. With a `key`, a person already notified under that
    key is skipped: a deadline noticed every day is notified once. Returns the notifications created."""
    kind = NotificationKind(kind)
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not people:
        return []
    if key:
        already = set(
            Notification.objects.filter(recipient_id__in=list(people), key=key).values_list("recipient_id", flat=True)
        )
        people = {pk: user for pk, user in people.items() if pk not in already}
    channels = channels_of(people, kind)
    now = timezone.now()
    rows = [
        Notification(
            recipient_id=pk,
            kind=kind,
            title=title[:300],
            body=body,
            url=url[:500],
            key=key[:200],
            in_app=chosen.in_app,
            digest=chosen.digest,
            search_text=search_words(title, body),
            created_at=now,
        )
        for pk, chosen in channels.items()
        if chosen.any
    ]
    if not rows:
        return []
    try:
        with transaction.atomic():
            created = Notification.objects.bulk_create(rows)
    except IntegrityError:  # another transaction notified someone under the same key meanwhile: theirs stands
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        created = list(
            Notification.objects.filter(recipient_id__in=[row.recipient_id for row in rows], key=key, created_at=now)
        )
    immediate = [row.pk for row in created if channels[row.recipient_id].immediate]
    if immediate:
        transaction.on_commit(functools.partial(deliver_immediately, immediate), robust=True)
    return created


@transaction.atomic
def notification_open(*, notification: Notification) -> Notification:
    """The person opened it: read from now on (the first opening's time is kept)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Every unread notification of the person's list read now; how many."""
    return Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_emailed(notification_ids: Iterable[int], *, at=None) -> int:
    """These notifications went out by e-mail (the daily digest): never e-mailed again."""
    return Notification.objects.filter(pk__in=list(notification_ids), emailed_at__isnull=True).update(
        emailed_at=at or timezone.now()
    )


def notifications_unmark_emailed(notification_ids: Iterable[int], *, at) -> int:
    """Undo `notifications_mark_emailed(..., at=at)` when the e-mail could not be sent: the next digest takes them."""
    return Notification.objects.filter(pk__in=list(notification_ids), emailed_at=at).update(emailed_at=None)


@transaction.atomic
def preferences_save(*, user, choices: dict[str, Channels]) -> int:
    """The person's channels per kind, as ticked on the preferences page (kinds not named keep theirs). A choice
    equal to the defaults is stored as no row, so a later change of the defaults reaches them. How many changed."""
    current = {row.kind: row for row in NotificationPreference.objects.select_for_update().filter(user=user)}
    changed = 0
    for kind, chosen in choices.items():
        kind = NotificationKind(kind)
        row = current.get(kind)
        before = Channels(row.in_app, row.digest, row.immediate) if row else DEFAULT_CHANNELS[kind]
        if chosen == before:
            continue
        changed += 1
        if chosen == DEFAULT_CHANNELS[kind]:
            row.delete()
        elif row is None:
            NotificationPreference.objects.create(
                user=user, kind=kind, in_app=chosen.in_app, digest=chosen.digest, immediate=chosen.immediate
            )
        else:
            row.in_app, row.digest, row.immediate = chosen.in_app, chosen.digest, chosen.immediate
            row.save(update_fields=["in_app", "digest", "immediate"])
    return changed
