"""Front-page rank of a story."""

from __future__ import annotations

import math
from datetime import datetime

# Reddit-style "hot" score, so a story's rank never needs recomputing as it ages: the time
# term grows for newer stories instead of old ones decaying.
_HOT_HALF_LIFE_SECONDS = 12 * 3600


def hot_score(source_count: int, article_count: int, last_seen: datetime) -> float:
    """More outlets and reports rank higher; each half-life of age costs one doubling."""
    weight = 2 * source_count + article_count
    return math.log2(max(weight, 1)) + last_seen.timestamp() / _HOT_HALF_LIFE_SECONDS
