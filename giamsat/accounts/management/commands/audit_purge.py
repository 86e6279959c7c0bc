from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from giamsat.accounts.audit import audit_purge


class Command(BaseCommand):
    help = _(
        "Xóa các mục nhật ký kiểm tra quá thời hạn lưu giữ (AUDIT_RETENTION_DAYS, ít nhất 366 ngày); chạy hằng đêm."
    )

    def handle(self, *args, **options):
        deleted = audit_purge()
        self.stdout.write(
            _("Đã xóa %(count)d mục nhật ký cũ hơn %(days)d ngày.")
            % {"count": deleted, "days": settings.AUDIT_RETENTION_DAYS}
        )
