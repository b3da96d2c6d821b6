"""Moved to trucewatch.testing.postgres (shared with bench/); kept so that branches in flight
that import it from here still run. New code imports from trucewatch.testing."""

from trucewatch.testing.postgres import TempPostgres, find_bindir

__all__ = ["TempPostgres", "find_bindir"]
