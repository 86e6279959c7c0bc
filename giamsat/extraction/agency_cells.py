"""Splitting a cell that lists several agencies into the agencies as printed.

Split on ';', on list dashes and on line breaks between bodies; split on ',' or 'và' only where a NEW
named body ('Sở ...', 'UBND ...', 'Công an ...') or a new collective starting with 'các' follows. Never
split inside parentheses, inside a name ('Sở Văn hóa, Thể thao và Du lịch') or inside a collective
('Các sở, ban, ngành, địa phương').

A line break is a separator only between bodies: a name wrapped in a narrow column ('Sở Nông nghiệp' |
'và Môi trường', 'Văn phòng Tỉnh' | 'ủy', 'UBND' | 'các xã, phường', as PDFs print them) is joined back.
"""

import re

from .text import nfc

# Head words that start the name of a body (case-sensitive: 'Ban' is a body, 'ban' in 'sở, ban, ngành' is not).
BODY_HEADS = (
    "Sở",
    "UBND",
    "Ủy ban",
    "Uỷ ban",
    "HĐND",
    "Hội đồng",
    "Công an",
    "Văn phòng",
    "Ban",
    "Đại học",
    "Trường",
    "Chi cục",
    "Cục",
    "Bộ",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Thành ủy",
    "Thành uỷ",
    "Huyện ủy",
    "Đảng ủy",
    "Đảng uỷ",
    "Tập đoàn",
    "Tổng công ty",
    "Công ty",
    "Thuế",
    "Trung tâm",
    "Báo",
    "Đài",
    "Kho bạc",
    "Ngân hàng",
    "Viện",
    "Liên đoàn",
    "Hội",
    "Mặt trận",
    "MTTQ",
    "Đoàn",
    "Bộ Chỉ huy",
    "Bộ đội",
    "Quân",
    "Viettel",
    "VNPT",
    "Bưu điện",
    "Cơ quan",
    "Thường trực",
    "Tổ",
    "Đồng chí",  # 'Đồng chí Giám đốc Sở A, Đồng chí Giám đốc Sở B': two people, two bodies
    "Các",
    "các",
)
# Words naming a person or position in front of a body: they start an assignee in prose, but a comma
# before them does not split a cell ('Bí thư, Chủ tịch Ủy ban nhân dân cấp xã' is one collective).
PERSON_HEADS = ("Người đứng đầu", "Thủ trưởng", "Chủ tịch", "Bí thư", "Giám đốc", "Lãnh đạo", "Đại diện")
_HEAD = "(?:" + "|".join(re.escape(h) for h in sorted(BODY_HEADS, key=len, reverse=True)) + r")(?=[\s,;.)]|$)"
# After a comma, 'Thành phố Hồ Chí Minh' is a new body too ('UBND thành phố Hà Nội, Thành phố Hồ Chí Minh'); a line
# starting with it is not (a wrapped 'Ủy ban nhân dân' | 'Thành phố …').
_SPLIT_COMMA = re.compile(r"\s*,\s*(?=" + _HEAD + r"|Thành phố\s+[A-ZĐÂĂÊÔƠƯ])")
_SPLIT_AND = re.compile(r"\s+(?:và|với)\s+(?=" + _HEAD + ")")
_DASH_ITEM = re.compile(r"(?m)^\s*[-–•+]\s+")  # a list dash at the start of a line or of a ';' item


def _split_outside_parentheses(text: str, pattern: re.Pattern) -> list[str]:
    if "(" not in text:  # nothing to protect: the same pieces as the scan below, at C speed
        return pattern.split(text)
    pieces, depth, start, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            match = pattern.match(text, i)
            if match and match.end() > i:
                pieces.append(text[start:i])
                start = i = match.end()
                continue
        i += 1
    pieces.append(text[start:])
    return pieces


# Tried at the start of a run of spaces only (the same splits): a cell is read as printed, and a long run of spaces
# was read again from each of its characters.
_SEMICOLON = re.compile(r"(?:(?<!\s)\s+)?;\s*")
# A line that starts a new body: a list dash, or a capitalised head word ('các' alone may wrap: 'UBND' | 'các xã').
_LINE_ITEM = re.compile(r"[-–•+]\s")
_LINE_HEAD = re.compile(r"(?!các\b)" + _HEAD)
# A line that cannot end a name: a connector or open punctuation, or a head word standing alone ('Sở', 'UBND').
_OPEN_END = re.compile(
    r"(?:(?<!\w)(?:và|với|của|cho|thuộc|tại|trực|về|các)|[,(&/-]|(?:^|[,;]\s*|\s(?:và|với)\s+)" + _HEAD + r")$"
)
# Heads that qualify the body before them ('Ban Tuyên giáo và Dân vận' | 'Tỉnh ủy') rather than start one.
_QUALIFIER = re.compile(r"(?:Tỉnh|Thành|Huyện) (?:ủy|uỷ)(?=[\s,;.)]|$)")
_QUALIFIED = ("Ban ", "Văn phòng", "Ủy ban Kiểm tra", "Uỷ ban Kiểm tra", "Cơ quan", "Trường Chính trị")


# How much of the end of a name being joined `_OPEN_END` reads: a connector, a comma or a head word ends it.
_END_READ = 256


def _lines_to_items(chunk: str) -> list[str]:
    """Join the lines of a cell that wrap one name; keep a break where the next line starts a new body.

    Time is linear in the cell: what is asked of the name joined so far (how it starts, how it ends, its brackets)
    is kept up to date line by line rather than read again whole (a cell of 20,000 lines took seconds)."""
    items: list[list[str]] = []
    start = end = ""  # of the name being joined: its first characters, its last ones (all of it while short)
    whole = True  # `end` is the whole name
    balance = 0  # '(' less ')' in it
    for raw in chunk.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if items:
            starts_body = bool(_LINE_ITEM.match(line)) or (
                bool(_LINE_HEAD.match(line))
                and not (_QUALIFIER.match(line) and start.startswith(_QUALIFIED))
                and not _OPEN_END.search(end, 0 if whole else 1)  # past the start: '^' is not the name's start
                and balance <= 0
            )
            if not starts_body:
                items[-1].append(line)
                if len(start) < _END_READ:
                    start = f"{start} {line}"[:_END_READ]
                end = f"{end} {line}"
                if len(end) > 2 * _END_READ:
                    end, whole = end[-_END_READ:], False
                balance += line.count("(") - line.count(")")
                continue
        items.append([line])
        start = line[:_END_READ]
        end, whole = (line, True) if len(line) <= 2 * _END_READ else (line[-_END_READ:], False)
        balance = line.count("(") - line.count(")")
    return [" ".join(item) for item in items]


def split_agencies(cell: str | None) -> list[str]:
    """'Sở KH&CN; Sở Tài chính' -> ['Sở KH&CN', 'Sở Tài chính']; names keep their printed form."""
    if not cell:
        return []
    text = cell.replace("\r\n", "\n").replace("\r", "\n")
    result: list[str] = []
    lines = [item for chunk in _split_outside_parentheses(text, _SEMICOLON) for item in _lines_to_items(chunk)]
    for chunk in lines:
        chunk = _DASH_ITEM.sub("", chunk)
        for piece in _split_outside_parentheses(nfc(chunk), _SPLIT_COMMA):
            for part in _split_outside_parentheses(piece, _SPLIT_AND):
                name = nfc(part).strip(" ,;.-–")
                if name and re.search(r"[^\W\d_]", name):
                    result.append(name)
    return result
