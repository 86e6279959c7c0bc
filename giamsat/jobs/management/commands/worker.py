import logging

from django.core.management.base import BaseCommand

from giamsat.jobs.runner import worker_id
from giamsat.jobs.worker import worker_serve


class Command(BaseCommand):
    help = (
        "Chạy tiến trình xử lý nền: nhập văn bản, lập báo cáo, xuất Excel, nhập báo cáo hàng loạt, thư tổng hợp hằng "
        "ngày và các việc theo lịch. `make run` chạy nó cùng máy chủ web; trong vận hành chạy bằng systemd (README)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Số giây chờ giữa hai lần tìm việc (mặc định 1)"
        )
        parser.add_argument("--once", action="store_true", help="Chạy hết việc đang chờ một lần rồi dừng")

    def handle(self, *args, interval, once, verbosity, **options):
        logging.getLogger("django_tasks_db").setLevel(logging.WARNING if verbosity < 2 else logging.INFO)
        if verbosity:
            self.stdout.write(f"Tiến trình xử lý nền {worker_id()} đang chạy (Ctrl+C để dừng).")
        worker_serve(interval=interval, once=once)
