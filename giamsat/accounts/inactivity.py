"""Accounts unused for ACCOUNT_INACTIVE_DAYS (Nghị định 85/2016/NĐ-CP, TCVN 11930:2017): reads.

An account's last use is its last sign-in, its creation for one never signed in, or the moment an administrator
switched it back on (is_active False → True, from its history), whichever is latest: re-enabling starts the
count again. `giamsat disable_inactive_accounts` disables unused accounts (services.users_disable_unused), and
the sign-in refuses them even before it has run (backends.AccountBackend).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from .models import User


def unused_cutoff(*, now: datetime) -> datetime:
    """Accounts last used before this moment are unused."""
    return now - timedelta(days=settings.ACCOUNT_INACTIVE_DAYS)


def account_reenabled_at(user: User) -> datetime | None:
    """When the account was last switched back on after being disabled; None if it never was."""
    history = user.history.all()
    disabled_at = history.filter(is_active=False).order_by("-history_date").values_list("history_date", flat=True)
    last_disabled = disabled_at.first()
    if last_disabled is None:
        return None
    enabled_at = history.filter(is_active=True, history_date__gt=last_disabled).order_by("history_date")
    return enabled_at.values_list("history_date", flat=True).first()


def account_last_use(user: User) -> datetime:
    signed_in_or_created = user.last_login or user.date_joined
    reenabled = account_reenabled_at(user)
    return max(signed_in_or_created, reenabled) if reenabled else signed_in_or_created


def account_unused(user: User, *, now: datetime) -> bool:
    cutoff = unused_cutoff(now=now)
    if (user.last_login or user.date_joined) >= cutoff:
        return False  # used recently: no query
    return account_last_use(user) < cutoff


def accounts_unused(*, now: datetime) -> list[User]:
    """Active accounts unused for ACCOUNT_INACTIVE_DAYS, by username."""
    cutoff = unused_cutoff(now=now)
    candidates = User.objects.filter(is_active=True).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )
    return [user for user in candidates.order_by("username") if account_last_use(user) < cutoff]
