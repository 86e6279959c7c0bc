"""Uploads refused while they stream in, and the zip-bomb guard (archives.py) with the settings' limits.

Django writes every uploaded file to memory or to a temporary file, whatever its size, before a view sees it
(DATA_UPLOAD_MAX_MEMORY_SIZE bounds the other fields only). `UploadLimitHandler`, first in FILE_UPLOAD_HANDLERS,
refuses a multipart body longer than UPLOAD_MAX_REQUEST_SIZE from its Content-Length, before reading any of it,
and a file growing past UPLOAD_MAX_FILE_SIZE while it streams in. The refusal is a MultiPartParserError: Django
answers through `bad_request` (giamsat.common.views: a page in Vietnamese, status 413), DRF with a JSON parse
error; the view never runs. Views still compare `upload.size` with their own limit before `upload.read()`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from . import archives

MB = 1024 * 1024


class UploadTooLarge(MultiPartParserError):
    """An upload refused for its size; the message is a sentence for the user, in their language."""


def too_large(limit: int) -> str:
    return _("Tệp tải lên quá lớn (tối đa %(limit)d MB); tệp chưa được nhận.") % {"limit": limit // MB}


class UploadLimitHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > settings.UPLOAD_MAX_REQUEST_SIZE:
            raise UploadTooLarge(too_large(settings.UPLOAD_MAX_FILE_SIZE))
        # None: the next handlers read the body

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.UPLOAD_MAX_FILE_SIZE:
            raise UploadTooLarge(too_large(settings.UPLOAD_MAX_FILE_SIZE))
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers make the file


def check_upload_size(upload, limit: int) -> None:
    """Before `upload.read()`: a file over `limit` bytes is refused without being read into memory."""
    if upload.size is None or upload.size > limit:
        raise ValidationError(too_large(limit))


def check_archive(data: bytes, *, max_total: int | None = None) -> None:
    """A .docx or .xlsx within the settings' limits (archives.check_zip), else a ValidationError; other files pass.
    `max_total`: a tighter bound on the inflated parts, for a file whose parts are all parsed (a bulk Excel)."""
    if not archives.looks_like_zip(data):
        return
    max_total = min(max_total or settings.ARCHIVE_MAX_TOTAL_SIZE, settings.ARCHIVE_MAX_TOTAL_SIZE)
    try:
        archives.check_zip(
            data,
            max_total=max_total,
            max_member=min(max_total, settings.ARCHIVE_MAX_MEMBER_SIZE),
            max_ratio=settings.ARCHIVE_MAX_RATIO,
            max_members=settings.ARCHIVE_MAX_MEMBERS,
        )
    except archives.ArchiveRefused as refused:
        raise ValidationError(_(refused.message) % refused.params) from refused
