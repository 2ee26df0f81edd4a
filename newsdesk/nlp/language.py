"""Language identification with py3langid (offline, model bundled in the package).

Downstream steps branch on the result: entities and hashtags run only for English, embeddings for
every language. Returning ``None`` when unsure is safer than a wrong code, so short or
letter-poor inputs and low-confidence guesses abstain.
"""

from __future__ import annotations

import re
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

MIN_LETTERS = 12
MIN_CONFIDENCE = 0.5
# Language is decided on the lead: more text adds time, not accuracy.
_MAX_CHARS = 2000
_LETTER = re.compile(r"[^\W\d_]")


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or ``None`` when it cannot be told reliably."""
    sample = text[:_MAX_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE or len(code) != 2:
        return None
    return code
