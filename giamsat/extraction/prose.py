"""Tasks assigned in the body text: 'Giao UBND tỉnh ... Hoàn thành trước ngày 10/4/2026',
'Đồng chí Giám đốc Sở ... chủ trì ... (hoàn thành trong quý I năm 2026)', 'Các cơ quan, đơn vị: ...'.

The text is rebuilt into paragraphs, numbered headings give the place of each paragraph
(ref 'body:III.1.a'), and a paragraph becomes a task when it names who must act.
"""

import re
from dataclasses import dataclass

from .agency_cells import BODY_HEADS, PERSON_HEADS, split_agencies
from .cleaning import clean_cell
from .deadlines import parse_deadline
from .draft import AgencyMention, TaskDraft
from .table_tasks import ROMAN
from .text import fold

ROMAN_HEADING = re.compile(r"^\s*([IVXLC]+)\.\s+(\S.*)$")
NUMBER_HEADING = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})?)\.\s+(\S.*)$")
BULLET = re.compile(r"^\s*(?:[-–•+]|\*(?!\*))\s+(\S.*)$")
LETTER = re.compile(r"^\s*([a-zđ])\)\s+(\S.*)$")
PARENS_ITEM = re.compile(r"^\s*\((\d{1,2})\)\s+(\S.*)$")

ACTION_VERBS = (
    "chu tri",
    "chi dao",
    "phoi hop",
    "ban hanh",
    "thuc hien",
    "trien khai",
    "xay dung",
    "tham muu",
    "ra soat",
    "nghien cuu",
    "chuan bi",
    "can cu",
    "hoan thien",
    "hoan thanh",
    "to chuc",
    "bao dam",
    "dam bao",
    "tiep tuc",
    "khan truong",
    "day manh",
    "tap trung",
    "tong hop",
    "bao cao",
    "quyet liet",
    "lua chon",
    "phat huy",
    "chu dong",
    "co trach nhiem",
    "chiu trach nhiem",
    "thuong xuyen",
    "nang cap",
    "dua ra",
    "xem xet",
    "de xuat",
    "theo doi",
)
ASSIGN = re.compile(r"^(?:-\s*)?(Giao|Yêu cầu|Đề nghị|Giao cho)\s+(.+)$", re.S)
COMRADE = re.compile(
    r"^(?:-\s*)?Đồng chí\s+(?:Giám đốc|Thủ trưởng|Chủ tịch|Trưởng|Bí thư|Chánh)\s+(.+?)[,\s]+"
    r"(?:chủ trì|chỉ đạo|phối hợp|thực hiện|có trách nhiệm|chịu trách nhiệm)",
    re.S,
)
PERSON_PREFIX = re.compile(
    r"^(?:các\s+)?(?:Đồng chí|đồng chí)\s+(?:Giám đốc|Thủ trưởng|Chủ tịch|Trưởng|Bí thư|Chánh)\s+"
)
ADDRESSED = re.compile(
    r"^(?:-\s*)?((?:Các|UBND|Ủy ban|Sở|Văn phòng|Công an|Đại học|Ban|Hội đồng|Thủ trưởng|Người đứng đầu)[^:.;]{2,240}):"
    r"\s+\S"
)
DEADLINE_PHRASE = re.compile(
    r"(\(([^()]*(?:hoàn thành|thường xuyên|trước ngày|trong quý|trong tháng|Tết)[^()]*)\)|"
    r"((?:Hoàn thành|hoàn thành|Định kỳ|định kỳ)?\s*(?:trước|đến|trong|ngay trong)\s+"
    r"(?:ngày\s+)?(?:\d{1,2}/\d{1,2}/\d{4}|Tết[^.;]*|[Qq]uý\s+[IVX\d]+[^.;]*?|tháng\s+\d[^.;]*?)(?=[.;]|$))|"
    r"(Định kỳ trước ngày \d{1,2} hằng tháng))",
)


@dataclass
class Paragraph:
    text: str
    place: list[str]  # roman section, subsection number, item letter


