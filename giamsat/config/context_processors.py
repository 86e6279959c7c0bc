"""`may` in every template: what the menus and buttons ask of the policies, by rule name, so no template
compares roles. In config because it wires several apps' policies together (docs/decisions/0009)."""

from functools import cached_property

from django.contrib.auth.models import AnonymousUser

from giamsat.accounts import policy as account_policy
from giamsat.directives import policy as task_policy
from giamsat.indicators import policy as indicator_policy
from giamsat.reporting import policy as report_policy


class May:
    """Each answer is computed when a template first asks for it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def oversee_all_agencies(self) -> bool:
        return account_policy.oversees_all_agencies(self.user)

    @cached_property
    def read_audit_trail(self) -> bool:
        return account_policy.reads_audit_trail(self.user)

    @cached_property
    def start_at_own_tasks(self) -> bool:
        return account_policy.starts_at_own_tasks(self.user)

    @cached_property
    def import_directives(self) -> bool:
        return task_policy.can_import(self.user)

    @cached_property
    def decide_extensions(self) -> bool:
        return task_policy.decides_extensions(self.user)

    @cached_property
    def draft_reports(self) -> bool:
        return report_policy.drafts_reports(self.user)

    @cached_property
    def review_reports(self) -> bool:
        return report_policy.reviews_reports(self.user)

    @cached_property
    def keep_indicator_catalogue(self) -> bool:
        return indicator_policy.keeps_catalogue(self.user)


def permissions(request) -> dict:
    # A request refused before the authentication middleware ran (a Host not in ALLOWED_HOSTS: the 400 page) has
    # no user: it is anonymous.
    return {"may": May(getattr(request, "user", None) or AnonymousUser())}
