"""Who may do what with monitoring's own actions: the same rules for views, services and templates.

- The standing office (and administrators) remind the lead agencies of late tasks by hand ("Gửi nhắc việc"); the
  daily digests (`giamsat remind`) need nobody's permission.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def sends_reminders(user) -> bool:
    """The standing office (and administrators) send reminders to the lead agencies of late tasks."""
    return bool(user is not None and user.is_authenticated and user.sees_everything)


def require_sends_reminders(user) -> None:
    if not sends_reminders(user):
        raise PermissionDenied(_("Chỉ Cơ quan Thường trực gửi nhắc việc."))
