"""Extraction quality and speed: newsdesk's extractor beside the usual open-source ones.

Run ``python -m bench.extraction`` (``--corpus wcxb-dev`` or ``--corpus scrapinghub`` for one
set). Every extractor reads the same pages in one single-threaded process. Two dev sets: the 181
news pages of Scrapinghub, scored with that benchmark's shingle measure, and the 711 article pages
(695 domains) of WCXB's development split, scored with its word-bag measure, its ``with`` and
``without`` snippets and its title and date fields. Speed is CPU time per page (``process_time``)
after one warm-up page, so other work on a shared machine does not inflate it, with the
contenders taking each page in turn, so a change in that work hits them alike; compare ratios
taken in one run, not numbers from two runs. Beside the means, each table counts the tail: pages
under F1 0.5 (the article lost) and under 0.8 (a section of it lost, or a boilerplate one kept).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from statistics import mean

import lxml.html

from bench.common import SHARED_DATA, print_table
from newsdesk.extraction import ExtractionError, extract_article
from newsdesk.extraction.scoring import CorpusScore, document_f1, score_corpus, word_bag_score

CORPUS_DIR = SHARED_DATA / "extraction" / "scrapinghub"
WCXB_DIR = SHARED_DATA / "extraction" / "wcxb-dev"
FLOORS_PATH = Path(__file__).with_name("floors.json")
# A page scoring under this F1 lost its article (or kept a second one): the tail we list.
FAILED_F1 = 0.5
# A page scoring under this F1 lost a section of its article, or kept a boilerplate one.
CUT_F1 = 0.8
_TAIL_HEADERS = (f"F1 < {FAILED_F1}", f"F1 < {CUT_F1}")
Extractor = Callable[[str, str], str]
# Elements after which readability's HTML output starts a new line of text.
_BLOCK_TAGS = (
    "p", "div", "section", "article", "li", "br", "blockquote", "pre", "tr", "td", "th",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "figure",
)  # fmt: skip
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Page:
    """One dev-set page with its gold article text (and, on WCXB, snippets and metadata)."""

    page_id: str
    url: str
    html: str
    truth: str
    with_snippets: tuple[str, ...] = ()
    without_snippets: tuple[str, ...] = ()
    title: str | None = None
    published: str | None = None


def load_corpus(directory: Path = CORPUS_DIR) -> list[Page]:
    """All pages of the Scrapinghub dev set, in id order."""
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(page_id, item["url"], _read_page(directory, page_id), item["articleBody"])
        for page_id, item in sorted(truth.items())
    ]


def load_wcxb(directory: Path = WCXB_DIR, every: int = 1) -> list[Page]:
    """The WCXB dev article pages in id order; ``every=3`` keeps ids 1st, 4th, 7th... (CI)."""
    return [_wcxb_page(directory, page_id) for page_id in _wcxb_ids(directory)[::every]]


def corpus_sha256(directory: Path = CORPUS_DIR) -> str:
    """Hash of ground-truth.json plus the sorted list of page files, to notice a changed corpus."""
    digest = hashlib.sha256((directory / "ground-truth.json").read_bytes())
    for name in sorted(path.name for path in (directory / "html").glob("*.html.gz")):
        digest.update(b"\0" + name.encode())
    return digest.hexdigest()


def wcxb_sha256(directory: Path = WCXB_DIR) -> str:
    """Hash of the page list and every gold file, to notice a changed corpus."""
    digest = hashlib.sha256((directory / "metadata-articles.json").read_bytes())
    for page_id in _wcxb_ids(directory):
        digest.update(b"\0" + (directory / "ground-truth" / f"{page_id}.json").read_bytes())
    return digest.hexdigest()


def newsdesk_text(html: str, url: str) -> str:
    """What the reader shows as the article: body text and the attribution line."""
    try:
        return extract_article(html, url).full_text
    except ExtractionError:
        return ""


def score_extractor(extract: Extractor, pages: list[Page]) -> CorpusScore:
    """Run ``extract`` over Scrapinghub ``pages`` and score the output against the gold text."""
    return score_corpus((page.truth, extract(page.html, page.url)) for page in pages)


def mean_bag_f1(extract: Extractor, pages: list[Page]) -> float:
    """Mean per-page word-bag F1 of ``extract`` over WCXB ``pages``."""
    return mean(word_bag_score(page.truth, extract(page.html, page.url)).f1 for page in pages)


def _wcxb_ids(directory: Path) -> list[str]:
    return sorted(json.loads((directory / "metadata-articles.json").read_text(encoding="utf-8")))


def _wcxb_page(directory: Path, page_id: str) -> Page:
    record = json.loads((directory / "ground-truth" / f"{page_id}.json").read_text("utf-8"))
    gold = record["ground_truth"]
    return Page(
        page_id,
        record["url"],
        _read_page(directory, page_id),
        gold.get("main_content") or "",
        tuple(gold.get("with") or ()),
        tuple(gold.get("without") or ()),
        gold.get("title"),
        gold.get("publish_date"),
    )


def _read_page(directory: Path, page_id: str) -> str:
    with gzip.open(directory / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as page:
        return page.read()


def _trafilatura(*, favor_precision: bool = False) -> Extractor:
    import trafilatura

    def run(html: str, url: str) -> str:
        extracted = trafilatura.extract(
            html, include_comments=False, favor_precision=favor_precision
        )
        return extracted or ""

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


# What the bench measures, and the peer every CPU time is divided by: never skipped.
_REQUIRED = ("newsdesk", "trafilatura (default)")


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
    """One extractor's texts over a corpus, with its CPU time."""

    texts: list[str]
    ms_per_page: float
    crashes: int


