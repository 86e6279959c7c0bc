from django.core.management.base import BaseCommand
from django.utils import timezone

from giamsat.reporting.demo import demo_reports_load


class Command(BaseCommand):
    help = "Tạo lịch sử báo cáo minh họa (có ghi rõ “Dữ liệu minh họa”) cho các nhiệm vụ mẫu; chạy lại không trùng."

    def handle(self, *args, **options):
        created = demo_reports_load(today=timezone.localdate())
        if created:
            self.stdout.write(f"Đã tạo {created} báo cáo minh họa (Sở Khoa học và Công nghệ).")
        else:
            self.stdout.write("Dữ liệu báo cáo minh họa đã có (hoặc thiếu tài khoản dùng thử); không tạo thêm.")
