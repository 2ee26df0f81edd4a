"""Reader pages under load at 100k and 1M articles, against a control view in the same run.

    python -m bench.reader [--sizes 100000,1000000] [--data FOLDER] [--workers 3]
                           [--duration 10] [--connections 16] [--modes anonymous,signed-in]
                           [--database sqlite,postgresql]

For each size, a synthetic archive shaped like real ingest is written into ``FOLDER/<size>/``
(reused when it is already there): 40 outlets publishing 2,740 reports a day, stories of 1 to
400 reports (most of one or two, a few of hundreds), 20,000 hashtags with skewed popularity (3
to 5 a report), 1% republished copies, comments on 5% of reports, 384-d vectors on reports and
story centroids, texts of real article length (half without a standfirst). It is served with
the production recipe (gunicorn, ``newsdesk.serving.gunicorn``: workers warmed at start) and
``wrk`` (installed with apt-get when missing) drives each page type, spreading requests over
many URLs of that type, then the control view: a plain Django view reading one article by
primary key and rendering a tiny template. A page is cached once a worker has rendered it: a
type of many URLs (articles, deep pages, 400-report stories) is mostly first renders through
the first seconds of its run, and those are its slowest requests (the table gives how many
URLs each row spreads over).

On PostgreSQL (``--database postgresql``) the same archive is copied into a server of its own
(started as the tests start theirs) kept in ``FOLDER/<size>/postgresql/``, once: later runs start
that server again. ``--database sqlite,postgresql`` measures both, one after the other.

Modes: ``anonymous`` readers get whole pages from the cache once a worker has rendered them;
``signed-in`` readers (the session of a reader signed in through the site's own backend) get the
same cached pages with their own header, save and follow buttons and comments filled in, and the
control reads their session and account as every signed-in request does.
The table gives req/s, p50, p99, errors and the page's req/s as a share of the control's.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from bench.common import REPO_ROOT, print_table
from bench.postgresql import copy_tables, is_copied, kept_server, mark_copied

OUTLETS = 40
PER_DAY = 2740
HASHTAGS = 20_000
DIM = 384
BATCH = 20_000
MAX_STORY = 400
URLS_PER_PAGE_TYPE = 2000

SENTENCES = (
    "The harbour authority confirmed on Tuesday that the night shift would return to work.",
    "Talks with the dockworkers' union lasted eleven hours and ended shortly before dawn.",
    "Union leaders said the agreement covered pay, overtime and new safety rules for cranes.",
    "Shipping lines had diverted more than thirty vessels to other ports during the strike.",
    "The regional government welcomed the deal but warned that the backlog would take weeks.",
    "Exporters said perishable goods worth millions had been lost while the port stood still.",
    "A spokesperson for the operator declined to say how much the agreement would cost.",
    "Members will vote on the proposal within a week, and a majority is expected to approve it.",
)


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


class ArchiveWriter:
    """Writes the synthetic archive oldest first straight into SQLite (ids grow with time, as
    in real ingest), after Django's migrations made the tables and indexes."""

    def __init__(self, folder: Path, size: int, seed: int = 11) -> None:
        self.folder = folder
        self.size = size
        self.rng = np.random.default_rng(seed)
        self.now = datetime.now(UTC)
        self.spacing = timedelta(days=1) / PER_DAY

    def write(self) -> None:
        migrate(self.folder)
        db = sqlite3.connect(self.folder / "newsdesk.sqlite3", isolation_level=None)
        db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;")
        db.execute("BEGIN")
        self._outlets_and_tags(db)
        db.execute("COMMIT")
        story_sizes = self._story_sizes()
        written, story_id = 0, 0
        story_of = np.repeat(np.arange(1, len(story_sizes) + 1), story_sizes)[: self.size]
        topics: dict[int, np.ndarray] = {}
        while written < self.size:
            count = min(BATCH, self.size - written)
            self._batch(db, written, count, story_of, topics)
            written += count
            print(f"  {written:,} articles written", end="\r", flush=True)
        story_id = int(story_of[-1])
        self._stories(db, story_id, story_of, topics)
        db.execute(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, "
            "last_name, email, is_staff, is_active, date_joined) VALUES "
            "('!', 0, 'bench', '', '', '', 0, 1, ?)",
            (_timestamp(self.now),),
        )
        db.close()
        print()

    def _outlets_and_tags(self, db: sqlite3.Connection) -> None:
        created = _timestamp(self.now)
        db.executemany(
            "INSERT INTO news_source (id, name, slug, home_url, logo_url, description, is_active,"
            " created_at, allowed_link_domains) VALUES (?, ?, ?, ?, '', '', 1, ?, '')",
            [
                (i, f"Outlet {i}", f"outlet-{i}", f"https://outlet{i}.example/", created)
                for i in range(1, OUTLETS + 1)
            ],
        )
        db.executemany(
            "INSERT INTO news_hashtag (id, name, slug) VALUES (?, ?, ?)",
            [(i, f"Tag{i}", f"tag{i}") for i in range(1, HASHTAGS + 1)],
        )

    def _story_sizes(self) -> np.ndarray:
        """Mostly single reports and pairs, a long tail up to 400, and five of exactly 400 a
        few days back. The tail is cut at 400, so at a million articles some 660 stories have
        400 reports: the "story, 400 reports" row spreads its requests over all of them."""
        sizes = np.minimum(self.rng.zipf(1.8, self.size), MAX_STORY)
        sizes = sizes[: int(np.searchsorted(np.cumsum(sizes), self.size)) + 1]
        sizes[len(sizes) - 3000 : len(sizes) - 1500 : 300] = MAX_STORY
        return sizes[: int(np.searchsorted(np.cumsum(sizes), self.size)) + 1]

    def _batch(self, db, start: int, count: int, story_of, topics) -> None:
        rows, links, comments = [], [], []
        noise = self.rng.standard_normal((count, DIM)).astype(np.float32) * 0.05
        for offset in range(count):
            number = start + offset
            article_id = number + 1
            published = self.now - self.spacing * (self.size - number)
            when = _timestamp(published)
            story = int(story_of[number])
            topic = topics.get(story)
            if topic is None:
                topic = topics[story] = _unit(self.rng.standard_normal(DIM).astype(np.float32))
            vector = _unit(topic + noise[offset])
            text = self._text()
            body = "".join(f"<p>{line}</p>" for line in text.split("\n"))
            standfirst = "" if number % 2 else SENTENCES[number % len(SENTENCES)]
            duplicate = article_id - 1 if number % 100 == 99 else None
            entities = json.dumps([{"text": f"Place {story % 97}", "label": "GPE"}] * 6)
            rows.append(
                (
                    article_id,
                    f"https://outlet.example/{article_id}",
                    f"https://outlet.example/{article_id}",
                    "",
                    f"Report {article_id} on story {story}: harbour talks continue",
                    standfirst,
                    "A. Writer",
                    when,
                    None,
                    when,
                    "en",
                    body,
                    text,
                    "",
                    "",
                    "",
                    "fetched",
                    1,
                    None,
                    entities,
                    vector.tobytes(),
                    when,
                    None,
                    1 + int(self.rng.integers(OUTLETS)),
                    story,
                    "",
                    "feed",
                    "",
                    when,
                    None,
                    duplicate,
                )
            )
            tags = set(np.minimum(self.rng.zipf(1.4, 3 + number % 3), HASHTAGS).tolist())
            links.extend((when, article_id, int(tag)) for tag in tags)
            if number % 20 == 0:
                comments.append(("Noted, thanks.", when, 0, article_id))
        db.execute("BEGIN")
        db.executemany(
            f"INSERT INTO news_article (id, canonical_url, url, guid, headline, standfirst, author,"
            f" published_at, updated_at, fetched_at, language, body_html, text, lead_image,"
            f" attribution, fingerprint, page_status, page_attempts, lease_until, entities,"
            f" embedding, enriched_at, feed_id, source_id, story_id, last_error, published_from,"
            f" feed_title, indexed_at, alerted_at, duplicate_of_id) VALUES ({', '.join('?' * 31)})",
            rows,
        )
        db.executemany(
            "INSERT INTO news_articlehashtag (published_at, article_id, hashtag_id) VALUES (?,?,?)",
            links,
        )
        db.executemany(
            "INSERT INTO comments_comment (body, created_at, is_hidden, article_id, user_id)"
            " VALUES (?, ?, ?, ?, 1)",
            comments,
        )
        db.execute("COMMIT")

    def _text(self) -> str:
        """About 2,400 characters in six paragraphs, as a real report."""
        picks = self.rng.integers(len(SENTENCES), size=24)
        sentences = [SENTENCES[i] for i in picks]
        return "\n".join(" ".join(sentences[i : i + 4]) for i in range(0, 24, 4))

    def _stories(self, db, last_story: int, story_of, topics) -> None:
        """One row per story, with the counts, lead and times its reports give it."""
        bounds = {}
        for number, story in enumerate(story_of.tolist()):
            first, _ = bounds.get(story, (number, number))
            bounds[story] = (first, number)
        rows = []
        for story, (first, last) in bounds.items():
            count = last - first + 1
            first_at = _timestamp(self.now - self.spacing * (self.size - first))
            last_at = _timestamp(self.now - self.spacing * (self.size - last))
            rows.append(
                (
                    story,
                    f"Story {story}",
                    "",
                    first_at,
                    last_at,
                    count,
                    min(count, OUTLETS),
                    float(count) / (1 + (self.size - last) / PER_DAY),
                    topics[story].tobytes(),
                    json.dumps({f"place-{story % 97}": count, "harbour": count}),
                    first + 1,
                )
            )
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO news_story (id, title, description, first_seen_at, last_seen_at,"
            " article_count, source_count, score, centroid, entity_counts, lead_article_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        db.execute("COMMIT")


def migrate(folder: Path, database_url: str | None = None) -> None:
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(folder)}
    if database_url:
        env["DATABASE_URL"] = database_url
    subprocess.run([sys.executable, "-m", "newsdesk.cli", "migrate", "-v0"], env=env, check=True)


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def archive(folder: Path, size: int) -> Path:
    """The archive of ``size`` articles in ``folder``, written unless already complete."""
    done = folder / "complete"
    if done.exists():
        migrate(folder)  # a kept archive gets the indexes added since it was written
    else:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        started = time.perf_counter()
        print(f"writing a {size:,}-article archive into {folder}")
        ArchiveWriter(folder, size).write()
        done.write_text(f"{time.perf_counter() - started:.0f} s\n")
    return folder


