"""What the task page shows of a task's extension requests and closure (`directives/_task_requests.html`), and
which of their actions the user may take: read here, once, for the task page view (monitoring/task_views.py).

The answer depends on the user only through what `policy.visibility_key` already separates (the standing office;
leaders; the users of one agency, officers and heads alike): the block may be rendered inside the task page's
cached body. It holds no form and no CSRF token: its buttons are links to the pages that hold the forms.
"""

from django.db.models import Prefetch, prefetch_related_objects

from . import policy
from .choices import EXTENSION_STATE_COLORS, ExtensionState
from .models import ExtensionRequest, Task, TaskClosure

# The task's closures with what the page shows of them: the task page prefetches them once for the status engine
# (monitoring.selectors.task_with_reports) and for this block.
CLOSURES = Prefetch(
    "closures",
    queryset=TaskClosure.objects.select_related("decided_by", "merged_into__directive", "recorded_by", "reopened_by"),
)


def task_requests_context(*, user, task: Task) -> dict:
    """{"task_requests": ...}: the task's extension requests (newest first, each with `may_withdraw`), its closure
    in force and the undone ones, the visible tasks merged into it, and what the user may do. A few queries: the
    requests, the closures (none when prefetched with CLOSURES), the tasks merged into it, whether the user's agency
    leads it."""
    extensions = list(
        ExtensionRequest.objects.filter(task=task)
        .select_related("agency", "requested_by", "decided_by", "decision_document", "deadline_change")
        .order_by("-requested_at", "-pk")
    )
    for extension in extensions:
        extension.may_withdraw = policy.can_withdraw_extension(user, extension)
    prefetch_related_objects([task], CLOSURES)  # nothing to read when the task page prefetched them
    closures = sorted(task.closures.all(), key=lambda c: (c.recorded_at, c.pk), reverse=True)
    closure = next((c for c in closures if c.in_force), None)
    if closure is not None and closure.merged_into is not None:
        closure.merged_into_visible = policy.can(user, policy.VIEW, closure.merged_into)
    merged_from = [
        c
        for c in TaskClosure.objects.filter(merged_into=task, reopened_at__isnull=True)
        .select_related("task__directive", "decided_by")
        .order_by("decided_on", "pk")
        if policy.can(user, policy.VIEW, c.task)
    ]
    own_pending = [
        e for e in extensions if e.state == ExtensionState.PENDING and policy.speaks_for_requesting_agency(user, e)
    ]
    may_request = (
        closure is None and task.deadline is not None and not own_pending and policy.can_request_extension(user, task)
    )
    return {
        "task_requests": {
            "task": task,
            "extensions": extensions,
            "pending": sum(1 for e in extensions if e.state == ExtensionState.PENDING),
            "own_pending": own_pending[0] if own_pending else None,
            "closure": closure,
            "undone_closures": [c for c in closures if not c.in_force],
            "merged_from": merged_from,
            "may_request": may_request,
            "may_decide": policy.decides_extensions(user),
            "may_close": policy.closes_tasks(user),
            "state_colors": EXTENSION_STATE_COLORS,
        }
    }
