import datetime

import factory

from giamsat.reporting.models import ProgressReport, ReportingPeriod, Review


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ("year", "month")

    year = 2026
    month = 5
    due_on = factory.LazyAttribute(lambda o: datetime.date(o.year, o.month, 20))


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    period = factory.SubFactory(ReportingPeriodFactory)
    state = "in_progress"
    progress_percent = 50
    # A report sent in these tests has reached the standing office unless a test says otherwise (the status engine
    # reads the head's approval: "Chờ xác nhận" starts there).
    submitted_at = None
    approved_at = factory.SelfAttribute("submitted_at")


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    decision = "accepted"
