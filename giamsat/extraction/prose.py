"""Tasks assigned in the body text: 'Giao UBND tỉnh ... Hoàn thành trước ngày 10/4/2026', 'Bộ Công an chủ trì, phối
hợp với ...', '1. Bộ Tài chính: a) ... b) ...', a task followed by 'Đơn vị chủ trì: ...' labels.

1. Where the body is (`body_lines`): after the national motto ('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'ĐẢNG CỘNG
   SẢN VIỆT NAM'), so a web page's banner, metadata table and summary above it are not read; it ends at the closing
   mark './.', the recipient list ('Nơi nhận') or a signature block ('KT. THỦ TƯỚNG', 'T/L BAN CHỈ ĐẠO'), and
   starts again in a plan attached to a decision ('KẾ HOẠCH' + '(Kèm theo Quyết định ...)'); it stops at an
   appendix ('PHỤ LỤC', read as tables). A letter's recipients ('Kính gửi: - ...') are skipped.
2. Paragraphs: wrapped lines are joined; a heading number, a bullet, a lettered item, '(1)' or a label starts a
   new paragraph.
3. Outline: the markers (I., Điều 1., 1., 1.1., a), (1), -, +) nest the paragraphs into a tree, which gives each
   task its place 'body:III.2.a' (numbers and letters as printed; unlettered bullets lettered by position, or
   numbered under a letter or a bullet).
4. Tasks (`_Walker`): a paragraph that names who must act (see assignments.py); the points under a heading that
   names a body ('1. Bộ Công an:', '- Bộ Xây dựng') or under a lead-in ('A chủ trì:', 'yêu cầu A: ...'); a task
   closed by labels ('Đơn vị chủ trì: ...', 'Thời gian thực hiện: ...'). Not tasks: background sections
   (purpose, requirements, viewpoints, objectives, assessment), the articles of a decision, closing formulas
   ('Văn phòng Chính phủ thông báo để ... biết, thực hiện', 'nếu có khó khăn, vướng mắc ...').
"""

import heapq
import re
from dataclasses import dataclass, field, replace

from .assignments import (
    COLLECTIVE_START,
    LABEL_START,
    Assignment,
    addressee,
    coordinating_names,
    find_assignment,
    first_verb,
    label,
    label_agencies,
)
from .cleaning import clean_cell
from .deadlines import parse_deadline
from .draft import AgencyMention, TaskDraft
from .table_tasks import ROMAN
from .text import fold

ROMAN_HEADING = re.compile(r"^\s*([IVXLC]+)\.\s*(?!\d)(\S.*)$")
ARTICLE = re.compile(r"^Điều\s+(\d{1,3})\s*[.:]\s*(.*)$")
NUMBER_HEADING = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(\S.*)$|^\s*(\d{1,2})\.\s*(?!\d)(\S.*)$")
BARE_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?$")
BULLET = re.compile(r"^\s*([-–•+])\s*(?!-)(\S.*)$")
LETTER = re.compile(r"^\s*([a-zđ])\)\s*(\S.*)$")
PARENS_ITEM = re.compile(r"^\s*\((\d{1,2})\)\s*(\S.*)$")
ORDINAL = re.compile(r"^Thứ\s+(nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)\s*[,:]\s*(.*)$")

