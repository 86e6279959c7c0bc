from django.db import models
from django.utils.translation import gettext_lazy as _


class DirectiveKind(models.TextChoices):
    CONCLUSION_NOTICE = "conclusion_notice", _("Thông báo kết luận")
    PLAN = "plan", _("Kế hoạch")
    PROGRAMME = "programme", _("Chương trình")
    RESOLUTION = "resolution", _("Nghị quyết")
    DIRECTIVE = "directive", _("Chỉ thị")
    DECISION = "decision", _("Quyết định")
    OFFICIAL_LETTER = "official_letter", _("Công văn")
    OTHER = "other", _("Khác")


class DeadlineKind(models.TextChoices):
    DATE = "date", _("Ngày cụ thể")
    QUARTER = "quarter", _("Quý")
    MONTH = "month", _("Tháng")
    HALF_YEAR = "half_year", _("Nửa năm")
    YEAR = "year", _("Năm")
    RANGE = "range", _("Giai đoạn")
    RECURRING = "recurring", _("Thường xuyên")
    ROADMAP = "roadmap", _("Theo lộ trình")
    NONE = "none", _("Không nêu")


class Recurrence(models.TextChoices):
    NONE = "none", _("Không")
    REGULAR = "regular", _("Thường xuyên")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    YEARLY = "yearly", _("Hằng năm")


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Công khai")
    INTERNAL = "internal", _("Nội bộ")
    SECRET = "secret", _("Mật")


CONFIDENTIALITY_COLORS = {
    Confidentiality.PUBLIC: "success",
    Confidentiality.INTERNAL: "secondary",
    Confidentiality.SECRET: "danger",
}


class AssignmentRole(models.TextChoices):
    DIRECTING = "directing", _("Cơ quan chỉ đạo")
    LEAD = "lead", _("Cơ quan chủ trì")
    COORDINATING = "coordinating", _("Cơ quan phối hợp")


class TaskOrigin(models.TextChoices):
    TABLE = "table", _("Phụ lục (bảng)")
    BODY = "body", _("Nội dung văn bản")
    MANUAL = "manual", _("Nhập tay")


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Chờ quyết định")
    GRANTED = "granted", _("Đã đồng ý gia hạn")
    REFUSED = "refused", _("Không đồng ý gia hạn")
    WITHDRAWN = "withdrawn", _("Đơn vị đã rút đề nghị")


EXTENSION_STATE_COLORS = {
    ExtensionState.PENDING: "warning",
    ExtensionState.GRANTED: "success",
    ExtensionState.REFUSED: "danger",
    ExtensionState.WITHDRAWN: "secondary",
}


class ClosureKind(models.TextChoices):
    """Why a task is no longer carried out, as the later directive decides it."""

    STOPPED = "stopped", _("Dừng thực hiện")
    MERGED = "merged", _("Sáp nhập vào nhiệm vụ khác")
    NOT_NEEDED = "not_needed", _("Không còn cần thiết")
