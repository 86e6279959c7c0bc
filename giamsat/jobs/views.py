"""“Việc của tôi”: the work a person started in the background, how far it has got, and its result."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from giamsat.common.htmx import htmx_partial

from .choices import JobState
from .models import Job
from .policy import can_see_job
from .services import jobs_of

PAGE_SIZE = 20


def _own_job(request, job_id: int) -> Job:
    job = get_object_or_404(Job, pk=job_id)
    if not can_see_job(request.user, job):
        raise Http404(_("Không tìm thấy việc này."))
    return job


@login_required
def job_list(request):
    state = request.GET.get("state", "")
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(jobs_of(request.user, state=state, query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "state": state,
        "q": query,
        "states": JobState.choices,
        "polling": any(not job.finished for job in page),
    }
    if htmx_partial(request):
        return render(request, "jobs/_job_table.html", context)
    return render(request, "jobs/job_list.html", context)


@login_required
def job_detail(request, job_id: int):
    """The job's page; while it runs, its progress block asks for itself again every second (HTMX) and, when the job
    asked for it (an import to review), the page moves on to the result by itself."""
    job = _own_job(request, job_id)
    context = {"job": job}
    opens_result = job.state == JobState.DONE and job.result_url and job.params.get("open_result")
    if opens_result and not htmx_partial(request):
        return redirect(job.result_url)  # done before the page was first shown
    if htmx_partial(request):
        response = render(request, "jobs/_job_progress.html", context)
        if opens_result:
            response["HX-Redirect"] = job.result_url
        return response
    return render(request, "jobs/job_detail.html", context)


@login_required
def job_download(request, job_id: int):
    job = _own_job(request, job_id)
    if job.state != JobState.DONE or not job.result_file:
        raise Http404(_("Việc này chưa có tệp kết quả."))
    response = FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name or "ket-qua")
    response["Cache-Control"] = "no-store, private"  # what the person may see, never kept by a proxy or the browser
    return response
