"""Signals for hand-made reports, built with the real models once per test session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from newsdesk.nlp.embed import embed
from newsdesk.nlp.entities import extract_entities_batch
from newsdesk.stories.cluster import ArticleSignal
from newsdesk.stories.signals import article_keys

Report = tuple[str, str, str]  # (id, "YYYY-MM-DD HH:MM", headline + lead)


@pytest.fixture(scope="session")
def make_signals() -> Callable[[list[Report]], list[ArticleSignal]]:
    def build(reports: list[Report]) -> list[ArticleSignal]:
        texts = [text for _, _, text in reports]
        vectors = embed(texts)
        entities = extract_entities_batch(texts, ["en"] * len(texts))
        return [
            ArticleSignal(
                id=report_id,
                published=datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=UTC),
                vector=vector,
                entity_keys=article_keys(found, text),
                headline=text.split(".")[0],
            )
            for (report_id, when, text), vector, found in zip(
                reports, vectors, entities, strict=True
            )
        ]

    return build
