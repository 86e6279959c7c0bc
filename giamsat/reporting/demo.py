"""A clearly labelled demo history of monthly reports, so a newcomer sees a living system.

Deterministic (seeded): for the sample tasks that the demo agency (Sở Khoa học và Công nghệ) leads,
months of reports go through the real workflow services — some on time, some late, some completed
and accepted, one returned and left unanswered, some never reported. Every text says it is demo data.
"""

import datetime
import random

from django.db import transaction

from giamsat.accounts.models import User
from giamsat.common.dates import end_of_day
from giamsat.directives import policy as task_policy
from giamsat.directives.choices import AssignmentRole
from giamsat.directives.models import Task

from . import services
from .choices import ReportStatus, WorkState
from .models import ProgressReport

DEMO = "[Dữ liệu minh họa] "
DEMO_AGENCY = "so-khoa-hoc-va-cong-nghe"


def _moment(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return end_of_day(day - datetime.timedelta(days=1)) + datetime.timedelta(hours=hour)


@transaction.atomic
def demo_reports_load(*, today: datetime.date, seed: int = 57) -> int:
    """Create the demo history once (skipped when demo reports exist); returns the number of reports."""
    if ProgressReport.objects.filter(work_done__startswith=DEMO).exists():
        return 0
    officer = User.objects.filter(agency__code=DEMO_AGENCY, role="agency_officer").first()
    head = User.objects.filter(agency__code=DEMO_AGENCY, role="agency_head").first()
    office = User.objects.filter(role="standing_office").first()
    if not (officer and head and office):
        return 0
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, nothing secret
    tasks = list(
        Task.objects.filter(directive__source_reference__startswith="sample:")
        .filter(task_policy.involves_agency(officer.agency_id, roles=(AssignmentRole.LEAD,)))
        .filter(assignments__role=AssignmentRole.LEAD, assignments__agency_id=officer.agency_id)
        .distinct()
        .order_by("directive_id", "position")
    )
    months = [(today.year, m) for m in range(max(1, today.month - 4), today.month)]
    count = 0
    for index, task in enumerate(tasks):
        scenario = ("on_time", "late", "done", "done_late", "returned", "missing")[index % 6]
        if scenario == "missing":
            continue
        for number, (year, month) in enumerate(months):
            period = services.period_for(datetime.date(year, month, 1))
            last = number == len(months) - 1
            completed = last and scenario in ("done", "done_late")
            submit_day = period.due_on - datetime.timedelta(days=rng.randint(1, 8))
            if scenario == "late" and last:
                submit_day = period.due_on + datetime.timedelta(days=rng.randint(2, 6))
            delivered = None
            if completed:
                deadline = task.deadline or submit_day
                delivered = (
                    min(submit_day, deadline)
                    if scenario == "done"
                    else max(submit_day, deadline) + datetime.timedelta(days=3)
                )
                submit_day = max(submit_day, delivered)
            report = services.report_save_draft(
                task=task,
                period=period,
                acting_user=officer,
                data={
                    "state": WorkState.COMPLETED if completed else WorkState.IN_PROGRESS,
                    "progress_percent": 100 if completed else min(90, 20 * (number + 1) + rng.randint(0, 10)),
                    "work_done": DEMO + f"Kết quả tháng {month:02d}/{year}: đã triển khai các bước theo kế hoạch.",
                    "product": DEMO + "Văn bản, báo cáo kết quả" if completed else "",
                    "delivered_on": delivered,
                    "difficulties": DEMO + "Thiếu kinh phí bố trí trong năm." if rng.random() < 0.2 else "",
                    "proposals": "",
                },
            )
            if completed:
                services.evidence_add_reference(
                    report=report,
                    acting_user=officer,
                    document_number=f"{100 + index}/QĐ-UBND",
                    document_date=delivered,
                    description=DEMO + "Quyết định ban hành",
                )
            services.report_submit(report=report, acting_user=officer, now=_moment(submit_day))
            services.report_approve(report=report, acting_user=head, now=_moment(submit_day, 15))
            review_day = submit_day + datetime.timedelta(days=2)
            if scenario == "returned" and last:
                services.report_review(
                    report=report,
                    decision="returned",
                    acting_user=office,
                    comment=DEMO + "Đề nghị bổ sung minh chứng cụ thể.",
                    now=_moment(review_day),
                )
            elif report.status == ReportStatus.APPROVED and review_day < today:
                services.report_review(
                    report=report, decision="accepted", comment="", acting_user=office, now=_moment(review_day)
                )
            count += 1
    return count
