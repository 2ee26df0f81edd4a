"""A pass bounds the heaps malloc keeps for its threads, so its memory stays flatter as it
stores more pages."""

from __future__ import annotations

from newsdesk.jobs import ingest


class _Libc:
    def __init__(self) -> None:
        self.options: list[tuple[int, int]] = []

    def mallopt(self, option: int, value: int) -> int:
        self.options.append((option, value))
        return 1


def test_a_pass_bounds_the_heaps_malloc_keeps_for_its_threads(monkeypatch):
    libc = _Libc()
    monkeypatch.setattr(ingest.ctypes, "CDLL", lambda name: libc)
    ingest._bound_malloc_arenas()
    assert libc.options == [(ingest._M_ARENA_MAX, ingest._MALLOC_ARENAS)]


def test_without_glibc_the_heaps_are_left_as_they_are(monkeypatch):
    def missing(name: str) -> None:
        raise OSError(name)

    monkeypatch.setattr(ingest.ctypes, "CDLL", missing)
    ingest._bound_malloc_arenas()  # no error
