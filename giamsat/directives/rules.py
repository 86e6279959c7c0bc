"""Object permissions for `rules` (user.has_perm('directives.view_task', task)), from the one policy."""

import rules

from . import policy


@rules.predicate
def can_view_task(user, task):
    return task is not None and policy.can(user, policy.VIEW, task)


@rules.predicate
def can_change_task(user, task):
    return task is not None and policy.can(user, policy.CHANGE, task)


rules.add_perm("directives.view_task", can_view_task)
rules.add_perm("directives.change_task", can_change_task)
