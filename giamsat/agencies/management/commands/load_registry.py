from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from giamsat.agencies.registry import registry_load


class Command(BaseCommand):
    help = "Nạp danh mục cơ quan, đơn vị (sở, ngành, xã/phường, nhóm); chạy lại nhiều lần không trùng lặp."

    def handle(self, *args, **options):
        try:
            result = registry_load()
        except ValidationError as error:
            raise CommandError(
                _("Không nạp được danh mục cơ quan: %(error)s") % {"error": "; ".join(error.messages)}
            ) from error
        self.stdout.write(self.style.SUCCESS(str(result)))
