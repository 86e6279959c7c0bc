from django.core.management.base import BaseCommand, CommandError

from giamsat.monitoring.history import status_history_refresh, status_history_stale


class Command(BaseCommand):
    help = (
        "Kiểm tra (và với --refresh, tính lại) lịch sử trạng thái lưu sẵn của các nhiệm vụ. Cần sau khi ghi "
        "dữ liệu hàng loạt bằng SQL hoặc khôi phục cơ sở dữ liệu; các thao tác qua ứng dụng tự cập nhật."
    )

    def add_arguments(self, parser):
        parser.add_argument("--refresh", action="store_true", help="Tính lại những nhiệm vụ bị lệch.")

    def handle(self, *args, refresh, **options):
        stale = status_history_stale()
        if not stale:
            self.stdout.write("Lịch sử trạng thái của mọi nhiệm vụ đều khớp.")
            return
        if not refresh:
            raise CommandError(
                f"{len(stale)} nhiệm vụ có lịch sử trạng thái bị thiếu hoặc lệch (ví dụ: {stale[:10]}). "
                "Chạy lại với --refresh để tính lại."
            )
        status_history_refresh(stale)
        self.stdout.write(f"Đã tính lại lịch sử trạng thái của {len(stale)} nhiệm vụ.")
