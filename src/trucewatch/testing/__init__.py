"""Helpers shared by the tests and the benchmarks: a throwaway PostgreSQL server, a `serve`
process on a free port, the headless Chromium flags.

They live in the package, not under tests/, so that bench/ (and anyone checking a deployment)
imports them without importing the test suite; the tests import them from here too. Nothing
here runs at import time, and nothing is imported by the product itself.
"""
