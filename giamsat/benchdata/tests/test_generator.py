import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from giamsat.accounts.models import User
from giamsat.agencies.models import Agency
from giamsat.benchdata import generator as benchdata
from giamsat.directives.choices import AssignmentRole
from giamsat.directives.models import Directive, Task
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.dashboard import status_counts
from giamsat.reporting.models import Evidence, ProgressReport, Review

TODAY = datetime.date(2026, 5, 15)
TINY_ARGS = ("--scale", "province", "--tasks", "120", "--agencies", "40", "--today", "2026-05-15")
TINY = benchdata.scale_with(benchdata.SCALES["province"], agencies=40, tasks=120)


def _rows(seed: int) -> list:
    return [(b.label, b.rows, b.users) for b in benchdata.generate(TINY, seed=seed, today=TODAY)]


class GenerateTests:
    def test_same_seed_gives_the_same_rows(self):
        assert _rows(57) == _rows(57)
        assert _rows(57) != _rows(58)

    def test_counts_and_a_lead_for_every_task(self):
        batches = list(benchdata.generate(TINY, seed=57, today=TODAY))
        tasks = [row for b in batches for row in b.rows[Task]]
        agencies = [row for b in batches for row in b.rows[Agency]]
        assert len(tasks) == 120
        assert len(agencies) == 40
        assert len({row[2] for row in agencies}) == 40  # names are unique
        leads = {row[1] for b in batches for row in b.rows[benchdata.TaskAssignment] if row[2] == AssignmentRole.LEAD}
        assert leads == {row[0] for row in tasks}


@pytest.mark.django_db
class CommandTests:
    def _run(self, *args):
        call_command("demo-data", *TINY_ARGS, *args, stdout=io.StringIO())

    def _counts(self):
        return {
            model.__name__: model.objects.count()
            for model in (Agency, Directive, Task, ProgressReport, Evidence, Review, User)
        }

    def test_creates_the_requested_counts_and_a_plausible_status_mix(self):
        before = self._counts()
        self._run()
        after = self._counts()
        assert after["Task"] - before["Task"] == 120
        assert after["Agency"] - before["Agency"] == 40
        assert after["ProgressReport"] > 120
        assert after["Evidence"] > before["Evidence"] and after["Review"] > before["Review"]
        assert User.objects.filter(username="bench-officer-1", agency__code__startswith="bench-").exists()
        assert User.objects.get(username="bench-office").check_password(benchdata.DEMO_PASSWORD)
        mix = status_counts(benchdata.bench_tasks(), as_of=TODAY)
        assert mix.get(TaskStatus.OVERDUE, 0) > 0
        assert mix.get(TaskStatus.DONE_ON_TIME, 0) + mix.get(TaskStatus.DONE_LATE, 0) > 0

    def test_a_second_run_refuses_and_changes_nothing_unless_replace(self):
        self._run()
        counts = self._counts()
        with pytest.raises(CommandError, match="--replace"):
            self._run()
        assert self._counts() == counts
        self._run("--replace")
        assert self._counts() == counts

    def test_search_text_is_what_task_save_computes(self):
        self._run()
        for task in benchdata.bench_tasks().order_by("?")[:20]:
            stored = task.search_text
            task.save()
            task.refresh_from_db()
            assert task.search_text == stored

    def test_name_folded_is_what_agency_save_computes(self):
        self._run()
        for agency in Agency.objects.filter(code__startswith="bench-")[:20]:
            stored = agency.name_folded
            agency.save()
            agency.refresh_from_db()
            assert agency.name_folded == stored

    def test_status_history_is_what_the_engine_concludes(self):
        from giamsat.monitoring.tests.test_status import assert_history_follows_the_events

        self._run()
        assert_history_follows_the_events()  # bulk rows send no signals: the command refreshes them
