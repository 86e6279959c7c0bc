"""Who may have which generated document: asked when the person asks (views.py) and again when the background work
makes the file for them (jobs.py), so a file holds only what its owner may see on the day it is made."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from giamsat.accounts.policy import oversees_all_agencies, works_in
from giamsat.agencies.models import Agency


def may_have_monthly_report(user) -> bool:
    """The monthly report to the Steering Committee and its appendix: leaders and the standing office."""
    return oversees_all_agencies(user)


def access_agency_for_summary(*, user, agency_id: int) -> Agency:
    """Leaders and the standing office: any agency; agency heads and officers: their own only (else 404)."""
    if oversees_all_agencies(user):
        return get_object_or_404(Agency, pk=agency_id)
    if works_in(user, agency_id):
        return user.agency
    raise Http404(_("Không tìm thấy cơ quan."))
