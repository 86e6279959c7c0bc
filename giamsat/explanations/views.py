"""Pages of the requests for explanation: the list (/giai-trinh/), one request with the forms of the one who may act
on it (the agency head answers and adds evidence; the asker accepts or reopens), and the ask form reached from a
task's or an indicator's page (/giai-trinh/hoi/?task=<id> or ?indicator=<id>).

Who may do what is the policy's (policy.py): a request or a subject the user may not see is 404, an action the user
may not take 403. The rules of each step are the services' (services.py)."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from giamsat.agencies.models import Agency
from giamsat.common.htmx import htmx_partial
from giamsat.directives import policy as task_policy
from giamsat.directives.search import task_search_q
from giamsat.extraction.text import nfc
from giamsat.indicators import policy as indicator_policy
from giamsat.indicators.models import Indicator
from giamsat.reporting.choices import EvidenceKind
from giamsat.reporting.evidence_files import evidence_response

from . import policy, selectors, services
from .choices import STATE_BADGES
from .forms import AcceptForm, AnswerForm, AskForm, EvidenceFileForm, EvidenceLinkForm, FilterForm, ReopenForm
from .models import AnswerEvidence, ExplanationRequest

PAGE_SIZE = 50


@login_required
def request_list(request):
    """The requests the user may read (an agency: its own), newest first; searched by words of the question, the
    answer, the task or the indicator; filtered by state, agency, subject kind and overdue answers; 50 a page."""
    user = request.user
    today = timezone.localdate()
    found = policy.restrict(ExplanationRequest.objects.all(), user)
    agencies = None if user.is_agency_user else Agency.objects.filter(pk__in=found.values("agency_id")).order_by("name")
    form = FilterForm(request.GET or None, agencies=agencies)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("q"):
        text = nfc(data["q"]).strip()
        found = found.filter(
            task_search_q(text, prefix="task__")
            | Q(question__icontains=text)
            | Q(answer__icontains=text)
            | Q(indicator__name__icontains=text)
            | Q(indicator__code__iexact=text)
        )
    if data.get("state"):
        found = found.filter(state=data["state"])
    if data.get("agency"):
        found = found.filter(agency=data["agency"])
    if data.get("subject") == FilterForm.TASK:
        found = found.filter(task__isnull=False)
    elif data.get("subject") == FilterForm.INDICATOR:
        found = found.filter(indicator__isnull=False)
    if data.get("overdue"):
        found = selectors.overdue(found, today)
    overdue_ids = set(selectors.overdue(found, today).values_list("pk", flat=True))
    page = Paginator(
        found.select_related("task__directive", "indicator", "agency", "asked_by").order_by("-created_at", "-pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    for item in page:
        item.is_overdue = item.pk in overdue_ids
    context = {"page": page, "form": form, "state_badges": STATE_BADGES, "filtered": bool(data and any(data.values()))}
    template = "explanations/_request_table.html" if htmx_partial(request) else "explanations/request_list.html"
    return render(request, template, context)


def _subject_from_query(request):
    """The task or indicator named by ?task= or ?indicator=, as the user may see it (404 otherwise)."""
    user = request.user
    task_id, indicator_id = request.GET.get("task", ""), request.GET.get("indicator", "")
    if task_id.isdigit() and not indicator_id:
        return task_policy.access_task_by_id(user=user, task_id=int(task_id)), None
    if indicator_id.isdigit() and not task_id:
        found = indicator_policy.restrict(Indicator.objects.select_related("agency"), user).filter(pk=int(indicator_id))
        indicator = found.first()
        if indicator is None:
            raise Http404(_("Không tìm thấy chỉ tiêu."))
        return None, indicator
    raise Http404(_("Hãy chọn nhiệm vụ hoặc chỉ tiêu cần giải trình."))


@login_required
@require_http_methods(["GET", "POST"])
def request_ask(request):
    """ "Yêu cầu giải trình": a leader or the standing office asks the lead agency of a task (picked among several
    leads) or the responsible agency of an indicator a question, with an answer deadline."""
    user = request.user
    task, indicator = _subject_from_query(request)
    allowed = (
        policy.may_ask_about_task(user, task) if task is not None else policy.may_ask_about_indicator(user, indicator)
    )
    if not allowed:
        raise PermissionDenied(_("Chỉ lãnh đạo Ban Chỉ đạo và Cơ quan Thường trực được yêu cầu giải trình."))
    agencies = policy.lead_agencies(task) if task is not None else [indicator.agency]
    default_due = timezone.localdate() + datetime.timedelta(days=settings.EXPLANATION_ANSWER_DAYS)
    form = AskForm(request.POST or None, agencies=agencies, initial={"answer_due_on": default_due})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.explanation_ask(
                task=task,
                indicator=indicator,
                agency=form.cleaned_data.get("agency"),
                question=form.cleaned_data["question"],
                answer_due_on=form.cleaned_data["answer_due_on"],
                acting_user=user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Đã gửi yêu cầu giải trình tới %(agency)s, hạn %(day)s.")
                % {"agency": created.agency.name, "day": created.answer_due_on.strftime("%d/%m/%Y")},
            )
            return redirect("explanations:detail", explanation_id=created.pk)
    context = {"form": form, "task": task, "indicator": indicator, "agencies": agencies}
    return render(request, "explanations/ask_form.html", context)


def _act(action: str, item: ExplanationRequest, forms: dict, request) -> str | None:
    """Run the posted action with its valid form; the message to show, or None when the form has errors."""
    user = request.user
    form = forms[action]
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        if action == "answer":
            services.explanation_answer(request=item, answer=data["answer"], acting_user=user)
            return _("Đã gửi nội dung giải trình.")
        if action == "file":
            upload = data["file"]
            services.explanation_evidence_add_file(
                request=item, name=upload.name, data=upload.read(), description=data["description"], acting_user=user
            )
            return _("Đã thêm tệp minh chứng.")
        if action == "link":
            services.explanation_evidence_add_link(
                request=item, url=data["url"], description=data["description"], acting_user=user
            )
            return _("Đã thêm đường dẫn minh chứng.")
        if action == "accept":
            services.explanation_accept(request=item, comment=data["comment"], acting_user=user)
            return _("Đã chấp nhận nội dung giải trình.")
        services.explanation_reopen(
            request=item, comment=data["comment"], new_due_on=data["new_due_on"], acting_user=user
        )
        return _("Đã yêu cầu đơn vị giải trình lại.")
    except ValidationError as error:
        form.add_error(None, error.messages)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, explanation_id: int):
    """One request: its question and subject, the answer and its evidence, the forms of the one who may act, and
    its history."""
    user = request.user
    item = policy.access_request_by_id(user=user, request_id=explanation_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    posted, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    forms = {
        "answer": AnswerForm(posted if action == "answer" else None, initial={"answer": item.answer}),
        "file": EvidenceFileForm(posted if action == "file" else None, files if action == "file" else None),
        "link": EvidenceLinkForm(posted if action == "link" else None),
        "accept": AcceptForm(posted if action == "accept" else None),
        "reopen": ReopenForm(posted if action == "reopen" else None),
    }
    if request.method == "POST":
        if action in ("answer", "file", "link", "remove"):
            if not policy.heads_agency_of(user, item):
                raise PermissionDenied(_("Chỉ lãnh đạo đơn vị được yêu cầu giải trình mới giải trình."))
        elif action in ("accept", "reopen"):
            if not policy.judges(user, item):
                raise PermissionDenied(
                    _("Chỉ người yêu cầu giải trình hoặc Cơ quan Thường trực được xem xét nội dung giải trình.")
                )
        else:
            raise PermissionDenied(_("Thao tác không hợp lệ."))
        if action == "remove":
            evidence = AnswerEvidence.objects.filter(request=item, pk=request.POST.get("evidence", "0")).first()
            if evidence is None:
                raise Http404(_("Không tìm thấy minh chứng."))
            try:
                services.explanation_evidence_remove(evidence=evidence, acting_user=user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Đã bỏ minh chứng."))
            return redirect("explanations:detail", explanation_id=item.pk)
        done = _act(action, item, forms, request)
        if done:
            messages.success(request, done)
            return redirect("explanations:detail", explanation_id=item.pk)
        item.refresh_from_db()
    today = timezone.localdate()
    context = {
        "item": item,
        "forms": forms,
        "evidence": list(item.evidence.select_related("uploaded_by")),
        "history": _history(item),
        "may_answer": policy.answers(user, item),
        "may_decide": policy.decides(user, item),
        "may_see_task": item.task_id is not None and task_policy.can(user, task_policy.VIEW, item.task),
        "is_overdue": selectors.overdue(ExplanationRequest.objects.filter(pk=item.pk), today).exists(),
        "state_badges": STATE_BADGES,
        "default_due": today + datetime.timedelta(days=settings.EXPLANATION_ANSWER_DAYS),
    }
    return render(request, "explanations/request_detail.html", context)


def _history(item: ExplanationRequest) -> list[dict]:
    """Each recorded step of the request, oldest first: when, who, the state it reached and what was written."""
    records = list(item.history.select_related("history_user").order_by("history_date", "history_id"))
    steps, previous = [], None
    for record in records:
        if previous is not None and (record.state, record.answer_due_on, record.answer) == (
            previous.state,
            previous.answer_due_on,
            previous.answer,
        ):
            previous = record
            continue
        steps.append(
            {
                "at": record.history_date,
                "user": record.history_user,
                "state": record.state,
                "state_label": record.get_state_display(),
                "due": record.answer_due_on,
                "text": record.answer
                if record.state == "answered"
                else record.decision_comment
                if record.state in ("accepted", "reopened")
                else record.question,
            }
        )
        previous = record
    return steps


@login_required
def evidence_download(request, evidence_id: int):
    """An answer's evidence file, only to whoever may read the request, as the type its content was found to be."""
    evidence = (
        AnswerEvidence.objects.filter(request__in=policy.restrict(ExplanationRequest.objects.all(), request.user))
        .filter(pk=evidence_id, kind=EvidenceKind.FILE)
        .first()
    )
    if evidence is None or not evidence.file:
        raise Http404(_("Không tìm thấy minh chứng."))
    return evidence_response(evidence)


urlpatterns = [
    path("", request_list, name="list"),
    path("hoi/", request_ask, name="ask"),
    path("<int:explanation_id>/", request_detail, name="detail"),
    path("minh-chung/<int:evidence_id>/", evidence_download, name="evidence_download"),
]