def paragraphs(lines: list[str]) -> list[tuple[str, str]]:
    """Join wrapped lines into paragraphs: (marker kind, text)."""
    result: list[list[str]] = []
    for raw in lines:
        line = clean_cell(raw)
        if not line or line.startswith("-----"):
            continue
        starts_new = fold(line).startswith(("noi nhan", "phu luc")) or bool(
            ROMAN_HEADING.match(line)
            or NUMBER_HEADING.match(line)
            or BULLET.match(line)
            or LETTER.match(line)
            or PARENS_ITEM.match(line)
        )
        if result and not starts_new:
            previous = result[-1][-1]
            ended = previous.rstrip().endswith((".", ":", ";")) and line[:1].isupper()
            heading_done = (
                len(result[-1]) == 1
                and _is_heading(previous)
                and line[:1].isupper()
                and not previous.rstrip().endswith((",", "và"))
            )
            if not heading_done and (not ended or len(previous) > 60):
                result[-1].append(line)
                continue
        result.append([line])
    return [("", " ".join(p)) for p in result]


def _is_heading(line: str) -> bool:
    roman = ROMAN_HEADING.match(line)
    number = NUMBER_HEADING.match(line)
    if roman and ROMAN.match(roman.group(1)):
        return True
    return bool(number) and len(line) < 90 and not _assignment(number.group(2))


BODY_START = re.compile("(?:" + "|".join(re.escape(h) for h in (*BODY_HEADS, *PERSON_HEADS)) + r")\b")
TASK_SECTION = re.compile(r"nhiem vu|giai phap|to chuc thuc hien|cong tac trong tam")


@dataclass
class _Item:
    text: str
    bullet: bool
    marker: str  # '(1)' for numbered points, '' otherwise
    assignment: tuple[list[str], list[str]] | None


def body_tasks(text_lines: list[str], *, working_year: int | None) -> list[TaskDraft]:
    """Tasks of the body, placed 'body:<section>.<subsection>[.<letter>|.(n)]'.

    In a section about tasks ('Các nhiệm vụ trọng tâm', 'Tổ chức thực hiện') every bullet is a task,
    flagged when it names nobody; elsewhere only paragraphs that assign someone are tasks. A
    paragraph ending with ':' that assigns someone assigns the bullets under it.
    """
    groups: list[tuple[str, str, str, list[_Item]]] = []  # section, section title, subsection, items
    section = section_title = ""
    section_lead_in: tuple[list[str], list[str]] | None = None  # 'Yêu cầu A, B:' over numbered points
    for _kind, text in paragraphs(text_lines):
        if fold(text).startswith(("noi nhan", "phu luc")):
            break
        roman = ROMAN_HEADING.match(text)
        if roman and ROMAN.match(roman.group(1)):
            section, section_title = roman.group(1), roman.group(2)
            groups.append((section, section_title, "", []))
            section_lead_in = None
            continue
        number = NUMBER_HEADING.match(text)
        if number:
            groups.append((section, section_title, number.group(1), []))
            body = number.group(2)
            if not _assignment(body):
                if section_lead_in and _deadline_phrase(body):  # a point with a deadline under the lead-in
                    groups[-1][3].append(_Item(body, False, "", section_lead_in))
                continue  # otherwise a heading
            text = body
        elif groups and not groups[-1][2] and text.rstrip().endswith(":") and _assignment(text):
            section_lead_in = _assignment(text)
        if not section or not groups:
            continue
        point = PARENS_ITEM.match(text)
        bullet = BULLET.match(text) or LETTER.match(text) or point
        if bullet:
            text = bullet.group(bullet.lastindex)
        items = groups[-1][3]
        if point and items and items[-1].bullet and not items[-1].marker and "(1)" in items[-1].text:
            previous = items[-1]  # '(2) ...' on its own line continues the points of the bullet above
            items[-1] = _Item(f"{previous.text} ({point.group(1)}) {text}", True, "", previous.assignment)
            continue
        items.append(_Item(text, bool(bullet), f"({point.group(1)})" if point else "", _assignment(text)))

    tasks: list[TaskDraft] = []
    seen: set[str] = set()
    for section, section_title, subsection, items in groups:
        task_section = bool(TASK_SECTION.search(fold(section_title)))
        lead_in: tuple[list[str], list[str]] | None = None
        letters = 0
        candidates: list[tuple[_Item, tuple[list[str], list[str]] | None, str]] = []
        for item in items:
            if item.assignment and item.text.rstrip().endswith(":") and not item.bullet:
                lead_in = item.assignment
                continue
            letter = ""
            if item.bullet and not item.marker:
                letters += 1
                letter = chr(ord("a") + letters - 1)
            assignment = item.assignment or (lead_in if item.bullet else None)
            if assignment or (task_section and item.bullet):
                candidates.append((item, assignment, item.marker or letter))
        pieces = []
        for item, assignment, marker in candidates:
            place = [section, *([subsection] if subsection else [])]
            if marker and (len(candidates) > 1 or item.bullet):
                place.append(marker)
            points = _points(item.text)
            if item.bullet and len(points) > 1:
                for number, point in points:
                    pieces.append(([*place, number], point, assignment))
            else:
                pieces.append((place, item.text, assignment))
        for place, text, assignment in pieces:
            ref = "body:" + ".".join(place)
            while ref in seen:
                ref += "'"
            seen.add(ref)
            directing, lead = assignment or ([], [])
            deadline_text = _deadline_phrase(text)
            info = parse_deadline(deadline_text or text, working_year=working_year)
            task = TaskDraft(
                ref=ref,
                title=text,
                section=section,
                section_title=section_title,
                origin="body",
                directing=[AgencyMention(text=n) for n in directing],
                lead=[AgencyMention(text=n) for n in lead],
                deadline=info.date,
                deadline_kind=info.kind,
                deadline_text=deadline_text,
                recurring=info.recurring,
                explicit_assignment=bool(lead),
            )
            if not lead:
                task.warnings.append("Đoạn này không nêu cơ quan thực hiện; hãy chọn cơ quan chủ trì hoặc bỏ nhiệm vụ.")
            tasks.append(task)
    return tasks


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


