"""JSON parsed with every way it can fail turned into `BadFile` (file, line, what was wrong).

The standard library's parser raises more than `JSONDecodeError` on hostile input: a
`RecursionError` for deep nesting (`[[[[...`) and a `ValueError` for an integer of more than
4,300 digits. Readers parse JSON only through `parse_json`, so none of these reaches a user as
a traceback.
"""

from __future__ import annotations

import json
from typing import Any

from trucewatch.domain.errors import BadFile


def parse_json(data: str | bytes, where: str, *, line: int | None = None) -> Any:
    """The parsed value, or `BadFile` naming `where` (and `line`, when the caller counts them)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BadFile(
                where, f"is not UTF-8 text ({exc.reason} at byte {exc.start})", line=line
            ) from None
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        at = line if line is not None else exc.lineno
        raise BadFile(where, f"is not JSON ({exc.msg}, column {exc.colno})", line=at) from None
    except RecursionError:
        raise BadFile(where, "is JSON nested too deeply to read", line=line) from None
    except ValueError as exc:  # an integer too long to convert
        problem = str(exc).split(":")[0]
        raise BadFile(where, f"is JSON we cannot read ({problem})", line=line) from None
