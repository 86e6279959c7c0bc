"""The OpenAPI schema and its documentation page, behind sign-in unless API_DOCS_PUBLIC=1 (issue 16).

Every endpoint checks its own caller, so the schema protects no data; but it is the map of the whole API, and
there is no reason to hand it to anyone who asks. People sign in (the page sends anonymous visitors to the login
page), systems send their token; an installation that publishes its API sets API_DOCS_PUBLIC=1.

The page is drf-spectacular's split Swagger UI: its start-up script is a second request (`?script`), not an inline
script, so the page works under the Content-Security-Policy (SECURE_CSP); its stylesheet is local
(templates/drf_spectacular/swagger_ui.html). Swagger UI's stylesheet draws its icons as `data:` SVG images: this
page alone also allows images from `data:` (an image cannot run code).
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.utils.csp import CSP
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, permissions


class DocsPermission(permissions.BasePermission):
    """Anyone when API_DOCS_PUBLIC is on; otherwise a signed-in person or a valid token."""

    def has_permission(self, request, view) -> bool:
        if settings.API_DOCS_PUBLIC:
            return True
        return bool(request.user and request.user.is_authenticated) or request.auth is not None


class SchemaView(SpectacularAPIView):
    permission_classes = [DocsPermission]


class DocsView(SpectacularSwaggerSplitView):
    permission_classes = [DocsPermission]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if settings.SECURE_CSP:
            response._csp_config = {**settings.SECURE_CSP, "img-src": [CSP.SELF, "data:"]}  # read by the middleware
        return response

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.NotAuthenticated):  # a person without a session: the login page, then back
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)
