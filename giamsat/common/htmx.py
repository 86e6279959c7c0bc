def htmx_partial(request) -> bool:
    """True when an HTMX request asks for a fragment of the page rather than a whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted
