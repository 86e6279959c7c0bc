"""Directives' own pages: editing a task, the directives and their tasks. The task list and the task page show
statuses, so they are monitoring's (monitoring/task_views.py), under the same `directives:` names."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from giamsat.accounts.audit import audit_record
from giamsat.accounts.choices import AuditKind

from . import policy, selectors, services
from .choices import CONFIDENTIALITY_COLORS, Confidentiality
from .forms import TaskEditForm
from .models import Directive


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, task_id: int):
    task = policy.access_task_by_id(user=request.user, task_id=task_id, action=policy.CHANGE)
    form = TaskEditForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(
                task=task, data={name: form.cleaned_data[name] for name in form.changed_data}, acting_user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect("directives:task_detail", task_id=task.pk)
    return render(request, "directives/task_edit.html", {"task": task, "form": form})


@login_required
def directive_list(request):
    return render(
        request, "directives/directive_list.html", {"directives": selectors.directive_list(user=request.user)}
    )


@login_required
def directive_detail(request, directive_id: int):
    directive = get_object_or_404(Directive.objects.select_related("issuer"), pk=directive_id)
    tasks = selectors.directive_tasks(user=request.user, directive=directive)
    # The full text carries every task of the document, internal and secret ones included.
    show_text = policy.can_read_full_text(request.user, directive)
    if show_text and directive.tasks.filter(confidentiality=Confidentiality.SECRET).exists():
        audit_record(AuditKind.SECRET_VIEWED, request=request, target=directive, detail={"full_text": True})
    context = {
        "directive": directive,
        "tasks": tasks,
        "confidentiality_colors": CONFIDENTIALITY_COLORS,
        "show_text": show_text,
    }
    return render(request, "directives/directive_detail.html", context)
