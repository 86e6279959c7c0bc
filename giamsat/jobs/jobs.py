"""The jobs app's own scheduled work: finished jobs and the queue's records are deleted after JOB_KEEP_DAYS."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import JobState
from .models import Job
from .registry import JobResult, job_handler
from .schedules import Daily


def _at(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


@job_handler("jobs_purge", schedule=Daily(_at(settings.NIGHTLY_AT)), title=gettext_lazy("Xóa việc nền đã cũ"))
def jobs_purge(job, progress) -> JobResult:
    from django_tasks_db.models import DBTaskResult

    before = timezone.now() - datetime.timedelta(days=settings.JOB_KEEP_DAYS)
    old = Job.objects.filter(state__in=(JobState.DONE, JobState.FAILED), finished_at__lt=before)
    count = 0
    for item in old.iterator():
        for field in (item.input_file, item.result_file):
            if field:
                field.delete(save=False)
        count += 1
    old.delete()
    DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    return JobResult(note=_("Đã xóa %(n)d việc nền đã xong trước %(day)s.") % {"n": count, "day": f"{before:%d/%m/%Y}"})
