"""Checking uploaded evidence by its content, not its name: PDF, Word, Excel, images; size limit; SHA-256."""

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    sha256: str
    size: int


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if "xl/workbook.xml" in names:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def sniff_content_type(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return None


def check_evidence_file(data: bytes) -> CheckedFile:
    """Accept PDF, .docx, .xlsx, PNG, JPEG, GIF up to 20 MB, judged by the bytes; refuse anything else."""
    if not data:
        raise ValidationError(_("Tệp minh chứng rỗng."))
    if len(data) > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("Tệp minh chứng quá lớn (tối đa 20 MB)."))
    content_type = sniff_content_type(data)
    if content_type is None:
        raise ValidationError(
            _("Nội dung tệp không phải PDF, Word (.docx), Excel (.xlsx) hay ảnh (PNG, JPEG, GIF); tệp không được nhận.")
        )
    return CheckedFile(content_type=content_type, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
