"""Sections of the site (World, Business, Technology, ...) for an article, offline.

Each section is the centroid of the embeddings of short descriptions of what it carries
(``data/sections.json``); an article belongs to the section its embedding is closest to, and
also to any other section nearly as close, so a strike that shuts a port is both World and
Business. Articles are embedded at enrichment anyway: assigning sections costs one small
matrix product, and needs no labelled data beyond the descriptions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

DESCRIPTIONS = Path(__file__).with_name("data") / "sections.json"
# A second section is given when it is this close (in cosine) to the best one's: measured on
# the demo outlets, where the ties are the reports that really are both.
SECOND_SECTION_MARGIN = 0.03


@dataclass(frozen=True)
class Section:
    slug: str
    name: str


SECTIONS: tuple[Section, ...] = (
    Section("world", "World"),
    Section("business", "Business"),
    Section("technology", "Technology"),
    Section("science", "Science"),
    Section("health", "Health"),
    Section("sport", "Sport"),
    Section("entertainment", "Entertainment"),
)
SECTION_NAMES = {section.slug: section.name for section in SECTIONS}


class SectionClassifier:
    """Sections from embeddings, by closeness to each section's centroid."""

    def __init__(self, centroids: np.ndarray, margin: float = SECOND_SECTION_MARGIN) -> None:
        if centroids.shape[0] != len(SECTIONS):
            raise ValueError("topics: one centroid per section is needed")
        self.centroids = centroids / np.linalg.norm(centroids, axis=1, keepdims=True)
        self.margin = margin

    @classmethod
    def from_descriptions(cls, descriptions: dict[str, list[str]]) -> SectionClassifier:
        """Centroids of the embedded descriptions, in the order of ``SECTIONS``."""
        from newsdesk.nlp.embed import embed  # the archive's models import ``SECTIONS`` only

        centroids = np.stack([embed(descriptions[s.slug]).mean(axis=0) for s in SECTIONS])
        return cls(centroids)

    def closeness(self, vectors: np.ndarray) -> np.ndarray:
        """Cosine of each (unit) vector to each section: shape (n, sections)."""
        return np.asarray(vectors, dtype=np.float32) @ self.centroids.T

    def best(self, vectors: np.ndarray) -> list[str]:
        """The one closest section of each vector."""
        return [SECTIONS[i].slug for i in self.closeness(vectors).argmax(axis=1)]

    def assign(self, vectors: np.ndarray) -> list[list[str]]:
        """Each vector's sections, closest first: the best, and any within the margin of it."""
        assigned = []
        for row in self.closeness(vectors):
            order = np.argsort(-row)
            near = [i for i in order if row[i] >= row[order[0]] - self.margin]
            assigned.append([SECTIONS[i].slug for i in near])
        return assigned


def load_descriptions() -> dict[str, list[str]]:
    return json.loads(DESCRIPTIONS.read_text(encoding="utf-8"))["sections"]


@cache
def _classifier(model: str) -> SectionClassifier:
    return SectionClassifier.from_descriptions(load_descriptions())


def classifier() -> SectionClassifier:
    """The process-wide classifier, its centroids embedded once by the configured model (an
    embedding from one model is never compared with another's centroids)."""
    from newsdesk.nlp.embed import model_name

    return _classifier(model_name())


def sections_for(vectors: np.ndarray) -> list[list[str]]:
    """The sections of articles, from their stored embeddings (one row each)."""
    return classifier().assign(vectors)
