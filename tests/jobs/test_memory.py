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


class _TrimmingLibc:
    def __init__(self) -> None:
        self.trims: list[int] = []

    def malloc_trim(self, pad: int) -> int:
        self.trims.append(pad)
        return 1


def test_a_page_process_hands_freed_memory_back_every_few_batches(monkeypatch):
    libc = _TrimmingLibc()
    monkeypatch.setattr(ingest.ctypes, "CDLL", lambda name: libc)
    pages = ingest.READ_BATCH * ingest._TRIM_EVERY * 2 + 3
    jobs = [ingest.PageJob(n, f"http://example.com/{n}") for n in range(pages)]
    monkeypatch.setattr(
        ingest,
        "_fetch_in_threads",
        lambda jobs, threads, extracting: (ingest.PageResult(j.article_id, None) for j in jobs),
    )
    sent: list[object] = []
    monkeypatch.setattr(ingest, "_send_read", lambda held, results: sent.extend(held))

    class _Pipe:
        def close(self) -> None:
            pass

    ingest._fetch_in_child(jobs, 4, _Pipe())  # type: ignore[arg-type]
    assert len(sent) == pages
    assert libc.trims == [0, 0]


def test_without_glibc_freed_memory_stays_with_malloc(monkeypatch):
    def missing(name: str) -> None:
        raise OSError(name)

    monkeypatch.setattr(ingest.ctypes, "CDLL", missing)
    ingest._hand_back_freed_memory()  # no error
