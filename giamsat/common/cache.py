"""Cached figures and page parts, keyed so that they cannot be wrong.

A cached body is reused only for requests that would build exactly the same body: its key holds

- what decides visibility, computed on every request from the user's row (`policy.visibility_key`, the agency,
  the language, the address), so a body is never served to someone who would see something else;
- the **version of each domain of data the body reads** (DOMAINS: "tasks" for directives, tasks, assignments,
  deadline changes and document references; "reports" for periods, reports, evidence and reviews; "agencies"
  for agencies and groups), read from the database table `common.DataVersion` once per request;
- the "as of" day, since statuses move with time.

**Versions live in the database, not in the cache.** With a cache per process (LocMem, the default without
Redis: `make run`, or gunicorn's workers) a version kept in the cache is bumped in one worker only, and the
others kept serving what they had cached, a secret task included, for up to an hour. The database is the one
place every process reads: a change is seen by every process on its next request, with or without Redis. The
bodies themselves may stay in a per-process cache: they are found only under the current versions. One query
per request reads all the versions (`DataVersionsMiddleware` keeps them for the rest of the request).

**Versions are bumped after the commit** (`transaction.on_commit`), by receivers wired in monitoring/apps.py.
Why no reader can cache data older than the version it files them under: a reader reads the versions first,
then the data, each read seeing what was committed at that moment. A reader that sees the new version N+1 read
it after the bump, the bump ran after the commit, so all its data reads see the committed change. A reader that
read N and then the data may have seen either the old or the new data, and files them under N: harmless, N is
out of date for everyone once the bump lands, which happens before the writing request returns its response.
Had the version been bumped before the commit (as the cache-held version was, from `post_save` inside the
transaction), a reader between the bump and the commit would have filed the old data under N+1 for an hour.
Bumping inside the transaction (an UPDATE of the version row) would be as safe for readers but would hold the
row lock of a domain until each writing transaction ends, serialising every write of the domain, and writes
touching two domains in different orders could deadlock.

**A transaction's own uncommitted writes.** Inside a transaction that changed a domain, this connection sees
data the versions do not reflect yet: `cached_figures` then computes without the cache for those domains (the
test suite's transaction per test is such a case: within a test, changes show at once; a test that wants the
cache commits them, `django_capture_on_commit_callbacks(execute=True)`).

**Writes without signals** (`QuerySet.update`, `bulk_create`, raw SQL, data generators) must call
`data_changed(domain, ...)` themselves; migrations bump every domain (post_migrate). After restoring a database
from a backup its versions go back in time: clear the cache too (restart the workers, or empty Redis's keys of
this database), or a body cached before the restore under a version reached again could be served.
"""

import hashlib
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

TASKS = "tasks"
REPORTS = "reports"
AGENCIES = "agencies"
DOMAINS = (AGENCIES, REPORTS, TASKS)
TIMEOUT = 60 * 60  # an hour at most: memory, not correctness (the versions decide what is current)
# One computation of a key at a time (`compute_once`): how long the others wait for it before computing themselves,
# and how often they look. The lock expires on its own should its process die while computing.
WAIT_SECONDS = 10.0
WAIT_STEP_SECONDS = 0.02


# --- bumping the versions: after the commit ---------------------------------------------------------------


class _Bump:
    """An on_commit callback raising the versions of its domains; `done` once run (tests may run it early)."""

    def __init__(self, domains: frozenset[str], using: str):
        self.domains, self.using, self.done = domains, using, False

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            bump_versions(self.domains, using=self.using)


def _waiting_bumps(using: str) -> list[tuple[set, _Bump]]:
    """The bumps this connection's open transaction will run when it commits (Django drops those of a rolled
    back transaction or savepoint). `run_on_commit` holds (savepoint ids, callback, robust) since Django 4.2."""
    connection = connections[using]
    if not connection.in_atomic_block:
        return []
    return [(entry[0], entry[1]) for entry in connection.run_on_commit if isinstance(entry[1], _Bump)]


def data_changed(*domains: str, using: str = DEFAULT_DB_ALIAS, **_signal) -> None:
    """The data of these domains (all of them when none is named) changed: their cached figures are out of date
    once the current transaction commits (at once outside a transaction). Also a signal receiver (all domains)."""
    wanted = frozenset(domains or DOMAINS)
    if unknown := wanted - set(DOMAINS):
        raise ValueError(f"Unknown data domains: {sorted(unknown)}")
    connection = connections[using]
    open_savepoints = set(connection.savepoint_ids)
    for savepoints, bump in _waiting_bumps(using):
        # One bump per domain and transaction is enough: one registered in this savepoint or an enclosing one
        # is dropped only if this change is rolled back as well.
        if not bump.done and wanted <= bump.domains and savepoints <= open_savepoints:
            return
    transaction.on_commit(_Bump(wanted, using), using=using)


