"""Agency names as printed -> comparable keys.

A cell such as 'Sở KH&CN (đối với khối chính quyền)' becomes the name 'Sở KH&CN', the scope note
'đối với khối chính quyền' and the key 'so khoa hoc va cong nghe': abbreviations expanded,
diacritics, case and punctuation folded. Keys are what the registry's aliases are looked up by.
"""

import re
from dataclasses import dataclass

from .text import fold, nfc

# Abbreviations printed in directive documents, matched on the folded text as whole words.
ABBREVIATIONS: dict[str, str] = {
    "kh&cn": "khoa hoc va cong nghe",
    "khcn": "khoa hoc va cong nghe",
    "nn&mt": "nong nghiep va moi truong",
    "nnmt": "nong nghiep va moi truong",
    "vhttdl": "van hoa the thao va du lich",
    "vh-tt&dl": "van hoa the thao va du lich",
    "gd&dt": "giao duc va dao tao",
    "gddt": "giao duc va dao tao",
    "cntt&tt": "cong nghe thong tin va truyen thong",
    "cntt": "cong nghe thong tin",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "bcd": "ban chi dao",
    "bch": "ban chap hanh",
    "bcdtw": "ban chi dao trung uong",
    "cbccvc": "can bo cong chuc vien chuc",
    "mttqvn": "mat tran to quoc viet nam",
    "mttq": "mat tran to quoc",
    "dhtn": "dai hoc thai nguyen",
    "vptu": "van phong tinh uy",
    "bvtv": "bao ve thuc vat",
    "vp": "van phong",
    "cqtt": "co quan thuong truc",
    # Central bodies and the names they had before the 2025 reorganisation.
    "tw": "trung uong",
    "ubtw": "uy ban trung uong",
    "ubtu": "uy ban trung uong",
    "ubtvqh": "uy ban thuong vu quoc hoi",
    "bhxh": "bao hiem xa hoi",
    "nhnn": "ngan hang nha nuoc",
    "dhqg": "dai hoc quoc gia",
    "tand": "toa an nhan dan",
    "vksnd": "vien kiem sat nhan dan",
    "khxh": "khoa hoc xa hoi",
    "dt&tg": "dan toc va ton giao",
    "tn&mt": "tai nguyen va moi truong",
    "tnmt": "tai nguyen va moi truong",
    "nn&ptnt": "nong nghiep va phat trien nong thon",
    "nnptnt": "nong nghiep va phat trien nong thon",
    "tt&tt": "thong tin va truyen thong",
    "tttt": "thong tin va truyen thong",
    "kh&dt": "ke hoach va dau tu",
    "khdt": "ke hoach va dau tu",
    "gtvt": "giao thong van tai",
    "ld-tb&xh": "lao dong thuong binh va xa hoi",
    "ldtb&xh": "lao dong thuong binh va xa hoi",
    "ldtbxh": "lao dong thuong binh va xa hoi",
    # Places: 'TP. Hồ Chí Minh', 'TP.HCM', 'TPHCM' all read 'thanh pho ho chi minh'.
    "tp": "thanh pho",
    "tphcm": "thanh pho ho chi minh",
    "hcm": "ho chi minh",
}
_ABBREVIATION_RE = re.compile(
    r"(?<![\w&-])(" + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?![\w&-])"
)
_PARENTHESES_RE = re.compile(r"\(([^()]*)\)")
_NON_WORD_RE = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class PrintedName:
    printed: str  # as printed, NFC and whitespace-collapsed
    name: str  # without the parenthetical scope
    scope_note: str  # e.g. 'đối với khối chính quyền'
    key: str  # folded, abbreviations expanded, punctuation removed


def agency_key(value: str) -> str:
    """Comparable key of an agency name: 'Sở KH&CN' and 'Sở Khoa học và Công nghệ' share one."""
    folded = _ABBREVIATION_RE.sub(lambda m: ABBREVIATIONS[m.group(1)], fold(value))
    return _NON_WORD_RE.sub(" ", folded).strip()


def parse_printed_name(value: str) -> PrintedName:
    printed = nfc(value)
    scopes = [nfc(s) for s in _PARENTHESES_RE.findall(printed)]
    name = nfc(_PARENTHESES_RE.sub(" ", printed)).strip(" ,;.-")
    return PrintedName(printed=printed, name=name, scope_note="; ".join(s for s in scopes if s), key=agency_key(name))
