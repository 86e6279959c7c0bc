"""Signing in with a username and password: Django's ModelBackend, refusing accounts unused too long.

An account unused for ACCOUNT_INACTIVE_DAYS cannot sign in even before `giamsat disable_inactive_accounts` has
disabled it, on the login page and the admin's alike. When the password was right but the account is disabled or
unused, the reason is noted on the request (`login_refused`): the login page says why to the one person who knows
the password, and tells everyone else only that the username or password is wrong.
"""

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from .inactivity import account_unused
from .models import User

DISABLED = "disabled"
UNUSED = "unused"


class AccountBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            User().set_password(password)  # the hasher runs as for an existing account (Django #20760)
            return None
        if not user.check_password(password):
            return None
        refusal = None
        if not self.user_can_authenticate(user):
            refusal = DISABLED
        elif account_unused(user, now=timezone.now()):
            refusal = UNUSED
        if refusal is None:
            return user
        if request is not None:
            request.login_refused = refusal
        return None

    async def aauthenticate(self, request, username=None, password=None, **kwargs):
        return await sync_to_async(self.authenticate)(request, username=username, password=password, **kwargs)