def _timed(extract: Extractor, page: Page) -> tuple[str, float, bool]:
    """Text, CPU seconds and whether it crashed, for one page; a crash counts as no text."""
    started = time.process_time()
    try:
        text, crashed = extract(page.html, page.url), False
    except Exception:
        text, crashed = "", True
    return text, time.process_time() - started, crashed


def _snippet_share(pages: list[Page], texts: list[str], leaked: bool) -> float:
    """Share of ``with`` snippets found (or of ``without`` snippets leaked), case-insensitive."""
    hits = [
        snippet.lower() in text.lower()
        for page, text in zip(pages, texts, strict=True)
        for snippet in (page.without_snippets if leaked else page.with_snippets)
    ]
    return mean(hits) if hits else 0.0


def _scrapinghub_table(runs: dict[str, Run], pages: list[Page]) -> None:
    baseline = runs["trafilatura (default)"].ms_per_page
    rows = []
    for name, run in runs.items():
        pairs = list(zip((page.truth for page in pages), run.texts, strict=True))
        score = score_corpus(pairs)
        tail = _tail([document_f1(truth, text) for truth, text in pairs])
        speed = run.ms_per_page / baseline
        rows.append((name, score.precision, score.recall, score.f1, *tail, run.ms_per_page, speed))
    print(f"\nscrapinghub: {len(pages)} pages, sha256 {corpus_sha256()[:12]}, shingle scoring")
    headers = ["extractor", "precision", "recall", "F1", *_TAIL_HEADERS]
    print_table([*headers, "CPU ms/page", "× trafilatura"], rows)
    _crashes(runs)


def _wcxb_table(runs: dict[str, Run], pages: list[Page]) -> None:
    baseline = runs["trafilatura (default)"].ms_per_page
    rows = []
    for name, run in runs.items():
        scores = [word_bag_score(p.truth, t) for p, t in zip(pages, run.texts, strict=True)]
        rows.append(
            (
                name,
                mean(s.precision for s in scores),
                mean(s.recall for s in scores),
                mean(s.f1 for s in scores),
                *_tail([s.f1 for s in scores]),
                _snippet_share(pages, run.texts, leaked=False),
                _snippet_share(pages, run.texts, leaked=True),
                run.ms_per_page,
                run.ms_per_page / baseline,
            )
        )
    print(f"\nwcxb-dev: {len(pages)} pages, sha256 {wcxb_sha256()[:12]}, word-bag scoring")
    headers = ["extractor", "precision", "recall", "F1", *_TAIL_HEADERS, "with found"]
    print_table([*headers, "without leaked", "CPU ms/page", "× trafilatura"], rows)
    _crashes(runs)


def _tail(f1s: list[float]) -> tuple[int, int]:
    """How many pages lost their article, and how many lost (or gained) a section of it."""
    return sum(f1 < FAILED_F1 for f1 in f1s), sum(f1 < CUT_F1 for f1 in f1s)


def _crashes(runs: dict[str, Run]) -> None:
    crashes = {name: run.crashes for name, run in runs.items() if run.crashes}
    print(f"crashes (scored as empty output): {crashes or 'none'}")


