"""Ingestion: read documents from files and streams, then hand them to extraction.

Readers never raise on bad input: each bad file or line becomes a `ReadProblem` in the result
stream, so one broken record does not stop a batch and the caller decides what is fatal.
"""

from trucewatch.ingest.document import Document, ReadProblem, ReadResult, content_id
from trucewatch.ingest.readers import FORMATS, read_path, read_paths, read_stdin
from trucewatch.ingest.tabular import ColumnMap
from trucewatch.ingest.text import parse_published, strip_boilerplate

__all__ = [
    "FORMATS",
    "ColumnMap",
    "Document",
    "ReadProblem",
    "ReadResult",
    "content_id",
    "parse_published",
    "read_path",
    "read_paths",
    "read_stdin",
    "strip_boilerplate",
]
