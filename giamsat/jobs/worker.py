"""The background worker's loop: run again what a dead worker left, start what the schedule says, then run every
ready job (django-tasks-db's worker, in batch mode), and wait a moment before looking again."""

import threading

from django.conf import settings
from django.db import connection, connections
from django_tasks_db.management.commands.db_worker import Worker

from .runner import jobs_heartbeat, jobs_recover, worker_id
from .schedules import schedules_run_due, schedules_sync


def queue_worker(worker: str) -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker[:64],
        excluded_queue_names=[],
    )


def jobs_run_pending() -> None:
    """One pass: recover, schedule, run everything ready, in this process and on this connection (the tests, inside
    their transaction: the queue's own loop would close the connection between tasks)."""
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    worker = worker_id()
    jobs_recover()
    schedules_run_due()
    queue = queue_worker(worker)
    while True:
        with exclusive_transaction():
            task_result = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if task_result is None:
                return
            task_result.claim(queue.worker_id)
        queue.run_task(task_result)


class Heartbeat(threading.Thread):
    """Renews the lease of the job this process is running, every JOB_HEARTBEAT_SECONDS, on its own connection."""

    def __init__(self, worker: str):
        super().__init__(name="giamsat-heartbeat", daemon=True)
        self.worker = worker
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
            try:
                jobs_heartbeat(self.worker)
            finally:
                connections.close_all()


def worker_serve(*, interval: float, once: bool = False) -> None:
    worker = worker_id()
    schedules_sync()
    queue = queue_worker(worker)
    queue.configure_signals()  # SIGTERM, SIGINT: finish the job in hand, then stop
    heartbeat = Heartbeat(worker)
    heartbeat.start()
    try:
        while queue.running:
            jobs_recover()
            schedules_run_due()
            queue.run()
            if once:
                return
            connection.close_if_unusable_or_obsolete()
            if queue.running:
                heartbeat.stopped.wait(interval)
    finally:
        heartbeat.stopped.set()