# A deadline phrase inside a sentence ('hoàn thành trước ngày 30/11/2025', 'trong tháng 12 năm 2025', '(hoàn thành
# trong quý I năm 2026)'); 'thời gian tới' is no deadline.
DEADLINE_PHRASE = re.compile(
    r"(\(([^()]*(?:hoàn thành|thường xuyên|trước ngày|trong quý|trong tháng|Tết)[^()]*)\)|"
    r"((?:[Hh]oàn thành(?: xong| dứt điểm)?|[Đđ]ịnh kỳ|xong)?\s*"
    r"(?:[Tt]rước|đến hết|đến|trong|ngay trong|vào(?: cuối)?)\s+"
    r"(?:(?:ngày\s+)?\d{1,2}/\d{1,2}(?:/\d{4})?|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|Tết[^.;]*"
    r"|[Qq]uý\s+[IVX\d]+[^.;]*?(?=[.;]|$)|tháng\s+\d{1,2}(?:/\d{4}|\s+năm\s+\d{4})?|năm\s+\d{4})"
    r"(?:\s+(?:hằng|hàng)\s+(?:năm|tháng|quý))?)|"
    r"(Định kỳ trước ngày \d{1,2} hằng tháng))",
)
# Section titles of background, not tasks: purpose and requirements, viewpoints, objectives, assessment, scope.
BACKGROUND = re.compile(
    r"^(?:ve\s+|mot so\s+|cac\s+)?(?:muc dich|yeu cau|quan diem|muc tieu|danh gia|ket qua|tinh hinh|boi canh"
    r"|su can thiet|can cu|pham vi|doi tuong|dinh huong|thuc trang|chi tieu|phuong cham)\b"
)
TASK_SECTION = re.compile(r"nhiem vu|giai phap|to chuc thuc hien|cong tac trong tam|phan cong|kien nghi|noi dung")
ASSIGNING_SECTION = re.compile(r"^(?:ve\s+)?(?:to chuc thuc hien|phan cong)")
# Closing formulas of Vietnamese administrative writing; they restate, announce or make a condition, assign nothing.
CLOSING = re.compile(
    r"thong bao (?:de|den)\b|(?:tran trong|xin) thong bao|neu (?:co|thay|gap) (?:kho khan|vuong mac|can)"
    r"|truong hop co kho khan|chiu trach nhiem (?:to chuc )?(?:thi hanh|thuc hien|trien khai)[^.;]{0,60}"
    r"(?:quyet dinh|ke hoach|chi thi|nghi quyet|cong dien|thong bao|cong van|chuong trinh|de an|ket luan) nay\s*[./]*$"
    r"|co hieu luc (?:thi hanh )?(?:ke )?tu ngay|noi dung (?:chi dao )?neu tren"
    r"|nghiem tuc (?:trien khai )?thuc hien\s*[./]*$"
)
# A lead-in that only announces the points below ('… một số nhiệm vụ sau:', 'A chủ trì:') is not a task itself.
FORMULA_LEAD_IN = re.compile(r"(?:sau|nhu sau|gom|bao gom|sau day)\s*:\s*$")
RECURRING_PHRASE = re.compile(r"(?:[Đđ]ịnh kỳ |[Tt]heo dõi )?(?:thường xuyên|[Hh][ằà]ng (?:năm|tháng|quý|tuần))")
SENTENCE = re.compile(r"(?<=[.;])\s+(?=\S)")
_MOTTO = ("cong hoa xa hoi chu nghia viet nam", "dang cong san viet nam")
_SIGNATURE = re.compile(r"^(?:T/M|TM\.?|KT\.?|K/T|T/L|TL\.?|TUQ\.?|Q\.)\s+[A-ZĐ]")
_ATTACHED = ("KẾ HOẠCH", "QUY CHẾ", "QUY ĐỊNH", "CHƯƠNG TRÌNH", "ĐỀ ÁN", "PHƯƠNG ÁN", "HƯỚNG DẪN")
# Emphasis marks at a word's edge, a footnote marker. Tried at the start of a run of marks only (the same matches):
# tried inside a long run of marks, it read the rest of the run again at each one.
_MARKDOWN = re.compile(r"(?:^|(?<=\s))[*_]+|(?<![*_])[*_]+(?=\s|$)|\[\d{1,2}\]")
_OPEN_END = re.compile(
    r"(?:[,(&/-]|\s(?:và|với|của|cho|thuộc|tại|về|các|theo|trong|để|từ|đến|ở|là|những|được|trên|nhằm))$"
)
_OPENERS = re.compile(
    r"^(?:Giao|Yêu cầu|Đề nghị|Đồng chí|Phân công|Chủ trì|Chủ động|Khẩn trương|Phối hợp|Tham mưu|Theo dõi|Chỉ đạo"
    r"|Triển khai|Thực hiện|Tổ chức|Nghiên cứu|Hướng dẫn|Rà soát|Căn cứ|Là cơ quan|Xây dựng kế hoạch)\s"
)
# A line ending with a bare head word continues a name on the next line ('17. Chi cục' | 'Hải quan khu vực V').
_BARE_HEAD_END = re.compile(
    r"(?:^|\s)(?:Sở|Bộ|Ban|Cục|Chi cục|Ủy ban|Uỷ ban|Văn phòng|Trung tâm|Hội|Đài|Tổng cục|Công an|Ngân hàng)$"
)
BULLETS = ("dash", "plus")


def body_lines(lines: list[str]) -> list[str]:
    """The lines of the directive's own text, blank lines kept ('' marks a paragraph break)."""
    cleaned = [_clean_line(line) for line in lines]
    start = 0
    for i in range(min(len(cleaned), 400)):
        pair = fold(f"{cleaned[i]} {cleaned[i + 1] if i + 1 < len(cleaned) else ''}")
        if any(motto in fold(cleaned[i]) or (motto in pair and motto not in fold(cleaned[i + 1])) for motto in _MOTTO):
            start = i + 1
            if any(m not in fold(cleaned[i]) for m in _MOTTO if m in pair):
                start = i + 2
            break
    out: list[str] = []
    state, previous = "body", ""
    for i in range(start, len(cleaned)):
        line = cleaned[i]
        folded = fold(line)
        if line.startswith("PHỤ LỤC") or re.fullmatch(r"Phụ lục(?:\s+[IVX\d]+)?", line):
            break
        if state == "closing":
            if line.rstrip(" *") in _ATTACHED and any(
                fold(cleaned[j]).startswith(("(kem theo", "(ban hanh kem theo"))
                for j in range(i + 1, min(i + 9, len(cleaned)))
            ):
                state = "caption"
            continue
        if state == "caption":
            if fold(line).startswith(("(kem theo", "(ban hanh kem theo")):
                state = "caption-end"
            if state == "caption-end" and ")" in line:
                state, previous = "body", ""
            continue
        if state == "caption-end":
            if ")" in line:
                state, previous = "body", ""
            continue
        if state == "recipients":
            if not line:
                continue
            if (
                line.startswith(("-", "–"))
                or folded.startswith(("kinh gui", "dong kinh gui"))
                or (previous and not previous.endswith((".", ";", ":", ")")))
            ):
                previous = line
                continue
            state = "body"
        if folded.startswith("noi nhan") or _SIGNATURE.match(line):
            state = "closing"
            continue
        if folded.startswith(("kinh gui", "dong kinh gui")) or (folded.endswith("dien:") and len(line) < 60):
            state, previous = "recipients", line
            continue
        out.append(line)
        if line.endswith(("./.", "/.")):
            state = "closing"
    return out


def _clean_line(raw: str) -> str:
    line = clean_cell(raw)
    line = _MARKDOWN.sub("", line).strip()
    return "" if line in ("|", "X", "#") or line.startswith("-----") else line


def _upper(text: str) -> bool:
    return text[:1].isupper() or text[:1] in '“"('


# What of a growing paragraph `_starts_paragraph` looks at, besides its last line: its start (a marker is in its
# first characters) and, while it is short, all of it. Headings are short (under 90 characters), a heading naming
# who acts ('1. Bộ Công an:') under 200 once its notes in brackets are left out; a paragraph this long is running
# text, and reading it whole again for each line it grows by made one long paragraph cost time quadratic in it.
_HEAD = 64
_ADDRESSEE_SPAN = 2000