def _deadline_phrase(text: str) -> str:
    matches = list(DEADLINE_PHRASE.finditer(text))
    if not matches:
        return ""
    match = matches[-1]
    return (match.group(2) or match.group(0)).strip(" .;")


# An action verb after the assignee, or the modal 'phải' ('A phải ...'); followed by a space or punctuation
# ('Văn phòng Tỉnh ủy chủ trì, phối hợp ...').
# 'Ban Chỉ đạo' is a name, not the verb 'chỉ đạo'.
_VERB_AFTER_SUBJECT = re.compile(
    r"(?<!\sban)\s(?:" + "|".join(map(re.escape, (*ACTION_VERBS, "phai"))) + r")(?=[\s,.;:]|$)"
)


def _first_verb(folded: str) -> int:
    """Where the first action verb starts in a folded text (the space before it), or its length."""
    match = _VERB_AFTER_SUBJECT.search(folded, 1)
    return match.start() if match else len(folded)


def _assignment(text: str) -> tuple[list[str], list[str]] | None:
    """(directing, lead) as printed, or None when the paragraph names nobody who must act."""
    comrade = COMRADE.match(text)
    if comrade:
        return [], [PERSON_PREFIX.sub("", name) for name in split_agencies(comrade.group(1))]
    addressed = ADDRESSED.match(text)
    if addressed:
        return [], split_agencies(addressed.group(1))
    assign = ASSIGN.match(text)
    if not assign:
        return None
    rest = assign.group(2)
    folded = fold(rest)
    cut = len(rest)
    cut = min(cut, _first_verb(folded))
    colon = rest.find(":")
    if 0 < colon < cut:
        cut = colon
    subject = rest[:cut].strip(" ,")
    after = folded[cut:].strip()
    target_text = rest[cut:].strip()[len("chỉ đạo ") :]
    if after.startswith("chi dao ") and BODY_START.match(target_text):  # 'Giao A chỉ đạo B ...'
        target = target_text
        target_cut = len(target)
        target_cut = min(target_cut, _first_verb(fold(target)))
        return split_agencies(subject), split_agencies(target[:target_cut].strip(" ,"))
    return [], split_agencies(subject)
