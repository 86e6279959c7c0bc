"""Who issues a document in the state layout (Nghị định 30/2020/NĐ-CP): header lines, number code, signer.

The monthly report in the state layout is issued by the Department of Science and Technology
(`MONTHLY_STATE_ISSUER`); an agency summary by the agency itself (`agency_issuer`).
"""

import re
import unicodedata

from giamsat.agencies.choices import AgencyKind
from giamsat.agencies.models import Agency

from .word import Issuer

PROVINCIAL_PARENT = "UBND TỈNH THÁI NGUYÊN"
MONTHLY_STATE_ISSUER = Issuer(
    name="Sở Khoa học và Công nghệ", code="SKHCN", parent=PROVINCIAL_PARENT, signer="GIÁM ĐỐC"
)
# The parent body's line may shorten these common words (NĐ 30/2020, Phụ lục I, II.3.a).
PARENT_ABBREVIATIONS = (
    ("ỦY BAN NHÂN DÂN", "UBND"),
    ("UỶ BAN NHÂN DÂN", "UBND"),
    ("HỘI ĐỒNG NHÂN DÂN", "HĐND"),
    ("VIỆT NAM", "VN"),
)
# The signing authority by the first words of the agency's name; others sign as "THỦ TRƯỞNG CƠ QUAN".
SIGNERS = (
    ("sở ", "GIÁM ĐỐC"),
    ("ủy ban nhân dân", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
    ("uỷ ban nhân dân", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
    ("văn phòng", "CHÁNH VĂN PHÒNG"),
    ("chi cục", "CHI CỤC TRƯỞNG"),
    ("ban ", "TRƯỞNG BAN"),
    ("công an", "GIÁM ĐỐC"),
    ("trung tâm", "GIÁM ĐỐC"),
    ("đại học", "GIÁM ĐỐC"),
    ("trường", "HIỆU TRƯỞNG"),
)
DEFAULT_SIGNER = "THỦ TRƯỞNG CƠ QUAN"
PEOPLES_COMMITTEE = "ỦY BAN NHÂN DÂN"
PLACE_WORDS = re.compile(r"\b(tỉnh|thành phố)?\s*Thái Nguyên\b|\btỉnh\b", re.IGNORECASE)
SKIPPED_WORDS = {"và", "của"}


def parent_line(name: str) -> str:
    """'Ủy ban nhân dân tỉnh Thái Nguyên' → 'UBND TỈNH THÁI NGUYÊN'."""
    line = unicodedata.normalize("NFC", name).upper()
    for words, short in PARENT_ABBREVIATIONS:
        line = line.replace(words, short)
    return line


def issuer_code(name: str) -> str:
    """The issuer's part of a document number, from the initials of its name: 'Sở Khoa học và Công nghệ' →
    'SKHCN', 'Văn phòng Ủy ban nhân dân tỉnh' → 'VPUBND'. A guess the clerk may correct: the number itself is
    left blank for the clerk who registers the document."""
    text = unicodedata.normalize("NFC", name)
    for words in ("Ủy ban nhân dân", "Uỷ ban nhân dân"):
        text = re.sub(words, "UBND", text, flags=re.IGNORECASE)
    text = re.sub("Hội đồng nhân dân", "HĐND", text, flags=re.IGNORECASE)
    text = PLACE_WORDS.sub(" ", text)
    code = ""
    for word in re.findall(r"[^\W_]+", text):
        if word.lower() in SKIPPED_WORDS:
            continue
        code += word if word.isupper() and len(word) > 1 else word[0].upper()
    return code or "CQ"


def _signer(name: str) -> str:
    folded = unicodedata.normalize("NFC", name).lower()
    return next((signer for start, signer in SIGNERS if folded.startswith(start)), DEFAULT_SIGNER)


def agency_issuer(agency: Agency) -> Issuer:
    """The agency as the issuer of its own summary in the state layout.

    Its direct parent prints above it ('UBND TỈNH THÁI NGUYÊN' over a provincial department, 'SỞ NÔNG
    NGHIỆP VÀ MÔI TRƯỜNG' over one of its sub-departments). A People's Committee has no parent line: a
    commune's prints as 'ỦY BAN NHÂN DÂN' over the commune's name.
    """
    if agency.kind == AgencyKind.COMMUNE:
        return Issuer(
            name=agency.name,
            code="UBND",
            signer=_signer(PEOPLES_COMMITTEE),
            heading=f"{PEOPLES_COMMITTEE}\n{agency.name.upper()}",
        )
    name = agency.name
    is_committee = any(name.lower().startswith(words.lower()) for words in ("Ủy ban nhân dân", "Uỷ ban nhân dân"))
    parent = agency.parent.name if agency.parent_id and not is_committee else ""
    return Issuer(name=name, code=issuer_code(name), parent=parent_line(parent) if parent else "", signer=_signer(name))
