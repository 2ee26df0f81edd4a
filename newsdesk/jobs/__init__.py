"""Background work: tasks on Django's Tasks API, the scheduler that feeds them, and the
command-line entry points (ingest, worker, sources, opml, demo)."""
