"""The URLs of the static files every page links to."""

from __future__ import annotations

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix


def asset(path: str) -> str:
    """``static(path)``, looked up once per process (for each script prefix, which the URL may
    start with): the storage's manifest lookup and URL join for a page's four files cost more
    than writing its whole header."""
    return _asset(path, get_script_prefix())


@lru_cache(maxsize=64)
def _asset(path: str, script_prefix: str) -> str:
    return static(path)


@receiver(setting_changed)
def _forget_assets(**changed: object) -> None:
    """Static URLs follow the settings they were made under (tests change them)."""
    _asset.cache_clear()
