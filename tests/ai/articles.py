"""Hand-written test articles (tests/ai/testdata), shared by the tests and `bench.ai`.

Each file is a small header ("source:", "headline:", "published:"), a "---" line and a plain-text
body with one paragraph per line.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TypedDict

from newsdesk.ai import Document

TESTDATA = Path(__file__).parent / "testdata"


class Question(TypedDict):
    article: str
    question: str
    support: str | None


def load(path: Path) -> Document:
    header, body = path.read_text().split("\n---\n", 1)
    fields = dict(line.split(": ", 1) for line in header.splitlines())
    published = datetime.fromisoformat(fields["published"])
    return Document.from_text(path.stem, fields["source"], fields["headline"], published, body)


def article(name: str) -> Document:
    return load(TESTDATA / "articles" / f"{name}.txt")


def story() -> list[Document]:
    """Two outlets' reports of one event: one number and one attribution disagree."""
    return [load(path) for path in sorted((TESTDATA / "story").glob("*.txt"))]


def questions() -> list[Question]:
    """Questions with a phrase of the sentence that answers them (None: the article is silent)."""
    return json.loads((TESTDATA / "questions.json").read_text())
