"""Work that runs by itself, without cron: each scheduled kind says when (Daily, Monthly) in its `job_handler`
registration; the worker keeps a Schedule row per kind and starts a job when its time has come.

If the worker was stopped at that time, the job runs once when it starts again (not once per missed day). Several
workers may run: the one whose update moves `next_run_at` on starts the job, the others see it moved.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Schedule
from .registry import handlers


def _local(day: datetime.date, at: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, at))


@dataclass(frozen=True)
class Daily:
    at: datetime.time

    def next_after(self, moment: datetime.datetime) -> datetime.datetime:
        day = timezone.localtime(moment).date()
        candidate = _local(day, self.at)
        return candidate if candidate > moment else _local(day + datetime.timedelta(days=1), self.at)

    def describe(self) -> str:
        return _("Hằng ngày lúc %(at)s") % {"at": self.at.strftime("%H:%M")}


@dataclass(frozen=True)
class Monthly:
    day: int
    at: datetime.time

    def next_after(self, moment: datetime.datetime) -> datetime.datetime:
        local = timezone.localtime(moment).date()
        year, month = local.year, local.month
        for _step in range(2):
            candidate = _local(datetime.date(year, month, self.day), self.at)
            if candidate > moment:
                return candidate
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        raise AssertionError("unreachable")

    def describe(self) -> str:
        return _("Ngày %(day)d hằng tháng lúc %(at)s") % {"day": self.day, "at": self.at.strftime("%H:%M")}


def schedules_sync(now: datetime.datetime | None = None) -> None:
    """One Schedule row per scheduled kind in the code; a changed time takes effect at once, a kind no longer
    scheduled is switched off."""
    now = now or timezone.now()
    scheduled = {kind: handler for kind, handler in handlers().items() if handler.schedule is not None}
    for kind, handler in scheduled.items():
        when = handler.schedule.describe()
        row, created = Schedule.objects.get_or_create(
            kind=kind,
            defaults={
                "title": str(handler.title or kind),
                "when": when,
                "next_run_at": handler.schedule.next_after(now),
            },
        )
        if not created and (row.when != when or row.title != str(handler.title or kind)):
            row.title, row.when, row.next_run_at = str(handler.title or kind), when, handler.schedule.next_after(now)
            row.save(update_fields=["title", "when", "next_run_at"])
    Schedule.objects.exclude(kind__in=list(scheduled)).update(enabled=False)


def schedules_run_due(now: datetime.datetime | None = None) -> list[str]:
    """Start the job of every schedule whose time has come; returns their kinds."""
    from .services import job_start

    now = now or timezone.now()
    registered = handlers()
    started = []
    for row in Schedule.objects.filter(enabled=True, next_run_at__lte=now):
        handler = registered.get(row.kind)
        if handler is None or handler.schedule is None:
            continue
        with transaction.atomic():
            moved = Schedule.objects.filter(pk=row.pk, next_run_at=row.next_run_at).update(
                next_run_at=handler.schedule.next_after(now), last_run_at=now
            )
            if not moved:
                continue  # another worker took it
            job = job_start(
                row.kind,
                owner=None,
                title=row.title,
                params={"as_of": timezone.localtime(now).date().isoformat(), "scheduled": True},
            )
            Schedule.objects.filter(pk=row.pk).update(last_job=job)
        started.append(row.kind)
    return started
