"""The ingestion pipeline's steps against the database.

Each step re-reads its row by id, does its pure work (fetch, parse, extract, enrich) outside any
transaction, then writes everything it learned in one short transaction. A worker that dies
mid-step therefore leaves either the old row or the new one, never half of each; running a
step again finds the work done and changes nothing (idempotent).
"""
