"""Language identification with py3langid (offline, model bundled in the package).

Downstream steps branch on the result: entities and hashtags run only for English, embeddings for
every language. Returning ``None`` when unsure is safer than a wrong code, so short or
letter-poor inputs and low-confidence guesses abstain.
"""

from __future__ import annotations

import io
import lzma
import re
from array import array
from functools import cache
from pathlib import Path

import numpy as np
import py3langid
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from newsdesk.nlp._kept import file_key, kept_file

MIN_LETTERS = 12
MIN_CONFIDENCE = 0.5
# Language is decided on the lead: more text adds time, not accuracy.
_MAX_CHARS = 2000
_LETTER = re.compile(r"[^\W\d_]")
# The model as the package ships it, LZMA-compressed.
_SHIPPED = MODEL_DIR / MODEL_FILE


# Where the model is kept decompressed between starts (``keep_model_in``); None: not kept.
_kept_in: Path | None = None


def keep_model_in(folder: Path | None) -> None:
    """Keep the model decompressed in ``folder``: the package ships it LZMA-compressed, and
    decompressing its 68 MB took 0.35 of the 0.5 s of CPU every process paid to load it (an
    ingest pass before its page processes fork, each web worker)."""
    global _kept_in
    _kept_in = folder
    _identifier.cache_clear()


@cache
def _identifier() -> LanguageIdentifier:
    if _kept_in is None:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    key = file_key(_SHIPPED, (Path(__file__),), py3langid.__version__)
    kept = kept_file(_kept_in, f"langid-{key}", _decompressed_model, ".npz")
    with np.load(kept if isinstance(kept, Path) else io.BytesIO(kept)) as tables:
        # As py3langid's own loader reads them (``py3langid.modelio.load_model``).
        return LanguageIdentifier(
            tables["ptc"],
            tables["pc"],
            tables["classes"].tolist(),
            _stdlib_array(tables["nextmove"]),
            tables["out_feat"].tolist(),
            norm_probs=True,
            tk_row=_stdlib_array(tables["nextmove_row"]),
        )


def _decompressed_model() -> bytes:
    return lzma.decompress(_SHIPPED.read_bytes())


def _stdlib_array(values: np.ndarray) -> array[int]:
    """An unsigned NumPy array as the stdlib array py3langid's tokenizer indexes."""
    return array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize], values.tobytes())


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or ``None`` when it cannot be told reliably."""
    sample = text[:_MAX_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE or len(code) != 2:
        return None
    return code
