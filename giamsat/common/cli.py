"""Small helpers shared by the console commands."""

import datetime
import sys
from collections.abc import Callable
from typing import NoReturn

from django.utils import timezone

from .dates import InvalidDay, parse_as_of


def fail(message: str) -> NoReturn:
    """One Vietnamese line on stderr and exit status 2 (a usage error), no traceback."""
    sys.stderr.write(f"Lỗi: {message}\n")
    sys.exit(2)


def as_of_option(value: str | None, *, default: Callable[[], datetime.date] | None = None) -> datetime.date:
    """The --as-of day (dd/mm/yyyy or yyyy-mm-dd, common/dates.py), `default()` (today) when not given; a value
    that is not a day exits 2 with the parser's Vietnamese message."""
    try:
        day = parse_as_of(value)
    except InvalidDay as error:
        fail(error.message_text)
    if day is not None:
        return day
    return default() if default else timezone.localdate()
