"""Finding tasks by what people type: words of the task (reference, title, result, deadline text) and the number of
its directive ("21-KH/BCĐ 2" finds task 2 of 21-KH/BCĐ), diacritics ignored ("bcd" finds "BCĐ"). For the lists
that search tasks or rows of a task (the agency's reports, the review queue, the warnings); the task list's own
`q` (filtersets.py) searches the task's words."""

from django.db.models import Q

from giamsat.extraction.text import query_words

from .models import Directive


def task_search_q(value: str | None, *, prefix: str = "") -> Q:
    """Rows whose task (`prefix`: the path to it, e.g. "task__") has every typed word among its own words or among
    its directive number's. Each word is one condition; the directives' numbers are read once (a province has tens
    of directives, the nation about a thousand)."""
    words = query_words(value)
    if not words:
        return Q()
    numbers = {pk: set(query_words(number)) for pk, number in Directive.objects.values_list("pk", "number")}
    found = Q()
    for word in words:
        in_number = [pk for pk, number_words in numbers.items() if word in number_words]
        found &= Q(**{f"{prefix}search_text__contains": f" {word} "}) | Q(**{f"{prefix}directive_id__in": in_number})
    return found
