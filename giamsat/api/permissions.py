"""What a caller may reach: public endpoints for anyone; the rest for signed-in people and tokens, with
writes only where the token's scope allows. What happens then is decided by the same policies as the pages."""

from rest_framework import permissions

from .choices import TokenScope
from .models import ApiToken


class ScopePermission(permissions.BasePermission):
    """Views declare `public = True` (anyone, read only) and `write_scopes` (token scopes that may write)."""

    def has_permission(self, request, view) -> bool:
        token = request.auth if isinstance(request.auth, ApiToken) else None
        safe = request.method in permissions.SAFE_METHODS
        if getattr(view, "public", False):
            return safe
        if token is not None:
            if token.scope == TokenScope.PUBLIC_READ:
                return False
            return safe or token.scope in getattr(view, "write_scopes", ())
        return bool(request.user and request.user.is_authenticated)
