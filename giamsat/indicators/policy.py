"""Who may do what with indicators: the same rules for views, API and querysets.

- The standing office (and administrators) keep the catalogue: create, edit, accept or decline proposed targets,
  enter provincial index scores, and review every value (accept or return).
- The responsible agency's officer drafts and submits its indicators' values; its head approves them.
- Leaders and the inspection commission read every indicator and value; an agency user reads its agency's
  indicators and the public ones; values and their evidence only of its own agency.
- Signed out, only public indicators and their accepted values (portal, open data).
"""

from django.db.models import Q, QuerySet

from giamsat.accounts.choices import Role
from giamsat.accounts.policy import has_role, oversees_all_agencies, works_in, works_in_an_agency

VIEW, DRAFT, APPROVE, REVIEW = "view", "draft", "approve", "review"


def keeps_catalogue(user) -> bool:
    """The standing office and administrators: indicators, milestones, proposals at import, provincial indices."""
    return bool(user.is_authenticated and user.is_active and user.sees_everything)


def restrict(qs: QuerySet, user) -> QuerySet:
    """The indicators the user may read."""
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.filter(is_public=True)
    if oversees_all_agencies(user):
        return qs
    if works_in_an_agency(user):
        return qs.filter(Q(is_public=True) | Q(agency_id=user.agency_id))
    return qs.filter(is_public=True)


def restrict_values(qs: QuerySet, user, action: str = VIEW) -> QuerySet:
    """The indicator values the user may read (VIEW), draft (DRAFT), approve (APPROVE) or review (REVIEW)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.sees_everything:
        return qs if action in (VIEW, REVIEW) else qs.none()
    if oversees_all_agencies(user):  # leaders, the inspection commission
        return qs if action == VIEW else qs.none()
    if works_in_an_agency(user):
        own = qs.filter(agency_id=user.agency_id)
        if action == VIEW:
            return own
        if action == DRAFT and has_role(user, Role.AGENCY_OFFICER):
            return own
        if action == APPROVE and has_role(user, Role.AGENCY_HEAD):
            return own
    return qs.none()


def reports_values_of(user, indicator) -> bool:
    """The officer of the indicator's responsible agency drafts and submits its values."""
    return works_in(user, indicator.agency_id) and has_role(user, Role.AGENCY_OFFICER)


def approves_values_of(user, indicator) -> bool:
    """The head of the indicator's responsible agency approves its values."""
    return works_in(user, indicator.agency_id) and has_role(user, Role.AGENCY_HEAD)


def reviews_values(user) -> bool:
    return keeps_catalogue(user)
