"""The field's formats: readers for ACLED, UCDP GED, GDELT 2.0 and PA-X, writers for ACLED CSV,
PLOVER JSON lines, HXL CSV, GeoJSON and our ledger CSV.

Readers turn a file into plain records, one at a time, and report bad rows by line and column;
they never touch the database. What a record becomes (an incident and its claim, a review
candidate, a truce) is decided in `services.interop`. Writers turn plain views into lines of
text, so the CLI and the API stream the same bytes.
"""
