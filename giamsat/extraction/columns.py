"""Recognising table columns by their Vietnamese headers and synonyms, not by position."""

from .text import fold

# role -> folded header phrases. The longest phrase found in a header cell decides its role, so
# 'Nội dung Ban Chỉ đạo giao' (committee) beats 'Nội dung' (title).
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "ref": ("stt", "tt", "so tt", "so thu tu", "thu tu"),
    "title": (
        "ten nhiem vu",
        "noi dung nhiem vu",
        "nhiem vu",
        "noi dung",
        "noi dung cong viec",
        "ten de an",
        "nhiem vu, giai phap",
        "nhiem vu giai phap",
        "noi dung thuc hien",
        "cong viec",
        "ten chuong trinh",
    ),
    "directing": ("co quan chi dao", "chi dao", "lanh dao chi dao"),
    "lead": (
        "co quan chu tri",
        "co quan thuc hien",
        "don vi chu tri",
        "don vi thuc hien",
        "chu tri",
        "co quan, don vi chu tri",
        "co quan, don vi thuc hien",
        "don vi chiu trach nhiem",
        "co quan chiu trach nhiem",
        "co quan, don vi",
        "co quan dau moi",
        "don vi dau moi",
        "chu tri thuc hien",
        "co quan chu tri thuc hien",
    ),
    "coordinating": (
        "co quan phoi hop",
        "don vi phoi hop",
        "phoi hop",
        "co quan tham muu/ phoi hop",
        "co quan tham muu/phoi hop",
        "co quan, don vi phoi hop",
        "phoi hop thuc hien",
    ),
    "expected_result": (
        "yeu cau ket qua",
        "san pham",
        "ket qua",
        "san pham dau ra",
        "ket qua, san pham",
        "san pham, ket qua",
        "yeu cau",
        "ket qua dau ra",
        "hinh thuc san pham",
        "chi tieu",
    ),
    "planned": ("thoi gian giao theo ke hoach", "theo ke hoach", "thoi gian theo ke hoach"),
    "deadline": (
        "thoi gian hoan thanh",
        "thoi han",
        "tien do",
        "thoi gian thuc hien",
        "thoi gian",
        "han hoan thanh",
        "thoi han hoan thanh",
        "moc thoi gian",
        "tien do thuc hien",
        "thoi gian hoan thanh du kien",
    ),
    "committee": ("noi dung ban chi dao giao", "ban chi dao giao", "y kien chi dao", "noi dung chi dao"),
    "source": ("van ban giao nhiem vu", "can cu", "van ban chi dao", "nguon", "van ban", "can cu giao nhiem vu"),
    "notes": ("ghi chu", "thuoc nhom nhiem vu", "nhom nhiem vu"),
}


def header_role(cell: str) -> str | None:
    return _header_match(cell)[0]


def _header_match(cell: str) -> tuple[str | None, int]:
    """(role, length of the phrase that decided it)."""
    match = _phrase_role(" ".join(fold(cell).replace("\n", " ").split()))
    if match[0] is None and "\n" in cell:
        # a word broken over lines in a narrow column ('ST' | 'T' in a PDF): try the lines glued together
        match = _phrase_role(" ".join(fold(cell.replace("\n", "")).split()))
    return match


def _phrase_role(folded: str) -> tuple[str | None, int]:
    if not folded:
        return None, 0
    best, best_len = None, 0
    for role, phrases in COLUMN_SYNONYMS.items():
        for phrase in phrases:
            matched = folded == phrase if len(phrase) <= 3 else (phrase in folded)
            if matched and len(phrase) > best_len:
                best, best_len = role, len(phrase)
    return best, best_len


def map_header(cells: list[str]) -> dict[int, str] | None:
    """Column index -> role for a header row; None when the row is not a task-table header.

    Two columns naming the same role ('Thuộc nhóm nhiệm vụ' and 'Nội dung nhiệm vụ'): the one named
    more precisely (the longer phrase) takes it, the first one on a tie.
    """
    best: dict[str, tuple[int, int]] = {}  # role -> (phrase length, column)
    for index, cell in enumerate(cells):
        role, length = _header_match(cell)
        if role and (role not in best or length > best[role][0]):
            best[role] = (length, index)
    mapping = {index: role for role, (_length, index) in sorted(best.items(), key=lambda item: item[1][1])}
    roles = set(mapping.values())
    if "title" in roles and roles & {"lead", "deadline", "committee", "coordinating", "expected_result"}:
        return mapping
    return None


def roles_in_text(header_text: str) -> list[str]:
    """Roles of a header flattened into text (PDF), in the order they appear."""
    folded = " ".join(fold(header_text).split())
    found: list[tuple[int, int, str]] = []
    for role, phrases in COLUMN_SYNONYMS.items():
        for phrase in phrases:
            if len(phrase) <= 3:
                continue
            start = folded.find(phrase)
            while start != -1:
                found.append((start, -len(phrase), role))
                start = folded.find(phrase, start + 1)
    if folded.startswith("stt") or folded.startswith("tt "):
        found.append((0, -3, "ref"))
    found.sort()
    roles: list[str] = []
    covered_until = -1
    for start, neg_len, role in found:
        if start < covered_until:
            continue
        if role not in roles:
            roles.append(role)
        covered_until = start - neg_len
    return roles
