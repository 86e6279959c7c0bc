"""Word and Excel files (.docx, .xlsx) are zip archives: inspected by their numbers before any parser opens them.

The parsers (python-docx, openpyxl, lxml) inflate a part in full, in memory: a 1.5 MB .docx can declare a 380 MB
`word/document.xml`, and parsing it costs minutes and gigabytes. `check_zip` refuses, before parsing:
- more than `max_members` parts, read from the archive's end record before Python builds an object per part;
- a part declaring more than `max_member` bytes inflated, or all parts together more than `max_total`;
- a part over 1 MB inflating more than `max_ratio` times its compressed size (a zip bomb's signature);
- a compression other than none or deflate (the only two Word and Excel write);
then inflates every part 1 MB at a time, counting: a part inflating beyond what it declares, or failing its
checksum (a lying header), is refused. At most `max_total` bytes are inflated, and never held.

Pure Python with no Django import, so that extraction (pure Python too) calls it with these defaults and Django
code with the settings' (giamsat.common.uploads). A refusal carries a Vietnamese source sentence marked for
translation and its values: the caller shows `_(refused.message) % refused.params`.
"""

import io
import math
import struct
import zipfile
import zlib

MB = 1024 * 1024
MAX_TOTAL = 50 * MB
MAX_MEMBER = 25 * MB
MAX_RATIO = 100
MAX_MEMBERS = 1000
RATIO_FROM = 1 * MB  # small parts (styles, settings) may compress very well, legitimately
CHUNK = 1 * MB

_END_RECORD = struct.Struct("<4s4H2LH")  # the zip's "end of central directory" record, 22 bytes
_END_SIGNATURE = b"PK\x05\x06"
_NAME_SHOWN = 80


def gettext_noop(message: str) -> str:
    """Marks a message for `makemessages` (as django.utils.translation.gettext_noop does, without importing it)."""
    return message


CORRUPT = gettext_noop("Không đọc được tệp Word/Excel (.docx, .xlsx): tệp bị hỏng hoặc không đúng định dạng.")
TOO_MANY_MEMBERS = gettext_noop("Tệp Word/Excel có quá nhiều thành phần (tối đa %(limit)d); tệp không được nhận.")
UNSUPPORTED_COMPRESSION = gettext_noop(
    "Tệp Word/Excel dùng kiểu nén không được hỗ trợ; hãy mở bằng Word/Excel và lưu lại rồi gửi lại."
)
MEMBER_TOO_LARGE = gettext_noop(
    "Thành phần “%(name)s” của tệp Word/Excel quá lớn khi giải nén (%(size)d MB, tối đa %(limit)d MB); "
    "tệp không được nhận."
)
TOTAL_TOO_LARGE = gettext_noop(
    "Tệp Word/Excel quá lớn khi giải nén (%(size)d MB, tối đa %(limit)d MB); tệp không được nhận."
)
RATIO_TOO_HIGH = gettext_noop(
    "Thành phần “%(name)s” của tệp Word/Excel nén bất thường (giải nén gấp %(ratio)d lần, tối đa %(limit)d lần): "
    "có thể là bom nén; tệp không được nhận."
)
LYING_SIZE = gettext_noop(
    "Thành phần “%(name)s” của tệp Word/Excel không khớp với kích thước, mã kiểm tra đã khai báo: tệp bị sửa đổi "
    "hoặc hỏng; tệp không được nhận."
)


class ArchiveRefused(ValueError):
    """Why an archive is refused: `message` (a Vietnamese source string) % `params`."""

    def __init__(self, message: str, **params) -> None:
        super().__init__(message % params)
        self.message = message
        self.params = params


def looks_like_zip(data: bytes) -> bool:
    return data.startswith((b"PK\x03\x04", b"PK\x05\x06"))


def check_zip(
    data: bytes,
    *,
    max_total: int = MAX_TOTAL,
    max_member: int = MAX_MEMBER,
    max_ratio: int = MAX_RATIO,
    max_members: int = MAX_MEMBERS,
) -> None:
    """Raise ArchiveRefused unless the zip in `data` stays within the limits, declared and actual."""
    _check_end_record(data, max_members)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_declared(infos, max_total=max_total, max_member=max_member, max_ratio=max_ratio)
            for info in infos:
                _check_inflated(archive, info)
    except ArchiveRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
        # A broken directory, an encrypted part, a part whose local header contradicts the directory.
        raise ArchiveRefused(CORRUPT) from exc


def _check_end_record(data: bytes, max_members: int) -> None:
    """The number of parts and the directory's size, from the end record, before zipfile reads the directory."""
    start = data.rfind(_END_SIGNATURE, max(0, len(data) - _END_RECORD.size - 0xFFFF))
    if start < 0 or start + _END_RECORD.size > len(data):
        return  # no end record: zipfile finds none either, and says so (BadZipFile, refused as corrupt)
    _signature, _disk, _directory_disk, _here, members, directory_size, _offset, _comment = _END_RECORD.unpack_from(
        data, start
    )
    # 0xFFFF parts or a 4 GB directory mean a ZIP64 archive: no Word or Excel file needs one.
    if members > max_members or directory_size > max_members * 1024:
        raise ArchiveRefused(TOO_MANY_MEMBERS, limit=max_members)


def _shown(name: str) -> str:
    return name if len(name) <= _NAME_SHOWN else name[: _NAME_SHOWN - 1] + "…"


def _check_declared(infos: list[zipfile.ZipInfo], *, max_total: int, max_member: int, max_ratio: int) -> None:
    total = 0
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ArchiveRefused(UNSUPPORTED_COMPRESSION)
        if info.file_size > max_member:
            raise ArchiveRefused(
                MEMBER_TOO_LARGE,
                name=_shown(info.filename),
                size=math.ceil(info.file_size / MB),
                limit=max_member // MB,
            )
        if info.file_size > RATIO_FROM and info.file_size > max_ratio * max(info.compress_size, 1):
            raise ArchiveRefused(
                RATIO_TOO_HIGH,
                name=_shown(info.filename),
                ratio=info.file_size // max(info.compress_size, 1),
                limit=max_ratio,
            )
        total += info.file_size
    if total > max_total:
        raise ArchiveRefused(TOTAL_TOO_LARGE, size=math.ceil(total / MB), limit=max_total // MB)


def _check_inflated(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Inflate one part a chunk at a time, counting: never more than it declares (zipfile stops there and then
    checks the CRC, which a lying header fails; the count is checked here too, whatever zipfile does)."""
    inflated = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                inflated += len(chunk)
                if inflated > info.file_size:
                    break
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ArchiveRefused(LYING_SIZE, name=_shown(info.filename)) from exc
    if inflated != info.file_size:
        raise ArchiveRefused(LYING_SIZE, name=_shown(info.filename))
