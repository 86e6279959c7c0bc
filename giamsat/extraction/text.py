"""Vietnamese text normalisation: NFC on the way in, diacritic-free folding for search and matching."""

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def nfc(value: str | None) -> str:
    """NFC-normalise and collapse runs of whitespace; None becomes ''."""
    if not value:
        return ""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str | None) -> str:
    """Lower-case, diacritic-free form: 'Chuyển đổi số' -> 'chuyen doi so', 'Tỉnh uỷ' == 'Tỉnh ủy'."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _WHITESPACE.sub(" ", stripped.casefold()).strip()


_WORD = re.compile(r"\w+")


def search_words(*parts: str | None) -> str:
    """Folded words between spaces (' chuyen doi so '), so a query word matches whole words only."""
    return " " + " ".join(_WORD.findall(fold(" ".join(p for p in parts if p)))) + " "


def query_words(query: str | None) -> list[str]:
    return _WORD.findall(fold(query))
