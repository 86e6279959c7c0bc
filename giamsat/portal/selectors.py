"""What the public may see: public tasks only, with public fields only ("Ba công khai").

Never: internal or secret tasks, report narratives, evidence not marked public, people's names.

Published results follow one rule, here and nowhere else (docs/open-data.md):
- a report's product and delivery date are public when the standing office ticked "công khai sản phẩm"
  (`ProgressReport.result_is_public`), the report is accepted and its task is public;
- an evidence item is public when the standing office ticked it (`Evidence.is_public`), its report is
  accepted and its task is public; the two choices are independent.
A report that is not accepted (returned, resubmitted) shows nothing until it is accepted again, so text an
agency can still edit never reaches the portal. Results leave the selectors as `PublicResult` and
`PublicEvidence` values holding public fields only, so a template cannot reach a narrative by mistake.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from giamsat.agencies.models import Agency
from giamsat.common.numbers import show_number
from giamsat.directives.choices import AssignmentRole, Confidentiality
from giamsat.directives.models import Directive, Task, TaskAssignment
from giamsat.directives.policy import MINE_ROLES, involves_agency
from giamsat.extraction.text import fold, query_words
from giamsat.indicators import policy as indicator_policy
from giamsat.indicators.choices import COLOUR_BADGES, Colour, Direction, Frequency, Layer
from giamsat.indicators.models import Indicator, IndicatorValue
from giamsat.indicators.selectors import COUNTED, colour_counts, colours
from giamsat.monitoring.choices import TaskStatus
from giamsat.monitoring.history import annotate_status
from giamsat.reporting.choices import EvidenceKind, ReportStatus
from giamsat.reporting.models import Evidence, ProgressReport

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
    "public_results",
    "public_evidence_count",
    "parts_done",
    "parts_total",
]


@dataclass(frozen=True)
class PublicEvidence:
    id: int
    kind: str
    description: str
    url: str
    document_number: str
    document_date: datetime.date | None
    content_type: str
    size: int | None

    @property
    def is_file(self) -> bool:
        return self.kind == EvidenceKind.FILE


@dataclass(frozen=True)
class PublicResult:
    period: str
    agency: str
    product: str  # empty when only evidence is published
    delivered_on: datetime.date | None
    evidence: tuple[PublicEvidence, ...]


def _published_reports() -> QuerySet[ProgressReport]:
    """Reports whose published parts may be shown: accepted, on a public task."""
    return ProgressReport.objects.filter(status=ReportStatus.ACCEPTED, task__confidentiality=Confidentiality.PUBLIC)


def _public_evidence() -> QuerySet[Evidence]:
    return Evidence.objects.filter(
        is_public=True, report__status=ReportStatus.ACCEPTED, report__task__confidentiality=Confidentiality.PUBLIC
    )


def _public_product_reports() -> QuerySet[ProgressReport]:
    return _published_reports().filter(result_is_public=True).exclude(product="")


def _lead_prefetch() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=TaskAssignment.objects.filter(role=AssignmentRole.LEAD).select_related("agency", "group"),
        to_attr="lead_assignments",
    )


def public_tasks(
    *,
    as_of: datetime.date,
    q: str = "",
    lead_agency_id: int | None = None,
    status: str = "",
    directive_id: int | None = None,
) -> QuerySet[Task]:
    """Public tasks with their status as of a day, in the documents' order; filtered by words (without
    diacritics), lead agency, status on that day and directive when given."""
    tasks = Task.objects.filter(confidentiality=Confidentiality.PUBLIC)
    for word in query_words(q):
        tasks = tasks.filter(search_text__contains=f" {word} ")
    if lead_agency_id:  # the agency itself or a group it belongs to leads: as its page counts them
        tasks = tasks.filter(involves_agency(lead_agency_id, roles=(AssignmentRole.LEAD,)))
    if directive_id:
        tasks = tasks.filter(directive_id=directive_id)
    tasks = annotate_status(tasks, as_of=as_of)
    if status:
        tasks = tasks.filter(status=status)
    return tasks.select_related("directive").prefetch_related(_lead_prefetch()).order_by("directive_id", "position")


def public_lead_agencies() -> QuerySet[Agency]:
    """The active agencies that lead at least one public task (themselves or through a group): the portal's
    agency filter."""
    leads = TaskAssignment.objects.filter(role=AssignmentRole.LEAD, task__confidentiality=Confidentiality.PUBLIC)
    itself, by_group = leads.filter(agency_id=OuterRef("pk")), leads.filter(group__members=OuterRef("pk"))
    return Agency.objects.filter(Exists(itself) | Exists(by_group), is_active=True).only("pk", "name").order_by("name")


def public_directives() -> QuerySet[Directive]:
    """The directives with at least one public task: the portal's directive filter."""
    public = Task.objects.filter(directive_id=OuterRef("pk"), confidentiality=Confidentiality.PUBLIC)
    return Directive.objects.filter(Exists(public)).only("pk", "number", "kind", "title", "issued_on")