class _Paragraph:
    """The lines of a paragraph being joined, with what `_starts_paragraph` asks of them kept up to date."""

    def __init__(self, line: str):
        self.lines = [line]
        self.length = len(line)  # of " ".join(self.lines)
        self.head = _collapsed_start(line)  # the first _HEAD characters, whitespace collapsed

    def add(self, line: str) -> None:
        self.lines.append(line)
        self.length += 1 + len(line)
        if len(self.head) < _HEAD:  # the head holds all the lines before: it goes on into this one
            self.head = _collapsed_start(f"{self.head} {line}")

    def text(self) -> str:
        return " ".join(self.lines)


_WHITESPACE = re.compile(r"\s+")
_TOKEN = re.compile(rf"\S{{1,{_HEAD}}}|\s+")


def _collapsed_start(text: str) -> str:
    """`_WHITESPACE.sub(" ", text)[:_HEAD]`, reading no further into `text` than that needs."""
    parts: list[str] = []
    size = 0
    for token in _TOKEN.finditer(text):
        part = " " if token.group(0)[0].isspace() else token.group(0)
        parts.append(part)
        size += len(part)
        if size >= _HEAD:
            break
    return "".join(parts)[:_HEAD]


_ROMAN_START = re.compile(r"^\s*([IVXLC]+)\.\s*(?!\d)\S")  # ROMAN_HEADING without '.*$'


def paragraphs(lines: list[str]) -> list[str]:
    """Join wrapped lines into paragraphs (text with its marker).

    The lines are those of `body_lines`: stripped, without line breaks. Time is linear in the text.
    """
    result: list[_Paragraph] = []
    blank = False
    # Text whose paragraphs are separated by blank lines (web pages converted to text): a paragraph goes on until
    # the next blank line or marker, whatever its lines end with.
    blank_doc = sum(1 for line in lines if not line) >= 0.1 * max(1, len(lines))
    for line in lines:
        if not line:
            blank = True
            continue
        if result and not _starts_paragraph(line, result[-1], blank, blank_doc):
            result[-1].add(line)
        else:
            result.append(_Paragraph(line))
        blank = False
    return [_WHITESPACE.sub(" ", p.text()).strip() for p in result]


def _starts_paragraph(line: str, current: _Paragraph, blank: bool, blank_doc: bool = False) -> bool:
    if len(current.lines) == 1 and BARE_NUMBER.match(current.lines[0]):  # '**1.**' | 'Trên cơ sở …'
        return False
    previous = current.lines[-1]
    if (
        BARE_NUMBER.match(line)
        or ROMAN_HEADING.match(line)
        and ROMAN.match(ROMAN_HEADING.match(line).group(1))
        or NUMBER_HEADING.match(line)
        or BULLET.match(line)
        or LETTER.match(line)
        or PARENS_ITEM.match(line)
        or ARTICLE.match(line)
        or ORDINAL.match(line)
    ):
        return True
    ended = previous.endswith((".", ":", ";")) and _upper(line)
    unmarked = BULLET.sub(r"\2", line)
    if LABEL_START.match(fold(unmarked)) and (ended or blank or previous.endswith((".", ":", ";"))):
        return True
    if _upper(line) and not _OPEN_END.search(previous) and not _BARE_HEAD_END.search(previous):
        last_word = previous.split()[-1] if previous.split() else ""
        if _paragraph_is_heading(current) and (
            (blank or not blank_doc)
            and (not last_word[:1].isupper() or _OPENERS.match(line) or previous.endswith(":"))
            or _OPENERS.match(line)
            and _paragraph_addressee(current)
        ):
            return True
        # In a text whose paragraphs are separated by blank lines, a blank line before a capitalised line ends a
        # short heading or item that has no closing punctuation ('b) Hoàn thiện hạ tầng …' | 'Ủy ban nhân dân …:').
        if blank and current.length < 250 and not last_word[:1].isupper() and _node(current.text()).kind != "plain":
            return True
    return ended and (blank or (len(previous) <= 60 and not blank_doc))


def _paragraph_is_heading(paragraph: _Paragraph) -> bool:
    """`_is_heading` of the paragraph's text; past 90 characters only a roman heading is one, told by its start."""
    if paragraph.length < 90:
        return _is_heading(paragraph.text())
    roman = _ROMAN_START.match(paragraph.head)
    return bool(roman and ROMAN.match(roman.group(1)))


def _paragraph_addressee(paragraph: _Paragraph) -> bool:
    """Whether the paragraph's text (its marker left out) only names who acts; running text never does."""
    return paragraph.length <= _ADDRESSEE_SPAN and addressee(_node(paragraph.text()).text) is not None


def _is_heading(text: str) -> bool:
    roman = ROMAN_HEADING.match(text)
    if roman and ROMAN.match(roman.group(1)):
        return True
    number = NUMBER_HEADING.match(text)
    if not number:
        return False
    body = number.group(2) or number.group(4)
    return len(text) < 90 and (addressee(body) is not None or find_assignment(body) is None)


# --- Outline --------------------------------------------------------------------------------------------------


@dataclass
class Node:
    kind: str  # root, roman, article, num, letter, paren, dash, plus, ordinal, plain
    mark: str  # 'II', '1.2', 'a', '(1)', '-', ''
    text: str
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    role: str = ""  # a label: lead, coordinating, time, content, result
    value: str = ""

    @property
    def key(self) -> str:
        return f"num{self.mark.count('.')}" if self.kind == "num" else self.kind

    def add(self, child: "Node") -> "Node":
        child.parent = self
        self.children.append(child)
        return child

    def full_text(self) -> str:
        """The text with the text of everything under it ('các nội dung sau: + … + …')."""
        parts = [self.text] + [child.full_text() for child in self.children if not child.role]
        return " ".join(p for p in parts if p)


