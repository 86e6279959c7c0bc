"""Word → PDF through LibreOffice (soffice --headless), when it is installed.

Each conversion runs in its own temporary directory with its own LibreOffice profile
(-env:UserInstallation), so parallel conversions do not clash, and is killed after a timeout.
"""

import os
import shutil
import signal
import subprocess  # noqa: S404 - runs LibreOffice with a fixed argument list, never a shell
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

TIMEOUT_SECONDS = 120
INSTALL_HINT = "apt-get install -y libreoffice-writer-nogui"


class PdfUnavailable(Exception):
    """The PDF could not be made; the message says why, in Vietnamese."""


def soffice_path() -> str | None:
    return shutil.which(getattr(settings, "SOFFICE_BINARY", "soffice"))


def require_soffice() -> str:
    """LibreOffice's program, or PdfUnavailable saying how to install it (the views ask before starting a job)."""
    binary = soffice_path()
    if not binary:
        raise PdfUnavailable(
            _(
                "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản Word (.docx). "
                "Quản trị viên cài bằng lệnh: %(hint)s"
            )
            % {"hint": INSTALL_HINT}
        )
    return binary


def docx_to_pdf(data: bytes, *, timeout: int = TIMEOUT_SECONDS) -> bytes:
    binary = require_soffice()
    with tempfile.TemporaryDirectory(prefix="giamsat-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "van-ban.docx"
        source.write_bytes(data)
        command = [
            binary,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "HOME": tmp},
        )
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfUnavailable(
                _("LibreOffice không chuyển xong sang PDF trong %(seconds)d giây; hãy tải bản Word (.docx).")
                % {"seconds": timeout}
            ) from None
        target = folder / "van-ban.pdf"
        if process.returncode != 0 or not target.exists():
            detail = err.decode(errors="replace").strip()[:300]
            raise PdfUnavailable(
                _("LibreOffice không chuyển được văn bản sang PDF (%(detail)s); hãy tải bản Word (.docx).")
                % {"detail": detail or _("mã lỗi %(code)s") % {"code": process.returncode}}
            )
        return target.read_bytes()
