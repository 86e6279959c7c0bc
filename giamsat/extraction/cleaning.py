"""Cleaning cell and paragraph text: HTML fragments, markdown emphasis, footnote markers, whitespace."""

import bisect
import html
import re

from .text import nfc

_TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "br", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")  # as `_unemphasise` reads it
_MARK = re.compile(r"[*_]")
_STRAY_STARS = re.compile(r"\*{2,3}|(?:^|(?<=\s))\*+|\*+(?=\s|$)")  # emphasis markers left unpaired ('** II**')
# A document number wrapped after its hyphen: '07- TB/CQTBCĐ' -> '07-TB/CQTBCĐ'. Tried at the start of a run of
# digits only (the same matches): tried at each digit, a long run of digits cost time quadratic in it.
_WRAPPED_NUMBER = re.compile(r"(?<!\d)(\d+)-\s+([A-ZĐ]{1,6}/)")
# A footnote marker glued to a word or sentence end: 'xã hội.1', 'giải pháp2', 'điều hành3.'.
_FOOTNOTE_AFTER_WORD = re.compile(r"(?<=[^\W\d_])([1-9])(?=[.,;:]?(?:\s|$))")
_FOOTNOTE_AFTER_DOT = re.compile(r"(?<=[^\W\d_])\.([1-9])(?=\s|$)")


def strip_html(value: str) -> str:
    """Remove tags, turning block elements into line breaks, and unescape entities."""

    def replace(match: re.Match) -> str:
        return "\n" if match.group(1).lower() in _BLOCK_TAGS else ""

    # A tag ends with '>': none is looked for after the last one (there each '<' read on to the end of the text, in
    # time quadratic in it).
    end = value.rfind(">") + 1
    return html.unescape(_TAG.sub(replace, value[:end]) + value[end:])


def _unemphasise(text: str) -> str:
    """`_EMPHASIS.sub(r"\2", text)`: '**Bộ Công an**' -> 'Bộ Công an', in time linear in the text.

    The regular expression, tried at each mark without a closing one after it on its line ('*a *b *c …'), read on
    to the line's end each time: quadratic in the line. Here the closing marks are listed once, and each place is
    tried as the expression tries it: the longest opening mark first ('***', '**', '*'; '___', '__'), followed by
    a character other than a space, then the first closing mark of the same length after one character at least,
    with a character other than a space before it and no line break in between."""
    if "*" not in text and "__" not in text:
        return text
    closers: dict[str, list[int]] = {}  # mark -> where it stands with a non-space before it, in order
    for run in re.finditer(r"\*+|_+", text):
        start, end = run.span()
        for length in (1, 2, 3):
            mark = run.group(0)[0] * length
            places = range(start if start and not text[start - 1].isspace() else start + 1, end - length + 1)
            closers.setdefault(mark, []).extend(places)
    breaks = [match.start() for match in re.finditer("\n", text)]
    out: list[str] = []
    copied = at = 0
    while (mark := _MARK.search(text, at)) is not None:
        start = mark.start()
        found = _emphasis_at(text, start, closers, breaks)
        if found is None:
            at = start + 1
            continue
        inner, end = found
        out += [text[copied:start], inner]
        copied = at = end
    out.append(text[copied:])
    return "".join(out)


def _emphasis_at(text: str, start: int, closers: dict[str, list[int]], breaks: list[int]) -> tuple[str, int] | None:
    """(the emphasised text, where the match ends) of `_EMPHASIS` matched at `start`, or None."""
    char = text[start]
    run = 1
    while run < 3 and start + run < len(text) and text[start + run] == char:
        run += 1
    lengths = range(run, 0, -1) if char == "*" else range(run, 1, -1)  # '\*{1,3}' or '_{2,3}', longest first
    line_end = breaks[bisect.bisect_left(breaks, start)] if breaks and breaks[-1] >= start else len(text)
    for length in lengths:
        inner = start + length
        if inner >= len(text) or text[inner].isspace():
            continue
        places = closers.get(char * length, [])
        at = bisect.bisect_left(places, inner + 1)
        if at < len(places) and places[at] + length <= line_end:
            return text[inner : places[at]], places[at] + length
    return None


def clean_cell(value: str | None, *, footnotes: bool = False) -> str:
    """NFC, HTML and markdown emphasis removed, whitespace collapsed; optionally footnote markers removed."""
    if not value:
        return ""
    text = strip_html(value)
    text = _unemphasise(text)
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
