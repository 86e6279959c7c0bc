"""A one-page summary of one agency: its led tasks by status, what is overdue, what is due, what blocks it.

Long lists are cut ("và N nhiệm vụ khác") so a typical agency fits one A4 page. In the Party layout (the
default) it is an information sheet of the standing office's system; in the state layout (Nghị định
30/2020/NĐ-CP) a report issued by the agency itself, with its header, number, recipients and signature.
"""

from django.utils.translation import gettext as _
from docx.shared import Pt

from . import word
from .choices import Layout
from .issuers import agency_issuer
from .monthly import day, shorten, task_cell
from .selectors import AgencySummaryData
from .word import Issuer, Run, protect_numbers

MAX_OVERDUE = 8
MAX_DUE_SOON = 6
MAX_DIFFICULTIES = 4
TITLE_CHARS = 170
# The state layout's header, wider margins, recipients and signature take about a quarter of the page:
# shorter lists and titles keep a typical agency on one page.
STATE_LIMITS = {"overdue": 5, "due_soon": 4, "difficulties": 3, "title_chars": 120}
PARTY_LIMITS = {
    "overdue": MAX_OVERDUE,
    "due_soon": MAX_DUE_SOON,
    "difficulties": MAX_DIFFICULTIES,
    "title_chars": TITLE_CHARS,
}
SIZE = 13
TABLE = 11
STATE_RECIPIENTS = [
    "- Cơ quan Thường trực Ban Chỉ đạo tỉnh;",
    "- Lưu: VT.",
]


def _more(document, shown: int, total: int) -> None:
    if total > shown:
        word.paragraph(
            document, _("và %(rest)d nhiệm vụ khác.") % {"rest": total - shown}, italic=True, size=12, after=4
        )


def _heading(document, text: str) -> None:
    word.paragraph(document, text, bold=True, size=SIZE, before=6, after=3, keep_with_next=True)


def agency_summary_docx(data: AgencySummaryData, *, layout: Layout = Layout.PARTY) -> bytes:
    title = _("Tóm tắt tình hình thực hiện nhiệm vụ: %(agency)s") % {"agency": data.agency.name}
    issuer = agency_issuer(data.agency) if layout == Layout.STATE else None
    limits = STATE_LIMITS if issuer else PARTY_LIMITS
    if issuer:
        document = word.new_document(title=title, body_size=SIZE, margins_cm=word.STATE_MARGINS_CM, author=issuer.name)
        word.page_numbers(document)
        _state_header(document, data, issuer)
    else:
        document = word.new_document(title=title, body_size=SIZE, margins_cm=(1.5, 1.5, 2.5, 1.5))
        _party_header(document, data)

    _heading(document, _("1. Nhiệm vụ chủ trì: %(total)d nhiệm vụ") % {"total": data.total})
    word.data_table(
        document,
        [figure.label for figure in data.figures],
        [[f"{figure.count} ({figure.share}%)" for figure in data.figures]],
        widths_cm=[17.0 / len(data.figures)] * len(data.figures),
        aligns=["center"] * len(data.figures),
        size=TABLE,
    )

    _heading(document, _("2. Nhiệm vụ quá hạn: %(count)d nhiệm vụ") % {"count": data.overdue_total})
    if data.overdue:
        shown = data.overdue[: limits["overdue"]]
        word.data_table(
            document,
            [_("TT"), _("Nhiệm vụ"), _("Thời hạn"), _("Số ngày\nquá hạn")],
            [
                [i, task_cell(line, limits["title_chars"]), day(line.deadline), line.overdue_days]
                for i, line in enumerate(shown, start=1)
            ],
            widths_cm=[0.9, 12.3, 2.1, 1.7],
            aligns=["center", "left", "center", "center"],
            size=TABLE,
        )
        _more(document, len(shown), data.overdue_total)
    else:
        word.paragraph(document, _("Không có nhiệm vụ quá hạn."), size=SIZE, after=4)

    _heading(
        document,
        _("3. Nhiệm vụ đến hạn trong %(days)d ngày tới: %(count)d nhiệm vụ")
        % {"days": data.due_soon_days, "count": data.due_soon_total},
    )
    if data.due_soon:
        shown = data.due_soon[: limits["due_soon"]]
        word.data_table(
            document,
            [_("TT"), _("Nhiệm vụ"), _("Thời hạn")],
            [[i, task_cell(line, limits["title_chars"]), day(line.deadline)] for i, line in enumerate(shown, start=1)],
            widths_cm=[0.9, 14.0, 2.1],
            aligns=["center", "left", "center"],
            size=TABLE,
        )
        _more(document, len(shown), data.due_soon_total)
    else:
        word.paragraph(document, _("Không có nhiệm vụ đến hạn trong thời gian này."), size=SIZE, after=4)

    _heading(
        document,
        _("4. Khó khăn, vướng mắc, kiến nghị đang mở: %(count)d ý kiến (%(unanswered)d chưa được trả lời)")
        % {"count": len(data.difficulties), "unanswered": data.unanswered_count},
    )
    if data.difficulties:
        for item in data.difficulties[: limits["difficulties"]]:
            said = "; ".join(
                text
                for text in (
                    _("khó khăn: %(text)s") % {"text": shorten(item.difficulties, 160)} if item.difficulties else "",
                    _("kiến nghị: %(text)s") % {"text": shorten(item.proposals, 160)} if item.proposals else "",
                )
                if text
            )
            state = _("đã có ý kiến trả lời") if item.answered else _("chưa được trả lời")
            word.paragraph(
                document,
                [
                    Run(
                        "- "
                        + _("Nhiệm vụ %(ref)s, kỳ %(period)s: ")
                        % {"ref": item.task.display_ref, "period": item.period_label}
                    ),
                    Run(protect_numbers(said) + " "),
                    Run(f"({state}).", italic=True),
                ],
                size=12,
                after=2,
            )
        if len(data.difficulties) > limits["difficulties"]:
            word.paragraph(
                document,
                _("và %(rest)d ý kiến khác.") % {"rest": len(data.difficulties) - limits["difficulties"]},
                italic=True,
                size=12,
            )
    else:
        word.paragraph(document, _("Không có khó khăn, vướng mắc nào đang mở."), size=SIZE, after=4)

    note = word.paragraph(
        document,
        _(
            "Trạng thái do Hệ thống tự tính theo thời hạn đang có hiệu lực và báo cáo hoàn thành đã được "
            "Cơ quan Thường trực chấp nhận; chỉ tính nhiệm vụ cơ quan được giao chủ trì (không gồm nhiệm vụ mật)."
        ),
        italic=True,
        size=10,
        before=8,
    )
    note.paragraph_format.space_after = Pt(8 if issuer else 0)
    if issuer:
        word.state_recipients_and_signature(document, recipients=STATE_RECIPIENTS, signer=issuer.signer)
    return word.to_bytes(document)


