from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from giamsat.accounts.services import DEMO_PASSWORD, demo_accounts_ensure
from giamsat.agencies.models import Agency


class Command(BaseCommand):
    help = "Tạo các tài khoản dùng thử (mỗi vai trò một tài khoản) và in thông tin đăng nhập."

    def handle(self, *args, **options):
        try:
            results = demo_accounts_ensure()
        except Agency.DoesNotExist:
            raise CommandError(_("Chưa có danh mục cơ quan. Hãy chạy: giamsat load_registry")) from None
        self.stdout.write(_("Tài khoản dùng thử (mật khẩu chung: %(password)s):") % {"password": DEMO_PASSWORD})
        for account, created in results:
            agency = Agency.objects.get(code=account.agency_code)
            note = _("mới tạo") if created else _("đã có")
            self.stdout.write(f"  {account.username:<18} {account.role.label:<28} {agency.name}  ({note})")
