"""Embedding backends side by side: throughput, memory and same-story quality.

    python -m bench.embed [--threads 2] [--limit 400]

Each backend runs in its own child process (so peak memory is its own) on UCI headlines and on
ECB+ headline + lead (title and the first three lines, as stories embed them). Quality is the
share of ECB+ reports whose nearest other report (by cosine) reports the same event.
``minilm-fp32`` is the fp32 reference graph of the default (int8) ``minilm``, so the int8
trade-off shows in one run: the int8 row's "cos to fp32" compares their headline+lead vectors.
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

import numpy as np

from bench.common import print_table
from bench.stories import LEAD_LINES, load_reports

BACKENDS = ("minilm", "minilm-fp32", "e5")
_FP32_VECTORS = Path(tempfile.gettempdir()) / f"bench-embed-fp32-{os.getpid()}.npy"


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


def measure(backend: str, limit: int, fp32_vectors: Path) -> dict[str, object]:
    """One backend's numbers; runs inside the child process.

    The fp32 reference saves its headline+lead vectors to ``fp32_vectors`` and the int8 MiniLM
    (run after it) reports its cosine to them.
    """
    from newsdesk.nlp._minilm import MiniLM
    from newsdesk.nlp.embed import get_embedder, model_name, threads

    if backend == "minilm-fp32":
        embedder, model = MiniLM(threads=threads(), int8=False), "(fp32 reference)"
    else:
        embedder, model = get_embedder(backend), model_name()
    headlines = [r.headline for r in load_reports("uci", limit)]
    reports = load_reports("ecbplus")
    start = time.perf_counter()
    embedder.embed(["warm up: load the model"])
    load_s = time.perf_counter() - start
    headline_rate, _ = _rate(embedder.embed, headlines)
    lead_rate, vectors = _rate(embedder.embed, [r.lead for r in reports])
    cosine = "-"
    if backend == "minilm-fp32":
        np.save(fp32_vectors, vectors)
    elif backend == "minilm" and fp32_vectors.exists():
        cosines = np.sum(vectors * np.load(fp32_vectors), axis=1)
        cosine = f"{cosines.mean():.4f} / {cosines.min():.4f}"
    return {
        "backend": backend,
        "model": model,
        "cos_to_fp32": cosine,
        "load_s": load_s,
        "headlines_per_s": headline_rate,
        "leads_per_s": lead_rate,
        "nn_same_event": nearest_neighbour_accuracy(vectors, [r.gold for r in reports]),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _run_child(backend: str, threads: int, limit: int) -> dict[str, object]:
    """Run ``measure`` in a fresh interpreter with the backend's environment."""
    env = {
        **os.environ,
        "NEWSDESK_EMBEDDING_BACKEND": backend.removesuffix("-fp32"),
        "NEWSDESK_EMBEDDING_THREADS": str(threads),
        "OMP_NUM_THREADS": str(threads),
    }
    command = [
        *(sys.executable, "-m", "bench.embed", "--child", backend, "--limit", str(limit)),
        *("--fp32-vectors", str(_FP32_VECTORS)),
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
    parser.add_argument("--fp32-vectors", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.limit, args.fp32_vectors)))
        return
    # The fp32 reference runs first so the int8 row can report its cosine to it.
    backends = sorted(args.backends, key=lambda b: b != "minilm-fp32")
    try:
        results = [_run_child(backend, args.threads, args.limit) for backend in backends]
    finally:
        _FP32_VECTORS.unlink(missing_ok=True)
    print(f"{args.threads} threads; ECB+ headline+lead = title + first {LEAD_LINES} lines")
    print_table(
        [
            "backend",
            "model",
            "load s",
            "headlines/s",
            "headline+lead/s",
            "NN same event",
            "cos to fp32 mean / min",
            "peak RSS MB",
        ],
        [
            [
                r["backend"],
                r["model"],
                r["load_s"],
                f"{r['headlines_per_s']:.0f}",
                f"{r['leads_per_s']:.0f}",
                r["nn_same_event"],
                r["cos_to_fp32"],
                f"{r['peak_rss_mb']:.0f}",
            ]
            for r in results
        ],
    )


if __name__ == "__main__":
    main()
