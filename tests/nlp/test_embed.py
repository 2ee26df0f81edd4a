"""The embedding interface: shape, normalization, order, and the reference model's behaviour."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.nlp._minilm import MiniLM
from newsdesk.nlp.embed import EmbedConfig, dimension, embed, get_embedder

# Published by sentence-transformers for all-MiniLM-L6-v2 (quick-start and semantic-search
# examples); our ONNX graph built from the packaged weights must reproduce them.
QUICKSTART = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
QUICKSTART_SIMILARITY = [[1.0, 0.6660, 0.1046], [0.6660, 1.0, 0.1411], [0.1046, 0.1411, 1.0]]
PASTA_QUERY = "A man is eating pasta."
PASTA_CORPUS = [
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "A man is riding a horse.",
]
PASTA_SCORES = [0.7035, 0.5272, 0.1889]


def test_it_returns_unit_float32_rows() -> None:
    vectors = embed(["Earthquake hits Indonesia", "Apple unveils a new iPhone"])
    assert vectors.shape == (2, dimension())
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_it_handles_no_texts() -> None:
    assert embed([]).shape == (0, dimension())


def test_it_keeps_input_order_despite_length_sorting() -> None:
    texts = ["a much longer sentence about the central bank raising rates", "short", "mid length"]
    together = embed(texts)
    one_by_one = np.concatenate([embed([t]) for t in texts])
    np.testing.assert_allclose(together, one_by_one, atol=1e-4)


def test_an_unknown_backend_is_refused_rather_than_replaced() -> None:
    with pytest.raises(ValueError, match="unknown backend"):
        EmbedConfig(backend="word2vec")


@pytest.mark.parametrize("backend", ["minilm", "e5"])
def test_paraphrases_score_above_unrelated_text(backend: str) -> None:
    a, b, c = get_embedder(backend).embed(
        [
            "Magnitude 6.1 earthquake strikes off Indonesia's Aceh province",
            "Strong quake hits Indonesia's Aceh region",
            "Lindsay Lohan checks into rehab at Betty Ford Center",
        ]
    )
    assert a @ b > a @ c + 0.1


@pytest.mark.parametrize(
    ("minilm", "atol"),
    [
        # The fp32 graph is the reference: it matches sentence-transformers to rounding.
        (MiniLM(threads=2, int8=False), 2e-3),
        # The default int8 graph moves similarities by up to ~0.02 (measured 0.019).
        (get_embedder("minilm"), 0.03),
    ],
    ids=["fp32", "int8"],
)
def test_minilm_reproduces_the_published_similarities(minilm: MiniLM, atol: float) -> None:
    vectors = minilm.embed(QUICKSTART)
    np.testing.assert_allclose(vectors @ vectors.T, QUICKSTART_SIMILARITY, atol=atol)
    scores = minilm.embed(PASTA_CORPUS) @ minilm.embed([PASTA_QUERY])[0]
    np.testing.assert_allclose(scores, PASTA_SCORES, atol=atol)


def test_e5_matches_the_same_news_across_languages() -> None:
    english, french, unrelated = get_embedder("e5").embed(
        [
            "Strong earthquake hits Indonesia's Aceh province",
            "Un fort séisme frappe la province indonésienne d'Aceh",
            "Lindsay Lohan checks into rehab at Betty Ford Center",
        ]
    )
    assert english @ french > english @ unrelated + 0.05
