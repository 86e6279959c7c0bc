"""Checking uploaded evidence by its content, not its name: PDF, Word, Excel, images; size limit; SHA-256.

The name a file is stored and served under is the uploader's made safe (`evidence_name`): no folder, no control
or direction-changing character, 120 characters at most, and always the extension of the content found, so a PDF
named `bao-cao.bat` could only ever come back as `bao-cao.pdf`. A name ending in an extension that runs
(`.bat`, `.exe`, `.hta`, ...) is refused outright, whatever the content: nobody sends a report as a program.
"""

import hashlib
import io
import os
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils.translation import gettext as _

from giamsat.common.history import save_as
from giamsat.common.uploads import check_archive

from .choices import EvidenceKind

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
MAX_NAME_STEM = 120  # characters before the extension

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The extensions of each content type accepted, the usual one first; a file is stored and served under one of them.
EXTENSIONS = {
    "application/pdf": (".pdf",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe"),
    "image/gif": (".gif",),
}
# Names a computer would run or a browser would script rather than open as a document.
EXECUTABLE_EXTENSIONS = frozenset(
    """.exe .com .bat .cmd .scr .pif .cpl .msi .msp .mst .hta .htm .html .xhtml .shtml .mht .mhtml .svg .js .jse
    .vbs .vbe .wsf .wsh .wsc .ps1 .psm1 .psd1 .sh .bash .command .app .jar .lnk .url .reg .inf .dll .sys .chm
    .scf .sct .msc .gadget .application .appref-ms .iso .img .vhd .vhdx .docm .dotm .xlsm .xltm .xlam .pptm
    .php .py .pl .apk .dmg .pkg .deb .rpm""".split()
)


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    sha256: str
    size: int
    name: str  # the safe name to store and serve, with the content's extension


def _clean_name(name: str) -> str:
    """The last part of a path, NFC, without control or format characters (U+202E turns "fdp.exe" into "exe.pdf"
    on screen), without the spaces and dots Windows drops at the end."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c if c.isprintable() else " " if c.isspace() else "" for c in name).strip(" .")


def evidence_name(name: str, content_type: str) -> str:
    """`name` made safe to store and serve: at most MAX_NAME_STEM characters before the extension, which is the
    content's (the uploader's own when it is one of the content's, e.g. .jpeg)."""
    stem, extension = os.path.splitext(_clean_name(name))
    extensions = EXTENSIONS.get(content_type, (".bin",))
    if extension.lower() not in extensions:
        extension = extensions[0]
    stem = stem[:MAX_NAME_STEM].strip(" .") or "minh-chung"
    return stem + extension.lower()


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
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


def check_evidence_file(data: bytes, *, name: str) -> CheckedFile:
    """Accept PDF, .docx, .xlsx, PNG, JPEG, GIF up to 20 MB, judged by the bytes, under a name that does not run;
    refuse anything else."""
    extension = os.path.splitext(_clean_name(name))[1].lower()
    if extension in EXECUTABLE_EXTENSIONS:
        raise ValidationError(
            _(
                "Tệp “%(name)s” có đuôi %(extension)s của tệp chạy được trên máy tính nên không được nhận; minh chứng "
                "chỉ là PDF, Word (.docx), Excel (.xlsx) hoặc ảnh (PNG, JPEG, GIF), với đuôi đúng nội dung."
            )
            % {"name": _clean_name(name)[:MAX_NAME_STEM], "extension": extension}
        )
    if not data:
        raise ValidationError(_("Tệp minh chứng rỗng."))
    if len(data) > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("Tệp minh chứng quá lớn (tối đa 20 MB)."))
    check_archive(data)  # a .docx/.xlsx: its parts' sizes, before zipfile reads its directory below
    content_type = sniff_content_type(data)
    if content_type is None:
        raise ValidationError(
            _("Nội dung tệp không phải PDF, Word (.docx), Excel (.xlsx) hay ảnh (PNG, JPEG, GIF); tệp không được nhận.")
        )
    return CheckedFile(
        content_type=content_type,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        name=evidence_name(name, content_type),
    )


def evidence_store_file(evidence, data: bytes, *, name: str, acting_user):
    """Check an uploaded file (check_evidence_file) and save it with `evidence`, an unsaved evidence record of any
    kind (a report's, an indicator value's, an answer's) carrying its owner and description: the file named by its
    hash, its name, type, size and hash recorded, the record written in the history as `acting_user`'s."""
    checked = check_evidence_file(data, name=name)
    evidence.kind = EvidenceKind.FILE
    evidence.original_name, evidence.content_type = checked.name, checked.content_type
    evidence.size, evidence.sha256 = checked.size, checked.sha256
    evidence.uploaded_by = acting_user
    stem, extension = os.path.splitext(checked.name)
    evidence.file.save(f"{checked.sha256[:16]}-{stem[:40]}{extension}", ContentFile(data), save=False)
    save_as(evidence, acting_user)
    return evidence


def evidence_response(evidence) -> FileResponse:
    """An evidence file (of any kind of record) as a download: the type its content was found to be, under a name with
    that type's extension (also for files stored before names were made safe). Who may read it is the caller's."""
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence_name(evidence.original_name, evidence.content_type),
        content_type=evidence.content_type or "application/octet-stream",
    )
