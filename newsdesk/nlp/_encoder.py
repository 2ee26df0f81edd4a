"""A BERT sentence encoder assembled as an onnxruntime graph, for every embedding model here.

MiniLM and e5 are the same architecture (post-norm BERT layers, exact GELU, mean pooling) with
different sizes and weights read from different files, so the graph, its int8 weights, the
session are written once, here (``_kept`` keeps a built graph between starts). The weights
come as a mapping under the Hugging Face BERT names (``encoder.layer.0.attention.self.query.weight``
...), each model's module translating its own file to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

_OPSET = 17  # first opset with LayerNormalization
_MS = "com.microsoft"  # onnxruntime's contrib operators
# What a built graph depends on besides the weights: this builder and the model's own module.
BUILDER = Path(__file__)


@dataclass(frozen=True)
class Shape:
    """What differs between the encoders: their name, depth, heads, width and layer-norm
    epsilon, and whether the graph looks the word vectors up itself (``input_ids`` in) or is
    given them (``word_vectors`` in: e5 reads its 250,000-row table from the 4-bit file, which
    would cost 96 MB as int8 inside the graph)."""

    name: str
    layers: int
    heads: int
    dim: int
    eps: float
    words_in_graph: bool = True


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

    def __init__(self, weights: Mapping[str, np.ndarray], shape: Shape, int8: bool) -> None:
        self.weights = weights
        self.shape = shape
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
        """Self-attention, Q, K, V packed into one (dim, 3 * dim) matrix; no mask (no padding)."""
        names = ("query", "key", "value")
        weight = np.concatenate([self.weights[f"{prefix}.{n}.weight"].T for n in names], axis=1)
        bias = self.const(
            f"{prefix}.qkv_b", np.concatenate([self.weights[f"{prefix}.{n}.bias"] for n in names])
        )
        heads = self.shape.heads
        if not self.int8:
            qkv = self.const(f"{prefix}.qkv_w", weight)
            return self.op("Attention", x, qkv, bias, domain=_MS, num_heads=heads)
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
            num_heads=heads,
        )

    def layer_norm(self, x: str, prefix: str) -> str:
        g = self.const(f"{prefix}.g", self.weights[f"{prefix}.weight"])
        b = self.const(f"{prefix}.beta", self.weights[f"{prefix}.bias"])
        return self.op("LayerNormalization", x, g, b, axis=-1, epsilon=self.shape.eps)

    def add_layer_norm(self, x: str, residual: str, prefix: str) -> str:
        """LayerNorm(x + residual); plain ops, as SkipLayerNormalization measured slower here."""
        return self.layer_norm(self.op("Add", x, residual), prefix)


def _words(g: _GraphBuilder) -> tuple[str, Any]:
    """The word vectors and the graph input they come from."""
    if not g.shape.words_in_graph:
        vectors = "word_vectors"
        return vectors, helper.make_tensor_value_info(
            vectors, TensorProto.FLOAT, [1, "tokens", g.shape.dim]
        )
    table = g.const("word_emb", g.weights["embeddings.word_embeddings.weight"])
    ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, [1, "tokens"])
    return g.op("Gather", table, "input_ids"), ids


def _embeddings(g: _GraphBuilder, words: str) -> str:
    """Word + position vectors, normalized; positions count from 0 at the first token."""
    # Every input is a single segment, so the token-type row is folded into the position table.
    positions = g.const(
        "pos_emb",
        g.weights["embeddings.position_embeddings.weight"]
        + g.weights["embeddings.token_type_embeddings.weight"][0],
    )
    length = g.op("Gather", g.op("Shape", words), g.const("one_idx", np.array([1], np.int64)))
    pos = g.op("Slice", positions, g.const("zero_idx", np.array([0], np.int64)), length)
    return g.layer_norm(g.op("Add", words, pos), "embeddings.LayerNorm")


def _layer(g: _GraphBuilder, x: str, prefix: str) -> str:
    attention = g.attention(x, f"{prefix}.attention.self")
    x = g.add_layer_norm(
        g.linear(attention, f"{prefix}.attention.output.dense"),
        x,
        f"{prefix}.attention.output.LayerNorm",
    )
    hidden = g.linear(x, f"{prefix}.intermediate.dense")
    gelu = g.op("Gelu", hidden, domain=_MS)  # exact (erf) GELU, as in both checkpoints
    return g.add_layer_norm(
        g.linear(gelu, f"{prefix}.output.dense"), x, f"{prefix}.output.LayerNorm"
    )


def build_graph(weights: Mapping[str, np.ndarray], shape: Shape, int8: bool = True) -> bytes:
    """The serialized ONNX sentence encoder: one text (1, tokens) -> mean-pooled (1, dim).

    One text per run, so there is no padding: no attention mask, and the pooling is a plain mean
    over every token (the special ones too, as both models were trained).
    """
    g = _GraphBuilder(weights, shape, int8)
    words, graph_input = _words(g)
    x = _embeddings(g, words)
    for layer in range(shape.layers):
        x = _layer(g, x, f"encoder.layer.{layer}")
    g.nodes.append(helper.make_node("ReduceMean", [x], ["pooled"], axes=[1], keepdims=0))
    graph = helper.make_graph(
        g.nodes,
        shape.name,
        [graph_input],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, [1, shape.dim])],
        g.initializers,
    )
    opsets = [helper.make_opsetid("", _OPSET), helper.make_opsetid(_MS, 1)]
    model = helper.make_model(graph, opset_imports=opsets)
    model.ir_version = 8
    return model.SerializeToString()


def session(graph: Path | bytes) -> ort.InferenceSession:
    """A session that runs one text on one thread: callers run several texts side by side
    instead, which suits matrices this small better than threads inside one run.

    A kept file is better than the graph's bytes: onnxruntime's session keeps the bytes it was
    given for as long as it lives (MiniLM's graph is 58 MB, e5's 22 MB), and reads a file
    without them."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # Spinning threads steal the CPU from the other workers (and spaCy) on a busy host.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    source = str(graph) if isinstance(graph, Path) else graph
    return ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])
