"""django-simple-history: recording the acting user outside a request, and showing a change to people."""

import datetime
from decimal import Decimal

from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .numbers import show_number


def save_as(instance: models.Model, acting_user, **kwargs) -> None:
    """Save `instance` so that its history record names `acting_user` (None: the request's user)."""
    if acting_user is not None:
        instance._history_user = acting_user
    instance.save(**kwargs)


def field_label(model: type[models.Model], name: str) -> str:
    """A field's name as the forms show it: its verbose name, capitalised ('Loại thời hạn')."""
    return capfirst(model._meta.get_field(name).verbose_name)


def value_display(model: type[models.Model], name: str, value) -> str:
    """A value of a model's field as people read it: a choice by its label, a day as dd/mm/yyyy, a yes/no as
    Có/Không, a foreign key (its id in a history record) as the object's name, a many-to-many field (the through
    rows of a history record) as the names of the related objects, a decimal without trailing zeros in the
    language's own form (95,5); '' for no value."""
    field = model._meta.get_field(name)
    if value is None or value == "":
        return ""
    if isinstance(field, models.ManyToManyField):
        key = field.m2m_reverse_field_name()
        ids = [row[key] for row in value if isinstance(row, dict) and key in row]
        related = field.related_model._default_manager.filter(pk__in=ids)
        return "; ".join(str(obj) for obj in related) or ""
    if isinstance(value, Decimal):
        return show_number(value)
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return pgettext("yes/no", "Có") if value else pgettext("yes/no", "Không")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(field, models.ForeignKey):
        if isinstance(value, models.Model):
            return str(value)
        related = field.related_model._default_manager.filter(pk=value).first()
        if related is None:
            model_name = capfirst(field.related_model._meta.verbose_name)
            return _("%(model)s đã xóa (số %(pk)s)") % {"model": model_name, "pk": value}
        return str(related)
    return str(value)
