"""`giamsat demo-data --scale province|nation`: deterministic benchmark data (see giamsat.benchdata.generator)."""

import argparse
import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from giamsat.benchdata import generator as benchdata
from giamsat.common.cache import data_changed
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.dashboard import status_counts
from giamsat.monitoring.history import status_history_refresh_all
from giamsat.monitoring.tallies import status_tally_rebuild


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu thử hiệu năng có thể lặp lại (cơ quan, văn bản, nhiệm vụ, báo cáo 24 tháng, minh chứng, "
        "thẩm định, tài khoản bench-…). Không đụng tới danh mục thật, dữ liệu mẫu và tài khoản dùng thử."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", choices=sorted(benchdata.SCALES), required=True, help="Quy mô: tỉnh hoặc cả nước."
        )
        parser.add_argument("--seed", type=int, default=57, help="Hạt giống ngẫu nhiên (mặc định 57).")
        parser.add_argument("--today", help="Ngày “hôm nay” của dữ liệu, dạng YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument("--replace", action="store_true", help="Xóa dữ liệu thử đã tạo trước đó rồi tạo lại.")
        parser.add_argument("--tasks", type=int, help=argparse.SUPPRESS)
        parser.add_argument("--agencies", type=int, help=argparse.SUPPRESS)

    def handle(self, *args, scale, seed, today, replace, tasks, agencies, **options):
        as_of = self._today(today)
        spec = benchdata.scale_with(benchdata.SCALES[scale], agencies=agencies, tasks=tasks)
        started = time.monotonic()
        if benchdata.bench_data_exists():
            if not replace:
                raise CommandError(
                    _("Dữ liệu thử hiệu năng đã có (mã cơ quan “bench-…”). Dùng --replace để xóa và tạo lại.")
                )
            try:
                deleted = benchdata.bench_data_delete()
            except IntegrityError as error:
                raise CommandError(
                    _("Không xóa được dữ liệu thử cũ vì còn dữ liệu khác tham chiếu tới: %(error)s") % {"error": error}
                ) from error
            self.stdout.write(f"Đã xóa dữ liệu thử cũ: {benchdata.format_counts(deleted.items())}.")
        self.stdout.write(
            f"Tạo dữ liệu quy mô {spec.name}: {benchdata.vn_number(spec.agencies)} cơ quan, "
            f"{benchdata.vn_number(spec.tasks)} nhiệm vụ, {spec.months} tháng đến {as_of:%d/%m/%Y} (seed {seed})…"
        )
        result = benchdata.bench_data_create(scale=spec, seed=seed, today=as_of, log=self.stdout.write)
        data_changed()  # rows written without signals: cached figures are out of date
        self.stdout.write(f"Đã tạo {benchdata.format_counts(result.counts.items())} trong {result.seconds:.1f} giây.")
        counted = time.monotonic()
        benchdata.bench_data_analyze()
        status_history_refresh_all(benchdata.bench_tasks())  # bulk rows sent no signals: the status history
        status_tally_rebuild()  # and its counts (the old rows' spans were deleted in SQL, uncounted)
        benchdata.bench_data_analyze(vacuum=True)
        mix = status_counts(benchdata.bench_tasks(), as_of=as_of)
        total = sum(mix.values()) or 1
        self.stdout.write(f"Trạng thái nhiệm vụ ngày {as_of:%d/%m/%Y}:")
        for status in TaskStatus:
            n = mix.get(status, 0)
            self.stdout.write(f"  {status.label}: {benchdata.vn_number(n)} ({100 * n / total:.1f}%)")
        counting, total_seconds = time.monotonic() - counted, time.monotonic() - started
        self.stdout.write(
            f"Cập nhật thống kê (ANALYZE), dữ kiện trạng thái và đếm trạng thái: {counting:.1f} giây; "
            f"tổng thời gian {total_seconds:.1f} giây."
        )

    @staticmethod
    def _today(value: str | None) -> datetime.date:
        if not value:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise CommandError(
                _("Ngày không hợp lệ “%(value)s”: hãy nhập dạng YYYY-MM-DD.") % {"value": value}
            ) from None
