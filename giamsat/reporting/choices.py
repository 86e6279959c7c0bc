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


class ReportAction(models.TextChoices):
    """A step of a report's way (the report's story on the task page): who did what, when, with what comment."""

    SUBMITTED = "submitted", _("gửi lãnh đạo đơn vị duyệt")
    WITHDRAWN = "withdrawn", _("rút lại báo cáo để sửa")
    APPROVED = "approved", _("duyệt, gửi Cơ quan Thường trực")
    HEAD_RETURNED = "head_returned", _("trả lại chuyên viên")
    ENTERED = "entered", _("nhập thay báo cáo đơn vị gửi bằng văn bản")
    ACCEPTED = "accepted", _("chấp nhận báo cáo")
    RETURNED = "returned", _("trả lại báo cáo")


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
