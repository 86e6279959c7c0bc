"""Figures computed from the whole data set (dashboard, public portal) are cached under a data version.

Every save or delete of a record the figures depend on bumps the version (signals wired in
monitoring/apps.py), so a cached figure is never older than the data: the next request recomputes.
Keys also carry the "as of" day, since statuses move with time. Bulk updates bypass signals; the code
that does them (data generators, migrations) calls `data_changed()` itself.
"""

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

VERSION_KEY = "giamsat:data-version"
TIMEOUT = 60 * 60  # an hour at most, whatever happens


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def data_changed(*args, **kwargs) -> None:
    """Signal receiver (and plain call): every cached figure is out of date from now on."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(VERSION_KEY, 2, timeout=None)


def cached_figures(parts: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()` once per data version and key parts (e.g. page name, visibility, day, filters)."""
    # Parts may hold what users typed (filters): hashed, the key stays short and safe for any cache backend.
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    key = f"giamsat:figures:{data_version()}:{parts[0]}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=TIMEOUT)
    return value


def cached_render(parts: tuple, template_name: str, context: Callable[[], dict], request) -> SafeString:
    """A page part rendered once per data version, language and key parts: for parts that are the same
    for everyone who reaches them with these parts (no user, no CSRF token inside), whose figures and
    rows cost more to render than to compute."""
    html = cached_figures(
        ("render", template_name, get_language(), *parts), lambda: render_to_string(template_name, context(), request)
    )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escapes
