"""Test settings: the same as base, with fast password hashing and an isolated var/ for media."""

from .base import *  # noqa: F403
from .base import VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 3
# Job kinds the tests of the worker use (a job that waits for the test to let it go, one that fails).
JOB_HANDLER_MODULES = ["giamsat.jobs.tests.handlers"]
