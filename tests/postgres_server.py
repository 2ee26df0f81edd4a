"""A throw-away PostgreSQL server for tests, from Debian's postgresql package.

Tests that must prove newsdesk works on PostgreSQL start a real server in a temporary folder
and stop it afterwards; nothing needs to be running beforehand.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def find_postgres_bin() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; Debian's package creates the "postgres" user for it.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextmanager
def postgres_server(kept: Path | None = None) -> Iterator[str]:
    """Start a server on a free loopback port and yield its DATABASE_URL. Its data lives in a
    temporary folder removed afterwards, or in ``kept``, created if missing and left in place
    (a benchmark's archive that takes many minutes to load is loaded once)."""
    bin_dir = find_postgres_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed: run `make test`, which installs it.")
    folder = kept or Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
    port = _free_port()

    def run(program: str, *args: str) -> None:
        command = _as_server_user([str(bin_dir / program), *args])
        subprocess.run(command, check=True, capture_output=True)

    try:
        if not (data / "PG_VERSION").exists():
            run("initdb", "-D", str(data), "-U", "newsdesk", "--auth=trust", "-E", "UTF8")
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        run("pg_ctl", "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start")
        try:
            yield f"postgres://newsdesk@127.0.0.1:{port}/postgres"
        finally:
            run(
                "pg_ctl",
                "-D",
                str(data),
                "-m",
                "immediate" if kept is None else "fast",
                "-w",
                "stop",
            )
    finally:
        if kept is None:
            shutil.rmtree(folder, ignore_errors=True)


def pytest_on(url: str, data_dir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run pytest on ``arguments`` in a child process with ``url`` as the database: the suites
    written for SQLite are run again, unchanged, against PostgreSQL."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *arguments],
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, "DATABASE_URL": url, "NEWSDESK_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=900,
    )
