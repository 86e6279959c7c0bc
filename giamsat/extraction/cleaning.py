"""Cleaning cell and paragraph text: HTML fragments, markdown emphasis, footnote markers, whitespace."""

import html
import re

from .text import nfc

_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
_STRAY_STARS = re.compile(r"\*{2,3}|(?:^|(?<=\s))\*+|\*+(?=\s|$)")  # emphasis markers left unpaired ('** II**')
# A document number wrapped after its hyphen: '07- TB/CQTBCĐ' -> '07-TB/CQTBCĐ'.
_WRAPPED_NUMBER = re.compile(r"(\d+)-\s+([A-ZĐ]{1,6}/)")
# A footnote marker glued to a word or sentence end: 'xã hội.1', 'giải pháp2', 'điều hành3.'.
_FOOTNOTE_AFTER_WORD = re.compile(r"(?<=[^\W\d_])([1-9])(?=[.,;:]?(?:\s|$))")
_FOOTNOTE_AFTER_DOT = re.compile(r"(?<=[^\W\d_])\.([1-9])(?=\s|$)")


def strip_html(value: str) -> str:
    """Remove tags, turning block elements into line breaks, and unescape entities."""

    def replace(match: re.Match) -> str:
        return "\n" if match.group(1).lower() in _BLOCK_TAGS else ""

    return html.unescape(_TAG.sub(replace, value))


def clean_cell(value: str | None, *, footnotes: bool = False) -> str:
    """NFC, HTML and markdown emphasis removed, whitespace collapsed; optionally footnote markers removed."""
    if not value:
        return ""
    text = strip_html(value)
    text = _EMPHASIS.sub(r"\2", text)
    text = _STRAY_STARS.sub("", text)
    text = nfc(text)
    text = _WRAPPED_NUMBER.sub(r"\1-\2", text)
    if footnotes:
        text = _FOOTNOTE_AFTER_DOT.sub(".", text)
        text = _FOOTNOTE_AFTER_WORD.sub("", text)
    return text.strip()


def join_broken(parts: list[str]) -> str:
    """Join pieces of a cell broken over lines; a document number cut after its hyphen joins without space."""
    text = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if not text:
            text = part
        elif text.endswith("-") and re.match(r"[A-ZĐ]{1,6}/", part):
            text += part
        else:
            text += " " + part
    return text
