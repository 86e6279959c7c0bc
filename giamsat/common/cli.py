"""Small helpers shared by the console commands."""

import datetime
import sys

from django.utils import timezone


def as_of_option(value: str | None) -> datetime.date:
    """The --as-of date (YYYY-MM-DD), today by default; a bad value exits 2 with one Vietnamese line."""
    if not value:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        sys.stderr.write(f"Lỗi: ngày “{value}” không đúng dạng YYYY-MM-DD.\n")
        sys.exit(2)
