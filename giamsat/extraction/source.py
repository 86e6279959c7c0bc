"""A document as the readers hand it to the parsers: its running text and the tables it holds.

Readers (text, .docx, .xlsx, .pdf, .html) all produce a SourceDocument; the parsers never look at
the file format. A table is a list of rows, each a list of cell texts (raw: may hold line breaks and
HTML fragments; the parsers clean them).
"""

from dataclasses import dataclass, field


@dataclass
class SourceTable:
    rows: list[list[str]]


@dataclass
class SourceDocument:
    name: str
    text: str  # the running text, paragraphs separated by newlines (tables excluded where the format allows)
    tables: list[SourceTable] = field(default_factory=list)
