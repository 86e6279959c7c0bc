from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a notification is about. The app that owns the event calls `services.notify` with one of these."""

    TASK_ASSIGNED = "task_assigned", _("Nhiệm vụ mới giao cho đơn vị")
    REPORT_WAITING = "report_waiting", _("Báo cáo chờ tôi duyệt, thẩm định")
    REPORT_RETURNED = "report_returned", _("Báo cáo bị trả lại")
    REPORT_APPROVED = "report_approved", _("Báo cáo đã được lãnh đạo đơn vị duyệt")
    REPORT_ACCEPTED = "report_accepted", _("Báo cáo đã được Cơ quan Thường trực chấp nhận")
    DEADLINE_SOON = "deadline_soon", _("Nhiệm vụ của đơn vị sắp đến hạn")
    PERIOD_OPENING = "period_opening", _("Kỳ báo cáo mới mở")
    PERIOD_CLOSING = "period_closing", _("Kỳ báo cáo sắp hết hạn nộp")
    JOB_FINISHED = "job_finished", _("Việc chạy nền đã xong")
    EXPLANATION_REQUESTED = "explanation_requested", _("Yêu cầu giải trình gửi đơn vị")
    EXPLANATION_ANSWERED = "explanation_answered", _("Đơn vị đã giải trình")
    EXPLANATION_DECIDED = "explanation_decided", _("Giải trình đã được xem xét")


@dataclass(frozen=True)
class Channels:
    """Where a person receives one kind of notification: in the application (the bell and the list), in the daily
    digest e-mail, and at once (an e-mail right away, and the extra channels of NOTIFICATION_EXTRA_CHANNELS)."""

    in_app: bool
    digest: bool
    immediate: bool

    @property
    def any(self) -> bool:
        return self.in_app or self.digest or self.immediate


ON_THE_BELL_AND_IN_THE_DIGEST = Channels(in_app=True, digest=True, immediate=False)

# What a person receives until they choose otherwise (no NotificationPreference row). Chosen so that nobody is flooded:
# everything shows on the bell and goes into the one daily digest, nothing is e-mailed one by one, with two
# exceptions.
# - A report returned by the agency head or the standing office is e-mailed at once: the officer has to act on it
#   (the warnings flag it after WARNING_RETURNED_DAYS days), may not sign in every day, and it happens rarely, once
#   per returned report, to its author only.
# - A finished background job is not put in the digest: the person who started it was waiting for it on "Việc của
#   tôi", and the next morning's e-mail would only repeat what the bell already said.
# Requests for explanation (yêu cầu giải trình) keep the default: they are rare (a leader asks one agency a question
# at a time) and carry an answer deadline of days (EXPLANATION_ANSWER_DAYS), so the bell and the daily digest reach
# the head in time without an e-mail per event.
DEFAULT_CHANNELS = {
    **{kind: ON_THE_BELL_AND_IN_THE_DIGEST for kind in NotificationKind},
    NotificationKind.REPORT_RETURNED: Channels(in_app=True, digest=True, immediate=True),
    NotificationKind.JOB_FINISHED: Channels(in_app=True, digest=False, immediate=False),
}

# One line under each kind on the preferences page: when it is sent, and to whom.
KIND_HELP = {
    NotificationKind.TASK_ASSIGNED: _("Khi Cơ quan Thường trực giao nhiệm vụ mới cho đơn vị chủ trì hoặc phối hợp."),
    NotificationKind.REPORT_WAITING: _(
        "Lãnh đạo đơn vị: khi chuyên viên gửi báo cáo; Cơ quan Thường trực: khi lãnh đạo đơn vị duyệt, gửi báo cáo."
    ),
    NotificationKind.REPORT_RETURNED: _("Khi lãnh đạo đơn vị hoặc Cơ quan Thường trực trả lại báo cáo kèm ý kiến."),
    NotificationKind.REPORT_APPROVED: _("Khi lãnh đạo đơn vị duyệt báo cáo và gửi Cơ quan Thường trực."),
    NotificationKind.REPORT_ACCEPTED: _("Khi Cơ quan Thường trực chấp nhận báo cáo."),
    NotificationKind.DEADLINE_SOON: _("Khi nhiệm vụ đơn vị chủ trì, phối hợp còn ít ngày nữa đến hạn."),
    NotificationKind.PERIOD_OPENING: _("Khi kỳ báo cáo hằng tháng bắt đầu."),
    NotificationKind.PERIOD_CLOSING: _("Khi sắp đến hạn nộp báo cáo mà đơn vị còn nhiệm vụ chưa báo cáo."),
    NotificationKind.JOB_FINISHED: _("Khi việc chạy nền bạn yêu cầu (nhập văn bản, lập báo cáo, xuất tệp) đã xong."),
    NotificationKind.EXPLANATION_REQUESTED: _(
        "Lãnh đạo đơn vị: khi lãnh đạo Ban Chỉ đạo hoặc Cơ quan Thường trực yêu cầu đơn vị giải trình, hoặc yêu cầu "
        "giải trình lại."
    ),
    NotificationKind.EXPLANATION_ANSWERED: _("Người yêu cầu giải trình: khi lãnh đạo đơn vị gửi nội dung giải trình."),
    NotificationKind.EXPLANATION_DECIDED: _("Khi người yêu cầu chấp nhận nội dung giải trình của đơn vị."),
}
