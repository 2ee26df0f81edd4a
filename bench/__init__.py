"""Hand-run benchmarks: `python -m bench.<name>` prints a table. Never run by CI."""
