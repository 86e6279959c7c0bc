"""How far long work has got, told by code that knows nothing of who is listening.

The background worker (giamsat/jobs) sets a reporter for the job it runs; deep code (a PDF read page by page, the
rows of a bulk report) calls `progress_step(done, total, label)` and the person sees the bar move. Outside a job
nothing listens and the call costs a context-variable lookup.
"""

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

Reporter = Callable[[int, int, str], None]

_reporter: ContextVar[Reporter | None] = ContextVar("giamsat_progress", default=None)


def progress_step(done: int, total: int, label: str = "") -> None:
    """`done` of `total` units of the current stage are finished."""
    reporter = _reporter.get()
    if reporter is not None and total > 0:
        reporter(min(done, total), total, label)


@contextmanager
def progress_listening(reporter: Reporter):
    token = _reporter.set(reporter)
    try:
        yield
    finally:
        _reporter.reset(token)
