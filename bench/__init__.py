"""Benchmarks and the relevance report (``make bench`` / ``make bench-quick``).

Entry point: ``python -m bench.run --full | --quick``. See bench/README.md.
"""
