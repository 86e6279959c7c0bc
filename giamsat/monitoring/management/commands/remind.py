from django.core.management.base import BaseCommand

from giamsat.common.cli import as_of_option
from giamsat.monitoring.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc việc trong ngày: mỗi người một thư tổng hợp, không gửi thư rỗng, không gửi lại khi chạy lần "
        "hai. Chạy hằng ngày bằng cron hoặc systemd timer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="Ngày tính (dd/mm/yyyy hoặc yyyy-mm-dd), mặc định hôm nay")

    def handle(self, *args, **options):
        as_of = as_of_option(options["as_of"])
        sent = reminders_send(as_of=as_of)
        self.stdout.write(f"Đã gửi {sent} thư nhắc việc ngày {as_of:%d/%m/%Y}.")
