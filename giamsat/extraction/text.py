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