# What the reader's pages read, in an order the foreign keys accept at commit.
READER_TABLES = (
    "auth_user",
    "news_source",
    "news_hashtag",
    "news_story",
    "news_article",
    "news_articlehashtag",
    "comments_comment",
)
DATABASES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
COLUMNS = ["mode", "page", "req/s", "p50 ms", "p99 ms", "errors", "× control", "URLs"]


@contextmanager
def database(folder: Path, vendor: str) -> Iterator[str | None]:
    """The DATABASE_URL the site is served from: none for the archive's SQLite file; for
    PostgreSQL, the copy kept beside it, made on first use (again if the archive is newer)."""
    if vendor == "sqlite":
        yield None
        return
    copied = folder / "postgresql" / "complete"
    stale = copied.exists() and copied.stat().st_mtime < (folder / "complete").stat().st_mtime
    with kept_server(folder, fresh=stale) as url:
        migrate(folder, url)  # a kept copy gets the indexes added since it was made
        if not is_copied(folder):
            started = time.perf_counter()
            print(f"copying the archive in {folder} to PostgreSQL")
            copy_tables(folder / "newsdesk.sqlite3", url, READER_TABLES)
            mark_copied(folder, f"copied in {time.perf_counter() - started:.0f} s")
        yield url


def url_sets(folder: Path, rng: np.random.Generator) -> dict[str, list[str]]:
    """Many URLs of each page type, so the load spreads like readers do (recent articles
    favoured, popular tags more often)."""
    db = sqlite3.connect(folder / "newsdesk.sqlite3")
    newest = db.execute("SELECT max(id) FROM news_article").fetchone()[0]
    recent = rng.integers(max(1, newest - 10_000), newest + 1, size=URLS_PER_PAGE_TYPE * 7 // 10)
    anywhere = rng.integers(1, newest + 1, size=URLS_PER_PAGE_TYPE * 3 // 10)
    articles = [f"/article/{i}/" for i in np.concatenate([recent, anywhere]).tolist()]
    deep = rng.integers(1, newest + 1, size=URLS_PER_PAGE_TYPE // 4).tolist()
    cursors = db.execute(
        f"SELECT published_at, id FROM news_article WHERE id IN ({','.join(map(str, deep))})"
    ).fetchall()
    latest = [f"/?before={_token(when, ident)}" for when, ident in cursors]
    newest_stories = db.execute(
        "SELECT id FROM news_story ORDER BY last_seen_at DESC LIMIT 500"
    ).fetchall()
    large = db.execute(f"SELECT id FROM news_story WHERE article_count >= {MAX_STORY}").fetchall()
    tags = np.minimum(rng.zipf(1.4, URLS_PER_PAGE_TYPE), HASHTAGS).tolist()
    db.close()
    return {
        "control": [f"/bench/control/{i}/" for i in np.concatenate([recent, anywhere]).tolist()],
        "front": ["/"],
        "latest, deep pages": latest,
        "article": articles,
        "story, newest": [f"/story/{i}/" for (i,) in newest_stories],
        "story, 400 reports": [f"/story/{i}/" for (i,) in large],
        "hashtag": [f"/hashtag/tag{t}/" for t in tags],
        "source": [f"/source/outlet-{i}/" for i in range(1, OUTLETS + 1)],
    }


def _token(when: str, ident: int) -> str:
    moment = datetime.fromisoformat(when).replace(tzinfo=UTC)
    micros = (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    return f"{micros}-{ident}"


def session_cookie(folder: Path, database_url: str | None) -> str:
    """A signed-in reader's session cookie (the bench user), written through Django with the
    site's own sign-in backend, and checked to sign the reader in: a session naming a backend
    the site does not list is read as nobody's, and the signed-in rows measured readers who
    were not signed in."""
    script = (
        "import django; django.setup();"
        "from django.conf import settings;"
        "from django.contrib.auth import get_user, get_user_model, SESSION_KEY,"
        " BACKEND_SESSION_KEY, HASH_SESSION_KEY;"
        "from django.contrib.sessions.backends.db import SessionStore;"
        "from django.test import RequestFactory;"
        "u = get_user_model().objects.get(username='bench'); s = SessionStore();"
        "s[SESSION_KEY] = str(u.pk);"
        "s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0];"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create();"
        "r = RequestFactory().get('/'); r.session = SessionStore(s.session_key);"
        "assert get_user(r).is_authenticated, 'the session does not sign the reader in';"
        "print(s.session_key)"
    )
    key = (
        subprocess.run(
            [sys.executable, "-c", script],
            env=_server_env(folder, database_url),
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return f"sessionid={key}"


def _server_env(folder: Path, database_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "NEWSDESK_DATA_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "bench.reader_site",
        "NEWSDESK_SECRET_KEY": "bench-reader-not-secret",
        "NEWSDESK_LOG_LEVEL": "WARNING",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


class Server:
    """gunicorn with newsdesk's production settings, on a free loopback port (another bench may
    serve on the one used last); what it logs goes to ``server.log`` beside the archive."""

    def __init__(self, folder: Path, workers: int, database_url: str | None) -> None:
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.log = folder / "server.log"
        self.logging = self.log.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                "python:newsdesk.serving.gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
            ],
            cwd=REPO_ROOT,
            env=_server_env(folder, database_url),
            stdout=subprocess.DEVNULL,
            stderr=self.logging,
        )
        self._wait_ready(workers)

    def _wait_ready(self, workers: int) -> None:
        """Until every worker has warmed up and answers."""
        import httpx

        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if httpx.get(self.url + "/bench/control/1/", timeout=5).status_code == 200:
                    time.sleep(2 + workers)  # the other workers finish their warm-up
                    return
            except httpx.HTTPError:
                time.sleep(0.5)
        raise RuntimeError(f"the server did not start: see {self.log}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        self.logging.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


LUA = """
local urls = {}
init = function(args)
  for line in io.lines(args[1]) do urls[#urls + 1] = line end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
request = function()
  return wrk.format("GET", urls[math.random(#urls)], wrk.headers)
end
"""


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True)
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk") or "wrk"


def drive(wrk: str, url: str, paths: list[str], args, cookie: str | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        script, listing = Path(folder) / "urls.lua", Path(folder) / "urls.txt"
        script.write_text(LUA)
        listing.write_text("\n".join(paths) + "\n")
        command = [
            wrk,
            "-t2",
            f"-c{args.connections}",
            f"-d{args.duration}s",
            "--latency",
            "-s",
            str(script),
        ]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        run = subprocess.run([*command, url, "--", str(listing)], capture_output=True, text=True)
    if run.returncode:
        raise RuntimeError(f"wrk failed on {paths[0]}...: {run.stdout}{run.stderr}")
    return _parse_wrk(run.stdout)


def _parse_wrk(out: str) -> dict[str, float]:
    def ms(label: str) -> float:
        found = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\b", out, re.M)
        if not found:
            return float("nan")
        value, unit = float(found.group(1)), found.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in sockets.groups()) if sockets else 0
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "p50": ms("50%"),
        "p99": ms("99%"),
        "errors": errors,
    }


def measure(
    folder: Path,
    urls: dict[str, list[str]],
    database_url: str | None,
    args: argparse.Namespace,
    wrk: str,
) -> list[list[object]]:
    """One table row per mode and page type, served from ``database_url`` (else SQLite)."""
    server = Server(folder, args.workers, database_url)
    rows: list[list[object]] = []
    try:
        for mode in args.modes.split(","):
            cookie = session_cookie(folder, database_url) if mode == "signed-in" else None
            results = {
                name: drive(wrk, server.url, paths, args, cookie) for name, paths in urls.items()
            }
            control = results["control"]["rps"] or 1.0
            rows += [
                [
                    mode,
                    name,
                    f"{r['rps']:.0f}",
                    f"{r['p50']:.1f}",
                    f"{r['p99']:.1f}",
                    r["errors"],
                    f"{r['rps'] / control:.2f}",
                    len(set(urls[name])),
                ]
                for name, r in results.items()
            ]
    finally:
        server.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--data", default=str(Path(tempfile.gettempdir()) / "newsdesk-reader"))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--modes", default="anonymous,signed-in")
    parser.add_argument(
        "--database",
        default="sqlite",
        help="sqlite, postgresql, or both separated by a comma (measured one after the other)",
    )
    parser.add_argument(
        "--pages",
        default="",
        help="page types separated by semicolons, as the table names them (default all)",
    )
    args = parser.parse_args()
    wrk = ensure_wrk()
    rng = np.random.default_rng(5)
    for size in (int(s) for s in args.sizes.split(",")):
        folder = archive(Path(args.data) / str(size), size)
        urls = url_sets(folder, rng)
        if args.pages:
            wanted = {"control", *args.pages.split(";")}
            urls = {name: paths for name, paths in urls.items() if name in wanted}
        for vendor in args.database.split(","):
            with database(folder, vendor) as url:
                rows = measure(folder, urls, url, args, wrk)
            load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
            print(
                f"\n{size:,} articles, {DATABASES[vendor]}; gunicorn {args.workers} sync workers; "
                f"wrk -t2 -c{args.connections} -d{args.duration}s; load average {load}"
            )
            print_table(COLUMNS, rows)


if __name__ == "__main__":
    main()
