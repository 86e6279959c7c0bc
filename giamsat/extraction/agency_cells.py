"""Splitting a cell that lists several agencies into the agencies as printed.

Split on ';', on list dashes and on line breaks between bodies; split on ',' or 'và' only where a NEW
named body ('Sở ...', 'UBND ...', 'Công an ...') or a new collective starting with 'các' follows. Never
split inside parentheses, inside a name ('Sở Văn hóa, Thể thao và Du lịch') or inside a collective
('Các sở, ban, ngành, địa phương').
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
    "Người đứng đầu",
    "Thủ trưởng",
    "Chủ tịch",
    "Bí thư",
    "Giám đốc",
    "Lãnh đạo",
    "Đồng chí",
    "Đại diện",
    "Các",
    "các",
)
_HEAD = "(?:" + "|".join(re.escape(h) for h in sorted(BODY_HEADS, key=len, reverse=True)) + r")(?=[\s,;.)]|$)"
_SPLIT_COMMA = re.compile(r"\s*,\s*(?=" + _HEAD + ")")
_SPLIT_AND = re.compile(r"\s+(?:và|với)\s+(?=" + _HEAD + ")")
_DASH_ITEM = re.compile(r"(?m)^\s*[-–•+]\s+")  # a list dash at the start of a line or of a ';' item


def _split_outside_parentheses(text: str, pattern: re.Pattern) -> list[str]:
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


_SEMICOLON = re.compile(r"\s*[;\n]\s*")


def split_agencies(cell: str | None) -> list[str]:
    """'Sở KH&CN; Sở Tài chính' -> ['Sở KH&CN', 'Sở Tài chính']; names keep their printed form."""
    if not cell:
        return []
    text = cell.replace("\r", "\n")
    result: list[str] = []
    for chunk in _split_outside_parentheses(text, _SEMICOLON):
        chunk = _DASH_ITEM.sub("", chunk)
        for piece in _split_outside_parentheses(nfc(chunk), _SPLIT_COMMA):
            for part in _split_outside_parentheses(piece, _SPLIT_AND):
                name = nfc(part).strip(" ,;.-–")
                if name and re.search(r"[^\W\d_]", name):
                    result.append(name)
    return result
