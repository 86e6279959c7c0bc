"""The Standing Office's monthly report to the Steering Committee, as a Word document.

Every figure comes from `MonthlyReportData` (selectors.monthly_report_data), itself read from
dashboard(), bottlenecks() and the indicators' colours (indicators.selectors) for one "as of" date; nothing here
counts anything.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from giamsat.common.numbers import show_number
from giamsat.monitoring.choices import TaskStatus

from . import word
from .choices import Layout
from .issuers import MONTHLY_STATE_ISSUER
from .selectors import MonthlyReportData, TaskLine, directive_label
from .word import Run, document_number, protect_numbers

TITLE_CHARS = 220  # a task's content in the report's tables; the appendix carries the full text
COMMITTEE = "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh"
RECIPIENTS = [
    "- Ban Chỉ đạo tỉnh (để b/c),",
    "- Thường trực Tỉnh ủy (để b/c),",
    "- Các đồng chí thành viên BCĐ,",
    "- Văn phòng Tỉnh ủy: LĐ, P.CĐS-CY,",
    "- Lưu CQTT.",
]
STATE_RECIPIENTS = [
    "- Ban Chỉ đạo tỉnh (để b/c);",
    "- UBND tỉnh (để b/c);",
    "- Cơ quan Thường trực Ban Chỉ đạo;",
    "- Các cơ quan, đơn vị chủ trì;",
    "- Lưu: VT.",
]
# Short column headings of the per-area table, in selectors.STATUS_ORDER, explained under the table.
AREA_COLUMNS = {
    TaskStatus.DONE_ON_TIME: gettext_lazy("HT đúng hạn"),
    TaskStatus.DONE_LATE: gettext_lazy("HT quá hạn"),
    TaskStatus.PENDING_VERIFICATION: gettext_lazy("Chờ xác\nnhận"),
    TaskStatus.ON_TIME: gettext_lazy("Trong\nhạn"),
    TaskStatus.OVERDUE: gettext_lazy("Quá\nhạn"),
    TaskStatus.RECURRING: gettext_lazy("Thường\nxuyên"),
    TaskStatus.CLOSED: gettext_lazy("Không còn\nthực hiện"),
}


def shorten(text: str, limit: int = TITLE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def task_cell(line: TaskLine, limit: int = TITLE_CHARS) -> list[Run]:
    """'Content of the task' followed by '(Nhiệm vụ 4, 13-TB/CQTT)' in italics."""
    return [
        Run(protect_numbers(shorten(line.title, limit))),
        Run(
            " "
            + _("(Nhiệm vụ %(ref)s, %(directive)s)") % {"ref": line.ref, "directive": document_number(line.directive)},
            italic=True,
        ),
    ]


def day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def monthly_report_docx(data: MonthlyReportData, *, layout: Layout = Layout.PARTY) -> bytes:
    """The report in the Party layout (the standing office's, the default) or the state layout, issued
    then by `issuers.MONTHLY_STATE_ISSUER`; the two differ only in the header, the title's rule, the
    issuer named in the first and last sentences, and the recipients and signature."""
    state = layout == Layout.STATE
    document = word.new_document(
        title=_("Báo cáo tháng %(month)s") % {"month": data.label},
        author=MONTHLY_STATE_ISSUER.name if state else word.ISSUER.capitalize(),
    )
    word.page_numbers(document)
    subject = _(
        "kết quả thực hiện nhiệm vụ phát triển khoa học, công nghệ,\nđổi mới sáng tạo và chuyển đổi số tháng %(month)s"
    ) % {"month": data.label}
    if state:
        word.state_letterhead(document, issuer=MONTHLY_STATE_ISSUER, kind_code="BC", day=data.as_of)
        word.state_title_block(document, _("BÁO CÁO"), subject)
        intro = _(
            "Thực hiện chế độ báo cáo định kỳ hằng tháng của %(committee)s (sau đây gọi tắt là Ban Chỉ đạo), "
            "trên cơ sở dữ liệu các cơ quan, đơn vị cập nhật trên Hệ thống thông tin giám sát, đánh giá việc thực "
            "hiện Nghị quyết số 57-NQ/TW (sau đây gọi tắt là Hệ thống), %(issuer)s báo cáo kết quả thực hiện "
            "nhiệm vụ tháng %(month)s (số liệu tính đến hết ngày %(as_of)s) như sau:"
        ) % {
            "committee": COMMITTEE,
            "issuer": MONTHLY_STATE_ISSUER.name,
            "month": data.label,
            "as_of": day(data.as_of),
        }
    else:
        word.letterhead(document, kind_code="BC", day=data.as_of)
        word.title_block(document, _("BÁO CÁO"), subject)
        intro = _(
            "Thực hiện chế độ báo cáo định kỳ hằng tháng của %(committee)s (sau đây gọi tắt là Ban Chỉ đạo), "
            "trên cơ sở dữ liệu các cơ quan, đơn vị cập nhật trên Hệ thống thông tin giám sát, đánh giá việc thực "
            "hiện Nghị quyết số 57-NQ/TW (sau đây gọi tắt là Hệ thống), Cơ quan Thường trực Ban Chỉ đạo báo cáo "
            "kết quả thực hiện nhiệm vụ tháng %(month)s (số liệu tính đến hết ngày %(as_of)s) như sau:"
        ) % {"committee": COMMITTEE, "month": data.label, "as_of": day(data.as_of)}
    word.body(document, protect_numbers(intro))
    _overall(document, data)
    _areas(document, data)
    _overdue(document, data)
    _indicators(document, data)
    _bottlenecks(document, data)
    _upcoming(document, data)
    if state:
        closing = _(
            "Trên đây là báo cáo kết quả thực hiện nhiệm vụ tháng %(month)s, %(issuer)s trân trọng báo cáo "
            "Ban Chỉ đạo tỉnh./."
        ) % {"month": data.label, "issuer": MONTHLY_STATE_ISSUER.name}
    else:
        closing = _(
            "Trên đây là báo cáo kết quả thực hiện nhiệm vụ tháng %(month)s, Cơ quan Thường trực Ban Chỉ đạo "
            "trân trọng báo cáo Ban Chỉ đạo tỉnh./."
        ) % {"month": data.label}
    word.body(document, closing, after=12)
    if state:
        word.state_recipients_and_signature(document, recipients=STATE_RECIPIENTS, signer=MONTHLY_STATE_ISSUER.signer)
    else:
        word.recipients_and_signature(document, recipients=RECIPIENTS, on_behalf=_("T/M CƠ QUAN THƯỜNG TRỰC"))
    return word.to_bytes(document)


def _overall(document, data: MonthlyReportData) -> None:
    word.heading(document, _("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ"))
    word.body(
        document,
        _(
            "Tổng số nhiệm vụ Ban Chỉ đạo giao đang được theo dõi trên Hệ thống: %(total)d nhiệm vụ "
            "(không bao gồm nhiệm vụ có nội dung mật), trong đó:"
        )
        % {"total": data.total},
    )
    last = len(data.figures) - 1
    for index, figure in enumerate(data.figures):
        word.body(
            document,
            _("- %(label)s: %(count)d nhiệm vụ (%(share)d%%)")
            % {"label": figure.label, "count": figure.count, "share": figure.share}
            + ("." if index == last else ";"),
            after=2,
        )
    word.body(
        document,
        _(
            "Tổng số nhiệm vụ đã hoàn thành (sản phẩm có minh chứng được Cơ quan Thường trực chấp nhận): "
            "%(done)d nhiệm vụ, đạt %(share)d%% tổng số nhiệm vụ."
        )
        % {"done": data.done, "share": data.done_share},
        before=4,
    )
    if data.shared:
        word.body(
            document,
            _(
                "Có %(shared)d nhiệm vụ giao cho nhiều cơ quan chủ trì, gồm %(parts)d phần việc của từng cơ quan; "
                "%(done)d phần việc đã hoàn thành. Nhiệm vụ loại này chỉ được tính là hoàn thành khi mọi cơ quan "
                "chủ trì hoàn thành phần việc của mình; bảng theo cơ quan dưới đây tính mỗi cơ quan theo phần việc "
                "của chính cơ quan đó."
            )
            % {"shared": data.shared, "parts": data.parts, "done": data.parts_done},
        )
    word.body(
        document,
        _(
            "Trạng thái của từng nhiệm vụ do Hệ thống tự tính theo thời hạn đang có hiệu lực và báo cáo của cơ "
            "quan chủ trì: nhiệm vụ chỉ được tính là hoàn thành khi báo cáo hoàn thành kèm minh chứng đã được "
            "Cơ quan Thường trực chấp nhận; ngày hoàn thành là ngày có sản phẩm."
        ),
        italic=True,
        size=13,
    )


def _areas(document, data: MonthlyReportData) -> None:
    word.heading(document, _("II. KẾT QUẢ THEO LĨNH VỰC, NHÓM NHIỆM VỤ"))
    word.body(
        document, _("Kết quả thực hiện theo từng nhóm nhiệm vụ của các văn bản chỉ đạo như sau:"), keep_with_next=True
    )
    statuses = list(AREA_COLUMNS)
    rows: list[list] = []
    merged, bold = set(), set()
    number = 0
    totals = dict.fromkeys(statuses, 0)
    for directive in data.directives:
        merged.add(len(rows))
        if directive.numbered and directive.issued_on:
            heading = _("Văn bản số %(number)s ngày %(day)s") % {
                "number": document_number(directive.directive),
                "day": day(directive.issued_on),
            }
        elif directive.numbered:
            heading = _("Văn bản số %(number)s") % {"number": document_number(directive.directive)}
        else:
            heading = directive.directive
        rows.append([heading])
        for area in directive.rows:
            number += 1
            rows.append([number, protect_numbers(area.area), area.total, *(area.count(status) for status in statuses)])
            for status in statuses:
                totals[status] += area.count(status)
    bold.add(len(rows))
    rows.append(["", _("Tổng cộng"), sum(totals.values()), *(totals[status] for status in statuses)])
    word.data_table(
        document,
        [_("TT"), _("Lĩnh vực, nhóm nhiệm vụ"), _("Tổng số"), *(str(label) for label in AREA_COLUMNS.values())],
        rows,
        widths_cm=[0.9, 4.0, 1.3, *[1.3] * len(AREA_COLUMNS)],
        aligns=["center", "left"] + ["center"] * (1 + len(AREA_COLUMNS)),
        size=11,
        header_size=10.5,
        merged_rows=merged,
        bold_rows=bold,
    )
    word.paragraph(
        document,
        _(
            "Ghi chú: HT: hoàn thành; “Trong hạn”, “Quá hạn”: đang thực hiện – trong hạn, quá hạn; "
            "“Chờ xác nhận”: đã báo cáo hoàn thành, minh chứng đang được thẩm định."
        ),
        italic=True,
        size=12,
        after=6,
    )


def _overdue(document, data: MonthlyReportData) -> None:
    word.heading(document, _("III. NHIỆM VỤ QUÁ HẠN VÀ TRÁCH NHIỆM CỦA CÁC CƠ QUAN CHỦ TRÌ"))
    word.heading(document, _("1. Nhiệm vụ quá hạn"), level=2)
    if not data.overdue_total:
        word.body(document, _("Đến ngày %(as_of)s, không có nhiệm vụ quá hạn.") % {"as_of": day(data.as_of)})
    else:
        word.body(
            document,
            _(
                "Đến ngày %(as_of)s, có %(count)d nhiệm vụ đang thực hiện quá hạn; %(shown)d nhiệm vụ quá hạn "
                "lâu nhất gồm:"
            )
            % {"as_of": day(data.as_of), "count": data.overdue_total, "shown": len(data.overdue)},
            keep_with_next=True,
        )
        word.data_table(
            document,
            [_("TT"), _("Nhiệm vụ"), _("Cơ quan chủ trì"), _("Thời hạn"), _("Số ngày\nquá hạn")],
            [
                [index, task_cell(line), "; ".join(line.leads), day(line.deadline), line.overdue_days]
                for index, line in enumerate(data.overdue, start=1)
            ],
            widths_cm=[0.9, 7.6, 3.9, 2.2, 1.6],
            aligns=["center", "left", "left", "center", "center"],
        )
        if data.overdue_total > len(data.overdue):
            word.body(
                document,
                _("Ngoài ra còn %(rest)d nhiệm vụ quá hạn khác (chi tiết tại Phụ lục kèm theo).")
                % {"rest": data.overdue_total - len(data.overdue)},
            )
    word.heading(document, _("2. Kết quả theo cơ quan chủ trì"), level=2)
    if not data.agencies:
        word.body(document, _("Chưa có nhiệm vụ nào được giao cho cơ quan chủ trì cụ thể."))
        return
    word.body(
        document,
        _("Kết quả thực hiện của %(count)d cơ quan, đơn vị chủ trì (cơ quan có nhiệm vụ quá hạn xếp trước):")
        % {"count": len(data.agencies)},
        keep_with_next=True,
    )
    word.data_table(
        document,
        [
            _("TT"),
            _("Cơ quan, đơn vị chủ trì"),
            _("Số nhiệm vụ chủ trì"),
            _("HT đúng hạn"),
            _("HT quá hạn"),
            _("Đang quá hạn"),
            _("Chờ xác nhận"),
        ],
        [
            [index, row.name, row.led, row.done_on_time, row.done_late, row.overdue, row.pending]
            for index, row in enumerate(data.agencies, start=1)
        ],
        widths_cm=[0.9, 6.6, 1.7, 1.7, 1.7, 1.7, 1.7],
        aligns=["center", "left"] + ["center"] * 5,
    )
    late = [row for row in data.agencies if row.overdue]
    if late:
        names = "; ".join(f"{row.name} ({row.overdue})" for row in late)
        word.body(
            document,
            _(
                "Các cơ quan, đơn vị có nhiệm vụ quá hạn (số nhiệm vụ): %(names)s. Đề nghị Ban Chỉ đạo yêu cầu "
                "người đứng đầu các cơ quan, đơn vị này chỉ đạo khắc phục, báo cáo rõ nguyên nhân, trách nhiệm "
                "và thời hạn hoàn thành."
            )
            % {"names": names},
        )


def number(value: Decimal | None) -> str:
    """95.5000 → '95,5'; 1234567 → '1.234.567' (Vietnamese separators, no trailing zeros)."""
    return show_number(value, empty="—")


def _indicators(document, data: MonthlyReportData) -> None:
    word.heading(document, _("IV. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"))
    if not data.indicator_total:
        word.body(document, _("Chưa có chỉ tiêu nào được theo dõi trên Hệ thống."))
        return
    word.body(
        document,
        _(
            "Tổng số chỉ tiêu đang được theo dõi trên Hệ thống: %(total)d chỉ tiêu; đánh giá so với lộ trình đến "
            "mục tiêu tại ngày %(as_of)s, theo các giá trị đã được Cơ quan Thường trực chấp nhận:"
        )
        % {"total": data.indicator_total, "as_of": day(data.as_of)},
        keep_with_next=True,
    )
    last = len(data.indicator_counts) - 1
    for index, figure in enumerate(data.indicator_counts):
        word.body(
            document,
            _("- %(label)s: %(count)d chỉ tiêu") % {"label": figure.label, "count": figure.count}
            + ("." if index == last else ";"),
            after=2,
        )
    word.body(document, _("Chi tiết từng chỉ tiêu (chỉ tiêu chậm nhiều, chậm so với lộ trình xếp trước):"), before=4)
    word.data_table(
        document,
        [
            _("TT"),
            _("Mã"),
            _("Chỉ tiêu"),
            _("Đơn vị tính"),
            _("Giá trị mới nhất (ngày)"),
            _("Mục tiêu (hạn)"),
            _("Đánh giá"),
        ],
        [
            [
                index,
                line.code,
                protect_numbers(shorten(line.name)),
                line.unit,
                f"{number(line.latest_value)} ({day(line.latest_on)})" if line.latest_on else "—",
                f"{number(line.target_value)} ({day(line.target_on)})",
                line.colour_label,
            ]
            for index, line in enumerate(data.indicators, start=1)
        ],
        widths_cm=[0.9, 1.6, 5.2, 1.6, 2.4, 2.4, 2.1],
        aligns=["center", "center", "left", "center", "center", "center", "left"],
        size=11,
        header_size=10.5,
    )
    word.paragraph(
        document,
        _(
            "Ghi chú: chỉ tiêu được đánh giá theo giá trị mới nhất so với lộ trình từ giá trị gốc qua các mốc đến "
            "mục tiêu; “Chưa có số liệu kỳ gần nhất”: cơ quan chịu trách nhiệm chưa báo cáo (hoặc giá trị chưa "
            "được chấp nhận) cho kỳ báo cáo gần nhất."
        ),
        italic=True,
        size=12,
        after=6,
    )


def _bottlenecks(document, data: MonthlyReportData) -> None:
    word.heading(document, _("V. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT"))
    if not data.bottleneck_areas:
        word.body(
            document, _("Trong kỳ, các cơ quan, đơn vị không báo cáo khó khăn, vướng mắc, kiến nghị, đề xuất mới.")
        )
        return
    word.body(
        document,
        _(
            "Các cơ quan, đơn vị báo cáo %(count)d ý kiến về khó khăn, vướng mắc, kiến nghị, đề xuất đối với các "
            "nhiệm vụ chưa hoàn thành, thuộc %(areas)d nhóm nhiệm vụ; trong đó %(unanswered)d ý kiến chưa được "
            "trả lời, cụ thể:"
        )
        % {"count": data.bottleneck_count, "areas": len(data.bottleneck_areas), "unanswered": data.unanswered_count},
    )
    for number, area in enumerate(data.bottleneck_areas, start=1):
        directive = area.items[0].task.directive if area.items else None
        label = protect_numbers(area.area) or _("Nhiệm vụ khác")
        if directive is not None:
            label += " (" + document_number(directive_label(directive.number, directive.kind)) + ")"
        word.body(document, f"{number}. {label}", italic=True, bold=True, keep_with_next=True, after=2)
        for item in area.items:
            pieces = [
                Run("- "),
                Run(item.agency_name, bold=True),
                Run(
                    " "
                    + _("(nhiệm vụ %(ref)s, báo cáo kỳ %(period)s): ")
                    % {"ref": item.task.display_ref, "period": item.period_label}
                ),
            ]
            said = []
            if item.difficulties:
                said.append(_("khó khăn, vướng mắc: %(text)s") % {"text": item.difficulties.strip().rstrip(".;")})
            if item.proposals:
                said.append(_("kiến nghị, đề xuất: %(text)s") % {"text": item.proposals.strip().rstrip(".;")})
            pieces.append(Run(protect_numbers("; ".join(said)) + ". "))
            if item.answered:
                pieces.append(
                    Run(
                        _("Đã có ý kiến của Cơ quan Thường trực: “%(answer)s”.")
                        % {"answer": protect_numbers(item.answer.strip().rstrip("."))},
                        italic=True,
                    )
                )
            else:
                pieces.append(Run(_("Chưa được trả lời."), italic=True, bold=True))
            word.body(document, pieces, after=3)


def _upcoming(document, data: MonthlyReportData) -> None:
    word.heading(document, _("VI. NHIỆM VỤ TRỌNG TÂM THÁNG %(month)s") % {"month": data.next_label})
    if not data.upcoming:
        word.body(
            document,
            _("Không có nhiệm vụ đang thực hiện nào đến hạn từ ngày %(start)s đến ngày %(end)s.")
            % {"start": day(data.upcoming_from), "end": day(data.upcoming_to)},
        )
    else:
        word.body(
            document,
            _("Có %(count)d nhiệm vụ đang thực hiện, đến hạn từ ngày %(start)s đến ngày %(end)s:")
            % {"count": len(data.upcoming), "start": day(data.upcoming_from), "end": day(data.upcoming_to)},
            keep_with_next=True,
        )
        word.data_table(
            document,
            [_("TT"), _("Nhiệm vụ"), _("Cơ quan chủ trì"), _("Thời hạn")],
            [
                [index, task_cell(line), "; ".join(line.leads), day(line.deadline)]
                for index, line in enumerate(data.upcoming, start=1)
            ],
            widths_cm=[0.9, 8.9, 4.0, 2.2],
            aligns=["center", "left", "left", "center"],
        )
    word.body(
        document,
        _(
            "Đề nghị Ban Chỉ đạo chỉ đạo các cơ quan chủ trì tập trung hoàn thành các nhiệm vụ trên đúng thời hạn, "
            "có sản phẩm cụ thể; khẩn trương xử lý dứt điểm các nhiệm vụ quá hạn; cập nhật báo cáo kèm minh chứng "
            "trên Hệ thống trước ngày 20 hằng tháng."
        ),
    )
