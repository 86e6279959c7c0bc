from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from giamsat.accounts.models import User
from giamsat.accounts.policy import must_use_two_factor
from giamsat.accounts.services import DEMO_PASSWORD, demo_accounts_ensure
from giamsat.accounts.two_factor import is_demo_device, secret_in_groups, two_factor_demo_ensure
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
            agency = Agency.objects.get(code=account.agency_code).name if account.agency_code else "—"
            note = _("mới tạo") if created else _("đã có")
            self.stdout.write(f"  {account.username:<18} {account.role.label:<28} {agency}  ({note})")
        self.two_factor([account.username for account, _created in results])

    def two_factor(self, usernames: list[str]) -> None:
        """The demo accounts whose role requires a second factor get the demo authenticator key, printed here."""
        lines = []
        for user in User.objects.filter(username__in=usernames).order_by("username"):
            if not must_use_two_factor(user):
                continue
            device = two_factor_demo_ensure(user=user)
            secret = secret_in_groups(device) if is_demo_device(device) else _("(ứng dụng xác thực riêng đã đăng ký)")
            lines.append(f"  {user.username:<18} {secret}")
        if lines:
            self.stdout.write(
                _(
                    "Xác thực hai lớp: sau mật khẩu, các tài khoản dưới đây nhập mã 6 chữ số của ứng dụng xác thực "
                    "(Google Authenticator, Microsoft Authenticator, FreeOTP...). Thêm vào ứng dụng khóa bí mật sau "
                    "(loại theo thời gian), hoặc xem mã hiện tại bằng: giamsat demo_otp_code <tên đăng nhập>"
                )
            )
            for line in lines:
                self.stdout.write(line)