def _failed_pages(pages: list[Page], texts: list[str]) -> None:
    """One line per page under FAILED_F1, with why, as far as the extraction itself tells."""
    print(f"\nnewsdesk on wcxb-dev, pages under F1 {FAILED_F1}:")
    for page, text in zip(pages, texts, strict=True):
        score = word_bag_score(page.truth, text)
        if score.f1 < FAILED_F1:
            print(f"- {page.page_id} {_why(page, text, score.precision, score.recall)}")


def _why(page: Page, text: str, precision: float, recall: float) -> str:
    if not text:
        try:
            extract_article(page.html, page.url)
        except ExtractionError as error:
            return f"no body: {error}"
        return "no body"
    found, gold = len(_WORD.findall(text)), len(_WORD.findall(page.truth))
    if recall < precision:
        return f"body lost: recall {recall:.2f}, {found} of the article's {gold} words"
    return f"extra text kept: precision {precision:.2f}, {found} words for an article of {gold}"


def _metadata_table(pages: list[Page]) -> None:
    """Title (normalised words) and publication date (same day), newsdesk vs trafilatura."""
    import trafilatura

    ours, theirs = [], []
    for page in pages:
        try:
            article = extract_article(page.html, page.url)
            published = article.published.date() if article.published else None
            ours.append((article.headline, published))
        except ExtractionError:
            ours.append(("", None))
        found = trafilatura.extract_metadata(page.html, default_url=page.url)
        day = date.fromisoformat(found.date[:10]) if found and found.date else None
        theirs.append(((found.title or "") if found else "", day))
    titled = [p for p in pages if p.title]
    dated = [p for p in pages if p.published]
    rows = []
    for name, values in (("newsdesk", ours), ("trafilatura extract_metadata", theirs)):
        by_id = dict(zip((p.page_id for p in pages), values, strict=True))
        title = mean(_words(by_id[p.page_id][0]) == _words(p.title or "") for p in titled)
        same_day = mean(str(by_id[p.page_id][1]) == (p.published or "")[:10] for p in dated)
        missing = sum(by_id[p.page_id][1] is None for p in dated)
        rows.append((name, title, same_day, missing))
    print(f"\nwcxb-dev metadata: {len(titled)} titled pages, {len(dated)} dated pages")
    print_table(["extractor", "title match", "date same day", "dated pages without date"], rows)


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _run_all(pages: list[Page], skipped: Iterable[str] = ()) -> dict[str, Run]:
    """Every contender on every page, page by page in turn: on a shared machine the load can
    change several-fold between one contender's pass over a corpus and the next one's (whose
    CPU time per page then moves with it), while it changes little between two calls on the
    same page. Each contender first reads a page untimed (lazy imports and caches)."""
    extractors = {
        name: extract
        for name, extract in _extractors().items()
        if name in _REQUIRED or name not in skipped
    }
    for extract in extractors.values():
        extract(pages[0].html, pages[0].url)
    texts: dict[str, list[str]] = {name: [] for name in extractors}
    seconds = dict.fromkeys(extractors, 0.0)
    crashes = dict.fromkeys(extractors, 0)
    for page in pages:
        for name, extract in extractors.items():
            text, elapsed, crashed = _timed(extract, page)
            texts[name].append(text)
            seconds[name] += elapsed
            crashes[name] += crashed
    return {
        name: Run(texts[name], seconds[name] * 1000 / len(pages), crashes[name])
        for name in extractors
    }


def main(argv: Iterable[str] | None = None) -> None:
    """Print the tables for the chosen corpus (both by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("all", "scrapinghub", "wcxb-dev"), default="all")
    # newspaper4k costs about ten times the others: on a loaded machine a run can leave it out.
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="NAME",
        help="leave the extractor NAME (as the tables print it) out of the run; repeatable",
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    corpus, skipped = args.corpus, args.skip
    warnings.filterwarnings("ignore")
    if corpus in ("all", "scrapinghub"):
        pages = load_corpus()
        _scrapinghub_table(_run_all(pages, skipped), pages)
    if corpus in ("all", "wcxb-dev"):
        pages = load_wcxb()
        runs = _run_all(pages, skipped)
        _wcxb_table(runs, pages)
        _failed_pages(pages, runs["newsdesk"].texts)
        _metadata_table(pages)


if __name__ == "__main__":
    main()
