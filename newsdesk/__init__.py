"""newsdesk: a self-hosted, AI-assisted news aggregator."""

import os

# NumPy's OpenBLAS runs every matrix product on one spinning thread per core. newsdesk's products
# are small (a few thousand story centroids), and on a busy two-core host those threads turned a
# 0.2 ms product into 25 ms (bench/vectors.py). Parallelism comes from workers and the models'
# own thread pools instead. Set here, before anything imports NumPy; an explicit value wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
