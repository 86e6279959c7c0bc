from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    ON_TIME = "on_time", _("Đang thực hiện – trong hạn")
    OVERDUE = "overdue", _("Đang thực hiện – quá hạn")
    PENDING_VERIFICATION = "pending_verification", _("Chờ xác nhận")
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    RECURRING = "recurring", _("Thường xuyên")
    # Stopped, merged into another task or no longer needed, by a later decision (directives.TaskClosure): counted
    # neither open nor overdue nor done.
    CLOSED = "closed", _("Không còn thực hiện")


# One colour per status everywhere (badges, charts, documents); always shown with the label, never alone.
STATUS_COLORS = {
    TaskStatus.ON_TIME: "info",
    TaskStatus.OVERDUE: "danger",
    TaskStatus.PENDING_VERIFICATION: "warning",
    TaskStatus.DONE_ON_TIME: "success",
    TaskStatus.DONE_LATE: "secondary",
    TaskStatus.RECURRING: "info",
    TaskStatus.CLOSED: "secondary",
}

# The same colours as hex values for charts; the two "info" and the two "secondary" statuses get distinct shades.
CHART_COLORS = {
    TaskStatus.ON_TIME: "#0b57d0",
    TaskStatus.OVERDUE: "#b3261e",
    TaskStatus.PENDING_VERIFICATION: "#b07800",
    TaskStatus.DONE_ON_TIME: "#1e7b34",
    TaskStatus.DONE_LATE: "#5b6475",
    TaskStatus.RECURRING: "#6a4fb3",
    TaskStatus.CLOSED: "#9aa0a6",
}


class PeriodCompliance(models.TextChoices):
    ON_TIME = "on_time", _("Báo cáo đúng hạn")
    LATE = "late", _("Báo cáo muộn")
    MISSING = "missing", _("Chưa báo cáo")
