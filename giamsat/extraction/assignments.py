"""Who must act, read from a sentence of Vietnamese administrative prose or from the labels under a task.

- "Giao A …", "Yêu cầu A …", "Đề nghị A …", "Phân công A …" (also after "Về <việc>: " or a leading clause
  "Từ nay …; do vậy, yêu cầu A:"); "Chính phủ (trân trọng) đề nghị A …" — the body addressed is A;
- "A chủ trì, phối hợp với B …", "A khẩn trương …", "A có trách nhiệm …" — a named body or a collective as the
  subject, then an action verb; the subject may follow a leading clause ("Trên cơ sở đó, A …", "Căn cứ …, A …");
- "Đồng chí Giám đốc Sở A chủ trì …" (the person stands for the body);
- "A: …" (a paragraph addressed to A);
- labels printed after a task: "Đơn vị chủ trì: A", "Cơ quan phối hợp: B", "Thời gian thực hiện: …".

Verbs are matched in lower case only: the words of a name are capitalised ("Bộ Xây dựng", "Ban Chỉ đạo"), so the
verb "xây dựng" or "chỉ đạo" is not found inside a name. Narration ("A đã …", "A đang …") assigns nothing.
"""

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from .agency_cells import split_agencies
from .text import fold, nfc

# Action verbs and modals that follow the body that must act, as printed (lower case, NFC).
VERBS = (
    "chủ trì",
    "chỉ đạo",
    "lãnh đạo",
    "phối hợp",
    "ban hành",
    "thực hiện",
    "triển khai",
    "xây dựng",
    "tham mưu",
    "rà soát",
    "nghiên cứu",
    "chuẩn bị",
    "căn cứ",
    "hoàn thiện",
    "hoàn thành",
    "tổ chức",
    "bảo đảm",
    "đảm bảo",
    "tiếp tục",
    "khẩn trương",
    "đẩy mạnh",
    "đẩy nhanh",
    "tập trung",
    "tổng hợp",
    "báo cáo",
    "quyết liệt",
    "lựa chọn",
    "phát huy",
    "chủ động",
    "có trách nhiệm",
    "chịu trách nhiệm",
    "thường xuyên",
    "nâng cấp",
    "đưa ra",
    "xem xét",
    "đề xuất",
    "theo dõi",
    "hướng dẫn",
    "đôn đốc",
    "kiểm tra",
    "giám sát",
    "bố trí",
    "huy động",
    "tăng cường",
    "cập nhật",
    "gửi",
    "làm việc",
    "trực tiếp",
    "sớm",
    "kịp thời",
    "nắm chắc",
    "trình",
    "phân bổ",
    "xử lý",
    "quán triệt",
    "sắp xếp",
    "ưu tiên",
    "tiếp nhận",
    "lồng ghép",
    "duy trì",
    "thúc đẩy",
    "kiện toàn",
    "tuân thủ",
    "tạo điều kiện",
    "có kế hoạch",
    "cụ thể hoá",
    "cụ thể hóa",
    "nghiêm túc",
    "tích cực",
    "khôi phục",
    "tiến hành",
    "cân đối",
    "giúp",
    "là cơ quan",
    "đăng tải",
    "lập",
    "định kỳ",
    "xuất cấp",
    "sẽ",
    "cần",
    "phải",
)
_VERB = re.compile(
    r"(?<=[\s,])(?:" + "|".join(map(re.escape, sorted(VERBS, key=len, reverse=True))) + r")(?=[\s,.;:]|$)"
)
_VERB_AT = re.compile(f"(?=({_VERB.pattern}))")  # a verb at each place, overlapping ones too
# Words that are also nouns in a list of bodies ('các cơ quan, tổ chức có liên quan', 'các đồng chí lãnh đạo').
_NOUN_TOO = ("tổ chức", "lãnh đạo")

