"""`trucewatch reference ...` — importers for public reference data and curated datasets."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Import reference data (UCDP, UN sanctions, Phoenix, GeoNames) and curated datasets.",
    no_args_is_help=True,
)
