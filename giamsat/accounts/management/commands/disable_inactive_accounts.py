"""`giamsat disable_inactive_accounts`: disable the accounts unused for ACCOUNT_INACTIVE_DAYS (run nightly)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from giamsat.accounts.inactivity import accounts_unused
from giamsat.accounts.services import users_disable_unused


class Command(BaseCommand):
    help = "Khóa các tài khoản không sử dụng quá ACCOUNT_INACTIVE_DAYS ngày (mặc định 45); chạy lại không khóa trùng."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không khóa.")

    def handle(self, *args, dry_run: bool = False, **options):
        now = timezone.now()
        if dry_run:
            users = accounts_unused(now=now)
            heading = _("Sẽ khóa %(count)s tài khoản không sử dụng quá %(days)s ngày.")
        else:
            users = users_disable_unused(now=now)
            heading = _("Đã khóa %(count)s tài khoản không sử dụng quá %(days)s ngày.")
        self.stdout.write(heading % {"count": len(users), "days": settings.ACCOUNT_INACTIVE_DAYS})
        for user in users:
            self.stdout.write(f"  {user.username}  {user.get_full_name()}")
