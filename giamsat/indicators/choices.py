from django.db import models
from django.utils.translation import gettext_lazy as _


class Layer(models.TextChoices):
    """The two layers of KPIs of the national monitoring system."""

    STRATEGIC = "strategic", _("Chiến lược")
    OPERATIONAL = "operational", _("Tác nghiệp")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Càng cao càng tốt")
    LOWER = "lower", _("Càng thấp càng tốt")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    YEARLY = "yearly", _("Hằng năm")


class Colour(models.TextChoices):
    """An indicator judged against the trajectory to its target (indicators/colour.py)."""

    GREEN = "green", _("Đúng hoặc vượt lộ trình")
    ORANGE = "orange", _("Chậm so với lộ trình")
    RED = "red", _("Chậm nhiều hoặc quá hạn chưa đạt")
    GREY = "grey", _("Chưa có số liệu kỳ gần nhất")


# The badge class of each colour (as STATUS_COLORS beside TaskStatus).
COLOUR_BADGES = {
    Colour.GREEN: "success",
    Colour.ORANGE: "warning",
    Colour.RED: "danger",
    Colour.GREY: "secondary",
}


class ProposalDecision(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    ACCEPTED = "accepted", _("Đã nhận thành chỉ tiêu")
    DECLINED = "declined", _("Không nhận")


class IndexKind(models.TextChoices):
    """The yearly provincial rankings the province is judged on."""

    DTI = "dti", _("Chỉ số chuyển đổi số (DTI)")
    PII = "pii", _("Chỉ số đổi mới sáng tạo (PII)")
    PAR = "par", _("Chỉ số cải cách hành chính (PAR Index)")
    SIPAS = "sipas", _("Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)")
