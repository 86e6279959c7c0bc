"""Vietnamese capitalisation of a heading printed in capitals, learnt from the document's own text.

A heading in capitals ('CỦA ĐỒNG CHÍ ỦY VIÊN BCH TRUNG ƯƠNG ĐẢNG, BÍ THƯ TỈNH ỦY') does not say which words are
capitalised: names of bodies, titles and places are ('Ủy viên BCH Trung ương Đảng, Bí thư Tỉnh ủy', 'tỉnh Thái
Nguyên'), the other words are not. The body of the same document writes most of these names in running text, so
the heading takes the case the text gives the same words: the longest run of words (up to four) the text holds,
in its most frequent form. A single word takes the text's case only when the text nearly always writes it so
('Đảng', 'Thái', a person's name). Words the text does not hold stay in lower case; abbreviations and numbers
('BCH', '57-NQ/TW') stay as printed.

The text's words whose case comes from their place are not learnt from: the first word of a line or of a
sentence, after a bullet, a number, a colon or an opening quote.
"""

import re
from collections import Counter, defaultdict

LONGEST = 4
PUNCTUATION = ".,;:!?()[]“”\"'‘’…"
SENTENCE_END = (".", "!", "?", ":", ";", "…")
BULLET = re.compile(r"^([-+*•–—]|\d+[.)]?|[a-zđ][.)]|[IVXLC]+\.?)$")


def _core(token: str) -> str:
    return token.strip(PUNCTUATION)


def _is_word(core: str) -> bool:
    """A word whose case may be learnt or restored: letters only (not '57-NQ/TW', not '2026', not 'KH&CN')."""
    return bool(core) and core.isalpha()


# The usual forms of names that running text may not hold, or holds in another sense ('Nhân dân', the people,
# against 'Ủy ban nhân dân'): learnt as runs of two words or more, as if the text held them once more.
USUAL = (
    "Ủy ban nhân dân",
    "Uỷ ban nhân dân",
    "Hội đồng nhân dân",
    "Ban Chấp hành Trung ương Đảng",
    "Trung ương Đảng",
    "Bộ Chính trị",
    "Tổng Bí thư",
    "Phó Bí thư",
    "Bí thư Tỉnh ủy",
    "Thường trực Tỉnh ủy",
    "Ban Thường vụ Tỉnh ủy",
    "Văn phòng Tỉnh ủy",
    "Chánh Văn phòng",
    "Thủ tướng Chính phủ",
    "Phó Thủ tướng",
    "Văn phòng Chính phủ",
    "Ban Chỉ đạo",
    "Trưởng Ban Chỉ đạo",
    "Phó Trưởng Ban",
    "Cơ quan Thường trực",
    "Phó Chủ tịch",
    "Chủ tịch Ủy ban nhân dân",
    "Mặt trận Tổ quốc Việt Nam",
    "Việt Nam",
    "Hồ Chí Minh",
    "Nhà nước",
    "Quốc hội",
)


class Casing:
    """The case a document's running text gives its words and runs of words."""

    def __init__(self, text: str):
        self.runs: dict[tuple[str, ...], Counter] = defaultdict(Counter)
        for line in text.splitlines():
            letters = [c for c in line if c.isalpha()]
            if not letters or all(c.isupper() for c in letters):
                continue  # a heading in capitals teaches nothing
            self._learn(line.split())
        for name in USUAL:
            self._learn(name.split(), shortest=2, placed_first=False)

    def _learn(self, tokens: list[str], *, shortest: int = 1, placed_first: bool = True) -> None:
        run: list[str] = []  # the words since the last word whose case is its place's
        lowered: list[str] = []  # the same in lower case
        previous = previous_core = ""
        for index, token in enumerate(tokens):
            core = _core(token)
            placed = (
                (not index and placed_first)
                or previous.endswith(SENTENCE_END)
                or BULLET.match(previous) is not None
                or token[:1] in "“\"‘('["
            )
            word = _is_word(core)
            if not word or placed or (previous and previous_core != previous.rstrip(",")):
                # a number, a placed word, or a word after other punctuation than a comma: a new run
                run, lowered = [], []
            previous, previous_core = token, core
            if not word or placed:
                continue
            run.append(core)
            lowered.append(core.lower())
            for n in range(shortest, min(LONGEST, len(run)) + 1):
                self.runs[tuple(lowered[-n:])][tuple(run[-n:])] += 1

    def form(self, words: tuple[str, ...]) -> tuple[tuple[str, ...], int] | None:
        """The text's most frequent form of these words (lower-case keys) and how often it is written so, or None
        when the text does not settle it."""
        forms = self.runs.get(words)
        if not forms:
            return None
        (best, count), total = forms.most_common(1)[0], sum(forms.values())
        if len(words) == 1 and (total < 2 or count < 0.8 * total):
            return None  # a single word: only when the text nearly always writes it so
        return best, count

    def restore(self, tokens: list[str], changeable: set[int]) -> list[str]:
        """The heading's words (split on spaces) with the case the document's text gives to those at the
        `changeable` places (the words printed in capitals); the others are context, kept as printed. Each word
        takes its form from the longest run of words around it that the text holds ('Hồ Chí Minh' from 'hồ chí
        minh', not 'minh' alone), the most frequent run among runs as long."""
        positions = [i for i, token in enumerate(tokens) if _is_word(_core(token))]
        chosen: dict[int, tuple[bool, int, int, str]] = {}  # place: (not last, run length, count, word)
        for start in range(len(positions)):
            for n in range(1, LONGEST + 1):
                span = positions[start : start + n]
                if len(span) < n or span[-1] - span[0] != n - 1:
                    break  # not next to each other
                if any(tokens[i] != _core(tokens[i]) and not tokens[i].endswith(",") for i in span[:-1]):
                    break  # a run does not cross other punctuation than a comma
                found = self.form(tuple(_core(tokens[i]).lower() for i in span))
                if found is None:
                    continue
                form, count = found
                for i, word in zip(span, form, strict=True):
                    # a run that goes on after the word (the words after a Vietnamese noun say which it is:
                    # 'tỉnh Đồng Tháp' over 'Ủy ban nhân dân Tỉnh'), then the longest, then the most frequent
                    rank = (i != span[-1], n, count)
                    if rank > chosen.get(i, (False, 0, 0, ""))[:3]:
                        chosen[i] = (*rank, word)
        out = list(tokens)
        for i, (*_rank, word) in chosen.items():
            if i in changeable:
                out[i] = tokens[i].replace(_core(tokens[i]), word, 1)
        return out
