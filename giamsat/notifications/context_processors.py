"""`bell` in every template: the unread count on the bell of the signed-in pages (templates/base.html)."""

from functools import cached_property

from .selectors import unread_count


class Bell:
    """Counted when a template first asks (one COUNT query): never for an HTMX fragment or a page without the menu."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        if self.user is None or not self.user.is_authenticated:
            return 0
        return unread_count(self.user)


def bell(request) -> dict:
    return {"bell": Bell(getattr(request, "user", None))}
