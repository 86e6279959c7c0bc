"""Third-party apps under Vietnamese names in the admin.

Two mechanisms, each for what it can reach:

- An app's name in the admin ('Axes') is its AppConfig's `verbose_name`, or its label title-cased when the app
  sets none: no gettext call to translate. The app is installed through the subclass below (INSTALLED_APPS
  names it), which gives it a name in our own catalog (msgid in Vietnamese, English in locale/en).
- The app's own strings (model names 'access attempts', field names 'Attempt Time', the admin's newer labels
  'Select this object for an action') are English msgids wrapped in gettext, so a Vietnamese catalog of ours,
  giamsat/locale/vi/LC_MESSAGES/django.po, translates them: LOCALE_PATHS come before the apps' and Django's
  own catalogs. Our Vietnamese msgids need no Vietnamese catalog (the msgid is the text); that file holds only
  third-party English msgids that neither the app nor Django translates into Vietnamese.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    """django-axes (failed sign-ins, lockouts) as 'Bảo vệ đăng nhập'."""

    verbose_name = _("Bảo vệ đăng nhập")