def _node(paragraph: str) -> Node:
    roman = ROMAN_HEADING.match(paragraph)
    if roman and ROMAN.match(roman.group(1)):
        return Node("roman", roman.group(1), roman.group(2))
    article = ARTICLE.match(paragraph)
    if article:
        return Node("article", article.group(1), article.group(2))
    number = NUMBER_HEADING.match(paragraph)
    if number:
        return Node("num", number.group(1) or number.group(3), number.group(2) or number.group(4))
    bare = BARE_NUMBER.match(paragraph)
    if bare:
        return Node("num", paragraph.rstrip("."), "")
    for kind, pattern in (("letter", LETTER), ("paren", PARENS_ITEM), ("ordinal", ORDINAL)):
        match = pattern.match(paragraph)
        if match:
            return Node(kind, match.group(1) if kind != "paren" else f"({match.group(1)})", match.group(2))
    bullet = BULLET.match(paragraph)
    if bullet:
        return Node("plus" if bullet.group(1) == "+" else "dash", bullet.group(1), bullet.group(2))
    return Node("plain", "", paragraph)


def outline(paragraph_texts: list[str]) -> Node:
    root = Node("root", "", "")
    stack = [root]
    # '(2) …' paragraphs continuing a bullet's points: its text is joined once at the end, not copied for each
    continued: dict[int, tuple[Node, list[str]]] = {}
    counts_points: dict[int, bool] = {}  # whether a bullet's own text holds '(1)'
    for text in paragraph_texts:
        node = _node(text)
        found = label(node.text)
        if found:
            node.role, node.value = found
        if node.kind in ("roman", "article"):
            del stack[1:]
            stack.append(root.add(node))
            continue
        if node.kind == "plain":
            if node.role:  # a label closes the bullets above it: it belongs to their heading
                while len(stack) > 1 and stack[-1].kind in BULLETS and not stack[-1].role:
                    stack.pop()
            stack[-1].add(node)
            continue
        top = stack[-1]
        if node.kind == "paren" and node.mark != "(1)" and top.kind in BULLETS:
            if id(top) not in counts_points:
                counts_points[id(top)] = "(1)" in top.text  # what continues it comes after: the answer stays
            if counts_points[id(top)]:  # '(2) …' on its own line continues the points of the bullet
                continued.setdefault(id(top), (top, []))[1].append(f" {node.mark} {node.text}")
                continue
        for i in range(len(stack) - 1, 0, -1):
            if stack[i].key == node.key:
                del stack[i:]
                break
            if node.kind == "num" and stack[i].kind == "num" and stack[i].key > node.key:
                continue
        stack.append(stack[-1].add(node))
    for node, parts in continued.values():
        node.text += "".join(parts)
    return root


# --- Tasks ----------------------------------------------------------------------------------------------------


@dataclass
class _Context:
    section: str = ""
    section_title: str = ""
    place: tuple[str, ...] = ()
    inherited: Assignment | None = None
    background: bool = False
    task_section: bool = False
    section_assigns: bool = False
    under_article: bool = False
    deadline_text: str = ""


def body_tasks(text_lines: list[str], *, working_year: int | None) -> list[TaskDraft]:
    """Tasks of the body, placed 'body:<section>.<subsection>[.<letter>|.(n)]'."""
    root = outline(paragraphs(body_lines(text_lines)))
    return _Walker(root, working_year).tasks


VIETNAMESE_LETTERS = "abcdefghiklmnopqrstuvxy"  # points are lettered a, b, c, ... without j, w (and z)


def _letter(number: int) -> str:
    """The letter of the `number`-th point (from 1), or the number itself past 'y'."""
    return VIETNAMESE_LETTERS[number - 1] if number <= len(VIETNAMESE_LETTERS) else str(number)


class _Refs:
    """Refs given out, each once: a place printed twice gets primes ('body:1', "body:1'", "body:1''"), past three
    a count ("body:1'4"), so that a document repeating one number thousands of times neither builds refs thousands
    of characters long nor looks through them all for each new one."""

    PRIMES = 3

    def __init__(self) -> None:
        self.taken: dict[str, set[int]] = {}  # base ref -> repeats given out (0 for the base itself)
        self.next: dict[str, int] = {}  # base ref -> no repeat below it is free, unless released since
        self.released: dict[str, list[int]] = {}

    @classmethod
    def spell(cls, base: str, repeat: int) -> str:
        return base + ("'" * repeat if repeat <= cls.PRIMES else f"'{repeat}")

    @staticmethod
    def parse(ref: str) -> tuple[str, int]:
        match = re.search(r"'(\d+)$|'+$", ref)
        if not match:
            return ref, 0
        return ref[: match.start()], int(match.group(1)) if match.group(1) else len(match.group(0))

    def claim(self, base: str) -> str:
        """The first free ref among `base`, base', base'', …"""
        taken = self.taken.setdefault(base, set())
        released = self.released.get(base)
        while released:
            repeat = heapq.heappop(released)
            if repeat not in taken:
                break
        else:
            repeat = self.next.get(base, 0)
            while repeat in taken:
                repeat += 1
            self.next[base] = repeat + 1
        taken.add(repeat)
        return self.spell(base, repeat)

    def release(self, ref: str) -> None:
        base, repeat = self.parse(ref)
        taken = self.taken.get(base)
        if taken is not None and repeat in taken:
            taken.discard(repeat)
            heapq.heappush(self.released.setdefault(base, []), repeat)