def _party_header(document, data: AgencySummaryData) -> None:
    """The standing office's information sheet: the committee, the system, the title and the agency."""
    word.paragraph(
        document,
        _("BAN CHỈ ĐẠO VỀ PHÁT TRIỂN KHCN, ĐMST VÀ CĐS TỈNH THÁI NGUYÊN\nCƠ QUAN THƯỜNG TRỰC"),
        align="center",
        size=11,
        after=0,
    )
    word.paragraph(
        document,
        protect_numbers(_("Hệ thống thông tin giám sát, đánh giá việc thực hiện Nghị quyết số 57-NQ/TW")),
        align="center",
        italic=True,
        size=11,
        after=8,
    )
    word.paragraph(document, _("TÓM TẮT TÌNH HÌNH THỰC HIỆN NHIỆM VỤ"), align="center", bold=True, size=14, after=0)
    word.paragraph(document, data.agency.name.upper(), align="center", bold=True, size=14, after=0)
    word.paragraph(
        document,
        _("Số liệu tính đến hết ngày %(as_of)s") % {"as_of": day(data.as_of)},
        align="center",
        italic=True,
        size=SIZE,
        after=8,
    )


def _state_header(document, data: AgencySummaryData, issuer: Issuer) -> None:
    """The agency's own report: the state header, 'BÁO CÁO', its subject and the as-of date."""
    word.state_letterhead(document, issuer=issuer, kind_code="BC", day=data.as_of)
    word.state_title_block(
        document,
        _("BÁO CÁO"),
        _("Tóm tắt tình hình thực hiện nhiệm vụ phát triển khoa học,\ncông nghệ, đổi mới sáng tạo và chuyển đổi số"),
        before=10,
        after=2,
    )
    word.paragraph(
        document,
        _("(Số liệu tính đến hết ngày %(as_of)s)") % {"as_of": day(data.as_of)},
        align="center",
        italic=True,
        size=SIZE,
        after=6,
    )