def public_task(*, task_id: int, as_of: datetime.date) -> Task:
    """One public task with its status as of a day, lead and coordinating agencies; 404 for any other task."""
    assignments = Prefetch(
        "assignments",
        queryset=TaskAssignment.objects.filter(role__in=MINE_ROLES)
        .select_related("agency", "group")
        .order_by("role", "position", "pk"),
        to_attr="public_assignments",
    )
    try:
        return (
            annotate_status(Task.objects.filter(confidentiality=Confidentiality.PUBLIC), as_of=as_of)
            .select_related("directive")
            .prefetch_related(assignments)
            .get(pk=task_id)
        )
    except Task.DoesNotExist:
        raise Http404(_("Không tìm thấy nhiệm vụ.")) from None


def _public_evidence_value(item: Evidence) -> PublicEvidence:
    return PublicEvidence(
        id=item.pk,
        kind=item.kind,
        description=item.description,
        url=item.url if item.kind == EvidenceKind.LINK else "",
        document_number=item.document_number,
        document_date=item.document_date,
        content_type=item.content_type if item.kind == EvidenceKind.FILE else "",
        size=item.size if item.kind == EvidenceKind.FILE else None,
    )


def public_results(*, task: Task) -> list[PublicResult]:
    """The published products and evidence of a public task, oldest period first (public fields only)."""
    if task.confidentiality != Confidentiality.PUBLIC:
        return []
    evidence = Prefetch("evidence", queryset=_public_evidence().order_by("created_at", "pk"), to_attr="shown")
    reports = (
        _published_reports()
        .filter(task=task)
        .filter(Q(result_is_public=True, product__gt="") | Q(evidence__in=_public_evidence()))
        .distinct()
        .select_related("period", "agency")
        .prefetch_related(evidence)
        .order_by("period__year", "period__month", "pk")
    )
    results = []
    for report in reports:
        shows_product = report.result_is_public and bool(report.product)
        results.append(
            PublicResult(
                period=str(report.period),
                agency=report.agency.name,
                product=report.product if shows_product else "",
                delivered_on=report.delivered_on if shows_product else None,
                evidence=tuple(_public_evidence_value(item) for item in report.shown),
            )
        )
    return results


def public_evidence_file(*, evidence_id: int) -> Evidence:
    """A file the public may download: ticked public, on an accepted report of a public task; else 404."""
    try:
        return _public_evidence().get(pk=evidence_id, kind=EvidenceKind.FILE, file__gt="")
    except Evidence.DoesNotExist:
        raise Http404(_("Không tìm thấy minh chứng.")) from None


def public_agency_tasks(*, agency: Agency, as_of: datetime.date) -> QuerySet[Task]:
    """The public tasks an agency leads or coordinates (itself or through a group it belongs to)."""
    return (
        annotate_status(
            Task.objects.filter(involves_agency(agency.pk, roles=MINE_ROLES), confidentiality=Confidentiality.PUBLIC),
            as_of=as_of,
        )
        .annotate(is_lead=involves_agency(agency.pk, roles=(AssignmentRole.LEAD,)))
        .select_related("directive")
        .prefetch_related(_lead_prefetch())
        .order_by("directive_id", "position")
    )


