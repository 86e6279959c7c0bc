"""Pure-Python extraction of tasks from directive documents (no Django import allowed here).

`extract(path_or_bytes, name)` -> DirectiveDraft; `ExtractionError` is the only error it raises.
"""

from .draft import DirectiveDraft, ExtractionError
from .pipeline import extract, extract_from_source

__all__ = ["DirectiveDraft", "ExtractionError", "extract", "extract_from_source"]
