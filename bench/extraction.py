"""Extraction quality and speed: newsdesk's extractor beside the usual open-source ones.

Run ``python -m bench.extraction``. Every extractor reads the same 181 pages of the Scrapinghub
dev set in one single-threaded process; quality is the benchmark's own shingle scoring
(``newsdesk.extraction.scoring``) and speed is CPU time per page (``process_time``, one core's
worth) after one warm-up page, so other work on a shared machine does not inflate it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from bench.common import SHARED_DATA, print_table
from newsdesk.extraction import ExtractionError, extract_article
from newsdesk.extraction.scoring import CorpusScore, score_corpus

CORPUS_DIR = SHARED_DATA / "extraction" / "scrapinghub"
FLOORS_PATH = Path(__file__).with_name("floors.json")
Extractor = Callable[[str, str], str]
# Elements after which readability's HTML output starts a new line of text.
_BLOCK_TAGS = (
    "p", "div", "section", "article", "li", "br", "blockquote", "pre", "tr", "td", "th",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "figure",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Page:
    """One dev-set page with its gold article text."""

    page_id: str
    url: str
    html: str
    truth: str


def load_corpus(directory: Path = CORPUS_DIR) -> list[Page]:
    """All pages of the dev set, in id order."""
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(page_id, item["url"], _read_page(directory, page_id), item["articleBody"])
        for page_id, item in sorted(truth.items())
    ]


def corpus_sha256(directory: Path = CORPUS_DIR) -> str:
    """Hash of ground-truth.json plus the sorted list of page files, to notice a changed corpus."""
    digest = hashlib.sha256((directory / "ground-truth.json").read_bytes())
    for name in sorted(path.name for path in (directory / "html").glob("*.html.gz")):
        digest.update(b"\0" + name.encode())
    return digest.hexdigest()


def newsdesk_text(html: str, url: str) -> str:
    """What the reader shows as the article: body text and the attribution line."""
    try:
        return extract_article(html, url).full_text
    except ExtractionError:
        return ""


def score_extractor(extract: Extractor, pages: list[Page]) -> CorpusScore:
    """Run ``extract`` over ``pages`` and score the output against the gold text."""
    return score_corpus((page.truth, extract(page.html, page.url)) for page in pages)


def _read_page(directory: Path, page_id: str) -> str:
    with gzip.open(directory / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as page:
        return page.read()


def _trafilatura(**options: bool) -> Extractor:
    import trafilatura

    def run(html: str, url: str) -> str:
        return trafilatura.extract(html, include_comments=False, **options) or ""

    return run


def _readability(html: str, url: str) -> str:
    from readability import Document

    return _html_text(Document(html).summary(html_partial=True))


def _newspaper() -> Extractor:
    import newspaper
    import tldextract.tldextract

    # newspaper4k parses URLs with tldextract, whose default extractor downloads the public
    # suffix list; the snapshot bundled with tldextract is enough, and a benchmark must not
    # touch the network.
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.tldextract.TLDExtract(suffix_list_urls=())

    def run(html: str, url: str) -> str:
        # fetch_images=False: by default it downloads images to pick the top one.
        article = newspaper.article(url, input_html=html, fetch_images=False)
        article.parse()
        return article.text

    return run


def _resiliparse(html: str, url: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return extract_plain_text(html, main_content=True)


def _html_text(fragment: str) -> str:
    """Text of an HTML fragment with a line break after each block, so words never merge."""
    if not fragment.strip():
        return ""
    root = lxml.html.fromstring(fragment)
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    return root.text_content()


def _extractors() -> dict[str, Extractor]:
    """The contenders, built only when the bench runs: the gate test imports this module too."""
    return {
        "newsdesk": newsdesk_text,
        "trafilatura (default)": _trafilatura(),
        "trafilatura (favor_precision)": _trafilatura(favor_precision=True),
        "readability-lxml": _readability,
        "newspaper4k": _newspaper(),
        "resiliparse (main_content)": _resiliparse,
    }


@dataclass(frozen=True, slots=True)
class Run:
    """One extractor's result over the corpus."""

    score: CorpusScore
    ms_per_page: float
    failures: int


def _timed(extract: Extractor, pages: list[Page]) -> Run:
    """Score and time ``extract``; a page it crashes on counts as an empty extraction."""
    extract(pages[0].html, pages[0].url)  # warm-up: lazy imports and caches
    outputs: list[tuple[str, str]] = []
    failures = 0
    started = time.process_time()
    for page in pages:
        try:
            text = extract(page.html, page.url)
        except Exception:
            text, failures = "", failures + 1
        outputs.append((page.truth, text))
    elapsed = time.process_time() - started
    return Run(score_corpus(outputs), elapsed * 1000 / len(pages), failures)


def main() -> None:
    """Print one table row per extractor."""
    warnings.filterwarnings("ignore")
    pages = load_corpus()
    rows = []
    for name, extract in _extractors().items():
        run = _timed(extract, pages)
        score = run.score
        rows.append((name, score.precision, score.recall, score.f1, run.ms_per_page, run.failures))
    print(f"{len(pages)} pages, corpus sha256 {corpus_sha256()[:12]}, CPU ms/page, single thread")
    headers = ["extractor", "precision", "recall", "F1", "ms/page", "crashes"]
    print_table(headers, rows)


if __name__ == "__main__":
    main()
