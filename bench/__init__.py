"""Hand-run benchmarks: `python -m bench.<name>` prints a table. Never run by CI."""

import newsdesk  # noqa: F401 - first, so its process settings apply before NumPy loads
