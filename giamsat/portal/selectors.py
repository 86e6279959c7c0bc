"""What the public may see: public tasks only, with public fields only ("Ba công khai").

Never: internal or secret tasks, report narratives, evidence not marked public, people's names.
"""

import datetime

from django.db.models import Prefetch, QuerySet

from giamsat.directives.choices import AssignmentRole, Confidentiality
from giamsat.directives.models import Task, TaskAssignment
from giamsat.extraction.text import query_words
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.status import annotate_status

OPEN_DATA_FIELDS = [
    "directive_number",
    "directive_title",
    "ref",
    "title",
    "lead",
    "deadline",
    "deadline_text",
    "status",
    "status_label",
    "completed_on",
]


def public_tasks(*, as_of: datetime.date, q: str = "", lead_agency_id: int | None = None) -> QuerySet[Task]:
    leads = Prefetch(
        "assignments",
        queryset=TaskAssignment.objects.filter(role=AssignmentRole.LEAD).select_related("agency", "group"),
        to_attr="lead_assignments",
    )
    tasks = Task.objects.filter(confidentiality=Confidentiality.PUBLIC)
    for word in query_words(q):
        tasks = tasks.filter(search_text__contains=f" {word} ")
    if lead_agency_id:
        tasks = tasks.filter(assignments__role=AssignmentRole.LEAD, assignments__agency_id=lead_agency_id).distinct()
    return (
        annotate_status(tasks, as_of=as_of)
        .select_related("directive")
        .prefetch_related(leads)
        .order_by("directive_id", "position")
    )


def open_data_rows(*, as_of: datetime.date) -> list[dict]:
    labels = dict(TaskStatus.choices)
    return [
        {
            "directive_number": task.directive.number,
            "directive_title": task.directive.title,
            "ref": task.ref,
            "title": task.title,
            "lead": "; ".join(str(a.target) for a in task.lead_assignments),
            "deadline": task.status_deadline.isoformat() if task.status_deadline else "",
            "deadline_text": task.deadline_text,
            "status": task.status,
            "status_label": str(labels[task.status]),
            "completed_on": task.completed_on.isoformat() if task.completed_on else "",
        }
        for task in public_tasks(as_of=as_of)
    ]
