"""Per-host spacing: a second request to one host waits its turn; other hosts do not."""

from __future__ import annotations

import pytest

from newsdesk.feeds import politeness
from newsdesk.feeds.politeness import Politeness


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record requested sleeps instead of sleeping."""
    recorded: list[float] = []
    monkeypatch.setattr(politeness.time, "sleep", recorded.append)
    return recorded


def test_it_spaces_requests_to_the_same_host(sleeps: list[float]) -> None:
    gate = Politeness(total=4, per_host=2, host_delay=30.0)
    for _ in range(3):
        with gate.slot("example.com"):
            pass
    assert len(sleeps) == 2 and sleeps[0] == pytest.approx(30.0, abs=1.0)
    assert sleeps[1] == pytest.approx(60.0, abs=1.0)


def test_it_does_not_make_other_hosts_wait(sleeps: list[float]) -> None:
    gate = Politeness(total=4, per_host=2, host_delay=30.0)
    for host in ("a.example", "b.example", "c.example"):
        with gate.slot(host):
            pass
    assert sleeps == []
