"""Where tests find the evaluation data: ../shared/data beside the repository."""

from __future__ import annotations

from bench.common import SHARED_DATA

__all__ = ["SHARED_DATA"]
