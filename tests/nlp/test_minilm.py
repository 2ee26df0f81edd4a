"""The int8 MiniLM graph against the fp32 reference, and the weight quantization it uses."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.nlp import _minilm
from newsdesk.nlp._encoder import quantize_columns
from newsdesk.nlp._minilm import MiniLM, cached_graph
from newsdesk.nlp.embed import get_embedder

# News-like inputs of the lengths the pipeline embeds: headlines, and headline + lead.
TEXTS = [
    "Magnitude 6.1 earthquake strikes off Indonesia's Aceh province",
    "Central bank raises interest rates by a quarter point to curb inflation",
    "Lindsay Lohan checks into rehab at Betty Ford Center",
    "Apple unveils a new iPhone with a faster chip and a bigger battery",
    "Storm floods the valley; hundreds evacuated",
    "Parliament passes budget after all-night session",
    "Striker signs four-year contract with Premier League club",
    "Wildfire forces evacuations in northern California. Firefighters battled a fast-moving "
    "wildfire on Sunday that forced thousands of residents to flee their homes, officials said, "
    "as strong winds and dry conditions fanned the flames across more than 10,000 acres.",
    "Oil prices fall as OPEC agrees to raise output. Brent crude dropped 3% to $71 a barrel after "
    "the producer group and its allies said they would add 400,000 barrels a day from next month, "
    "easing concerns about tight supply heading into the winter.",
    "Gunman opens fire at a shopping mall, killing three. Police said the suspect, a 24-year-old "
    "man, was arrested at the scene; the motive is not yet known and the investigation continues.",
]


def test_int8_vectors_stay_close_to_the_fp32_reference() -> None:
    reference = MiniLM(threads=2, int8=False).embed(TEXTS)
    quantized = get_embedder("minilm").embed(TEXTS)
    cosines = np.sum(reference * quantized, axis=1)
    # Measured on ECB+ headline+lead: mean 0.994, min 0.984.
    assert cosines.mean() >= 0.99
    assert cosines.min() >= 0.98


def test_a_texts_vector_does_not_depend_on_the_others_in_the_call() -> None:
    minilm = get_embedder("minilm")
    np.testing.assert_array_equal(minilm.embed(TEXTS)[3], minilm.embed([TEXTS[3]])[0])


def test_quantize_columns_scales_each_column_on_its_own() -> None:
    rng = np.random.default_rng(0)
    weight = rng.normal(0, 0.05, size=(384, 8)).astype(np.float32)
    weight[:, 0] *= 100  # one large column must not coarsen the others
    quantized, scale = quantize_columns(weight)
    assert quantized.dtype == np.int8 and scale.shape == (8,)
    error = np.abs(quantized * scale - weight)
    assert np.all(error <= scale / 2 + 1e-7)
    assert np.abs(quantized).max(axis=0).tolist() == [127] * 8


def test_quantize_columns_keeps_a_zero_column_zero() -> None:
    weight = np.zeros((4, 2), dtype=np.float32)
    weight[:, 1] = [0.5, -1.0, 0.25, 0.0]
    quantized, scale = quantize_columns(weight)
    np.testing.assert_array_equal(quantized[:, 0], 0)
    np.testing.assert_allclose(quantized * scale, weight, atol=1.0 / 254)


def test_the_built_graph_is_kept_and_read_back_by_the_next_start(tmp_path, monkeypatch) -> None:
    kept = cached_graph(tmp_path, int8=True)
    assert list(tmp_path.glob("minilm-int8-*.onnx")) == [kept]
    assert kept.read_bytes() == cached_graph(None, int8=True)

    def no_build(*args: object) -> bytes:
        raise AssertionError("the kept graph should have been read")

    monkeypatch.setattr(_minilm, "build_graph", no_build)
    assert cached_graph(tmp_path, int8=True) == kept


def test_a_graph_kept_by_other_code_or_weights_is_replaced(tmp_path) -> None:
    stale = tmp_path / "minilm-int8-0123456789abcdef.onnx"
    stale.write_bytes(b"a graph older code built")
    kept = cached_graph(tmp_path, int8=True)
    assert list(tmp_path.glob("minilm-int8-*.onnx")) == [kept]
    assert kept.read_bytes() != b"a graph older code built"


@pytest.mark.parametrize("cache", ["none", "unwritable"])
def test_without_a_usable_folder_the_graph_is_built_at_each_start(tmp_path, cache) -> None:
    folder = None if cache == "none" else tmp_path / "a-file-not-a-folder"
    if folder is not None:
        folder.write_text("")
    assert cached_graph(folder, int8=True) == cached_graph(None, int8=True)


def test_vectors_from_the_kept_graph_are_those_of_a_fresh_build(tmp_path) -> None:
    fresh = MiniLM(threads=1).embed(TEXTS[:3])
    MiniLM(threads=1, cache_dir=tmp_path).embed(TEXTS[:1])  # builds and keeps the graph
    np.testing.assert_array_equal(MiniLM(threads=1, cache_dir=tmp_path).embed(TEXTS[:3]), fresh)
