"""The kinds of background work, each registered by the app that owns it in its `jobs.py` module.

    @job_handler("directive_import")
    def directive_import(job, progress):
        progress(5, _("Đang đọc tệp"))
        ...                                   # long work, reading only
        return lambda: JobResult(url=...)     # the writes: run once, with the job's completion (runner.py)

A handler returns a JobResult, or a function returning one: that function runs inside the transaction that marks
the job done, so its writes happen exactly once even if a worker dies and the job is run again. A handler raises
JobFailed with a message in Vietnamese for the person who asked; anything else is logged and shown as a failure.
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.utils.module_loading import autodiscover_modules


@dataclass
class JobResult:
    url: str = ""  # a page where the result is (an import to review, a report)
    file: bytes | None = None  # or a file to download from "Việc của tôi"
    name: str = ""  # the file's name as the person receives it
    note: str = ""  # one line shown with the result ("12 báo cáo đã nhập")


class JobFailed(Exception):
    """The job cannot be done, for a reason the person can act on: the message is shown to them as it is."""


@dataclass(frozen=True)
class Handler:
    kind: str
    run: Callable
    schedule: object | None = None  # jobs.schedules.Daily or Monthly: the worker starts it by itself
    title: str = ""  # the schedule's name in the admin and in "Việc của tôi"


HANDLERS: dict[str, Handler] = {}


def job_handler(kind: str, *, schedule=None, title: str = ""):
    def register(run: Callable) -> Callable:
        HANDLERS[kind] = Handler(kind, run, schedule, title)
        return run

    return register


def handlers() -> dict[str, Handler]:
    """Every registered kind; the apps' `jobs.py` modules (and JOB_HANDLER_MODULES) are imported on first use."""
    autodiscover_modules("jobs")
    for module in getattr(settings, "JOB_HANDLER_MODULES", ()):
        import_module(module)
    return HANDLERS
