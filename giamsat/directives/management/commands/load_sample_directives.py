from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from giamsat.directives.samples import samples_load


class Command(BaseCommand):
    help = "Nạp ba văn bản chỉ đạo mẫu và các nhiệm vụ của chúng; chạy lại không trùng lặp."

    def handle(self, *args, **options):
        try:
            results = samples_load()
        except ValidationError as error:
            raise CommandError(
                _("Không nạp được văn bản mẫu: %(error)s") % {"error": "; ".join(error.messages)}
            ) from error
        if not results:
            self.stdout.write(_("Các văn bản mẫu đã có sẵn, không nạp lại."))
        for result in results:
            self.stdout.write(
                _("%(directive)s: %(created)d nhiệm vụ mới")
                % {"directive": result.directive, "created": result.created}
            )
