"""CI quality gate: extraction F1 on the Scrapinghub dev set never drops below the committed floor.

The floor in bench/floors.json was measured on one exact corpus; if the corpus changes (a page
added, a gold text edited) the old floor means nothing, so the gate refuses to run until someone
re-measures with ``python -m bench.extraction`` and commits the new hash and floor together.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bench.extraction import (
    CORPUS_DIR,
    FLOORS_PATH,
    corpus_sha256,
    load_corpus,
    newsdesk_text,
    score_extractor,
)


@pytest.fixture(scope="module")
def floor() -> dict[str, Any]:
    """The extraction floor, after checking it was set on the corpus we are about to score."""
    floor: dict[str, Any] = json.loads(FLOORS_PATH.read_text(encoding="utf-8"))["extraction"]
    actual = corpus_sha256(CORPUS_DIR)
    if actual != floor["corpus_sha256"]:
        pytest.fail(
            f"extraction corpus {CORPUS_DIR} changed: sha256 {actual} but the floor in "
            f"{FLOORS_PATH.name} was set on {floor['corpus_sha256']}. Re-run "
            "`python -m bench.extraction` and commit the new hash with a re-measured floor."
        )
    return floor


def test_extraction_f1_stays_above_the_floor(floor: dict[str, Any]) -> None:
    score = score_extractor(newsdesk_text, load_corpus(CORPUS_DIR))
    assert score.documents == 181
    assert score.f1 >= floor["f1"], (
        f"extraction F1 {score.f1:.4f} fell below the floor {floor['f1']} "
        f"(precision {score.precision:.4f}, recall {score.recall:.4f})"
    )


def test_the_corpus_hash_covers_gold_text_and_page_list(tmp_path: pytest.TempPathFactory) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "ground-truth.json").write_text('{"a": {"articleBody": "x", "url": "u"}}')
    (tmp_path / "html" / "a.html.gz").write_bytes(b"")
    before = corpus_sha256(tmp_path)
    (tmp_path / "html" / "b.html.gz").write_bytes(b"")
    with_page = corpus_sha256(tmp_path)
    (tmp_path / "ground-truth.json").write_text('{"a": {"articleBody": "y", "url": "u"}}')
    assert len({before, with_page, corpus_sha256(tmp_path)}) == 3
