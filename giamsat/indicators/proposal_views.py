"""The targets found in a directive, proposed as indicators: the standing office accepts each (with edits), declines
it, or takes its decision back. One page per directive; every action is a plain form POST (works without JS)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from giamsat.agencies.models import Agency
from giamsat.common.dates import DATE_WIDGET
from giamsat.directives.models import Directive

from . import policy
from .choices import ProposalDecision
from .models import TargetProposal
from .proposals import default_target_on, lead_agency, proposal_accept, proposal_decline, proposal_reopen, proposals_for

PAGE_SIZE = 25
ACTIONS = ("accept", "decline", "reopen")


class ProposalForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Tên chỉ tiêu"), widget=forms.Textarea(attrs={"rows": 2}))
    value = forms.DecimalField(label=gettext_lazy("Giá trị mục tiêu"), max_digits=20, decimal_places=4, localize=True)
    unit = forms.CharField(label=gettext_lazy("Đơn vị tính"), max_length=64)
    target_on = forms.DateField(label=gettext_lazy("Hạn đạt mục tiêu (dd/mm/yyyy)"), widget=DATE_WIDGET)
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan chịu trách nhiệm"), queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = _("(chưa xác định)")


class FilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Tìm trong cụm từ, tên, nhiệm vụ"), required=False)
    ket_qua = forms.ChoiceField(label=gettext_lazy("Kết quả xem xét"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ket_qua"].choices = [("", _("Tất cả")), *ProposalDecision.choices]


def _marked(text: str, phrase: str) -> tuple[str, str, str] | None:
    """(before, phrase, after) of the phrase in the text, for <mark> in the template (each part auto-escaped)."""
    at = (text or "").find(phrase)
    return None if at < 0 else (text[:at], phrase, text[at + len(phrase) :])


def _initial(proposal: TargetProposal) -> dict:
    return {
        "name": proposal.name,
        "value": proposal.value.normalize() if proposal.value is not None else None,
        "unit": proposal.unit,
        "target_on": default_target_on(proposal.task),
        "agency": lead_agency(proposal.task),
    }


def _filtered(qs, form: FilterForm):
    if not form.is_valid():
        return qs
    q = form.cleaned_data["q"].strip()
    if q:
        qs = qs.filter(Q(phrase__icontains=q) | Q(name__icontains=q) | Q(task__title__icontains=q) | Q(task__ref=q))
    if form.cleaned_data["ket_qua"]:
        qs = qs.filter(decision=form.cleaned_data["ket_qua"])
    return qs


@login_required
@require_http_methods(["GET", "POST"])
def proposal_list(request, directive_id: int):
    if not policy.keeps_catalogue(request.user):
        raise PermissionDenied(_("Chỉ Cơ quan Thường trực xem xét chỉ tiêu đề xuất."))
    directive = get_object_or_404(Directive, pk=directive_id)
    everything = proposals_for(directive)
    agencies = Agency.objects.order_by("name")
    bound: dict[int, ProposalForm] = {}
    errors: dict[int, list[str]] = {}
    if request.method == "POST":
        proposal = get_object_or_404(everything, pk=request.POST.get("proposal"))
        action = request.POST.get("action")
        if action not in ACTIONS:
            errors[proposal.pk] = [_("Thao tác không hợp lệ.")]
        else:
            try:
                if action == "accept":
                    form = ProposalForm(request.POST, prefix=f"p{proposal.pk}", agencies=agencies)
                    if not form.is_valid():
                        bound[proposal.pk] = form
                        raise ValidationError(_("Kiểm tra lại các trường được đánh dấu."))
                    decided = proposal_accept(proposal=proposal, data=form.cleaned_data, acting_user=request.user)
                    messages.success(request, _("Đã nhận chỉ tiêu “%(name)s”.") % {"name": decided.indicator.name})
                elif action == "decline":
                    proposal_decline(proposal=proposal, acting_user=request.user)
                    messages.info(request, _("Đã không nhận đề xuất “%(phrase)s”.") % {"phrase": proposal.phrase})
                else:
                    proposal_reopen(proposal=proposal, acting_user=request.user)
                    messages.info(request, _("Đề xuất “%(phrase)s” chờ xem xét lại.") % {"phrase": proposal.phrase})
            except ValidationError as error:
                errors[proposal.pk] = error.messages
            else:
                url = reverse("indicators:proposals", args=[directive.pk])
                return redirect(f"{url}?{request.GET.urlencode()}#de-xuat-{proposal.pk}" if request.GET else url)
    filters = FilterForm(request.GET or None)
    page = Paginator(_filtered(everything, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for proposal in page:
        task = proposal.task
        source = task.expected_result if proposal.phrase in (task.expected_result or "") else task.title
        rows.append(
            {
                "proposal": proposal,
                "task": task,
                "marked": _marked(source, proposal.phrase),
                "form": bound.get(proposal.pk)
                or ProposalForm(prefix=f"p{proposal.pk}", initial=_initial(proposal), agencies=agencies),
                "errors": errors.get(proposal.pk, []),
            }
        )
    counts = {decision: 0 for decision in ProposalDecision.values}
    for decision in everything.values_list("decision", flat=True):
        counts[decision] += 1
    context = {
        "directive": directive,
        "rows": rows,
        "page": page,
        "filters": filters,
        "counts": counts,
        "total": sum(counts.values()),
    }
    return render(request, "indicators/proposal_list.html", context, status=400 if errors else 200)


urlpatterns = [
    path("de-xuat/van-ban/<int:directive_id>/", proposal_list, name="proposals"),
]
