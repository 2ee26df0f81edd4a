"""Hand-run benchmarks: `python -m bench.<name>` prints a table. Never run by CI."""

# newsdesk's package sets how NumPy runs (OpenBLAS on one thread) before anything loads NumPy, as
# in every newsdesk process; a bench that imported NumPy first would measure OpenBLAS's spinning
# helper thread (about 6 ms of CPU an article in each page process), not newsdesk.
import newsdesk  # noqa: F401
