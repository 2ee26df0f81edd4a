"""CI quality gate: extraction F1 on both dev sets never drops below the committed floors.

Each floor in bench/floors.json was measured on one exact corpus; if a corpus changes (a page
added, a gold text edited) the old floor means nothing, so the gate refuses to run until someone
re-measures with ``python -m bench.extraction`` and commits the new hash and floor together.
Both gates call ``extract_article``, the function the page step of the pipeline calls. The WCXB
gate reads every third page by id (237 of 711) to stay within seconds on CI.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench.extraction import (
    CORPUS_DIR,
    FLOORS_PATH,
    WCXB_DIR,
    corpus_sha256,
    load_corpus,
    load_wcxb,
    mean_bag_f1,
    newsdesk_text,
    score_extractor,
    wcxb_sha256,
)


def _floor(key: str, directory: Path, digest: Callable[[Path], str]) -> dict[str, Any]:
    """The floor under ``key``, after checking it was set on the corpus we are about to score."""
    floor: dict[str, Any] = json.loads(FLOORS_PATH.read_text(encoding="utf-8"))[key]
    actual = digest(directory)
    if actual != floor["corpus_sha256"]:
        pytest.fail(
            f"extraction corpus {directory} changed: sha256 {actual} but the floor in "
            f"{FLOORS_PATH.name} was set on {floor['corpus_sha256']}. Re-run "
            "`python -m bench.extraction` and commit the new hash with a re-measured floor."
        )
    return floor


def test_scrapinghub_f1_stays_above_the_floor() -> None:
    floor = _floor("extraction", CORPUS_DIR, corpus_sha256)
    score = score_extractor(newsdesk_text, load_corpus(CORPUS_DIR))
    assert score.documents == 181
    assert score.f1 >= floor["f1"], (
        f"extraction F1 {score.f1:.4f} fell below the floor {floor['f1']} "
        f"(precision {score.precision:.4f}, recall {score.recall:.4f})"
    )


def test_wcxb_dev_f1_stays_above_the_floor() -> None:
    floor = _floor("extraction_wcxb_dev", WCXB_DIR, wcxb_sha256)
    pages = load_wcxb(WCXB_DIR, every=floor["every"])
    assert len(pages) == floor["pages"]
    f1 = mean_bag_f1(newsdesk_text, pages)
    assert f1 >= floor["f1"], f"WCXB dev F1 {f1:.4f} fell below the floor {floor['f1']}"


def test_the_corpus_hash_covers_gold_text_and_page_list(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "ground-truth.json").write_text('{"a": {"articleBody": "x", "url": "u"}}')
    (tmp_path / "html" / "a.html.gz").write_bytes(b"")
    before = corpus_sha256(tmp_path)
    (tmp_path / "html" / "b.html.gz").write_bytes(b"")
    with_page = corpus_sha256(tmp_path)
    (tmp_path / "ground-truth.json").write_text('{"a": {"articleBody": "y", "url": "u"}}')
    assert len({before, with_page, corpus_sha256(tmp_path)}) == 3


def test_the_wcxb_hash_covers_gold_text_and_page_list(tmp_path: Path) -> None:
    (tmp_path / "ground-truth").mkdir()
    (tmp_path / "metadata-articles.json").write_text('{"0001": {}}')
    (tmp_path / "ground-truth" / "0001.json").write_text('{"main_content": "x"}')
    (tmp_path / "ground-truth" / "0002.json").write_text('{"main_content": "z"}')
    before = wcxb_sha256(tmp_path)
    (tmp_path / "ground-truth" / "0001.json").write_text('{"main_content": "y"}')
    edited = wcxb_sha256(tmp_path)
    (tmp_path / "metadata-articles.json").write_text('{"0001": {}, "0002": {}}')
    assert len({before, edited, wcxb_sha256(tmp_path)}) == 3
