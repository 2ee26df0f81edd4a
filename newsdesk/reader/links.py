"""The site's own links, built from cached patterns instead of resolving the URL conf each time.

``reverse()`` walks the URL patterns on every call; a reader page links to a few dozen rows,
sections and actions, and resolving them was a tenth of the page's time. ``link`` resolves a
route once per script prefix, with placeholders for its arguments, and then only fills them
in; the result is the same string ``reverse`` gives (``tests/reader/test_links.py``).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils.encoding import iri_to_uri

# What reverse() leaves unquoted in a path (django.urls.resolvers).
_SAFE = "!$&'()*+,;=/~:@"
# A placeholder every path converter accepts (int, slug, str, path), and no route contains.
_MARKER = "7310519223372036"


def link(name: str, *args: object, script_prefix: str | None = None) -> str:
    """``reverse(name, args=args)``, from the route's cached pattern. Unlike ``reverse`` it
    does not check the values against the route's converters: pass the rows' own ids and slugs.
    A caller writing many links passes the script prefix it read once (a lookup of
    context-local state, half the cost of a link)."""
    prefix = get_script_prefix() if script_prefix is None else script_prefix
    pieces = _pattern(name, len(args), prefix)
    parts = [pieces[0]]
    for value, piece in zip(args, pieces[1:], strict=True):
        text = str(value) if isinstance(value, int) else _quoted(str(value))
        parts += [text, piece]
    return "".join(parts)


def route_pieces(name: str, arity: int) -> tuple[str, ...]:
    """The route's path under the current script prefix, split around its ``arity``
    arguments: for markup that puts a row's id in its links itself, many times a page."""
    return _pattern(name, arity, get_script_prefix())


@lru_cache(maxsize=256)
def _pattern(name: str, arity: int, script_prefix: str) -> tuple[str, ...]:
    """The route's path split around its ``arity`` arguments (script prefix in the key: the
    path starts with it)."""
    return tuple(reverse(name, args=[_MARKER] * arity).split(_MARKER))


@lru_cache(maxsize=4096)
def _quoted(value: str) -> str:
    """A slug or other text argument as ``reverse`` puts it in a path, worked out once per
    process: the same few hundred outlets and hashtags are linked from every list."""
    return quote(iri_to_uri(value), safe=_SAFE)
