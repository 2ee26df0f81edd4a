"""Files built from what a package ships (an encoder's graph, a decompressed model), kept in the
archive's models folder so that later starts read them instead of building them again."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path


def file_key(shipped: Path, code: tuple[Path, ...], variant: str) -> str:
    """What a built file depends on: the file shipped (its path, size and time) and the code
    that builds it. A change to either builds afresh."""
    stat = shipped.stat()
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in code))
    digest.update(f"{shipped}|{stat.st_size}|{stat.st_mtime_ns}|{variant}".encode())
    return digest.hexdigest()[:16]


def kept_file(
    folder: Path | None, name: str, build: Callable[[], bytes], suffix: str
) -> Path | bytes:
    """The file ``name`` + ``suffix``: the one an earlier start kept in ``folder``, or built and
    kept there now, or, with no folder (or none that can be written), the built bytes
    themselves. ``name`` is a kind and a key, ``{kind}-{key}``: files of the kind with
    another key are older builds."""
    path = folder / f"{name}{suffix}" if folder is not None else None
    if path is not None and path.is_file():
        return path
    built = build()
    if path is not None and _keep(path, built):
        return path
    return built


def _keep(path: Path, built: bytes) -> bool:
    """Write the file whole or not at all (another process may be reading or writing it), and
    drop the files older code or packages built; a folder that cannot be written only costs
    the next start the build. True when the file is kept."""
    kind = path.stem.rsplit("-", 1)[0]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_bytes(built)
        os.replace(partial, path)
        for stale in path.parent.glob(f"{kind}-*{path.suffix}"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        return path.is_file()
    return True
