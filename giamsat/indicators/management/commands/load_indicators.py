from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from giamsat.indicators.seed import indicators_load


class Command(BaseCommand):
    help = (
        "Nạp chỉ tiêu mẫu (mục tiêu 2030 của Nghị quyết 57-NQ/TW, chỉ tiêu của văn bản mẫu); chạy lại không trùng lặp."
    )

    def handle(self, *args, **options):
        try:
            result = indicators_load()
        except ValidationError as error:
            raise CommandError(
                _("Không nạp được chỉ tiêu mẫu: %(error)s") % {"error": "; ".join(error.messages)}
            ) from error
        self.stdout.write(
            _("Chỉ tiêu mẫu: %(created)d mới, %(updated)d cập nhật.")
            % {"created": result.created, "updated": result.updated}
        )
        if result.unlinked:
            self.stdout.write(
                _("Chưa gắn được với nhiệm vụ (chưa nạp văn bản mẫu?): %(codes)s")
                % {"codes": ", ".join(result.unlinked)}
            )