def public_agency_status_counts(*, agency: Agency, as_of: datetime.date) -> dict[str, int]:
    """How many public tasks the agency leads, by the status of its own part of each as of a day (a task led by
    several agencies counts for each by its own part; every status present, zeros included)."""
    led = Task.objects.filter(
        involves_agency(agency.pk, roles=(AssignmentRole.LEAD,)), confidentiality=Confidentiality.PUBLIC
    )
    rows = (
        annotate_status(led, as_of=as_of, agency_id=agency.pk)
        .filter(status__isnull=False)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(TaskStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def _result_line(report: ProgressReport) -> str:
    """One published product on one line: 'YYYY-MM-DD: product' (the date omitted when there is none)."""
    product = " ".join(report.product.split())
    return f"{report.delivered_on.isoformat()}: {product}" if report.delivered_on else product


def open_data_tasks(*, as_of: datetime.date, q: str = "") -> QuerySet[Task]:
    """Public tasks with what an open-data row needs: published products, the count of public evidence."""
    products = Prefetch(
        "reports",
        queryset=_public_product_reports().order_by("period__year", "period__month", "pk"),
        to_attr="public_product_reports",
    )
    evidence_count = (
        _public_evidence()
        .filter(report__task_id=OuterRef("pk"))
        .order_by()
        .values("report__task_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        public_tasks(as_of=as_of, q=q)
        .prefetch_related(products)
        .annotate(public_evidence_count=Coalesce(Subquery(evidence_count, output_field=IntegerField()), Value(0)))
    )


def open_data_row(task: Task) -> dict:
    """One task of `open_data_tasks` as an open-data row (the fields of OPEN_DATA_FIELDS, in order)."""
    return {
        "directive_number": task.directive.number,
        "directive_title": task.directive.title,
        "ref": task.ref,
        "title": task.title,
        "lead": "; ".join(str(a.target) for a in task.lead_assignments),
        "deadline": task.status_deadline.isoformat() if task.status_deadline else "",
        "deadline_text": task.deadline_text,
        "status": task.status,
        "status_label": str(TaskStatus(task.status).label),
        "completed_on": task.completed_on.isoformat() if task.completed_on else "",
        "public_results": "\n".join(_result_line(r) for r in task.public_product_reports),
        "public_evidence_count": task.public_evidence_count,
        # Counted in parts, not tasks: each lead agency's own part (each member of a lead group); the task is done
        # when every part is. parts_total is 1 for a task with one lead agency or none resolved.
        "parts_done": task.parts_done,
        "parts_total": task.parts_total,
    }


def open_data_rows(*, as_of: datetime.date) -> list[dict]:
    return [open_data_row(task) for task in open_data_tasks(as_of=as_of)]


# --- public indicators ------------------------------------------------------------------------------------------
# Public indicators only (`indicators.policy.restrict` for a visitor), with their ACCEPTED values only (a value the
# agency may still change, or the standing office has not accepted, never reaches the portal), colours judged by
# indicators.selectors as everywhere else. Tasks an indicator is linked to are named only when they are public.

INDICATOR_FIELDS = [
    "code",
    "name",
    "unit",
    "direction",
    "baseline_value",
    "baseline_on",
    "target_value",
    "target_on",
    "layer",
    "agency",
    "frequency",
    "data_source",
    "directive_number",
    "task_refs",
    "values",
    "colour",
    "colour_label",
]


def shown(value: Decimal | None) -> str:
    """A number as people read it here: 95.5000 → '95,5'; 1234567 → '1.234.567'; none → '—'."""
    return show_number(value, empty="—")


@dataclass(frozen=True)
class PublicValue:
    period: str  # "YYYY-MM"
    value: Decimal
    measured_on: datetime.date
    source: str

    @property
    def shown(self) -> str:
        return shown(self.value)


@dataclass(frozen=True)
class PublicIndicator:
    id: int
    code: str
    name: str
    unit: str
    direction: str
    baseline_value: Decimal | None
    baseline_on: datetime.date | None
    target_value: Decimal
    target_on: datetime.date
    layer: str
    agency: str
    frequency: str
    data_source: str
    directive_number: str
    task_refs: tuple[str, ...]
    values: tuple[PublicValue, ...]  # by measurement day
    colour: str

    @property
    def latest(self) -> PublicValue | None:
        """The latest accepted value measured by today (values measured later do not count yet)."""
        return self.values[-1] if self.values else None

    @property
    def colour_label(self) -> str:
        return str(Colour(self.colour).label)

    @property
    def colour_badge(self) -> str:
        return COLOUR_BADGES[Colour(self.colour)]

    @property
    def target_shown(self) -> str:
        return shown(self.target_value)

    @property
    def baseline_shown(self) -> str:
        return shown(self.baseline_value)

    @property
    def layer_label(self) -> str:
        return str(Layer(self.layer).label)

    @property
    def direction_label(self) -> str:
        return str(Direction(self.direction).label)

    @property
    def frequency_label(self) -> str:
        return str(Frequency(self.frequency).label)


def visible_indicators() -> QuerySet[Indicator]:
    """The indicators a visitor may see: public ones."""
    return indicator_policy.restrict(Indicator.objects.all(), None)


def public_indicators(*, as_of: datetime.date, q: str = "", colour: str = "", layer: str = "") -> list[PublicIndicator]:
    """Public indicators with their accepted values measured by `as_of` and their colour on that day; searched
    (with or without diacritics) in code, name and agency, filtered by colour and layer. Five queries."""
    indicators = list(
        visible_indicators()
        .select_related("agency", "directive")
        .prefetch_related(
            Prefetch(
                "tasks",
                queryset=Task.objects.filter(confidentiality=Confidentiality.PUBLIC).select_related("directive"),
                to_attr="public_tasks",
            )
        )
    )
    if layer:
        indicators = [i for i in indicators if i.layer == layer]
    words = query_words(q)
    if words:
        indicators = [i for i in indicators if all(w in fold(f"{i.code} {i.name} {i.agency or ''}") for w in words)]
    judged = colours(indicators, as_of)
    if colour:
        indicators = [i for i in indicators if judged[i.pk].colour == colour]
    values: dict[int, list[PublicValue]] = {i.pk: [] for i in indicators}
    accepted = (
        IndicatorValue.objects.filter(indicator_id__in=list(values), status__in=COUNTED, measured_on__lte=as_of)
        .order_by("measured_on", "pk")
        .values_list("indicator_id", "period__year", "period__month", "value", "measured_on", "source")
    )
    for indicator_id, year, month, value, measured_on, source in accepted:
        values[indicator_id].append(PublicValue(f"{year:04d}-{month:02d}", value, measured_on, source))
    return [
        PublicIndicator(
            id=i.pk,
            code=i.code,
            name=i.name,
            unit=i.unit,
            direction=i.direction,
            baseline_value=i.baseline_value,
            baseline_on=i.baseline_on,
            target_value=i.target_value,
            target_on=i.target_on,
            layer=i.layer,
            agency=i.agency.name if i.agency else "",
            frequency=i.frequency,
            data_source=i.data_source,
            directive_number=i.directive.number if i.directive else "",
            task_refs=tuple(f"{t.directive.number}: {t.display_ref}".lstrip(": ") for t in i.public_tasks),
            values=tuple(values[i.pk]),
            colour=judged[i.pk].colour,
        )
        for i in indicators
    ]


def public_indicator_counts(*, as_of: datetime.date) -> dict[str, int]:
    """How many public indicators are of each colour today (as the overview counts every indicator)."""
    return colour_counts(visible_indicators(), as_of)


def _decimal(value: Decimal | None) -> str:
    """A plain decimal for machines: 95.5, 1234567 (no trailing zeros, no exponent); empty for none."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def indicator_open_data_row(indicator: PublicIndicator) -> dict:
    """One public indicator as an open-data record (INDICATOR_FIELDS, in order); `values` as a list of
    {period, value, measured_on, source} (decimals as strings, days as ISO YYYY-MM-DD)."""
    return {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "direction": indicator.direction,
        "baseline_value": _decimal(indicator.baseline_value),
        "baseline_on": indicator.baseline_on.isoformat() if indicator.baseline_on else "",
        "target_value": _decimal(indicator.target_value),
        "target_on": indicator.target_on.isoformat(),
        "layer": indicator.layer,
        "agency": indicator.agency,
        "frequency": indicator.frequency,
        "data_source": indicator.data_source,
        "directive_number": indicator.directive_number,
        "task_refs": "; ".join(indicator.task_refs),
        "values": [
            {
                "period": v.period,
                "value": _decimal(v.value),
                "measured_on": v.measured_on.isoformat(),
                "source": v.source,
            }
            for v in indicator.values
        ],
        "colour": indicator.colour,
        "colour_label": indicator.colour_label,
    }


def indicator_csv_row(row: dict) -> dict:
    """An open-data record for CSV: the values one per line, `period;value;measured_on;source`."""
    lines = ";".join
    return {
        **row,
        "values": "\n".join(lines([v["period"], v["value"], v["measured_on"], v["source"]]) for v in row["values"]),
    }
