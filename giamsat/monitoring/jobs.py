"""Monitoring's scheduled work, run by the background worker without cron (jobs/schedules.py): the morning digest
and the nightly status refresh."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from giamsat.common.cache import data_changed
from giamsat.jobs.registry import JobFailed, JobResult, job_handler
from giamsat.jobs.schedules import Daily

from .history import status_history_refresh, status_history_stale
from .reminders import digests_send
from .tallies import status_tally_compact, status_tally_rebuild, status_tally_stale


def _at(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


def _as_of(job) -> datetime.date:
    """The day the schedule started the job for (its params), else today."""
    day = job.params.get("as_of")
    return datetime.date.fromisoformat(day) if day else timezone.localdate()


@job_handler(
    "daily_digest",
    schedule=Daily(_at(settings.DIGEST_AT)),
    title=gettext_lazy("Thư tổng hợp và nhắc việc hằng ngày"),
)
def daily_digest(job, progress) -> JobResult:
    """The day's notifications, then one digest e-mail per person (reminders.digests_send).

    Done here, not in the completion's transaction: an e-mail cannot be rolled back. Each digest is recorded as it
    goes out (ReminderLog, the notifications marked e-mailed), so a run again after a worker died mid-way sends only
    the digests not sent yet, and the notifications are made once whatever the runs (their keys)."""
    as_of = _as_of(job)
    progress.stage(5, 95, _("Đang gửi thư tổng hợp"))
    outcome = digests_send(as_of=as_of)
    if outcome.failed and not outcome.sent:
        raise JobFailed(
            _(
                "Không gửi được thư tổng hợp nào: máy chủ thư từ chối %(n)d thư. Kiểm tra cấu hình thư điện tử rồi "
                "chạy lại trong ngày bằng lệnh giamsat remind."
            )
            % {"n": outcome.failed}
        )
    note = _("Ngày %(day)s: %(created)d thông báo mới, %(sent)d thư tổng hợp đã gửi (%(n)d thông báo).") % {
        "day": as_of.strftime("%d/%m/%Y"),
        "created": outcome.created,
        "sent": outcome.sent,
        "n": outcome.notifications,
    }
    if outcome.failed:
        note += " " + _("%(n)d thư không gửi được.") % {"n": outcome.failed}
    return JobResult(note=note)


@job_handler(
    "status_refresh",
    schedule=Daily(_at(settings.NIGHTLY_AT)),
    title=gettext_lazy("Làm mới trạng thái nhiệm vụ hằng đêm"),
)
def status_refresh(job, progress):
    """What `giamsat status_history --refresh --compact` does, each night: the day's counts merged, any stored status
    history found out of step recomputed, the counts rebuilt if they differ; then every cached page and figure is
    dated (data versions raised after the commit), so the new day's statuses show from the first request.

    The histories are checked here (reading); the writes are made with the job's completion, once."""
    progress(5, _("Đang kiểm tra lịch sử trạng thái"))
    stale = status_history_stale()
    progress(60, _("Đang gộp số đếm trạng thái"))

    def commit() -> JobResult:
        before, after = status_tally_compact()
        if stale:
            status_history_refresh(stale)
        rebuilt = status_tally_stale()
        if rebuilt:
            status_tally_rebuild()
        data_changed()  # every domain: raised once the completion commits (common/cache.py)
        note = _("Đã gộp số đếm trạng thái: %(before)d dòng còn %(after)d dòng; tính lại %(n)d nhiệm vụ.") % {
            "before": before,
            "after": after,
            "n": len(stale),
        }
        if rebuilt:
            note += " " + _("Đã đếm lại số đếm trạng thái từ lịch sử trạng thái.")
        return JobResult(note=note)

    return commit
