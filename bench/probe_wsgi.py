"""The application as gunicorn serves it, with one header added: X-Bench-Worker, the process id of the worker that
answered. Used by bench/load.py for the freshness probe only (bench/freshness.py), to tell whether a read was
served by the worker that made the write or by another one."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from giamsat.config.wsgi import application as django_application  # noqa: E402


def application(environ, start_response):
    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Bench-Worker", str(os.getpid()))], exc_info)

    return django_application(environ, start)
