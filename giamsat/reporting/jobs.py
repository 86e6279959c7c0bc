"""The reporting app's background work: a filled bulk Excel template read, checked row by row and saved (bulk.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from giamsat.jobs.registry import JobFailed, JobResult, job_handler
from giamsat.jobs.services import job_input

from . import bulk, policy
from .models import ReportingPeriod

BULK_REPORT_IMPORT = "bulk_report_import"
MAX_ERRORS_SHOWN = 100  # a file of 5,000 bad rows: the first ones say what is wrong


def refused(messages: list[str]) -> JobFailed:
    """The job's failure as the person reads it: nothing was saved, then each reason on its own line."""
    shown = messages[:MAX_ERRORS_SHOWN]
    if len(messages) > len(shown):
        shown.append(_("… và %(n)d lỗi khác.") % {"n": len(messages) - len(shown)})
    return JobFailed("\n".join([_("Chưa lưu báo cáo nào; hãy sửa tệp rồi tải lên lại."), *shown]))


@job_handler(BULK_REPORT_IMPORT)
def bulk_report_import(job, progress):
    """Read and check every row (progress per row), then save them all as drafts with the job's completion."""
    user = job.owner
    if user is None or not policy.drafts_reports(user):
        raise JobFailed(_("Chỉ chuyên viên đơn vị nhập báo cáo hàng loạt."))
    period = ReportingPeriod.objects.filter(pk=job.params.get("period_id")).first()
    if period is None:
        raise JobFailed(_("Không còn kỳ báo cáo của tệp này; hãy tải mẫu mới và nhập lại."))
    progress(5, _("Đang đọc tệp Excel"))
    data = job_input(job)
    progress.stage(10, 95, _("Đang kiểm tra từng dòng"))
    try:
        parsed = bulk.bulk_parse(user=user, period=period, data=data)
    except ValidationError as error:
        raise refused(error.messages) from error

    def save() -> JobResult:
        try:
            saved = bulk.bulk_save(user=user, period=period, parsed=parsed)
        except ValidationError as error:
            raise refused(error.messages) from error
        except PermissionDenied as error:
            raise refused([str(error)]) from error
        return JobResult(
            url=reverse("reporting:my_reports"),
            note=_("Đã lưu %(n)d báo cáo dự thảo từ tệp Excel.") % {"n": saved},
        )

    return save
