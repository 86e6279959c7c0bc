from django.db import models
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    PUBLIC_READ = "public_read", _("Đọc dữ liệu công khai")
    AGENCY_READ = "agency_read", _("Đọc dữ liệu của cơ quan")
    AGENCY_WRITE = "agency_write", _("Đọc và gửi báo cáo của cơ quan")
    STANDING_OFFICE = "standing_office", _("Cơ quan Thường trực")


AGENCY_SCOPES = frozenset({TokenScope.AGENCY_READ, TokenScope.AGENCY_WRITE})
