from django.core.management.base import BaseCommand, CommandError

from giamsat.common.cli import as_of_option
from giamsat.monitoring.reminders import digests_send


class Command(BaseCommand):
    help = (
        "Thư tổng hợp hằng ngày: tạo thông báo trong ngày (nhiệm vụ sắp đến hạn, kỳ báo cáo), rồi gửi mỗi người "
        "một thư gồm nhắc việc và thông báo mới; không gửi thư rỗng, không gửi lại khi chạy lần hai trong ngày. "
        "Tiến trình xử lý nền (giamsat worker) tự chạy việc này lúc DIGEST_AT; lệnh này để chạy bằng tay."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="Ngày tính (dd/mm/yyyy hoặc yyyy-mm-dd), mặc định hôm nay")

    def handle(self, *args, **options):
        as_of = as_of_option(options["as_of"])
        outcome = digests_send(as_of=as_of)
        self.stdout.write(
            f"Ngày {as_of:%d/%m/%Y}: {outcome.created} thông báo mới; đã gửi {outcome.sent} thư tổng hợp "
            f"({outcome.notifications} thông báo)."
        )
        if outcome.failed:
            raise CommandError(
                f"{outcome.failed} thư không gửi được (sẽ gửi lại ở lần chạy sau): " + "; ".join(outcome.failures[:5])
            )
