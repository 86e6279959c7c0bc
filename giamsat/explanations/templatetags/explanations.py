"""`{% explanations_of task=... as explanations %}` (or `indicator=...`): the requests for explanation on one subject
that the reader may read, and whether they may ask one; for `explanations/_for_task.html` and `_for_indicator.html`.

What it shows depends on the reader only through what `directives.policy.visibility_key` separates (the standing
office; leaders; the inspection commission; the users of one agency, officers and heads alike): the block may sit in
the task page's cached body (the services bump the tasks' data version on every change of a request on a task)."""

from django import template

from giamsat.explanations import policy, selectors
from giamsat.explanations.choices import STATE_BADGES

register = template.Library()


@register.simple_tag(takes_context=True)
def explanations_of(context, task=None, indicator=None) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if task is not None:
        may_ask, query = policy.may_ask_about_task(user, task), f"task={task.pk}"
    else:
        may_ask, query = policy.may_ask_about_indicator(user, indicator), f"indicator={indicator.pk}"
    return {
        "requests": selectors.requests_of_subject(user=user, task=task, indicator=indicator),
        "may_ask": may_ask,
        "query": query,
        "state_badges": STATE_BADGES,
    }
