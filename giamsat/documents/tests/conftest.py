"""A small dataset with a task in every status, two lead agencies and two areas, reports with difficulties."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from giamsat.directives.models import DocumentReference, Task, TaskClosure
from giamsat.directives.tests.factories import DirectiveFactory, TaskAssignmentFactory, task_led_by
from giamsat.monitoring.history import status_history_refresh_all
from giamsat.reporting.models import Review
from giamsat.reporting.tests.factories import ProgressReportFactory, ReportingPeriodFactory, ReviewFactory

AS_OF = datetime.date(2026, 6, 20)


def moment(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


@dataclass
class Dataset:
    tasks: dict[str, Task]
    infra: str
    people: str


def _accept(report, day: datetime.date, comment: str = "") -> None:
    review = ReviewFactory(report=report, decision="accepted", comment=comment)
    Review.objects.filter(pk=review.pk).update(created_at=moment(day, 15))


@pytest.fixture
def dataset(agency_skhcn, agency_finance) -> Dataset:
    infra, people = "Hạ tầng số", "Nhân lực số"
    plan = DirectiveFactory(number="9001-KH/BCĐ", issued_on=datetime.date(2025, 10, 18))
    notice = DirectiveFactory(number="9002-TB/CQTT", issued_on=datetime.date(2026, 4, 1))
    may = ReportingPeriodFactory(year=2026, month=5)
    june = ReportingPeriodFactory(year=2026, month=6)

    def task(key, agency, directive, section, position, **kwargs):
        kwargs.setdefault("title", f"Nhiệm vụ thử nghiệm {key}")
        return task_led_by(agency, directive=directive, section_title=section, position=position, **kwargs)

    t = {
        "on_time": task("trong hạn", agency_skhcn, plan, infra, 1, deadline=datetime.date(2026, 7, 15)),
        "overdue": task("quá hạn", agency_finance, notice, people, 1, deadline=datetime.date(2026, 5, 31)),
        "overdue_2": task("quá hạn 2", agency_skhcn, plan, infra, 2, deadline=datetime.date(2026, 6, 10)),
        "done_on_time": task("xong đúng hạn", agency_skhcn, notice, people, 2, deadline=datetime.date(2026, 6, 30)),
        "done_late": task("xong quá hạn", agency_finance, plan, infra, 3, deadline=datetime.date(2026, 5, 15)),
        "pending": task("chờ xác nhận", agency_finance, notice, people, 3, deadline=datetime.date(2026, 6, 30)),
        "recurring": task("thường xuyên", agency_skhcn, plan, infra, 4, deadline=None, recurrence="monthly"),
        "secret": task(
            "mật", agency_skhcn, plan, infra, 5, deadline=datetime.date(2026, 5, 1), confidentiality="secret"
        ),
        "public": task("công khai", agency_finance, notice, people, 4, deadline=datetime.date(2026, 7, 31)),
        "closed": task("dừng thực hiện", agency_finance, plan, infra, 6, deadline=datetime.date(2026, 5, 20)),
    }
    TaskClosure.objects.create(
        task=t["closed"],
        kind="stopped",
        decided_by=DocumentReference.objects.create(number="9003-TB/CQTT"),
        decided_on=datetime.date(2026, 6, 1),
    )
    t["public"].confidentiality = "public"
    t["public"].save()
    TaskAssignmentFactory(task=t["on_time"], agency=agency_finance, role="coordinating")

    done = ProgressReportFactory(
        task=t["done_on_time"],
        period=june,
        agency=agency_skhcn,
        state="completed",
        progress_percent=100,
        work_done="Đã ban hành kế hoạch",
        delivered_on=datetime.date(2026, 6, 5),
        submitted_at=moment(datetime.date(2026, 6, 6)),
    )
    _accept(done, datetime.date(2026, 6, 8))
    late = ProgressReportFactory(
        task=t["done_late"],
        period=may,
        agency=agency_finance,
        state="completed",
        progress_percent=100,
        delivered_on=datetime.date(2026, 5, 25),
        submitted_at=moment(datetime.date(2026, 5, 26)),
    )
    _accept(late, datetime.date(2026, 5, 28))
    ProgressReportFactory(
        task=t["pending"],
        period=june,
        agency=agency_finance,
        state="completed",
        progress_percent=100,
        delivered_on=datetime.date(2026, 6, 14),
        submitted_at=moment(datetime.date(2026, 6, 15)),
    )
    ProgressReportFactory(
        task=t["on_time"],
        period=june,
        agency=agency_skhcn,
        progress_percent=60,
        work_done="Đang khảo sát hiện trạng",
        difficulties="Thiếu kinh phí thuê tư vấn",
        submitted_at=moment(datetime.date(2026, 6, 12)),
    )
    answered = ProgressReportFactory(
        task=t["overdue"],
        period=june,
        agency=agency_finance,
        progress_percent=40,
        proposals="Đề nghị gia hạn đến quý III",
        submitted_at=moment(datetime.date(2026, 6, 11)),
    )
    review = ReviewFactory(report=answered, decision="returned", comment="Đã trình Ban Chỉ đạo xem xét gia hạn")
    Review.objects.filter(pk=review.pk).update(created_at=moment(datetime.date(2026, 6, 13)))
    status_history_refresh_all()  # the reviews' times were moved by bulk updates, which send no signals
    return Dataset(t, infra, people)
