"""The demo: six fictional outlets (corpus/) and the local publisher server that serves them,
so `make demo` shows a lively site through the real ingestion pipeline, offline.
"""