# What starts the name of a body, an office holder or a collective (case as printed).
SUBJECT_HEADS = (
    "Sở",
    "Bộ",
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
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Tỉnh đoàn",
    "Thành ủy",
    "Thành uỷ",
    "Đảng ủy",
    "Đảng uỷ",
    "Tập đoàn",
    "Tổng công ty",
    "Công ty",
    "Trung tâm",
    "Báo",
    "Đài",
    "Kho bạc",
    "Ngân hàng",
    "Viện",
    "Liên đoàn",
    "Liên minh",
    "Liên hiệp",
    "Hiệp hội",
    "Hội",
    "Mặt trận",
    "MTTQ",
    "Đoàn",
    "Bộ Chỉ huy",
    "Bộ CHQS",
    "Quân khu",
    "Cơ quan",
    "Thường trực",
    "Tổ",
    "Thông tấn xã",
    "Bảo hiểm",
    "Kiểm toán",
    "Thanh tra",
    "Tòa án",
    "Toà án",
    "Nhà đầu tư",
    "Chủ đầu tư",
    "Doanh nghiệp",
    "Mỗi ngành",
    "Mỗi cơ quan",
    "Mỗi địa phương",
    "Mỗi đơn vị",
    "Đồng chí",
    "Người đứng đầu",
    "Thủ trưởng",
    "Chủ tịch",
    "Bí thư",
    "Giám đốc",
    "Lãnh đạo",
    "Bộ trưởng",
    "Thống đốc",
    "Tổng Giám đốc",
    "Chánh Văn phòng",
    "Trưởng Ban",
    "Phó Thủ tướng",
    "Tỉnh",
    "Thành phố",
    "Trung ương",
)
# Heads too weak to make a heading an addressee on their own ('9. Doanh nghiệp số' is a topic).
_WEAK_HEADS = ("Doanh nghiệp", "Mỗi ", "Tỉnh", "Thành phố", "Trung ương", "Tổ", "Lãnh đạo")
# 'Các'/'các' starts a collective only before these nouns ('Các bộ, ngành', 'các cơ quan, đơn vị'), not 'Các Báo cáo'.
COLLECTIVES = (
    "bộ",
    "sở",
    "ban",
    "ngành",
    "cơ quan",
    "địa phương",
    "tỉnh",
    "thành phố",
    "đơn vị",
    "cấp",
    "tổ chức",
    "lực lượng",
    "đồng chí",
    "văn phòng",
    "tập đoàn",
    "doanh nghiệp",
    "cơ sở",
    "chủ đầu tư",
    "nhà đầu tư",
    "thành viên",
    "đảng ủy",
    "đảng uỷ",
    "tỉnh ủy",
    "tỉnh uỷ",
    "hội",
    "đoàn thể",
    "trường",
    "xã",
    "phường",
    "ủy ban",
    "uỷ ban",
    "bệnh viện",
    "chi nhánh",
)
_HEAD_WORDS = "|".join(map(re.escape, sorted(SUBJECT_HEADS, key=len, reverse=True)))
_COLLECTIVE_WORDS = "|".join(map(re.escape, sorted(COLLECTIVES, key=len, reverse=True)))
_SUBJECT_START = re.compile(rf"(?:{_HEAD_WORDS})(?=[\s,:]|$)")
# A short head names a body only before a capitalised name: 'Bộ Công an', 'Ban Chỉ đạo' — not 'Ban hành', 'Tổ chức',
# 'Báo cáo', 'Trường hợp', 'Bộ tiêu chí'.
_SHORT_HEAD = re.compile(
    r"(?:Bộ|Sở|Ban|Cục|Hội|Đài|Báo|Viện|Trường|Tổ|Đoàn|Thanh tra)\s+(?!trưởng\b|đồng\b|kiểm sát\b|đội\b|và\b)"
    r"(?=[a-zđàáảãạăâèéẻẽẹêìíỉĩịòóỏõọôơùúủũụưỳýỷỹỵ])"
)
COLLECTIVE_START = re.compile(rf"[Cc]ác\s+(?:{_COLLECTIVE_WORDS})(?=[\s,:]|$)", re.I)
# Narration or description, not an assignment: 'Bộ Xây dựng đã chủ động …', 'Tỉnh đang …'.
_NARRATION = re.compile(r"\s(?:đã|đang|vẫn|từng|cũng đã)\s")
# Where a subject stops even without a verb: 'theo chức năng, nhiệm vụ …', a leading clause of its own.
_SUBJECT_STOP = re.compile(
    r",?\s(?:theo (?:chức năng|thẩm quyền|nhiệm vụ)|trong phạm vi|với vai trò)\b|,?\s+(?:trên cơ sở|căn cứ)\b"
)
# After a comma, 'tổ chức' is one more body of the list when another body word or a qualifier follows.
_NOUN_FOLLOWS = re.compile(
    r"\s*[,;.]|\s+(?:có liên quan|liên quan|cá nhân|đảng|chính trị|thành viên|tín dụng|xã hội|quốc tế|kinh tế|và|khác"
    r"|hội|đoàn thể|được)\b"
)
# A sentence may open with a clause before its subject: 'Trên cơ sở đó, Bộ Tư pháp …', 'Căn cứ …, các bộ …'.
_LEADING_CLAUSE = re.compile(
    r"^(?:Trên cơ sở|Căn cứ|Sau khi|Để|Trong|Với|Đối với|Nhằm|Thực hiện|Từ nay|Hằng năm|Hàng năm|Định kỳ|Thời gian tới"
    r"|Trường hợp|Quán triệt|Ngoài ra|Đồng thời|Bên cạnh đó|Do vậy|Vì vậy|Theo đó)\b"
)
ASSIGN_WORDS = ("Giao cho", "Giao", "Yêu cầu", "Đề nghị", "Phân công")
_ASSIGN = re.compile(
    r"(?:(?:trân trọng|xin)\s+)?("
    + "|".join(ASSIGN_WORDS)
    + "|"
    + "|".join(w.lower() for w in ASSIGN_WORDS)
    + r")\s+(?!của\b|cấp\b|tại\b|nêu\b|trên\b|đã\b|cụ thể\b)"
)
# The issuer asking someone: 'Chính phủ trân trọng đề nghị A …', 'Ủy ban nhân dân tỉnh yêu cầu A …'.
_ISSUER_ASKS = re.compile(r"^[^,.;:]{2,80}?\s(?=(?:(?:trân trọng|xin)\s+)?(?:giao|yêu cầu|đề nghị)\s)")
COMRADE = re.compile(
    r"^(?:Đồng chí|đồng chí)\s+(?:Giám đốc|Thủ trưởng|Chủ tịch|Trưởng|Bí thư|Chánh)\s+(.+?)[,\s]+"
    r"(?:chủ trì|chỉ đạo|phối hợp|thực hiện|có trách nhiệm|chịu trách nhiệm)",
    re.S,
)
# An office holder in front of the body it heads stands for the body: 'Bộ trưởng Bộ Công an' -> 'Bộ Công an'.
_HOLDER = re.compile(
    r"^(?:(?:các\s+)?[Đđ]ồng chí\s+)?(?:Bộ trưởng|Giám đốc|Thống đốc|Chủ tịch|Thủ trưởng|Chánh Văn phòng|Trưởng ban"
    r"|Trưởng Ban|Tổng Giám đốc|Bí thư|Trưởng)\s+(?=(?:Bộ|Sở|Ủy ban|Uỷ ban|UBND|Ngân hàng|Công an|Văn phòng|Ban|Cục"
    r"|Chi cục|Đài|Tập đoàn|Tổng công ty|Trung tâm|Bảo hiểm|Đại học|Viện|Thông tấn xã)\s)"
)
_PERSON_PREFIX = re.compile(
    r"^(?:các\s+)?(?:Đồng chí|đồng chí)\s+(?:Giám đốc|Thủ trưởng|Chủ tịch|Trưởng|Bí thư|Chánh)\s+"
)
# 'Bộ trưởng Bộ Tài chính - Phó Trưởng ban Thường trực Ban Chỉ đạo 389': the second title is the same person.
_APPOSITION = re.compile(r"\s+[-–]\s+(?:Phó\s+)?(?:Trưởng|Chủ nhiệm|Thường trực|Ủy viên|Uỷ viên)\b.*$")
# A new office holder in a list of holders: ', Thủ trưởng cơ quan ngang bộ', ' và Chủ tịch Ủy ban nhân dân …'.
_HOLDER_SPLIT = re.compile(
    r"(?:,\s*|\s+và\s+)(?=(?:Thủ trưởng|thủ trưởng|Chủ tịch|Bí thư|Giám đốc|Người đứng đầu|các đồng chí)\s)"
)
# A comma before another named body splits a list the cell splitter does not know ('…, Thông tấn xã Việt Nam').
_NAME_SPLIT = re.compile(
    r",\s+(?=(?:Thông tấn xã|Liên minh|Liên hiệp|Hiệp hội|Tổng Liên đoàn|Bảo hiểm|Kiểm toán|Thanh tra|Đài|Báo)"
    r"\s+[A-ZĐ])"
    r"|\s+và\s+(?=hệ thống\s)"
)
_BARE_TITLE = re.compile(r"(?:Bí thư|Chủ tịch|Giám đốc|Thủ trưởng|Phó Chủ tịch|Trưởng ban)")
# 'và các cơ quan (có) liên quan' after named bodies adds nobody to follow up.
_GENERIC = re.compile(
    r"^(?:các\s+)?(?:bộ, )?(?:cơ quan|đơn vị|tổ chức)(?:,\s*(?:đơn vị|tổ chức|cá nhân))*\s+(?:có\s+)?liên quan$"
)


