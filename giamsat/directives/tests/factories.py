import datetime

import factory

from giamsat.directives.choices import AssignmentRole, Confidentiality, DeadlineKind, DirectiveKind
from giamsat.directives.models import Directive, Task, TaskAssignment


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    number = factory.Sequence(lambda n: f"{n + 100}-TB/CQTT")
    kind = DirectiveKind.CONCLUSION_NOTICE
    issued_on = datetime.date(2026, 4, 1)
    title = "Thông báo kết luận thử nghiệm"


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    directive = factory.SubFactory(DirectiveFactory)
    ref = factory.Sequence(lambda n: str(n + 1))
    title = "Triển khai chuyển đổi số"
    deadline = datetime.date(2026, 6, 30)
    deadline_text = "Quý II"
    deadline_kind = DeadlineKind.QUARTER
    confidentiality = Confidentiality.INTERNAL


class TaskAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskAssignment

    task = factory.SubFactory(TaskFactory)
    role = AssignmentRole.LEAD
    agency = None
    group = None
    printed_name = factory.LazyAttribute(lambda o: (o.agency or o.group).name)


def task_led_by(agency, *, confidentiality=Confidentiality.INTERNAL, **kwargs) -> Task:
    task = TaskFactory(confidentiality=confidentiality, **kwargs)
    TaskAssignmentFactory(task=task, agency=agency, role=AssignmentRole.LEAD)
    return task