class _Walker:
    def __init__(self, root: Node, working_year: int | None):
        self.working_year = working_year
        self.tasks: list[TaskDraft] = []
        self.refs = _Refs()
        # A document that assigns its work in a section of its own ('Tổ chức thực hiện', 'Phân công nhiệm vụ')
        # lists measures elsewhere; those are not tasks unless they name who acts.
        self.assigning_section = any(
            ASSIGNING_SECTION.match(fold(child.text)) for child in root.children if child.kind == "roman"
        )
        self.children(root, _Context())

    # Sections and headings ------------------------------------------------------------------------------------

    def children(self, node: Node, ctx: _Context, *, own_task: TaskDraft | None = None) -> None:
        """The paragraphs and points under `node`; `own_task` is the task `node`'s own text became, if any."""
        if self.label_blocks(node, ctx):
            return
        items = [c for c in node.children if not c.role]
        plains = [
            c for c in items if c.kind == "plain" and not _is_lead_in_text(c.text) and not CLOSING.search(fold(c.text))
        ]
        # Paragraphs under one number are lettered by position (the number's own text is 'a' when it is a task).
        first = 2 if own_task else 1
        plain_marks = (
            {id(c): _letter(first + i) for i, c in enumerate(plains)} if len(plains) + bool(own_task) > 1 else {}
        )
        if own_task and plain_marks:
            self.reletter(own_task, "a")
        ctx = self.time_label(node, ctx)
        lead_in: Assignment | None = None
        bullets_seen = False
        counters: dict[str, int] = {}
        for child in items:
            mark = self.mark(node, child, counters)
            if child.kind == "plain":
                lead_in = self.plain(child, ctx, plain_marks.get(id(child), ""), lead_in, bullets_seen) or lead_in
            elif child.kind in ("roman", "article"):
                self.section(child, ctx)
            else:
                if child.kind in ("dash", "plus", "letter", "paren"):
                    bullets_seen = True
                self.marked(child, replace(ctx, inherited=lead_in or ctx.inherited), mark, lead_in is not None)

    def section(self, node: Node, ctx: _Context) -> None:
        title = fold(node.text)
        if node.kind == "article":
            self.children(node, _Context(under_article=True))
            return
        inner = _Context(
            section=node.mark,
            section_title=node.text,
            place=(node.mark,),
            background=bool(BACKGROUND.match(title)),
            task_section=bool(TASK_SECTION.search(title)),
            section_assigns=_assigns(node),
            deadline_text=_heading_deadline(node.text),
        )
        self.children(node, inner)

    def mark(self, parent: Node, child: Node, counters: dict[str, int]) -> str:
        if child.kind in BULLETS:
            counters[child.kind] = counters.get(child.kind, 0) + 1
            number = counters[child.kind]
            if parent.kind in ("letter", "dash", "plus", "paren") or (parent.kind == "num" and parent.role):
                return str(number)
            return _letter(number)
        if child.kind in ("num", "letter", "paren"):
            return child.mark
        return ""

    def heading_context(self, node: Node, ctx: _Context, mark: str) -> _Context:
        place = ctx.place
        if mark:
            if (
                node.kind == "num"
                and place
                and re.fullmatch(r"\d+(?:\.\d+)*", place[-1])
                and mark.startswith(place[-1] + ".")
            ):
                place = place[:-1]  # '2.1' under '2' is printed whole
            place = (*place, mark)
        title = fold(node.text)
        background = ctx.background
        if BACKGROUND.match(title) and not find_assignment(node.text):
            background = True
        elif TASK_SECTION.search(title):
            background = False
        return replace(
            ctx,
            place=place,
            background=background,
            deadline_text=_heading_deadline(node.text) or ctx.deadline_text,
        )

    # Paragraphs -----------------------------------------------------------------------------------------------

    def plain(self, node: Node, ctx: _Context, mark: str, lead_in: Assignment | None, bullets_seen: bool):
        """A paragraph without a marker; returns the assignment it introduces for the points after it."""
        text = node.text
        if CLOSING.search(fold(text)):
            return None
        found = find_assignment(text, subject_form=not ctx.under_article)
        if found is None and _is_lead_in_text(text) and not ctx.under_article:
            found = _lead_in_sentence(text)  # '… Quán triệt …, Văn phòng A và B cụ thể hoá …, cần tập trung … sau:'
        elif found is None and not ctx.under_article and not ctx.background and ctx.place:
            found = _later_sentence(
                text
            )  # 'Những kiến nghị thuộc thẩm quyền …, …. Văn phòng sẽ phối hợp … trước ngày …'
        if ctx.under_article and found and found.form != "giao":
            found = None
        place = (*ctx.place, mark) if mark else ctx.place
        if found and (found.lead_in or _is_lead_in_text(text)):
            if not ctx.background and _lead_in_acts(text):
                self.emit(text, replace(ctx, place=place), found)
            return replace(found, form="lead-in")
        if ctx.background or not ctx.place and not found:
            return None
        if found:
            self.emit(text, replace(ctx, place=place), found)
        elif (
            (lead_in or ctx.inherited and ctx.inherited.form in ("heading", "lead-in"))
            and not bullets_seen
            and ctx.place
        ):
            if not re.fullmatch(r"\(.*\)\.?", text):  # '(Kèm theo Báo cáo số …)' is a note
                self.emit(text, replace(ctx, place=place), lead_in or ctx.inherited)
        return None

    def marked(self, node: Node, ctx: _Context, mark: str, under_lead_in: bool) -> None:
        text = node.text
        inner = self.heading_context(node, ctx, mark)
        if CLOSING.search(fold(text)):
            self.children(node, inner)
            return
        if ctx.under_article:
            found = find_assignment(text, subject_form=False)
            found = found if found and found.form == "giao" else None
        else:
            names = addressee(text)
            if names is not None:
                if node.children:
                    self.children(node, replace(inner, inherited=Assignment(lead=names, subject=text, form="heading")))
                return
            found = find_assignment(text)
            if found is None and not ctx.background:
                found = _later_sentence(text)  # 'p) Phân công … tại Phụ lục. Hàng năm, trước ngày 25/12, các cơ quan …'
        if found:
            if found.lead_in or _is_lead_in_text(text):
                if not ctx.background and _lead_in_acts(text):
                    self.emit(text, inner, found)
                self.children(node, replace(inner, inherited=replace(found, form="lead-in")))
                return
            if node.kind == "num" and under_lead_in and found.form == "subject" and not _deadline_phrase(text):
                if COLLECTIVE_START.match(text) and not node.children:
                    return  # '3. Các cơ quan, đơn vị … cần phải nêu gương …' under 'Yêu cầu …:' is a duty, not a task
            task = self.emit(text, inner, found, deadline_text=_own_time(node, text)) if not ctx.background else None
            self.children(node, replace(inner, inherited=found), own_task=task)
            return
        if ctx.background:
            self.children(node, replace(inner, inherited=None) if not ctx.inherited else inner)
            return
        has_items = any(not c.role for c in node.children)
        if ctx.inherited and not has_items and not self.label_blocks(node, inner, probe=True):
            if node.kind == "num" and under_lead_in and not _deadline_phrase(text):
                return  # a numbered point under a lead-in is a task when it carries a deadline ('1. … 4. … trước ngày')
            if text:
                self.emit(text, inner, ctx.inherited, deadline_text=_own_time(node, text))
            return
        if (
            not ctx.inherited
            and not has_items
            and node.kind in ("dash", "plus", "letter")
            and ctx.task_section
            and ctx.section_assigns
            and not self.assigning_section
            and text
        ):
            self.emit(text, inner, None)  # a point of a task list that assigns as it goes: flagged, nobody named
            return
        self.children(node, inner)

    # Labels ---------------------------------------------------------------------------------------------------

    def time_label(self, node: Node, ctx: _Context) -> _Context:
        """'Thời gian: Từ ngày 15/11/2025 đến ngày 15/12/2025' under a heading without a lead label: the points'."""
        roles = {c.role for c in node.children if c.role}
        if "time" in roles and not roles & {"lead", "coordinating"}:
            value = next(c.value for c in node.children if c.role == "time")
            return replace(ctx, deadline_text=value or ctx.deadline_text)
        return ctx

    def label_blocks(self, node: Node, ctx: _Context, *, probe: bool = False) -> bool:
        """Tasks closed by label lines: each run of labels closes the paragraphs and points before it."""
        labelled = [c for c in node.children if c.role in ("lead", "coordinating")]
        if not labelled or ctx.under_article:
            return False
        if probe:
            return True
        blocks: list[tuple[list[Node], list[Node]]] = []
        content: list[Node] = []
        labels: list[Node] = []
        for child in node.children:
            if child.role:
                labels.append(child)
                continue
            if labels:
                blocks.append((content, labels))
                content, labels = [], []
            content.append(child)
        if labels:
            blocks.append((content, labels))
        counters: dict[str, int] = {}
        marks = {id(c): self.mark(node, c, counters) for c in node.children if not c.role}
        inner = self.heading_context(node, ctx, "") if node.kind != "root" else ctx
        for content, labels in blocks:
            if not any(lab.role in ("lead", "coordinating") for lab in _flatten(labels)):
                continue
            first = next((marks[id(c)] for c in content if marks.get(id(c))), "")
            place = (*inner.place, first) if first and len(blocks) > 1 else inner.place
            self.label_block(node, content, labels, replace(inner, place=place), single=len(blocks) == 1)
        return True

    def label_block(self, node: Node, content: list[Node], labels: list[Node], ctx: _Context, *, single: bool) -> None:
        values: dict[str, list[str]] = {}
        for lab in _flatten(labels):
            values.setdefault(lab.role, []).append(lab.value)
        lead_label = next((lab for lab in labels if lab.role == "lead"), None)
        time_label = next((lab for lab in labels if lab.role == "time"), None)
        lead = [n for v in values.get("lead", []) for n in label_agencies(v)]
        coordinating = [n for v in values.get("coordinating", []) for n in label_agencies(v)]
        heading = node.text.rstrip(" :")
        body = " ".join(c.full_text() for c in content).strip()
        described = " ".join(v for v in values.get("content", []) if v)
        if body:
            title = body
        elif len(heading.split()) >= 4 or not described:
            title = heading
        else:
            title = described
        notes = f"Nội dung: {described}" if described and title != described else ""
        deadline_text = " ".join(v for v in values.get("time", []) if v).strip(" .")
        # 'Thời gian thực hiện: + Các bộ … trước ngày 15/12/2025. + Bộ Công an … trước ngày 31/12/2025.'
        for split_label in (time_label, lead_label):
            points = [c for c in (split_label.children if split_label else []) if not c.role]
            assigned = [(p, find_assignment(p.text)) for p in points]
            if len(points) > 1 and all(a for _p, a in assigned):
                counters: dict[str, int] = {}
                for point, found in assigned:
                    mark = self.mark(node, point, counters)
                    task = self.emit(point.text, replace(ctx, place=(*ctx.place, mark)), found, split=False)
                    if task and not task.coordinating:
                        task.coordinating = [AgencyMention(text=n) for n in coordinating]
                return
        if not deadline_text and time_label:
            deadline_text = " ".join(c.full_text() for c in time_label.children)
        found = Assignment(lead=lead, coordinating=coordinating, form="label")
        task = self.emit(title, ctx, found, split=False, deadline_text=deadline_text or None)
        if task:
            task.notes = notes
            if single and node.kind != "root" and title == body and heading and heading != title:
                task.subsection_title = heading

    def reletter(self, task: TaskDraft, letter: str) -> None:
        """The number's own paragraph becomes '.a' when more paragraphs under the number are tasks too."""
        self.refs.release(task.ref)
        base, _repeat = _Refs.parse(task.ref)
        task.ref = self.refs.claim(f"{base}.{letter}")

    # Emitting ---------------------------------------------------------------------------------------------------

    def emit(
        self,
        text: str,
        ctx: _Context,
        assignment: Assignment | None,
        *,
        split: bool = True,
        deadline_text: str | None = None,
    ) -> TaskDraft | None:
        text = re.sub(r"\s*\./\.\s*$", ".", text).strip()
        if not text:
            return None
        points = _points(text) if split and ctx.place else []
        pieces = _split(text, assignment) if split and not points else [("", text, assignment)]
        first = None
        for suffix, piece, found in pieces:
            if points:
                for number, point in points:
                    task = self.task(point, replace(ctx, place=(*ctx.place, number)), found, None)
                    first = first or task
            else:
                place = (*ctx.place, suffix) if suffix else ctx.place
                task = self.task(piece, replace(ctx, place=place), found, deadline_text)
                first = first or task
        return first

    def task(self, text: str, ctx: _Context, found: Assignment | None, deadline_text: str | None) -> TaskDraft:
        ref = "body:" + ".".join(p for p in ctx.place if p)
        if ref == "body:":
            ref = "body:0"
        ref = self.refs.claim(ref)
        if deadline_text is None:
            deadline_text = _deadline_phrase(text) or ctx.deadline_text
        recurrence = RECURRENCE.search(text)
        if deadline_text and recurrence and not re.search(r"\d{4}", deadline_text):
            deadline_text = (
                f"{deadline_text} ({recurrence.group(0)})"
                if recurrence.group(0) not in deadline_text
                else deadline_text
            )
            info = parse_deadline(recurrence.group(0), working_year=self.working_year)  # 'trước ngày 15/11 hằng năm'
        else:
            info = parse_deadline(deadline_text or text, working_year=self.working_year)
        if not deadline_text and info.kind not in ("recurring", "roadmap"):
            info = replace(info, date=None, kind="none")  # a date in the text is a cited document's or a policy's
        lead = found.lead if found else []
        directing = found.directing if found else []
        coordinating = (found.coordinating if found and found.coordinating else None) or coordinating_names(text)
        if not deadline_text and info.kind == "recurring":
            recurring_phrase = RECURRING_PHRASE.search(text)
            deadline_text = recurring_phrase.group(0) if recurring_phrase else ""
        task = TaskDraft(
            ref=ref,
            title=text,
            section=ctx.section,
            section_title=ctx.section_title,
            origin="body",
            directing=[AgencyMention(text=n) for n in directing],
            lead=[AgencyMention(text=n) for n in lead],
            coordinating=[AgencyMention(text=n) for n in coordinating if n not in lead],
            deadline=info.date,
            deadline_kind=info.kind,
            deadline_text=deadline_text or (info.text[:120] if info.kind == "roadmap" else ""),
            recurring=info.recurring,
            explicit_assignment=bool(lead),
        )
        if not lead:
            task.warnings.append("Đoạn này không nêu cơ quan thực hiện; hãy chọn cơ quan chủ trì hoặc bỏ nhiệm vụ.")
        self.tasks.append(task)
        return task


