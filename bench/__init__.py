"""Benchmarks: ``python -m bench NAME`` prints figures and ends with one JSON line."""