def bump_versions(domains: Iterable[str], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Raise the versions now (UPDATE ... SET version = version + 1). Called after the commit: use
    `data_changed`. Rows missing (a new or emptied database) are created at 1, one more than "missing"."""
    from .models import DataVersion

    domains = set(domains)
    rows = DataVersion.objects.using(using).filter(domain__in=domains)
    if rows.update(version=F("version") + 1) < len(domains):
        missing = domains - set(rows.values_list("domain", flat=True))
        # A process creating the same row meanwhile bumped it past every reader of "missing": ignoring is right.
        DataVersion.objects.using(using).bulk_create(
            [DataVersion(domain=domain, version=1) for domain in missing], ignore_conflicts=True
        )
    snapshot = _request_versions.get()
    if snapshot is not None:
        snapshot.clear()  # this request reads the new versions from now on


def watch(model, domain: str) -> None:
    """Saves and deletes of `model`'s rows, and changes of its many-to-many relations, change `domain`."""
    if domain not in DOMAINS:
        raise ValueError(f"Unknown data domain: {domain}")

    def changed(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
        if kwargs.get("action", "post_").startswith("post_"):  # m2m_changed: once, after the change
            data_changed(domain, using=using)

    label = model._meta.label
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"data-version-save-{label}")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"data-version-delete-{label}")
    for field in model._meta.many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"data-version-m2m-{through._meta.label}")


# --- reading the versions: once per request ---------------------------------------------------------------

_request_versions: ContextVar[dict[str, int] | None] = ContextVar("giamsat_data_versions", default=None)


def data_versions(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """{domain: version} as committed; read once per request (then kept by `DataVersionsMiddleware`), on each
    call outside a request. A domain never changed is at 0."""
    snapshot = _request_versions.get()
    if snapshot:
        return snapshot
    from .models import DataVersion

    versions = dict.fromkeys(DOMAINS, 0)
    versions.update(DataVersion.objects.using(using).filter(domain__in=DOMAINS).values_list("domain", "version"))
    if snapshot is not None:
        snapshot.update(versions)
    return versions


class DataVersionsMiddleware:
    """Holds the data versions read during a request (at most one query), for that request only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_versions.set({})
        try:
            return self.get_response(request)
        finally:
            _request_versions.reset(token)


# --- the cache ------------------------------------------------------------------------------------------------


def cached_figures(parts: tuple, compute: Callable[[], Any], *, domains: Iterable[str] = DOMAINS) -> Any:
    """`compute()` once per key parts (e.g. page name, visibility, day, filters) and versions of the `domains`
    it reads (all by default)."""
    domains = sorted(set(domains))
    uncommitted = set().union(*(b.domains for _sp, b in _waiting_bumps(DEFAULT_DB_ALIAS) if not b.done))
    if uncommitted & set(domains):
        return compute()  # this transaction's own writes: not what the versions describe, not for others
    versions = data_versions()
    stamp = ".".join(f"{domain}{versions[domain]}" for domain in domains)
    # Parts may hold what users typed (filters): hashed, the key stays short and safe for any cache backend.
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    key = f"giamsat:figures:{stamp}:{parts[0]}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute_once(key, compute)
    return value


def compute_once(key: str, compute: Callable[[], Any]) -> Any:
    """Compute and cache `key`'s value, one request at a time: the others wait for the first one's result.

    Every write moves the versions, so when reports arrive all day each one makes every reader of a page miss at
    once: without this, ten leaders opening the overview after a report computed it ten times side by side, on the
    same cores (at nation scale 4.7 s each instead of one second). The lock is the shared cache's atomic `add`
    (per process with the in-memory cache, where a process serves one request at a time anyway). A waiter that
    sees the lock gone without a value (the computing request failed) or waits too long computes itself: the
    lock saves work, it never decides what is shown (the key holds the versions).
    """
    lock = f"{key}:computing"
    owner = cache.add(lock, 1, timeout=int(WAIT_SECONDS) + 1)
    if not owner:
        waited_until = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < waited_until:
            time.sleep(WAIT_STEP_SECONDS)
            value = cache.get(key)
            if value is not None:
                return value
            if cache.get(lock) is None:
                break
    try:
        value = compute()
        cache.set(key, value, timeout=TIMEOUT)
        return value
    finally:
        if owner:
            cache.delete(lock)


def cached_render(
    parts: tuple, template_name: str, context: Callable[[], dict], request, *, domains: Iterable[str] = DOMAINS
) -> SafeString:
    """A page part rendered once per data versions, language and key parts: for parts that are the same
    for everyone who reaches them with these parts (no user, no CSRF token inside), whose figures and
    rows cost more to render than to compute."""
    html = cached_figures(
        ("render", template_name, get_language(), *parts),
        lambda: render_to_string(template_name, context(), request),
        domains=domains,
    )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, which escapes
