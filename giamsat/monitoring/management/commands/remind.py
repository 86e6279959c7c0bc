import datetime
import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from giamsat.monitoring.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc việc trong ngày: mỗi người một thư tổng hợp, không gửi thư rỗng, không gửi lại khi chạy lần "
        "hai. Chạy hằng ngày bằng cron hoặc systemd timer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="Ngày tính (YYYY-MM-DD), mặc định hôm nay")

    def handle(self, *args, **options):
        as_of = timezone.localdate()
        if options["as_of"]:
            try:
                as_of = datetime.date.fromisoformat(options["as_of"])
            except ValueError:
                sys.stderr.write(f"Lỗi: ngày “{options['as_of']}” không đúng dạng YYYY-MM-DD.\n")
                sys.exit(2)
        sent = reminders_send(as_of=as_of)
        self.stdout.write(f"Đã gửi {sent} thư nhắc việc ngày {as_of:%d/%m/%Y}.")