def _flatten(labels: list[Node]) -> list[Node]:
    out: list[Node] = []
    for lab in labels:
        out.append(lab)
        out += _flatten([c for c in lab.children if c.role])
    return out


def _is_lead_in_text(text: str) -> bool:
    return text.rstrip().endswith(":")


def _lead_in_acts(text: str) -> bool:
    """Whether a lead-in is a task of its own besides introducing points: actions listed with ';' after its verb
    ('A chủ trì xây dựng …; tổ chức …:'), not addressees listed with ';' ('Yêu cầu A; B; C:') nor '… sau:'."""
    if FORMULA_LEAD_IN.search(fold(text)):
        return False
    verb = first_verb(text)
    return verb is not None and ";" in text[verb.end() :]


def _own_time(node: Node, text: str) -> str | None:
    """'Thời gian hoàn thành trước ngày …' printed on its own line under a point gives the point its deadline."""
    if _deadline_phrase(text):
        return None
    return next((c.value for c in node.children if c.role == "time" and c.value), None)


def _lead_in_sentence(text: str) -> Assignment | None:
    """The assignment of a lead-in paragraph's last sentence (background sentences may come before it)."""
    sentences = re.split(r"(?<=\.)\s+(?=[A-ZĐ])", text)
    if len(sentences) < 2:
        return None
    found = find_assignment(sentences[-1])
    if found:
        found.lead_in = True
    return found


