"""Benchmarks and evaluation run from a checkout (`make bench`, `make eval`); the harness is in ``harness/`` and
is not part of the installed package."""
