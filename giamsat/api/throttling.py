"""Rate limits: per token (its own rate), per signed-in user, per address for anonymous callers.

The counters live in the "throttle" cache, shared by every process (Redis, else a table of the database: settings),
and an anonymous caller is known by `client_ip` (X-Forwarded-For only as far as TRUSTED_PROXY_COUNT allows).
"""

from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework.throttling import SimpleRateThrottle

from giamsat.common.client_ip import client_ip

from .models import ApiToken


class ApiRateThrottle(SimpleRateThrottle):
    scope = "api"
    cache = ConnectionProxy(caches, "throttle")

    def allow_request(self, request, view):
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token is not None:
            self.rate = f"{token.rate_per_minute}/min"
        elif request.user and request.user.is_authenticated:
            self.rate = self.THROTTLE_RATES["api_user"]
        else:
            self.rate = self.THROTTLE_RATES["api_anon"]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_rate(self):
        return None  # chosen per request in allow_request

    def get_cache_key(self, request, view):
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token is not None:
            ident = f"token-{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return f"throttle_api_{ident}"

    def get_ident(self, request):
        return client_ip(request)