def _later_sentence(text: str) -> Assignment | None:
    """The first assignment in a later sentence of a paragraph whose first sentence names nobody."""
    for sentence in re.split(r"(?<=\.)\s+(?=[A-ZĐ])", text)[1:]:
        found = find_assignment(sentence)
        if found and found.form in ("subject", "giao") and not found.lead_in:
            return found
    return None


def _assigns(node: Node) -> bool:
    """Whether a section names anyone who must act (so its other points are part of an assigning list)."""
    for child in node.children:
        if child.kind != "plain" and addressee(child.text) is None and find_assignment(child.text):
            return True
        if child.kind == "plain" and find_assignment(child.text):
            return True
        if _assigns(child):
            return True
    return False


def _heading_deadline(text: str) -> str:
    """A heading's horizon ('Về nhiệm vụ trọng tâm từ nay đến tháng 6/2027') is the deadline of its points."""
    match = re.search(
        r"\b(?:đến|trước)\s+(?:hết\s+)?(?:tháng\s+\d{1,2}/\d{4}|ngày\s+\d{1,2}/\d{1,2}/\d{4}|năm\s+\d{4})", text
    )
    return match.group(0) if match and len(text) < 200 else ""


def _split(text: str, assignment: Assignment | None) -> list[tuple[str, str, Assignment | None]]:
    """One task per body that acts, and per deadline:
    '… trước ngày 05/12. Trên cơ sở đó, Bộ Tư pháp … trước ngày 10/12'.

    A sentence (or ';' clause) whose subject is another body starts a new task; within one body's sentences, clauses
    that each close with a different deadline are separate tasks. Closing formulas are dropped.
    """
    units = [u for u in SENTENCE.split(text) if u]
    groups: list[tuple[list[str], Assignment | None]] = []
    current_subject = fold(assignment.subject) if assignment and assignment.subject else ""
    for i, unit in enumerate(units):
        if i and CLOSING.search(fold(unit)):
            continue
        if not groups:
            groups.append(([unit], assignment))
            continue
        conditional = re.match(r"(?:Trong\s+)?[Tt]rường hợp\b", unit)
        found = find_assignment(unit) if unit[:1].isupper() and not conditional else None
        if found and found.form in ("subject", "giao") and found.lead and fold(found.subject) != current_subject:
            last_units, last = groups[-1]
            if last is None or not last.lead:  # the paragraph so far names nobody: this is its subject
                groups[-1] = ([*last_units, unit], found)
            else:
                groups.append(([unit], found))
            current_subject = fold(found.subject)
        else:
            groups[-1][0].append(unit)
    pieces: list[tuple[list[str], Assignment | None]] = []
    for group_units, found in groups:
        phrases = [_deadline_phrase(u) for u in group_units]
        phrases = [p if STRONG_DEADLINE.search(p) else "" for p in phrases]
        if len({p for p in phrases if p}) < 2:
            pieces.append((group_units, found))
            continue
        chunk: list[str] = []
        for unit, phrase in zip(group_units, phrases, strict=True):
            chunk.append(unit)
            if phrase:
                pieces.append((chunk, found))
                chunk = []
        if chunk:
            pieces[-1][0].extend(chunk)
    if len(pieces) == 1:
        return [("", " ".join(pieces[0][0]), pieces[0][1])]
    return [(str(i + 1), " ".join(units_), found) for i, (units_, found) in enumerate(pieces)]


