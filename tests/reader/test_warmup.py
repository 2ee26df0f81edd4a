"""A web process's warm-up sets what it loaded aside from the garbage collector's passes."""

from __future__ import annotations

import gc

from newsdesk.reader.warmup import settle_heap


def test_settling_the_heap_leaves_what_the_process_holds_out_of_every_collection():
    loaded = [object() for _ in range(10)]
    try:
        settle_heap()
        assert not any(item is loaded for item in gc.get_objects())
        made_later = [object()]
        assert any(item is made_later for item in gc.get_objects())
    finally:
        gc.unfreeze()
