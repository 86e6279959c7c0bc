"""Recording the acting user on django-simple-history records written outside a request."""

from django.db import models


def save_as(instance: models.Model, acting_user, **kwargs) -> None:
    """Save `instance` so that its history record names `acting_user` (None: the request's user)."""
    if acting_user is not None:
        instance._history_user = acting_user
    instance.save(**kwargs)
