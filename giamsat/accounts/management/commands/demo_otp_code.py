from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from giamsat.accounts.two_factor import is_demo_device


class Command(BaseCommand):
    help = (
        "In mã xác thực hai lớp hiện tại của một tài khoản dùng thử (chỉ tài khoản dùng khóa dùng thử mà "
        "create_demo_accounts đã in), để thử hệ thống khi không có điện thoại."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("Tên đăng nhập của tài khoản dùng thử, ví dụ: lanhdao"))

    def handle(self, *args, username, **options):
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).order_by("pk").first()
        if device is None or not is_demo_device(device):
            raise CommandError(
                _("Tài khoản %(username)s không dùng khóa xác thực dùng thử; mã của nó chỉ có trong ứng dụng.")
                % {"username": username}
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
        if totp.t() <= device.last_t:  # a code is accepted once: the next one comes with the next time step
            seconds = device.step - (int(totp.time) - device.t0) % device.step
            self.stderr.write(_("Mã này đã được dùng; mã mới sau %(seconds)d giây.") % {"seconds": seconds})
