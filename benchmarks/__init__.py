"""Benchmarks run by ``make bench``; the code lives in the installed ``services.bench`` package."""
