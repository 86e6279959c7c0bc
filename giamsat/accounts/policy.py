"""Rules that depend on the user's role alone, one function each; the per-object rules are the domain apps'
policies (directives/policy.py, reporting/policy.py), which use these."""

from django.conf import settings

from .choices import Role


def oversees_all_agencies(user) -> bool:
    """The standing office, administrators, the steering committee's leaders and the inspection commission: every
    agency's figures (dashboard, scorecard, monthly report, the API's summaries) and the directives' full texts."""
    return bool(user.is_authenticated and (user.sees_everything or user.is_leader or user.is_inspector))


def inspects(user) -> bool:
    """The inspection commission (Ủy ban kiểm tra, Quy chế 08-QC/TW): reads every task, secret ones included, every
    report and review, and the audit trail; changes nothing."""
    return bool(user.is_authenticated and user.is_active and user.is_inspector)


def reads_audit_trail(user) -> bool:
    """Administrators and the inspection commission search and export the audit trail (accounts/audit.py)."""
    return bool(user.is_authenticated and user.is_active and (user.is_administrator or user.is_inspector))


def works_in_an_agency(user) -> bool:
    """An agency's officer or head, attached to their agency: they report, and their lists start at their tasks."""
    return bool(user.is_authenticated and user.is_agency_user and user.agency_id)


def works_in(user, agency_id: int | None) -> bool:
    """The user is an officer or head of this agency."""
    return works_in_an_agency(user) and user.agency_id == agency_id


def starts_at_own_tasks(user) -> bool:
    """Task lists, warnings and the API's summaries show an agency user their agency's tasks; others see all
    they may see (and may pick an agency)."""
    return bool(user.is_authenticated and user.is_agency_user)


def must_use_two_factor(user) -> bool:
    """The roles of settings.MFA_REQUIRED_ROLES (by default the standing office, administrators, superusers among
    them, and the steering committee's leaders: they read every agency's data) sign in with a second factor and
    enrol one before anything else; everyone else may turn it on (docs/security.md)."""
    if not user.is_authenticated:
        return False
    required = set(settings.MFA_REQUIRED_ROLES)
    return user.role in required or (user.is_superuser and Role.ADMINISTRATOR in required)


def has_role(user, role: Role) -> bool:
    return bool(user.is_authenticated and user.role == role)
