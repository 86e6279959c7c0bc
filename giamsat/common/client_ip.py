"""The address of the client a request comes from: the one function every rate limit and lockout asks.

`TRUSTED_PROXY_COUNT` says how many proxies of ours stand in front of the application:

- 0 (the default): none. `X-Forwarded-For` is written by whoever sends the request, so it is ignored entirely and
  the address is the TCP peer (`REMOTE_ADDR`).
- N: the request passed through N proxies of ours, each appending the address it received the request from
  (nginx: `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`). The client is then the Nth address
  from the right; anything to its left was sent by the client and proves nothing. Only the outermost proxy may be
  reachable from outside (with fewer than N addresses the leftmost is taken, as Django REST framework does).

Behind nginx with TRUSTED_PROXY_COUNT=0 every client is nginx's 127.0.0.1: anonymous rate limits and the lockout
per address then apply to everyone together. Set it to the number of proxies (1 for one nginx).
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's IP address as our own proxies saw it (see the module's docstring); REMOTE_ADDR otherwise."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",")]
    candidate = addresses[-min(count, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # not an address: a proxy of ours would never write that
        return remote
