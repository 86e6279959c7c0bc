from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestState(models.TextChoices):
    OPEN = "open", _("Chờ giải trình")
    ANSWERED = "answered", _("Đã giải trình")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    REOPENED = "reopened", _("Yêu cầu giải trình lại")


STATE_BADGES = {
    RequestState.OPEN: "warning",
    RequestState.ANSWERED: "info",
    RequestState.ACCEPTED: "success",
    RequestState.REOPENED: "danger",
}
# The agency owes an answer in these states.
AWAITING_ANSWER = (RequestState.OPEN, RequestState.REOPENED)
