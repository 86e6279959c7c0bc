from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STANDING_OFFICE = "standing_office", _("Cơ quan Thường trực")
    AGENCY_OFFICER = "agency_officer", _("Chuyên viên đơn vị")
    AGENCY_HEAD = "agency_head", _("Lãnh đạo đơn vị")
    LEADER = "leader", _("Lãnh đạo Ban Chỉ đạo")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")
    # The inspection commission (Quy chế 08-QC/TW): reads every task, report and review, and the audit trail;
    # changes nothing.
    INSPECTOR = "inspector", _("Ủy ban kiểm tra")


AGENCY_ROLES = frozenset({Role.AGENCY_OFFICER, Role.AGENCY_HEAD})
# Roles that work in the Django admin (registry upkeep, corrections).
STAFF_ROLES = frozenset({Role.STANDING_OFFICE, Role.ADMINISTRATOR})


class AuditKind(models.TextChoices):
    """What an entry of the audit trail records (accounts/audit.py)."""

    SIGNED_IN = "signed_in", _("Đăng nhập")
    SIGN_IN_FAILED = "sign_in_failed", _("Đăng nhập không thành công")
    SECOND_FACTOR_PASSED = "second_factor_passed", _("Xác thực hai lớp thành công")
    LOCKED_OUT = "locked_out", _("Bị tạm khóa đăng nhập")
    SIGNED_OUT = "signed_out", _("Đăng xuất")
    SECRET_VIEWED = "secret_viewed", _("Xem nội dung mật")
    EXPORTED = "exported", _("Xuất dữ liệu")
    TOKEN_USED = "token_used", _("Dùng mã truy cập API")
    PERMISSION_CHANGED = "permission_changed", _("Thay đổi quyền")
    TWO_FACTOR_CHANGED = "two_factor_changed", _("Thay đổi xác thực hai lớp")
