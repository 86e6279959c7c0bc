"""Failed sign-ins lock an account, and lock an address, each at its own limit (django-axes' handler).

Counted from axes' records in the database (AccessAttempt: one row per username, address and browser), so every
process sees the same counts; only failures within the cool-off (AXES_COOLOFF_MINUTES) count:

- **the account**: AXES_FAILURE_LIMIT failures for one username from anywhere lock it, so guessing one account's
  password from many addresses is stopped;
- **the address**: LOGIN_FAILURES_PER_ADDRESS failures from one address across any usernames lock that address,
  so trying a few passwords on many accounts (password spraying) is stopped.

Locking an account by failing its password on purpose is easy for anyone. So that such a lockout does not shut the
account's owner out, an address the account signed in from successfully within LOGIN_KNOWN_ADDRESS_DAYS (axes'
AccessLog) counts only the failures from that address itself; the address limit still applies there.

Axes compares one number with AXES_FAILURE_LIMIT: `get_failures` gives the account's failures, raised to that
limit once the address has reached its own.
"""

from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.utils import timezone


def _failures(attempts: QuerySet) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def signed_in_from(*, username: str, ip_address: str | None, since) -> bool:
    """Whether `username` signed in successfully from `ip_address` since `since` (axes' access log)."""
    return AccessLog.objects.filter(username=username, ip_address=ip_address, attempt_time__gte=since).exists()


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        address = request.axes_ip_address
        username = get_client_username(request, credentials)
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        account = 0
        if username is not None:
            attempts = recent.filter(username=username)
            known_since = timezone.now() - timedelta(days=settings.LOGIN_KNOWN_ADDRESS_DAYS)
            if signed_in_from(username=username, ip_address=address, since=known_since):
                attempts = attempts.filter(ip_address=address)
            account = _failures(attempts)
        if _failures(recent.filter(ip_address=address)) >= settings.LOGIN_FAILURES_PER_ADDRESS:
            return max(account, get_failure_limit(request, credentials))
        return account
