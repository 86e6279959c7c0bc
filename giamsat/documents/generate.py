"""Generated files, ready to save or send: the monthly report (docx, xlsx appendix, pdf), agency summaries and the
task list as Excel.

Nothing is written to the database; the background jobs (jobs.py) and the `report` command only choose a format.
Each step is told to `progress_step`, so a job's progress bar moves (outside a job nobody listens).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from giamsat.agencies.models import Agency
from giamsat.common.progress import progress_step
from giamsat.monitoring.task_list import TaskListQuery

from .choices import Layout
from .excel import tasks_workbook
from .monthly import monthly_report_docx
from .pdf import docx_to_pdf
from .selectors import agency_summary_data, monthly_report_data, report_task_rows, task_rows
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
    progress_step(0, 2, _("đọc nhiệm vụ"))
    rows = report_task_rows(as_of=as_of)
    progress_step(1, 2, _("ghi tệp Excel"))
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
    steps = 3 if fmt == "pdf" else 2
    progress_step(0, steps, _("tính số liệu"))
    data = monthly_report_data(year=year, month=month, as_of=as_of)
    progress_step(1, steps, _("soạn văn bản Word"))
    content = monthly_report_docx(data, layout=layout)
    if fmt == "pdf":
        progress_step(2, steps, _("chuyển sang PDF"))
        content = docx_to_pdf(content)
    return GeneratedFile(
        content,
        f"{stem}{_suffix(layout)}.{fmt}",
        _("báo cáo tháng %(month)02d/%(year)d") % {"month": month, "year": year},
    )


def agency_summary_file(
    *, agency: Agency, as_of: datetime.date, fmt: str = "docx", layout: Layout = Layout.PARTY
) -> GeneratedFile:
    steps = 3 if fmt == "pdf" else 2
    progress_step(0, steps, _("tính số liệu"))
    data = agency_summary_data(agency=agency, as_of=as_of)
    progress_step(1, steps, _("soạn văn bản Word"))
    content = agency_summary_docx(data, layout=layout)
    if fmt == "pdf":
        progress_step(2, steps, _("chuyển sang PDF"))
        content = docx_to_pdf(content)
    return GeneratedFile(
        content,
        f"tom-tat-{agency.code or agency.pk}-{as_of:%Y-%m-%d}{_suffix(layout)}.{fmt}",
        _("bản tóm tắt của %(agency)s") % {"agency": agency.name},
    )


def task_list_file(query: TaskListQuery) -> GeneratedFile:
    """The task list as Excel: exactly the tasks the list shows for the same query (all pages), with its scope,
    filters and day written above the table."""
    progress_step(0, 2, _("đọc nhiệm vụ"))
    rows = task_rows(query.tasks, as_of=query.as_of)
    progress_step(1, 2, _("ghi tệp Excel"))
    scope = _("nhiệm vụ của đơn vị") if query.scope == "mine" else _("mọi nhiệm vụ được xem")
    note = _("Phạm vi: %(scope)s. Bộ lọc: %(filters)s. Trạng thái tính đến hết ngày %(as_of)s.") % {
        "scope": scope,
        "filters": describe_filters(query.filterset) or _("không có"),
        "as_of": query.as_of.strftime("%d/%m/%Y"),
    }
    content = tasks_workbook(
        rows,
        title=_("Danh sách nhiệm vụ (%(count)d nhiệm vụ)") % {"count": len(rows)},
        note=note,
        sheet=_("Nhiệm vụ"),
    )
    return GeneratedFile(content, f"nhiem-vu-{query.as_of:%Y-%m-%d}.xlsx", _("danh sách nhiệm vụ"))


def describe_filters(filterset) -> str:
    """'Trạng thái: Đang thực hiện – quá hạn; Cơ quan chủ trì: Sở Tài chính' from the bound, valid filters."""
    if not filterset.is_bound or not filterset.is_valid():
        return ""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "") or name == "as_of":
            continue
        field = filterset.form.fields[name]
        if hasattr(value, "strftime"):
            shown = value.strftime("%d/%m/%Y")
        elif getattr(field, "choices", None) and not hasattr(value, "pk"):
            shown = str(dict(field.choices).get(value, value))
        else:
            shown = str(value)
        parts.append(f"{field.label}: {shown}")
    return "; ".join(parts)
