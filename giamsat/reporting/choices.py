from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkState(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    COMPLETED = "completed", _("Đã hoàn thành")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã gửi lãnh đạo đơn vị")
    APPROVED = "approved", _("Lãnh đạo đơn vị đã duyệt")
    RECEIVED = "received", _("Cơ quan Thường trực đã nhận")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã chấp nhận")


class EvidenceKind(models.TextChoices):
    FILE = "file", _("Tệp")
    LINK = "link", _("Đường dẫn")
    DOCUMENT = "document", _("Văn bản")


class ReviewDecision(models.TextChoices):
    ACCEPTED = "accepted", _("Chấp nhận")
    RETURNED = "returned", _("Trả lại")


# The report's badge colour, beside its status (as STATUS_COLORS beside TaskStatus).
REPORT_COLORS = {
    ReportStatus.DRAFT: "secondary",
    ReportStatus.SUBMITTED: "info",
    ReportStatus.APPROVED: "info",
    ReportStatus.RECEIVED: "info",
    ReportStatus.RETURNED: "danger",
    ReportStatus.ACCEPTED: "success",
}
