"""One CSV line as text, so exports can be streamed line by line (CLI file, API response)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable


def csv_line(values: Iterable[object]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(["" if v is None else v for v in values])
    return buf.getvalue()
