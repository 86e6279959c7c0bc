"""The directives app's background work: an uploaded directive read, its tasks extracted and the draft staged for the
standing office's review (import_views.py shows the review; importing.py does the work)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from giamsat.extraction import ExtractionError
from giamsat.jobs.registry import JobFailed, JobResult, job_handler
from giamsat.jobs.services import job_input

from . import policy
from .importing import import_batch_extract, import_batch_stage

DIRECTIVE_IMPORT = "directive_import"


@job_handler(DIRECTIVE_IMPORT)
def directive_import(job, progress):
    """Read the file, extract its tasks (progress per page of a PDF, per page read by OCR) and stage the draft; the
    job's result is the review screen, where the person lands (`open_result`).

    The extraction writes nothing and runs outside any transaction, so the bar moves page by page; only staging the
    batch runs in the commit function, with the job's completion (exactly once)."""
    user = job.owner
    if user is None or not policy.can_import(user):
        raise JobFailed(_("Chỉ Cơ quan Thường trực được nhập văn bản."))
    progress(5, _("Đang đọc tệp"))
    data = job_input(job)
    progress.stage(10, 95, _("Đang trích xuất nhiệm vụ"))
    try:
        payload = import_batch_extract(data=data, name=job.input_name)
    except ExtractionError as error:
        raise JobFailed(str(error)) from error
    progress(95, _("Đang lưu bản trích xuất để xem lại"))

    def stage() -> JobResult:
        batch = import_batch_stage(data=data, name=job.input_name, acting_user=user, payload=payload)
        count = len(batch.draft["tasks"])
        return JobResult(
            url=reverse("directives:import_preview", args=[batch.pk]),
            note=ngettext(
                "Đã tách %(n)d nhiệm vụ; hãy xem lại trước khi nhập.",
                "Đã tách %(n)d nhiệm vụ; hãy xem lại trước khi nhập.",
                count,
            )
            % {"n": count},
        )

    return stage
