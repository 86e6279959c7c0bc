"""Legacy Word (.doc) and RTF converted to .docx by LibreOffice (`soffice --headless --convert-to docx`).

Each conversion runs in its own temporary directory, always removed, with its own LibreOffice profile
(-env:UserInstallation), so conversions running at the same time (and the PDF export of giamsat.documents) do not
fight over a profile lock; it is killed, with everything it started, after a timeout. The import filter is named,
so a damaged file is refused instead of being opened as plain text. Any failure is an ExtractionError with a
Vietnamese message.

Old Office files are OLE2 compound files; `ole_streams` lists the streams at their root with olefile, which tells
a Word document ("WordDocument") from an Excel workbook ("Workbook", "Book") before LibreOffice is started.
"""

import contextlib
import io
import os
import shutil
import signal
import subprocess  # noqa: S404 - runs LibreOffice with a fixed argument list, never a shell
import tempfile
from pathlib import Path

from .draft import ExtractionError

TIMEOUT_SECONDS = 120

# (import filter, file suffix, the kind as the messages name it)
WORD_97 = ("MS Word 97", ".doc", "Word cũ (.doc)")
RTF = ("Rich Text Format", ".rtf", "RTF (.rtf)")


def missing(kind: str) -> str:
    return (
        f"Máy chủ chưa cài LibreOffice nên chưa đọc được tệp {kind}; hãy lưu lại thành Word (.docx) "
        "hoặc nhờ quản trị viên cài LibreOffice (gói libreoffice-writer-nogui)."
    )


def failed(kind: str) -> str:
    return f"Không đọc được tệp {kind}: tệp bị hỏng hoặc không đúng định dạng; hãy mở bằng Word và lưu lại thành .docx."


def timed_out(kind: str) -> str:
    return f"LibreOffice không chuyển xong tệp {kind} trong {TIMEOUT_SECONDS} giây; hãy lưu lại thành Word (.docx)."


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, source: tuple[str, str, str]) -> bytes:
    """The .docx LibreOffice makes of `data` (a .doc or .rtf, as `source` says)."""
    import_filter, suffix, kind = source
    binary = soffice_path()
    if binary is None:
        raise ExtractionError(missing(kind))
    with tempfile.TemporaryDirectory(prefix="giamsat-convert-") as tmp:
        folder = Path(tmp)
        original = folder / f"van-ban{suffix}"
        original.write_bytes(data)
        out = folder / "out"
        command = [
            binary,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            f"--infilter={import_filter}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(original),
        ]
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "HOME": tmp},
        )
        try:
            process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise ExtractionError(timed_out(kind)) from None
        finally:
            stop(process)
        target = out / "van-ban.docx"
        # LibreOffice exits with 0 even when the file could not be loaded: the converted file is the only proof
        if not target.is_file() or target.stat().st_size == 0:
            raise ExtractionError(failed(kind))
        return target.read_bytes()


def stop(process: subprocess.Popen) -> None:
    """Kill `process` and everything it started (its own session) if it has not ended, and reap it.

    Called on every way out of a conversion: a timeout, but also an interrupt or any other error while waiting.
    A process that has ended is left alone: its group id may already belong to someone else.
    """
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


def ole_streams(data: bytes) -> set[str] | None:
    """The names of the streams and storages at the root of an OLE2 compound file; None if it cannot be read."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return {path[0] for path in ole.listdir(streams=True, storages=True) if path}
    except Exception:  # olefile raises OSError, ValueError, struct.error ... on a damaged file
        return None
