import datetime

import pytest

from giamsat.accounts.services import demo_accounts_ensure
from giamsat.directives.models import Task
from giamsat.directives.samples import samples_load
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.history import annotate_status
from giamsat.reporting.demo import DEMO, demo_reports_load
from giamsat.reporting.models import ProgressReport

pytestmark = pytest.mark.django_db


def test_demo_history_is_labelled_varied_and_loaded_once(registry):
    samples_load()
    demo_accounts_ensure()
    today = datetime.date(2026, 11, 22)
    created = demo_reports_load(today=today)
    assert created > 20
    assert demo_reports_load(today=today) == 0
    reports = ProgressReport.objects.all()
    assert reports.count() == created
    assert all(r.work_done.startswith(DEMO) for r in reports)
    assert reports.filter(is_late=True).exists() and reports.filter(is_late=False).exists()
    assert reports.filter(status="returned").exists() and reports.filter(status="accepted").exists()
    statuses = set(annotate_status(Task.objects.all(), as_of=today).values_list("status", flat=True))
    assert {TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE, TaskStatus.OVERDUE} <= statuses
    history_users = {r.history.earliest().history_user.username for r in reports}
    assert history_users == {"skhcn.chuyenvien"}  # made through the workflow services, as the officer
