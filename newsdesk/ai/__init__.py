"""Grounded AI features: every sentence shown to a reader cites the article sentences it comes from.

The core is pure: it takes `Document`s (built from plain text with `Document.from_text`) and returns
dataclasses, never touching the ORM. Features default to the production embedding model and accept
any `Embedder` instead. The optional `GroundedWriter` upgrades summaries, key points and answers
with a language model, verifying every sentence and falling back to the extractive text.
"""

from __future__ import annotations

from newsdesk.ai.compare import compare_coverage
from newsdesk.ai.embedding import CachedEmbedder, Embedder, default_embedder
from newsdesk.ai.llm import ChatClient, GroundedWriter, LLMConfig, LLMError
from newsdesk.ai.qa import ask
from newsdesk.ai.summary import key_points, summarize
from newsdesk.ai.timeline import timeline
from newsdesk.ai.types import (
    DEFAULT_OPTIONS,
    EXTRACTIVE,
    NOT_IN_ARTICLE,
    AIOptions,
    Answer,
    Citation,
    Claim,
    Coverage,
    Difference,
    Document,
    Grounded,
    Result,
    Sentence,
    TimelineEntry,
)

__all__ = [
    "DEFAULT_OPTIONS",
    "EXTRACTIVE",
    "NOT_IN_ARTICLE",
    "AIOptions",
    "Answer",
    "CachedEmbedder",
    "ChatClient",
    "Citation",
    "Claim",
    "Coverage",
    "Difference",
    "Document",
    "Embedder",
    "Grounded",
    "GroundedWriter",
    "LLMConfig",
    "LLMError",
    "Result",
    "Sentence",
    "TimelineEntry",
    "ask",
    "compare_coverage",
    "default_embedder",
    "key_points",
    "summarize",
    "timeline",
]
