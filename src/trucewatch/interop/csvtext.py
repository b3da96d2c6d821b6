"""One CSV line as text, so exports can be streamed line by line (CLI file, API response).

Two rules make a line safe to hand on:

- Every cell that needs quoting is quoted: one holding the delimiter, the quote mark, a line
  feed or a carriage return. (The csv module quotes only the characters of its own line
  terminator, so with "\\n" as terminator a bare "\\r" went out unquoted and the file could
  not be read back.)
- A text cell that a spreadsheet would run as a formula (OWASP's "CSV injection": it starts
  with =, +, -, @, a tab or a carriage return) is neutralised by a leading single quote,
  unless the caller asks for raw cells. A cell that is just a number ("-3.5", "+12") is no
  formula and is left as it is, so numeric columns stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value: str) -> str:
    """`value`, or `'value` when a spreadsheet would read it as a formula."""
    if value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_line(values: Iterable[object], *, raw_formulas: bool = False) -> str:
    """The values as one CSV line ending in "\\n"; None is an empty cell."""
    cells: list[object] = []
    for v in values:
        if v is None:
            cells.append("")
        elif isinstance(v, str) and not raw_formulas:
            cells.append(neutralise(v))
        else:
            cells.append(v)
    buf = io.StringIO()
    # "\r\n" as terminator makes the writer quote any cell holding "\r" or "\n"; the line
    # itself then ends in "\n" like every other line we write.
    csv.writer(buf, lineterminator="\r\n").writerow(cells)
    return buf.getvalue()[:-2] + "\n"
