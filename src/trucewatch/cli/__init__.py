"""The command line: parse, call one service or query, render a table or exact JSON.

`main()` turns every TrucewatchError into one sentence on stderr and a non-zero exit.
"""

from __future__ import annotations

import sys

from trucewatch.cli.app import app
from trucewatch.cli.common import close_databases, console_err, styled
from trucewatch.domain.errors import TrucewatchError


def main() -> None:
    try:
        _main()
    finally:
        close_databases()


def _main() -> None:
    try:
        # Without standalone mode click returns the code of a typer.Exit instead of exiting.
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except TrucewatchError as exc:
        console_err.print(styled("Error:", "bold red", f" {exc.message}"), soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        console_err.print("Interrupted; nothing was written by the interrupted command.")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # click's usage errors and aborts
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Exit):
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(1)
        raise
