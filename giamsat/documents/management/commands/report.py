"""`giamsat report monthly --month 2026-06 --out bc.docx` · `giamsat report agency --agency 12 --out tom-tat.pdf`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from giamsat.agencies.models import Agency
from giamsat.common.cli import as_of_option
from giamsat.documents import generate
from giamsat.documents.choices import Layout
from giamsat.documents.pdf import PdfUnavailable
from giamsat.documents.selectors import default_as_of, parse_month
from giamsat.extraction.text import fold

FORMATS = ("docx", "xlsx", "pdf")


class Command(BaseCommand):
    help = (
        "Lập văn bản tổng hợp: báo cáo tháng của Cơ quan Thường trực gửi Ban Chỉ đạo (monthly: Word, phụ lục Excel "
        "hoặc PDF) hoặc bản tóm tắt một trang của một cơ quan (agency: Word hoặc PDF)."
    )

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="monthly|agency")
        monthly = kinds.add_parser("monthly", help="Báo cáo tháng gửi Ban Chỉ đạo")
        monthly.add_argument("--month", required=True, help="Tháng báo cáo, dạng YYYY-MM (ví dụ 2026-06)")
        monthly.add_argument(
            "--as-of",
            help="Ngày chốt số liệu, dạng dd/mm/yyyy hoặc yyyy-mm-dd (mặc định: hạn báo cáo ngày 20 của tháng, "
            "tối đa hôm nay)",
        )
        monthly.add_argument("--out", required=True, help="Tệp kết quả (.docx, .xlsx hoặc .pdf)")
        monthly.add_argument("--format", choices=FORMATS, help="docx, xlsx (phụ lục) hoặc pdf; mặc định theo đuôi tệp")
        monthly.add_argument(
            "--layout",
            choices=Layout.values,
            default=Layout.PARTY,
            help="Thể thức: dang (văn bản của Đảng, mặc định) hoặc nha_nuoc (hành chính nhà nước, "
            "Nghị định 30/2020/NĐ-CP); không áp dụng cho phụ lục Excel",
        )
        agency = kinds.add_parser("agency", help="Tóm tắt một trang của một cơ quan")
        agency.add_argument("--agency", required=True, help="Mã số, mã định danh hoặc tên cơ quan")
        agency.add_argument("--as-of", help="Ngày chốt số liệu, dạng dd/mm/yyyy hoặc yyyy-mm-dd (mặc định: hôm nay)")
        agency.add_argument("--out", required=True, help="Tệp kết quả (.docx hoặc .pdf)")
        agency.add_argument("--format", choices=("docx", "pdf"), help="docx hoặc pdf; mặc định theo đuôi tệp")
        agency.add_argument(
            "--layout",
            choices=Layout.values,
            default=Layout.PARTY,
            help="Thể thức: dang (mặc định) hoặc nha_nuoc (báo cáo của chính cơ quan theo Nghị định 30/2020/NĐ-CP)",
        )

    def handle(self, *args, **options):
        out = Path(options["out"])
        fmt = options.get("format") or out.suffix.lower().lstrip(".")
        allowed = FORMATS if options["kind"] == "monthly" else ("docx", "pdf")
        if fmt not in allowed:
            raise CommandError(
                _("Không rõ định dạng của tệp “%(out)s”: hãy dùng đuôi %(allowed)s hoặc --format.")
                % {"out": out, "allowed": ", ".join("." + f for f in allowed)}
            )
        try:
            if options["kind"] == "monthly":
                year, month = parse_month(options["month"])
                as_of = as_of_option(options.get("as_of"), default=lambda: default_as_of(year, month))
                document = generate.monthly_report_file(
                    year=year, month=month, as_of=as_of, fmt=fmt, layout=Layout(options["layout"])
                )
            else:
                as_of = as_of_option(options.get("as_of"))
                agency = resolve_agency(options["agency"])
                document = generate.agency_summary_file(
                    agency=agency, as_of=as_of, fmt=fmt, layout=Layout(options["layout"])
                )
        except (ValueError, PdfUnavailable) as error:
            raise CommandError(str(error)) from None
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(document.content)
        self.stdout.write(
            _("Đã lập %(what)s (số liệu tính đến %(as_of)s): %(out)s")
            % {"what": document.description, "as_of": as_of.strftime("%d/%m/%Y"), "out": out}
        )


def resolve_agency(value: str) -> Agency:
    """An agency by id, code or name (exact, then by folded words); ValueError in Vietnamese otherwise."""
    value = value.strip()
    if value.isdigit():
        agency = Agency.objects.filter(pk=int(value)).first()
    else:
        agency = Agency.objects.filter(code=value).first() or Agency.objects.filter(name__iexact=value).first()
    if agency:
        return agency
    if not value.isdigit():
        words = fold(value).split()
        candidates = Agency.objects.filter(is_active=True)
        for word in words:
            candidates = candidates.filter(name_folded__contains=word)
        found = list(candidates.order_by("name")[:6])
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(
                _("Có nhiều cơ quan khớp với “%(value)s”: %(names)s. Hãy ghi rõ hơn hoặc dùng mã số.")
                % {"value": value, "names": "; ".join(f"{a.name} (mã số {a.pk})" for a in found[:5])}
            )
    raise ValueError(_("Không tìm thấy cơ quan “%(value)s”.") % {"value": value})
