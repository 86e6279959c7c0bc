"""Document metadata from the text: number, kind, issue date, issuer, signer, title, working year."""

import datetime
import re
from collections import Counter

from .agency_names import ABBREVIATIONS
from .casing import Casing
from .cleaning import clean_cell
from .draft import DocumentDraft
from .text import fold, nfc

# Party style '13-TB/CQTT', government style '15/KH-UBND', '123/2025/QĐ-UBND' or '11554/VPCP-V.I' (a unit of
# the Government Office after the dot; a full stop after the number is not part of it).
DOCUMENT_NUMBER = (
    r"\d{1,4}[a-z]?\s*-\s*[A-ZĐ][A-Za-zĐđ]*\s*/\s*[A-ZĐ][A-Za-zĐđ&-]*"
    r"|\d{1,5}(?:/\d{4})?/[A-ZĐ][A-Za-zĐđ]*-[A-ZĐ][A-Za-zĐđ&-]*(?:\.[A-ZĐ][A-Za-zĐđ&-]*)*"
)
NUMBER = re.compile(r"(?m)^\s*Số[:\s]+(" + DOCUMENT_NUMBER + ")")
ANNOUNCER = re.compile(r"((?:Cơ quan Thường trực|Văn phòng|Ban Thường vụ|Thường trực)[^.,;:\n]{0,80}?) thông báo")
# '[^\S\n]*', not '\s*', after '^': the same lines found, without reading a run of blank lines again from each one.
SIGNED_FOR = re.compile(r"(?m)^[^\S\n]*(?:T/M|TM\.?|K/T|KT\.?)\s+(.+)$")
ATTACHED = re.compile(
    r"(?:Kèm theo|Gửi kèm|Ban hành kèm theo)\s+(Thông báo|Kế hoạch|Chương trình|Quyết định|Nghị quyết|Chỉ thị|Công văn)"
    r"(?:\s+kết luận)?\s+(?:số\s+)?(" + DOCUMENT_NUMBER + r")[,\s]+(?:ngày\s+)?"
    r"(\d{1,2})/(\d{1,2})/(\d{4})",
    re.I,
)
PLACE_DATE = re.compile(r"^[^\n,]{2,40},\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I | re.M)
KINDS = {  # heading words -> kind as printed; number suffix -> kind
    "thong bao ket luan": "Thông báo kết luận",
    "ke hoach": "Kế hoạch",
    "chuong trinh": "Chương trình",
    "nghi quyet": "Nghị quyết",
    "chi thi": "Chỉ thị",
    "quyet dinh": "Quyết định",
    "ket luan": "Kết luận",
    "thong bao": "Thông báo",
    "cong van": "Công văn",
    "bao cao": "Báo cáo",
    "de an": "Đề án",
}
NUMBER_KINDS = {
    "TB": "Thông báo",
    "KH": "Kế hoạch",
    "CTR": "Chương trình",
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "QĐ": "Quyết định",
    "QD": "Quyết định",
    "KL": "Kết luận",
    "CV": "Công văn",
    "BC": "Báo cáo",
}
NATIONAL_MOTTO = ("dang cong san viet nam", "cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc")


def _date(day: str, month: str, year: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def extract_metadata(text: str) -> DocumentDraft:
    doc = DocumentDraft()
    lines = [_plain(nfc(line)) for line in text.splitlines()]
    head = "\n".join(lines[:80])

    match = NUMBER.search(head)
    attached = ATTACHED.search(text)
    if match:
        doc.number = re.sub(r"\s+", "", match.group(1))
    elif attached:
        doc.number = attached.group(2)
    place_date = PLACE_DATE.search(head)
    if place_date:
        doc.issued_on = _date(*place_date.groups())
    elif attached and attached.group(2) == doc.number:
        doc.issued_on = _date(attached.group(3), attached.group(4), attached.group(5))

    casing = Casing("\n".join(lines))
    doc.kind, doc.title = _kind_and_title(lines[:80], casing)
    if not doc.title:
        doc.title = _title_before_separator(lines[:20], casing)
    if not doc.kind and doc.number:
        if re.match(r"\d+-", doc.number):  # 13-TB/CQTT: the kind is after the hyphen
            suffix = doc.number.split("-", 1)[-1].split("/", 1)[0].upper()
        else:  # 15/KH-UBND, 123/2025/QĐ-UBND: the kind is before the hyphen
            suffix = doc.number.split("-", 1)[0].rsplit("/", 1)[-1].upper()
        doc.kind = NUMBER_KINDS.get(suffix, "")
    if not doc.kind and re.search(r"kết luận (như sau|chỉ đạo)|thông báo (ý kiến )?kết luận", text, re.I):
        doc.kind = "Thông báo kết luận"
    doc.issuer = _issuer(lines[:30], casing) if any(fold(x).strip(" ,") in NATIONAL_MOTTO for x in lines[:25]) else ""
    if not doc.issuer:
        found = ANNOUNCER.search(text) or SIGNED_FOR.search(text)
        doc.issuer = _sentence_case(found.group(1).strip(), casing) if found else ""
    doc.signer, doc.signer_title = _signer(lines, casing)
    doc.working_year = doc.issued_on.year if doc.issued_on else _most_common_year(text)
    return doc


def _plain(line: str) -> str:
    """A line without the emphasis marks and cell edges of a web page saved as text ('| **KẾ HOẠCH** |')."""
    return re.sub(r"\*+|(?<!\w)__|__(?!\w)", "", line).strip().strip("|").strip()


def _kind_and_title(lines: list[str], casing: Casing) -> tuple[str, str]:
    for index, line in enumerate(lines):
        folded = fold(line).strip(" .:")
        if not _is_upper(line) or folded in NATIONAL_MOTTO:
            continue
        for words, kind in KINDS.items():
            if folded == words or folded.startswith(words + " "):
                title_lines = [line]
                for following in lines[index + 1 : index + 10]:
                    stripped = following.strip()
                    if not stripped:
                        continue
                    if stripped.startswith(("Số", "-----", "Căn cứ", "Ngày ")) or len(stripped) > 160:
                        break
                    if len(title_lines) > 1 and _is_upper(title_lines[-1]) and not _is_upper(stripped):
                        if stripped.startswith("Tại "):  # the meeting: 'Tại Phiên họp thứ nhất …', its last line
                            title_lines.append(stripped)
                        break  # an upper-case title ends where the text starts ('Thực hiện Kế hoạch số …')
                    title_lines.append(following)
                title = clean_cell(" ".join(title_lines))
                return kind, _sentence_case(title, casing)
    return "", ""


def _title_before_separator(lines: list[str], casing: Casing) -> str:
    """A heading without its kind line (the print starts mid-heading): the lines above '-----'."""
    for index, line in enumerate(lines):
        if line.strip().startswith("-----") and index:
            return _sentence_case(clean_cell(" ".join(x for x in lines[:index] if x.strip())), casing)
    return ""


def _upper_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _sentence_case(title: str, casing: Casing | None = None) -> str:
    """A heading in capitals as a sentence: words in capitals in lower case, then, with the document's `casing`,
    names of bodies, titles and places capitalised as its text writes them ('Bí thư Tỉnh ủy', 'tỉnh Thái
    Nguyên'); abbreviations and numbers as printed (13-TB/CQTT, BCH, UBND), and so are words not in capitals."""
    words = title.split()
    out, lowered = [], set()
    for index, word in enumerate(words):
        keep = re.search(r"\d|/", word) or fold(word.strip(".,;:()")) in ABBREVIATIONS  # 13-TB/CQTT, BCH, UBND
        if _upper_word(word) and len(word) > 1 and not keep:
            out.append(word.lower())
            lowered.add(index)
        elif index and word == "Tại":  # a heading's line 'Tại Hội nghị …' within the sentence
            out.append("tại")
        else:
            out.append(word)
    if casing is not None:
        out = casing.restore(out, lowered)
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _issuer(lines: list[str], casing: Casing) -> str:
    block: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if block:
                break
            continue
        if fold(stripped) in NATIONAL_MOTTO or stripped.startswith("Số") or "ngày" in stripped:
            break
        if _is_upper(stripped):
            block.append(stripped)
        elif block:
            break
    if not block:
        return ""
    text = " ".join(block)
    # the last line names the office when it is a sub-unit ('CƠ QUAN THƯỜNG TRỰC' under the committee)
    if len(block) > 1 and fold(block[-1]).startswith(("co quan", "van phong", "ban ")):
        text = block[-1] + " " + " ".join(block[:-1])
    return _place_names(_sentence_case(text, casing))


PLACE = re.compile(r"\b(tỉnh|thành phố|xã|phường)((?:\s+[^\W\d_]+)+)$")


def _place_names(name: str) -> str:
    """'Ủy ban nhân dân tỉnh bắc ninh' → 'Ủy ban nhân dân tỉnh Bắc Ninh': the place at the end of a body's name."""
    return PLACE.sub(lambda m: m.group(1) + " ".join(w[:1].upper() + w[1:] for w in m.group(2).split(" ")), name)


def _signer(lines: list[str], casing: Casing) -> tuple[str, str]:
    """The name under the signature: a short line of capitalised words after an upper-case title block."""
    end = len(lines)
    for index, line in enumerate(lines):
        if fold(line).strip().startswith("phu luc"):
            end = index
            break
    for index in range(end - 1, max(0, end - 60), -1):
        line = lines[index].strip()
        words = line.split()
        if (
            2 <= len(words) <= 5
            and all(w[:1].isupper() for w in words)
            and not _is_upper(line)
            and not re.search(r"\d|[,:;()/]", line)
        ):
            title_lines = []
            j = index - 1
            while j >= 0 and (not lines[j].strip() or _is_upper(lines[j])) and index - j < 10:
                if lines[j].strip():
                    title_lines.insert(0, lines[j].strip())
                j -= 1
            title = [t for t in title_lines if not re.match(r"^(T/M|TM\.|K/T|KT\.|Q\.)", t)]
            return line, _sentence_case(" ".join(title), casing) if title else ""
    return "", ""


def _most_common_year(text: str) -> int | None:
    years = Counter(int(y) for y in re.findall(r"\b(20\d\d)\b", text))
    return years.most_common(1)[0][0] if years else None
