"""The one place HTML from documents is allowed: an nh3 allow-list. Everything else is escaped."""

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "b", "strong", "i", "em", "u", "sub", "sup"}


def clean_html(value: str | None) -> SafeString:
    return mark_safe(nh3.clean(value or "", tags=ALLOWED_TAGS, attributes={}))  # noqa: S308 - sanitised by nh3
