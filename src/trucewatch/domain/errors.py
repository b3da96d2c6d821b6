"""One error hierarchy with stable codes.

Every error carries a message a user can act on. Shells (CLI, API) render the message and the
code; they never show a traceback for these.
"""

from __future__ import annotations

# How much of a value an error message quotes, and how long a whole message may be: a 20 MB
# cell echoed in full made one error take a minute to print.
SHOWN_CHARS = 80
MESSAGE_CHARS = 2000


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """`repr(value)` for a message, cut to about `limit` characters with the full length noted."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return repr(text)
    return repr(text[:limit]) + f"… ({len(text):,} characters)"


def _one_line(message: str) -> str:
    """A message as one line of bounded length: the CLI prints it as one sentence."""
    message = " ".join(message.split())
    if len(message) > MESSAGE_CHARS:
        half = MESSAGE_CHARS // 2
        message = message[:half] + " … " + message[-half:]
    return message


class TrucewatchError(Exception):
    """Base of every error the application raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


class InvalidInput(TrucewatchError):
    """An argument or field has a value we cannot accept."""

    code = "invalid_input"


class NotFound(TrucewatchError):
    """A named thing does not exist; the message lists the closest matches when there are any."""

    code = "not_found"

    def __init__(
        self,
        what: str,
        value: str,
        suggestions: list[str] | None = None,
        *,
        field: str | None = None,
    ) -> None:
        self.what = what
        self.value = value
        self.suggestions = list(suggestions or [])
        msg = f"No {what} matches {value!r}."
        if self.suggestions:
            msg += " Closest: " + ", ".join(repr(s) for s in self.suggestions) + "."
        super().__init__(msg, field=field)


class Ambiguous(TrucewatchError):
    """A name matches more than one thing; the caller must use an id."""

    code = "ambiguous"


class RuleViolation(TrucewatchError):
    """A domain rule refuses the operation (e.g. a designated actor joining a truce that excludes it)."""

    code = "rule_violation"


class BadFile(TrucewatchError):
    """A file could not be read: names the file, the line or record, and the field."""

    code = "bad_file"

    def __init__(
        self,
        path: str,
        problem: str,
        *,
        line: int | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.record = record
        where = path
        if line is not None:
            where += f", line {line}"
        if record is not None:
            where += f", record {record}"
        if field is not None:
            where += f", field {shown(field)}"
        super().__init__(_one_line(f"{where}: {problem}"), field=field)
