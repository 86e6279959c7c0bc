"""The zip guard (common/archives.py): each limit, declared and actual, on small archives built here."""

import io
import re
import zipfile

import pytest

from giamsat.common.archives import (
    CORRUPT,
    LYING_SIZE,
    MB,
    MEMBER_TOO_LARGE,
    RATIO_TOO_HIGH,
    TOO_MANY_MEMBERS,
    TOTAL_TOO_LARGE,
    UNSUPPORTED_COMPRESSION,
    ArchiveRefused,
    check_zip,
)
from giamsat.extraction.tests.documents import make_docx, make_xlsx


def archive(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as zipped:
        for name, content in parts.items():
            zipped.writestr(name, content)
    return buffer.getvalue()


def lying(data: bytes, name: str, declared: int) -> bytes:
    """`data` with the inflated size of part `name` rewritten to `declared`, in its local and central headers."""
    patched = bytearray(data)
    encoded = name.encode()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        for match in re.finditer(re.escape(signature), data):
            name_at = match.start() + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(encoded)] == encoded:
                patched[match.start() + size_at : match.start() + size_at + 4] = declared.to_bytes(4, "little")
    return bytes(patched)


def refusal(data: bytes, **limits) -> str:
    with pytest.raises(ArchiveRefused) as refused:
        check_zip(data, **limits)
    return refused.value.message


class ArchiveGuardTests:
    def test_real_word_and_excel_files_pass(self):
        check_zip(make_docx(["Kế hoạch"], ["STT", "Nội dung"], [["1", "Chuyển đổi số"]]))
        check_zip(make_xlsx(["STT", "Nội dung"], [[1, "Chuyển đổi số"]]))

    def test_a_part_declaring_too_much_is_refused(self):
        data = archive({"word/document.xml": b"<w:p/>" * (3 * MB // 6)})
        assert refusal(data, max_member=2 * MB, max_ratio=10_000) == MEMBER_TOO_LARGE

    def test_all_parts_together_declaring_too_much_are_refused(self):
        data = archive({f"xl/worksheets/sheet{n}.xml": bytes(600 * 1024) for n in range(3)})
        assert refusal(data, max_total=1 * MB) == TOTAL_TOO_LARGE

    def test_a_part_inflating_too_many_times_is_refused(self):
        data = archive({"word/document.xml": bytes(2 * MB)})  # 2 MB of zeros: about 2 KB compressed
        message = refusal(data)
        assert message == RATIO_TOO_HIGH

    def test_small_parts_may_compress_very_well(self):
        check_zip(archive({"word/styles.xml": bytes(512 * 1024)}))

    def test_too_many_parts_are_refused_before_zipfile_reads_them(self):
        data = archive({f"part{n}.xml": b"" for n in range(1001)})
        assert refusal(data) == TOO_MANY_MEMBERS

    def test_a_part_inflating_beyond_its_declared_size_is_refused(self):
        data = lying(archive({"word/document.xml": b"<w:p/>" * 100_000}), "word/document.xml", 1000)
        assert refusal(data) == LYING_SIZE

    def test_a_compression_word_and_excel_never_use_is_refused(self):
        assert refusal(archive({"word/document.xml": b"<w:p/>"}, zipfile.ZIP_BZIP2)) == UNSUPPORTED_COMPRESSION

    @pytest.mark.parametrize("data", [b"PK\x03\x04" + bytes(100), b"PK\x05\x06", b"not a zip"])
    def test_garbage_is_refused_as_corrupt(self, data):
        assert refusal(data) == CORRUPT

    def test_the_message_names_the_part_and_the_numbers(self):
        data = archive({"word/document.xml": b"<w:p/>" * (3 * MB // 6)})
        with pytest.raises(ArchiveRefused) as refused:
            check_zip(data, max_member=2 * MB, max_ratio=10_000)
        assert str(refused.value) == (
            "Thành phần “word/document.xml” của tệp Word/Excel quá lớn khi giải nén (3 MB, tối đa 2 MB); "
            "tệp không được nhận."
        )