POINT = re.compile(r"(?:^|(?<=[\s:;.]))\((\d{1,2})\)\s+")


def _points(text: str) -> list[tuple[str, str]]:
    """Numbered points '(1) ... (2) ...' of a bullet, when a point has a deadline the others do not share."""
    parts = POINT.split(text)
    if len(parts) < 5:  # the text before, then number and text of at least two points
        return []
    points = [(parts[i], parts[i + 1].strip(" ;.")) for i in range(1, len(parts) - 1, 2)]
    deadlines = [_deadline_phrase(point) for _number, point in points]
    if not any(deadlines[:-1]):
        return []  # a deadline closing the last point closes the whole bullet
    return points if len(set(deadlines)) > 1 else []


# Not deadlines: a vision ('tầm nhìn đến năm 2050'), work described by when it was given or done ('nhiệm vụ được
# giao trong năm 2025', 'được xử lý trong năm 2025').
_NOT_DEADLINE = re.compile(r"(?:tầm nhìn|được [^\s,.;]+(?: [^\s,.;]+)?|giao|đã|từ)\s*$")
STRONG_DEADLINE = re.compile(r"trước|hoàn thành|xong|đến hết|Trước|Hoàn thành")
RECURRENCE = re.compile(r"(?:hằng|hàng) (?:năm|tháng|quý|tuần)|định kỳ|Định kỳ")


_NOT_DEADLINE_WORDS = ("tầm nhìn", "giao", "đã", "từ")
_NOT_IN_WORD = frozenset(",.;")


def _not_deadline_before(text: str, end: int) -> bool:
    """`_NOT_DEADLINE.search(text[:end])`, reading back from `end` only over the words the pattern can cover (the
    pattern searched in each prefix again made a paragraph with many dates cost time quadratic in it)."""
    while end and text[end - 1].isspace():  # '\s*$'; none of the words ends with a space
        end -= 1
    if text.endswith(_NOT_DEADLINE_WORDS, 0, end):
        return True
    # 'được' and one or two words ('[^\s,.;]+'), one space before each
    last = _word_start(text, end)
    if last == end:
        return False
    if text.endswith("được ", 0, last):
        return True
    if not (last and text[last - 1] == " "):
        return False
    first = _word_start(text, last - 1)
    return first < last - 1 and text.endswith("được ", 0, first)


def _word_start(text: str, end: int) -> int:
    """Where the run of characters other than spaces and ',.;' ending at `end` starts."""
    start = end
    while start and not text[start - 1].isspace() and text[start - 1] not in _NOT_IN_WORD:
        start -= 1
    return start


def _deadline_phrase(text: str) -> str:
    matches = [m for m in DEADLINE_PHRASE.finditer(text) if not _not_deadline_before(text, m.start())]
    if not matches:
        return ""
    match = matches[-1]
    return (match.group(2) or match.group(0)).strip(" .;")
