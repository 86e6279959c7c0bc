"""Generated files, ready to save or send: the monthly report (docx, xlsx appendix, pdf) and agency summaries.

Nothing is written to the database; the views and the `report` command only choose a format.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from giamsat.agencies.models import Agency

from .choices import Layout
from .excel import tasks_workbook
from .monthly import monthly_report_docx
from .pdf import docx_to_pdf
from .selectors import agency_summary_data, monthly_report_data, report_task_rows
from .summary import agency_summary_docx

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass
class GeneratedFile:
    content: bytes
    filename: str
    description: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.filename.rsplit(".", 1)[-1]]


def monthly_appendix_xlsx(*, year: int, month: int, as_of: datetime.date) -> bytes:
    rows = report_task_rows(as_of=as_of)
    return tasks_workbook(
        rows,
        title=_("Phụ lục: Danh mục nhiệm vụ kèm theo báo cáo tháng %(month)02d/%(year)d")
        % {"month": month, "year": year},
        note=_(
            "Trạng thái tính đến hết ngày %(as_of)s; gồm mọi nhiệm vụ Ban Chỉ đạo giao đang theo dõi, "
            "không bao gồm nhiệm vụ có nội dung mật. Báo cáo gần nhất: báo cáo đã gửi đến ngày này."
        )
        % {"as_of": as_of.strftime("%d/%m/%Y")},
        sheet=_("Phụ lục %(month)02d-%(year)d") % {"month": month, "year": year},
    )


def _suffix(layout: Layout) -> str:
    """The state layout's files are named apart from the Party layout's ('…-nha-nuoc.docx')."""
    return "-nha-nuoc" if layout == Layout.STATE else ""


def monthly_report_file(
    *, year: int, month: int, as_of: datetime.date, fmt: str = "docx", layout: Layout = Layout.PARTY
) -> GeneratedFile:
    """The monthly report as docx or pdf in the Party (default) or state layout, or its Excel appendix
    (xlsx, one layout); PdfUnavailable when pdf cannot be made."""
    stem = f"bao-cao-thang-{year}-{month:02d}"
    if fmt == "xlsx":
        return GeneratedFile(
            monthly_appendix_xlsx(year=year, month=month, as_of=as_of),
            f"phu-luc-{stem}.xlsx",
            _("phụ lục báo cáo tháng %(month)02d/%(year)d") % {"month": month, "year": year},
        )
    content = monthly_report_docx(monthly_report_data(year=year, month=month, as_of=as_of), layout=layout)
    if fmt == "pdf":
        content = docx_to_pdf(content)
    return GeneratedFile(
        content,
        f"{stem}{_suffix(layout)}.{fmt}",
        _("báo cáo tháng %(month)02d/%(year)d") % {"month": month, "year": year},
    )


def agency_summary_file(
    *, agency: Agency, as_of: datetime.date, fmt: str = "docx", layout: Layout = Layout.PARTY
) -> GeneratedFile:
    content = agency_summary_docx(agency_summary_data(agency=agency, as_of=as_of), layout=layout)
    if fmt == "pdf":
        content = docx_to_pdf(content)
    return GeneratedFile(
        content,
        f"tom-tat-{agency.code or agency.pk}-{as_of:%Y-%m-%d}{_suffix(layout)}.{fmt}",
        _("bản tóm tắt của %(agency)s") % {"agency": agency.name},
    )
