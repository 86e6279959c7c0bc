"""Pages of extension requests and closures: an agency asks for more time on a task it leads; the standing office
lists the requests and decides each, and records that a task is stopped, merged or no longer needed (and undoes
it). They show no status, so they are directives' own pages (docs/decisions/0009). The task page shows the
requests and the closure through `task_requests.task_requests_context` and `directives/_task_requests.html`.

Who may do what is the policy's (`policy.can_request_extension`, `decides_extensions`, `closes_tasks`,
`can_withdraw_extension`): a task or request the user may not see is 404, an action the user may not take 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from giamsat.common.htmx import htmx_partial

from . import policy
from .choices import EXTENSION_STATE_COLORS
from .closures import task_close, task_reopen
from .extension_forms import (
    ExtensionFilterForm,
    ExtensionGrantForm,
    ExtensionRefuseForm,
    ExtensionRequestForm,
    ExtensionWithdrawForm,
    TaskCloseForm,
    TaskReopenForm,
)
from .extensions import closure_in_force, extension_grant, extension_refuse, extension_request, extension_withdraw
from .models import ExtensionRequest
from .search import task_search_q

PAGE_SIZE = 50


def _access_extension(*, user, request_id: int) -> ExtensionRequest:
    """An extension request the user may see; missing and forbidden alike are 404."""
    found = policy.restrict_extension_requests(ExtensionRequest.objects.all(), user)
    try:
        return found.select_related(
            "task__directive", "agency", "requested_by", "decided_by", "decision_document", "deadline_change"
        ).get(pk=request_id)
    except ExtensionRequest.DoesNotExist:
        raise Http404(_("Không tìm thấy đề nghị gia hạn.")) from None


@login_required
@require_http_methods(["GET", "POST"])
def extension_request_new(request, task_id: int):
    """ "Đề nghị gia hạn": an officer or head of a lead agency of the task asks for a later deadline."""
    user = request.user
    task = policy.access_task_by_id(user=user, task_id=task_id)
    policy.require_may(
        policy.can_request_extension(user, task),
        _("Chỉ chuyên viên, lãnh đạo của cơ quan chủ trì nhiệm vụ mới được đề nghị gia hạn."),
    )
    form = ExtensionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            extension_request(
                task=task,
                agency=user.agency,
                reason=form.cleaned_data["reason"],
                proposed_deadline=form.cleaned_data["proposed_deadline"],
                acting_user=user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã gửi đề nghị gia hạn tới Cơ quan Thường trực."))
            return redirect("directives:task_detail", task_id=task.pk)
    return render(request, "directives/extension_request_form.html", {"task": task, "form": form})


@login_required
def extension_list(request):
    """The extension requests the user may see (the standing office: every one; an agency: its own), searched by
    task or directive number and filtered by state (pending first by default), 50 a page."""
    form = ExtensionFilterForm(request.GET or None)
    requests = policy.restrict_extension_requests(ExtensionRequest.objects.all(), request.user)
    state = form.chosen_state()
    if state:
        requests = requests.filter(state=state)
    if form.is_bound and form.is_valid() and form.cleaned_data.get("q"):
        requests = requests.filter(task_search_q(form.cleaned_data["q"], prefix="task__"))
    order = ("requested_at", "pk") if state == "pending" else ("-requested_at", "-pk")  # the oldest waits longest
    page = Paginator(
        requests.select_related(
            "task__directive", "agency", "requested_by", "decided_by", "decision_document"
        ).order_by(*order),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "form": form,
        "state": state or ExtensionFilterForm.ALL,
        "state_colors": EXTENSION_STATE_COLORS,
        "may_decide": policy.decides_extensions(request.user),
    }
    template = "directives/_extension_table.html" if htmx_partial(request) else "directives/extension_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def extension_detail(request, request_id: int):
    """One request, with the standing office's two forms (grant by a document and a new deadline, prefilled with
    the proposed one; refuse with a reason) and the requesting agency's withdrawal, while it is pending."""
    user = request.user
    extension = _access_extension(user=user, request_id=request_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    posted = request.POST if request.method == "POST" else None
    grant = ExtensionGrantForm(
        posted if action == "grant" else None,
        initial={"new_deadline": extension.proposed_deadline},
    )
    refuse = ExtensionRefuseForm(posted if action == "refuse" else None)
    withdraw = ExtensionWithdrawForm(posted if action == "withdraw" else None)
    if request.method == "POST":
        if action in ("grant", "refuse"):
            policy.require_may(policy.decides_extensions(user), _("Chỉ Cơ quan Thường trực quyết định gia hạn."))
        elif action == "withdraw":
            policy.require_may(
                policy.speaks_for_requesting_agency(user, extension),
                _("Chỉ cơ quan đã đề nghị mới rút được đề nghị gia hạn."),
            )
        form = {"grant": grant, "refuse": refuse, "withdraw": withdraw}.get(action)
        if form is not None and form.is_valid():
            try:
                done = _decide(action, extension, form.cleaned_data, user)
            except ValidationError as error:
                if error.code != "already_decided":
                    form.add_error(None, error)
                else:  # decided meanwhile by someone else: the page now shows that decision, and says so
                    messages.error(request, " ".join(error.messages))
                    return redirect("directives:extension_detail", request_id=extension.pk)
            else:
                messages.success(request, done)
                if action == "withdraw":
                    return redirect("directives:task_detail", task_id=extension.task_id)
                return redirect("directives:extension_list")
    context = {
        "extension": extension,
        "task": extension.task,
        "closure": closure_in_force(extension.task) if extension.is_pending else None,
        "grant_form": grant,
        "refuse_form": refuse,
        "withdraw_form": withdraw,
        "may_decide": policy.decides_extensions(user) and extension.is_pending,
        "may_withdraw": policy.can_withdraw_extension(user, extension),
        "may_see_task": policy.can(user, policy.VIEW, extension.task),
        "state_colors": EXTENSION_STATE_COLORS,
    }
    return render(request, "directives/extension_detail.html", context)


def _decide(action: str, extension: ExtensionRequest, data: dict, user) -> str:
    """Run the chosen decision; the message to show."""
    if action == "grant":
        done = extension_grant(
            extension=extension,
            document_number=data["document_number"],
            document_date=data["document_date"],
            new_deadline=data["new_deadline"],
            reason=data["reason"],
            acting_user=user,
        )
        return _("Đã đồng ý gia hạn nhiệm vụ %(task)s đến %(day)s theo văn bản %(number)s.") % {
            "task": done.task,
            "day": done.deadline_change.new_deadline.strftime("%d/%m/%Y"),
            "number": done.decision_document.number,
        }
    if action == "refuse":
        done = extension_refuse(extension=extension, reason=data["reason"], acting_user=user)
        return _("Đã trả lời không đồng ý gia hạn nhiệm vụ %(task)s.") % {"task": done.task}
    extension_withdraw(extension=extension, reason=data["reason"], acting_user=user)
    return _("Đã rút đề nghị gia hạn.")


@login_required
@require_http_methods(["GET", "POST"])
def task_close_view(request, task_id: int):
    """ "Dừng / sáp nhập / không còn cần thiết": the standing office records the later decision."""
    user = request.user
    task = policy.access_task_by_id(user=user, task_id=task_id)
    policy.require_may(policy.closes_tasks(user), _("Chỉ Cơ quan Thường trực ghi nhận dừng, sáp nhập nhiệm vụ."))
    current = closure_in_force(task)
    form = TaskCloseForm(request.POST or None, user=user, task=task)
    if request.method == "POST" and current is None and form.is_valid():
        data = form.cleaned_data
        try:
            closure = task_close(
                task=task,
                kind=data["kind"],
                document_number=data["document_number"],
                decided_on=data["decided_on"],
                reason=data["reason"],
                merged_into=data["merged_into_task"],
                acting_user=user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Đã ghi nhận “%(kind)s” từ ngày %(day)s theo văn bản %(number)s.")
                % {
                    "kind": closure.get_kind_display(),
                    "day": closure.decided_on.strftime("%d/%m/%Y"),
                    "number": closure.decided_by.number,
                },
            )
            return redirect("directives:task_detail", task_id=task.pk)
    return render(request, "directives/task_close.html", {"task": task, "form": form, "current": current})


@login_required
@require_http_methods(["GET", "POST"])
def task_reopen_view(request, task_id: int):
    """Undo the task's closure in force (the standing office, with a reason)."""
    user = request.user
    task = policy.access_task_by_id(user=user, task_id=task_id)
    policy.require_may(policy.closes_tasks(user), _("Chỉ Cơ quan Thường trực hoàn tác việc dừng, sáp nhập nhiệm vụ."))
    closure = closure_in_force(task)
    if closure is None:
        raise Http404(_("Nhiệm vụ này không có quyết định dừng, sáp nhập nào đang có hiệu lực."))
    form = TaskReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            task_reopen(closure=closure, reason=form.cleaned_data["reason"], acting_user=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã hoàn tác; nhiệm vụ được theo dõi lại như trước."))
            return redirect("directives:task_detail", task_id=task.pk)
    return render(request, "directives/task_reopen.html", {"task": task, "form": form, "closure": closure})
