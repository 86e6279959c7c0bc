"""Rate limits: per token (its own rate), per signed-in user, per address for anonymous callers."""

from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class ApiRateThrottle(SimpleRateThrottle):
    scope = "api"

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
