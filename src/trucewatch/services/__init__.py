"""Use cases: one named function per write, each in one transaction with its audit entry."""
