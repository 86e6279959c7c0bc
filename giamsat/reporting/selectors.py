"""Reading reports: the rules on them that several pages count, each in one function."""

import datetime

from django.db.models import QuerySet

from giamsat.common.dates import end_of_day

from .models import ProgressReport


def reports_sent_in_period(*, as_of: datetime.date) -> QuerySet[ProgressReport]:
    """ "Reported this period": the reports of the reporting period (month) of `as_of` sent by the end of that
    day. The task list marks a task without one of its lead agencies' (monitoring/task_list.py), the dashboard
    counts each lead agency's part with its own (monitoring/dashboard.py)."""
    return ProgressReport.objects.filter(
        period__year=as_of.year, period__month=as_of.month, submitted_at__lt=end_of_day(as_of)
    )
