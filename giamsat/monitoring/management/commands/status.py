import json

from django.core.management.base import BaseCommand

from giamsat.common.cli import as_of_option
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.selectors import task_status_rows


class Command(BaseCommand):
    help = "In trạng thái của mọi nhiệm vụ tính đến một ngày (mặc định hôm nay), dạng JSON hoặc bảng."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="Ngày tính trạng thái, dạng dd/mm/yyyy hoặc yyyy-mm-dd (mặc định: hôm nay)")
        parser.add_argument("--format", choices=["json", "table"], default="json")

    def handle(self, *args, **options):
        as_of = as_of_option(options["as_of"])
        rows = task_status_rows(as_of=as_of)
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        labels = dict(TaskStatus.choices)
        for row in rows:
            late = f" ({row['overdue_days']} ngày)" if row["overdue_days"] else ""
            self.stdout.write(
                f"{row['directive'][:14]:<14} {row['ref']:>14}  {str(labels[row['status']]) + late:<36} "
                f"{'; '.join(row['lead'])[:40]}"
            )