def fold_keep_case(text: str) -> str:
    """Diacritics removed, case kept: 'Bộ Xây dựng' -> 'Bo Xay dung'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


@dataclass
class Assignment:
    lead: list[str]
    directing: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    subject: str = ""  # the printed subject, to tell two assignees apart
    form: str = ""  # giao, subject, comrade, addressed
    lead_in: bool = False  # 'A chủ trì:' / '… các nhiệm vụ sau:' — introduces the points below


def first_verb(text: str, start: int = 0) -> re.Match | None:
    """The first action verb of `text` after `start` that is a verb here, not a noun in a list or a name."""
    for match in _VERB.finditer(text, start):
        if not _passed_over(text, match.start(), match.end(), match.group(0), 0)[0]:
            return match
    return None


_LEADERSHIP_OF = re.compile(r"\s+(?:Bộ|Sở|Ủy ban|UBND|Văn phòng|các)\b")
_FOLDED_TAILS = (" ban", " cac dong chi", "dong chi")


def _passed_over(text: str, start: int, end: int, verb: str, floor: int) -> tuple[bool, int]:
    """Whether `first_verb` passes over the verb text[start:end] of the text that begins at `floor`: a noun in a list
    ('các tổ chức'), a title ('Ban Chỉ đạo'), a ministry's leadership ('lãnh đạo Bộ Y tế'). Also the first place
    read before the verb: the answer is the same for the text beginning anywhere up to there.

    Reads back from the verb a few words only (the text before it, copied and folded for each verb, made a text
    naming many bodies cost time quadratic in it)."""
    reach = start
    if verb not in _NOUN_TOO and verb not in ("chỉ đạo", "lãnh đạo"):
        return False, reach
    before = start  # text[floor:before] is the text before the verb, trailing whitespace left out
    while before > floor and text[before - 1].isspace():
        before -= 1
    reach = max(floor, before - 1)
    if verb in _NOUN_TOO:
        reach = min(reach, max(floor, before - 4))
        if text.endswith((" các", " và"), floor, before) or (
            text.endswith(",", floor, before) and _NOUN_FOLLOWS.match(text, end)
        ):
            return True, reach
    if verb in ("chỉ đạo", "lãnh đạo"):
        folded, window = _folded_end(text, floor, before, max(map(len, _FOLDED_TAILS)))
        reach = min(reach, window)
        if folded.endswith(_FOLDED_TAILS):
            return True, reach
    if verb == "lãnh đạo" and _LEADERSHIP_OF.match(text, end):
        return True, reach  # 'lãnh đạo Bộ Y tế' is the ministry's leadership
    return False, reach


def _folded_end(text: str, floor: int, end: int, size: int) -> tuple[str, int]:
    """The end of fold(text[floor:end]), at least `size` characters of it when it is that long, and where the
    text folded starts. Folding works character by character, so the fold of a later start is an end of it."""
    width = 2 * size + 8
    while True:
        start = max(floor, end - width)
        folded = fold(text[start:end])
        if len(folded) > size or start == floor:
            return folded, start
        width *= 2


class _Verbs:
    """Every verb `first_verb` could stop at in one text, to answer for each of many places in it, as if the text
    began there ('phối hợp với A …, phối hợp với B …'), in time linear in the text."""

    def __init__(self, text: str):
        self.text = text
        found = [(m.start(1), m.end(1), m.group(1)) for m in _VERB_AT.finditer(text)]  # at every place
        self.found = found
        self.starts = [start for start, _end, _verb in found]
        count = len(found)
        # After a verb it passes over, first_verb goes on at the first verb starting at its end or later.
        self.after = [bisect.bisect_left(self.starts, end) for _start, end, _verb in found]
        # Read from the text's beginning: the first verb kept along that way, and the first place read on the way.
        self.kept: list[int | None] = [None] * (count + 1)
        self.reach = [len(text)] * (count + 1)
        for i in range(count - 1, -1, -1):
            start, end, verb = found[i]
            passed, reach = _passed_over(text, start, end, verb, 0)
            if passed:
                self.kept[i] = self.kept[self.after[i]]
                self.reach[i] = min(reach, self.reach[self.after[i]])
            else:
                self.kept[i], self.reach[i] = i, reach

    def first(self, floor: int) -> int | None:
        """Where `first_verb(text[floor:])` finds its verb (counted in `text`), or None."""
        # in text[floor:] nothing matches at its first character: the verb pattern looks at the one before
        i = bisect.bisect_left(self.starts, floor + 1 if floor else 0)
        while i < len(self.found):
            if self.reach[i] >= floor:  # nothing read before `floor` from here on: the answer read from 0 holds
                kept = self.kept[i]
                return None if kept is None else self.found[kept][0]
            start, end, verb = self.found[i]
            if not _passed_over(self.text, start, end, verb, floor)[0]:
                return start
            i = self.after[i]
        return None


def _starts_subject(text: str) -> bool:
    return _starts_subject_at(text, 0)


def _starts_subject_at(text: str, start: int) -> bool:
    """Whether text[start:] starts with a body ('Bộ Công an', 'các cơ quan'), without copying it."""
    if COLLECTIVE_START.match(text, start):
        return True
    return bool(_SUBJECT_START.match(text, start)) and not _SHORT_HEAD.match(text, start)


def _subject_end(text: str, start: int = 0) -> tuple[int, int] | None:
    """(end of the subject, start of its verb) when `text[start:]` is '<body> <verb> …'."""
    verb = first_verb(text, start)
    if verb is None:
        return None
    end = verb.start()
    stop = _SUBJECT_STOP.search(text, start, end)
    if stop:
        end = stop.start()
    if end - start > 260:
        return None
    subject = text[start:end]
    if _NARRATION.search(f" {subject} ") or not subject.strip(" ,"):
        return None
    if _NARRATION.match(text[verb.start() - 1 : verb.start() + 6]):
        return None
    return end, verb.start()


def lead_names(subject: str) -> list[str]:
    """The bodies of a printed subject, as printed: office holders stand for their body, generic tails dropped."""
    subject = subject.strip(" ,;:")
    subject = re.sub(r"\s*\((?:sau đây|gọi tắt)[^)]*\)", "", subject)
    names: list[str] = []
    pieces: list[str] = []
    for chunk in re.split(r"\s*;\s*", subject):
        if re.search(r":\s", chunk):
            pieces.append(chunk)
            continue
        # 'Bí thư, Chủ tịch Ủy ban nhân dân cấp xã': a bare title before the comma shares the body after it
        for piece in _HOLDER_SPLIT.split(chunk):
            if pieces and _BARE_TITLE.fullmatch(pieces[-1].strip(" ,")):
                pieces[-1] = f"{pieces[-1].strip(' ,')}, {piece.strip()}"
            else:
                pieces.append(piece)
    for piece in pieces:
        piece = _APPOSITION.sub("", piece.strip(" ,"))
        piece = _PERSON_PREFIX.sub("", piece)
        if not re.search(r"\scác\s", piece):  # 'Chủ tịch Ủy ban nhân dân các tỉnh' is kept as printed
            piece = _HOLDER.sub("", piece)
        names += [
            n for name in (split_agencies(piece) if ":" not in piece else [piece]) for n in _NAME_SPLIT.split(name)
        ]
    named = [n for n in names if not _GENERIC.match(n)]
    return named if named else names


_COORDINATION = re.compile(r"phối hợp(?: chặt chẽ)?(?: với)?\s+")
_COORDINATED = re.compile(r"(?:các|cơ quan|bộ|sở)\b")
_LIST_END = re.compile(r"[;.:(]")
_LIST_STOP = re.compile(r"\s(?:cùng|trong|để|về|theo|nhằm|tại|khi|trên)\s")
# A list of partners runs to the next verb or clause within a line or two (147 characters at most in the corpus);
# what runs on further names nobody. Bounding it keeps a text of thousands of 'phối hợp với …' linear.
_LIST_SPAN = 1000


def coordinating_names(text: str) -> list[str]:
    """Bodies after 'phối hợp (chặt chẽ) (với) …' up to the next verb or clause."""
    names: list[str] = []
    seen: set[str] = set()
    verbs: _Verbs | None = None
    ends = [m.start() for m in _LIST_END.finditer(text)]
    stop: re.Match | None = None
    stop_from = -1  # `stop` is the first _LIST_STOP match from stop_from on (None: there is none)
    for match in _COORDINATION.finditer(text):
        begin = match.end()
        if not _starts_subject_at(text, begin) and not _COORDINATED.match(text, begin):
            continue
        verbs = verbs or _Verbs(text)
        verb = verbs.first(begin)
        end = len(text) if verb is None else verb
        at = bisect.bisect_left(ends, begin)
        if at < len(ends):
            end = min(end, ends[at])
        if stop_from < 0 or begin < stop_from or (stop is not None and begin > stop.start()):
            stop, stop_from = _LIST_STOP.search(text, begin), begin
        if stop is not None:
            end = min(end, stop.start())
        if end - begin > _LIST_SPAN:
            continue
        for name in split_agencies(text[begin:end].strip(" ,")):
            if name not in seen:
                seen.add(name)
                names.append(name)
    return names


def _giao(text: str, match: re.Match) -> Assignment | None:
    rest = text[match.end() :]
    if not (_starts_subject(rest) or re.match(r"(?:các|đồng chí|Đồng chí|UBND|Ủy ban|thường trực)\b", rest)):
        return None
    verb = first_verb(rest)
    cut = verb.start() if verb else len(rest)
    colon = rest.find(":")
    if 0 < colon < cut:
        cut = colon
    stop = _SUBJECT_STOP.search(rest, 0, cut)
    if stop:
        cut = stop.start()
    subject = rest[:cut].strip(" ,")
    if not subject or len(subject) > 260:
        return None
    after = rest[cut:].strip()
    lead_in = after.startswith(":") and not after[1:].strip() or text.rstrip().endswith(":")
    word = match.group(1).lower()
    if word.startswith("giao") and after.startswith("chỉ đạo "):  # 'Giao A chỉ đạo B …': A directs, B acts
        target = after[len("chỉ đạo ") :]
        if re.match(r"(?:các|Các)\s|" + _SUBJECT_START.pattern, target):
            target_verb = first_verb(target)
            target_subject = target[: target_verb.start() if target_verb else len(target)].strip(" ,")
            return Assignment(
                lead=lead_names(target_subject),
                directing=lead_names(subject),
                subject=subject,
                form="giao",
                lead_in=lead_in,
            )
    return Assignment(lead=lead_names(subject), subject=subject, form="giao", lead_in=lead_in)


def _after_topic(text: str) -> str:
    """'Về hỗ trợ kinh phí …: Giao Bộ Tài chính …' -> the part after the topic."""
    if text.startswith(("Về ", "Đối với ")):
        colon = text.find(": ")
        if 0 < colon < 500:
            return text[colon + 2 :]
    return text


def find_assignment(text: str, *, subject_form: bool = True) -> Assignment | None:
    """Who must act in `text` (its first sentence that names someone), or None.

    With subject_form False only explicit forms count ('Giao A', 'Yêu cầu A', 'Đồng chí …', 'A: …').
    """
    text = _after_topic(nfc(text))
    comrade = COMRADE.match(text)
    if comrade:
        subject = comrade.group(1)
        return Assignment(
            lead=[_PERSON_PREFIX.sub("", n) for n in split_agencies(subject)], subject=subject, form="comrade"
        )
    giao = _ASSIGN.match(text)
    if giao:
        return _giao(text, giao)
    asks = _ISSUER_ASKS.match(text)
    if asks and not first_verb(asks.group(0) + " "):
        giao = _ASSIGN.match(text, asks.end())
        if giao:
            return _giao(text, giao)
    if _starts_subject(text):
        found = _subject_assignment(text, 0) if subject_form else None
        if found:
            return found
        addressed = _addressed(text)
        if addressed:
            return addressed
        return None
    # A leading clause, then 'yêu cầu A' or the subject: 'Trên cơ sở đó, Bộ Tư pháp tổng hợp …'.
    sentence_end = min(_sentence_end(text), 220, text.find(";") if ";" in text else len(text))
    for comma in re.finditer(r"[,;]\s+", text[:sentence_end]):
        rest_start = comma.end()
        giao = _ASSIGN.match(text, rest_start)
        if giao and giao.start() == rest_start:
            return _giao(text, giao)
        if not subject_form or not _LEADING_CLAUSE.match(text):
            continue
        if _starts_subject(text[rest_start:]):
            found = _subject_assignment(text, rest_start)
            if found:
                return found
    return None


def _sentence_end(text: str) -> int:
    match = re.search(r"[.;:](?:\s+(?=[A-ZĐÂĂÊÔƠƯ])|$)", text)
    return match.end() if match else len(text)


_VERB_ENDS_IN_COLON = re.compile(r"[^.;]{0,40}:\s*$")


def _subject_assignment(text: str, start: int) -> Assignment | None:
    found = _subject_end(text, start)
    if found is None:
        return None
    end, verb_start = found
    subject = text[start:end].strip(" ,")
    if re.search(r"[.;]\s", subject):
        return None
    colon = subject.find(": ")
    if colon > 0:  # 'Các cơ quan, đơn vị: Chủ động rà soát …' is addressed; 'các tỉnh: Đắk Lắk, …' lists names
        after = subject[colon + 2 :]
        if (
            after
            and first_verb(" " + after[:1].lower() + after[1:]) is not None
            and first_verb(" " + after[:1].lower() + after[1:]).start() == 1
        ):
            return _addressed(text[start:])
    # 'Chính phủ (trân trọng) đề nghị A …' is handled by _ASSIGN; 'A yêu cầu B' here names B.
    lead_in = bool(_VERB_ENDS_IN_COLON.match(text, verb_start)) or text.endswith(
        ("sau:", "gồm:", "cụ thể:"), 0, len(text.rstrip())
    )
    return Assignment(lead=lead_names(subject), subject=subject, form="subject", lead_in=lead_in)


def _addressed(text: str) -> Assignment | None:
    """'Các cơ quan, đơn vị, địa phương: Chủ động rà soát …' — a paragraph addressed to its first words."""
    colon = text.find(":")
    if colon <= 0 or colon > 240:
        return None
    subject = text[:colon]
    if first_verb(subject) or "." in subject or len(subject) > 160 or _NARRATION.search(f" {subject} "):
        return None
    if re.search(r"\snhư sau$|\s(?:kết luận|ý kiến|phát biểu)\b", subject):
        return None  # the speaker of a conclusion, not an addressee
    rest = text[colon + 1 :].strip()
    return Assignment(lead=lead_names(subject), subject=subject, form="addressed", lead_in=not rest)


def addressee(text: str) -> list[str] | None:
    """A heading that only names who acts ('1. Bộ Công an:', '- Bộ Xây dựng', 'Giao Sở Xây dựng'), or None."""
    text = nfc(text).strip()
    asked = re.match(r"(?:Giao cho|Giao|Đề nghị|Yêu cầu|Phân công)\s+", text)
    text = text[asked.end() :] if asked else text
    core = re.sub(r"\s*\([^()]*\)\s*", " ", text).strip(" :.")
    if not core or len(core) > 200 or not _starts_subject(core):
        return None
    if not asked and core.startswith(_WEAK_HEADS) and not core.endswith(":") and not text.rstrip().endswith(":"):
        return None
    if first_verb(core) or re.search(r"[.;]", core):
        return None
    return lead_names(core)


# --- Labels printed under a task ------------------------------------------------------------------------------

_LABEL = re.compile(
    r"^(?P<name>(?:don vi|co quan)(?: chu tri| thuc hien| phoi hop)(?: tham muu)?(?: thuc hien)?"
    r"|(?:don vi|co quan) thuc hien|thoi gian(?: thuc hien| hoan thanh)?|thoi han(?: ban hanh| hoan thanh| thuc hien)?"
    r"|tien do(?: thuc hien)?|noi dung(?: thuc hien)?|nhiem vu|san pham(?: du kien)?|ket qua(?: du kien)?)\s*:",
)
# The start of a label line, before its colon may have been wrapped to the next line.
LABEL_START = re.compile(
    r"^(?:don vi|co quan) (?:chu tri|thuc hien|phoi hop)|^thoi (?:gian|han)\b|^(?:noi dung|tien do)\b"
)


def label(text: str) -> tuple[str, str] | None:
    """('lead' | 'coordinating' | 'time' | 'content' | 'result', value) for a label paragraph, else None."""
    folded = fold(text)
    match = _LABEL.match(folded)
    if not match:
        # 'Thời gian hoàn thành trước ngày 31 tháng 12 năm 2025.' printed after a point: its deadline
        if re.match(
            r"thoi (?:gian|han)(?: thuc hien| hoan thanh)?\s+(?:hoan thanh|truoc|trong|den|xong|sau|nam|quy|thang)",
            folded,
        ):
            return "time", text
        return None
    name = match.group("name")
    colon = text.find(":")
    value = text[colon + 1 :].strip() if colon >= 0 else ""
    if "phoi hop" in name:
        role = "coordinating"
    elif name.startswith(("don vi", "co quan")):
        role = "lead"
    elif name.startswith(("thoi", "tien do")):
        role = "time"
    elif name.startswith(("noi dung", "nhiem vu")):
        role = "content"
    else:
        role = "result"
    return role, value


def label_agencies(value: str) -> list[str]:
    """Bodies of a 'Cơ quan thực hiện:' value; a clause per body ('Sở Nội vụ chủ trì …; Sở Tư pháp …')."""
    names: list[str] = []
    for clause in re.split(r";\s*", value.strip(" .")):
        clause = re.sub(r"^[-+]\s*", "", clause.strip())
        verb = first_verb(clause)
        subject = clause[: verb.start()] if verb else clause
        for name in lead_names(subject):
            if name and name not in names:
                names.append(name)
    return names
