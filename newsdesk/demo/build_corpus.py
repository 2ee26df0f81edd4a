"""Render the demo corpus (article pages, feeds, home pages, events.json) from plain sources.

The prose lives in ``corpus_src/<outlet>/<slug>.txt`` so writers edit text, not markup; this
script wraps each article in its outlet's publisher boilerplate (navigation, cookie banner, share
bar, newsletter box, related links, footer) because the extractor must learn to strip exactly
that.  Run ``python -m newsdesk.demo.build_corpus`` after editing a source; the output is
committed so the publisher server never needs this module at run time.

Source format: ``key: value`` header lines, a ``---`` line, then the body in paragraphs
separated by blank lines; ``## `` starts a sub-heading, a final line starting with ``(`` is the
attribution line.  Times are minutes before "now"; the server renders the ``{{ago:…}}`` tokens.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from newsdesk.demo.publisher import FEED_TYPES

HERE = Path(__file__).resolve().parent
SRC = HERE / "corpus_src"
OUT = HERE / "corpus"


@dataclass
class Article:
    """One report as written in its source file."""

    id: str
    outlet: str
    slug: str
    event: str
    minutes: int
    section: str
    author: str
    title: str
    standfirst: str
    body: list[str]
    updated: int | None = None
    wire_copy_of: str | None = None
    canonical: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def local_path(self) -> str:
        """Path of the page on the local publisher server (and inside ``corpus/``)."""
        return f"{self.outlet}/articles/{self.slug}.html"

    @property
    def local_url(self) -> str:
        """Absolute local URL, as a token the server resolves at serve time."""
        return "{{base}}/" + self.local_path


def parse_source(path: Path) -> Article:
    """Read one ``.txt`` source; the header is strict so typos fail loudly."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    meta: dict[str, str] = {}
    for line in head.strip().splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    paragraphs = [" ".join(p.split()) for p in body.strip().split("\n\n") if p.strip()]
    known = {"event", "minutes", "section", "author", "title", "standfirst", "updated"}
    return Article(
        id=f"{path.parent.name}/{path.stem}",
        outlet=path.parent.name,
        slug=path.stem,
        event=meta["event"],
        minutes=int(meta["minutes"]),
        section=meta["section"],
        author=meta["author"],
        title=meta["title"],
        standfirst=meta["standfirst"],
        body=paragraphs,
        updated=int(meta["updated"]) if meta.get("updated") else None,
        wire_copy_of=meta.get("wire_copy_of") or None,
        extra={k: v for k, v in meta.items() if k not in known | {"wire_copy_of"}},
    )


def text(value: str) -> str:
    """Escape a text node; quotes stay literal, as most CMSs emit them (attributes use escape)."""
    return escape(value, quote=False)


def ago(minutes: int, fmt: str = "iso") -> str:
    """A time token the publisher renders relative to its clock."""
    return "{{ago:" + f"{minutes}:{fmt}" + "}}"


def body_html(article: Article, related: list[Article]) -> str:
    """Paragraphs and sub-headings; a trailing "(Reporting by …)" becomes the attribution.

    Some outlets put clutter *inside* the article, as real CMSs do (an ad slot, a "Read more"
    link, a body wrapper div), so the extractor is tested on more than the easy case.
    """
    inline = set(STYLE[article.outlet].get("inline", "").split())
    parts = []
    for n, para in enumerate(article.body):
        if para.startswith("## "):
            parts.append(f"<h2>{text(para[3:])}</h2>")
        elif para.startswith("(") and para is article.body[-1]:
            parts.append(f'<p class="attribution">{text(para)}</p>')
        elif para.startswith("> "):
            parts.append(f"<blockquote><p>{text(para[2:])}</p></blockquote>")
        else:
            parts.append(f"<p>{text(para)}</p>")
        if n == 2 and "ad" in inline:
            parts.append('<div class="ad-slot" aria-hidden="true">Advertisement</div>')
        if n == 4 and "read-more" in inline and related:
            link = f'<a href="{related[0].local_url}">{text(related[0].title)}</a>'
            parts.append(f'<p class="read-more"><strong>Read more:</strong> {link}</p>')
    html = "\n      ".join(parts)
    if "wrapper" in inline:
        html = f'<div class="article-body" itemprop="articleBody">\n      {html}\n      </div>'
    return html


# --- per-outlet boilerplate -------------------------------------------------------------------

STYLE: dict[str, dict[str, Any]] = {
    "harbour-gazette": {
        "nav": ["News", "Port &amp; Shipping", "Business", "Sport", "World", "Opinion"],
        "colour": "#0b3d5c",
        "newsletter": "Get the Gazette Morning Briefing in your inbox at 7am, every weekday.",
        "cookie": "We use cookies to personalise content and to analyse our traffic.",
        "footer": "The Harbour Gazette, 14 Quay Street, Calderwick. Part of Westcoast Media Group.",
        "comments": True,
    },
    "meridian-wire": {
        "nav": ["World", "Business", "Markets", "Climate", "Science", "Sports"],
        "colour": "#c0392b",
        "inline": "wrapper",
        "newsletter": "Sign up for Meridian Daily: the day's essential stories from our desks.",
        "cookie": "Meridian Wire and its partners use cookies and similar technologies.",
        "footer": "All quotes delayed a minimum of 15 minutes. Meridian Wire editorial standards.",
        "comments": False,
    },
    "northfield-courier": {
        "nav": ["Local", "Vessland", "Politics", "Consumer", "Sport", "What's on"],
        "colour": "#2e6b3a",
        "inline": "read-more wrapper",
        "newsletter": "The Courier Catch-up: Northfield news every evening, free.",
        "cookie": "This site uses cookies. Some are essential, others help us improve it.",
        "footer": "Northfield Courier, Mill Lane, Northfield, Vessland. Independent since 1902.",
        "comments": True,
    },
    "continental-ledger": {
        "nav": ["Markets", "Companies", "Economy", "Tech", "Energy", "Lex"],
        "colour": "#1d2b36",
        "inline": "ad",
        "newsletter": "Before the Bell: our markets newsletter, weekdays at 6.30am.",
        "cookie": "We use cookies for analytics, advertising and to keep you signed in.",
        "footer": "The Continental Ledger Ltd. Not investment advice. Subscriber agreement.",
        "comments": True,
    },
    "daily-lantern": {
        "nav": ["Home", "News", "Politics", "World", "Money", "Science", "Sport", "Puzzles"],
        "colour": "#1a1a1a",
        "inline": "ad read-more",
        "newsletter": "Lantern Lunchtime: a quick bright read at midday.",
        "cookie": "Can we use your data to tailor ads for you?",
        "footer": "The Daily Lantern, Kestrin. Complaints and corrections: see our code.",
        "comments": True,
    },
    "coastline-post": {
        "nav": ["News", "Community", "Sport", "Notices", "Contact"],
        "colour": "#1f7a99",
        "newsletter": "Get the Post: our Friday round-up of west coast news.",
        "cookie": "We use a few cookies to run this site. That is all.",
        "footer": "Coastline Post is a not-for-profit community newsroom. Tip us off: news@",
        "comments": True,
    },
}

ANALYTICS = """<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);} gtag('js', new Date());
</script>"""

# One page carries a hostile-looking script outside the article; the extractor must drop it.
HOSTILE_SCRIPT = """<script type="text/javascript">
  /* sponsored widget loader */
  document.write('<div class="promo">Win a cruise! Click here</div>');
  fetch('/collect?u=' + encodeURIComponent(document.cookie));
</script>
<div class="promo-slot" onclick="window.location='javascript:void(0)'">Advertisement</div>"""


def page_html(article: Article, outlet: dict, related: list[Article]) -> str:
    """The full publisher page for one article, boilerplate and all."""
    style = STYLE[article.outlet]
    name = escape(outlet["name"])
    home = "{{base}}/" + article.outlet + "/"
    nav = "".join(f'<li><a href="{home}">{n}</a></li>' for n in style["nav"])
    rel = "\n".join(
        f'        <li><a href="{r.local_url}">{escape(r.title)}</a></li>' for r in related
    )
    published = ago(article.minutes)
    modified = ago(article.updated if article.updated is not None else article.minutes)
    updated_note = (
        f' <span class="updated">Updated {ago(article.updated, "display")}</span>'
        if article.updated is not None
        else ""
    )
    comments = (
        f'<section class="comments" id="comments"><h3>Comments</h3>'
        f"<p>{(len(article.body) * 7) % 23} comments. Sign in to join the conversation.</p>"
        f"</section>"
        if style["comments"]
        else ""
    )
    hostile = HOSTILE_SCRIPT if article.extra.get("markup") == "hostile-script" else ""
    logo = "{{base}}/" + outlet["logo"]
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{escape(article.title)} | {name}</title>
  <meta name="description" content="{escape(article.standfirst)}">
  <meta name="author" content="{escape(article.author)}">
  <link rel="canonical" href="{article.canonical}">
  <meta property="og:type" content="article">
  <meta property="og:site_name" content="{name}">
  <meta property="og:title" content="{escape(article.title)}">
  <meta property="og:description" content="{escape(article.standfirst)}">
  <meta property="og:image" content="{logo}">
  <meta property="og:url" content="{article.canonical}">
  <meta property="article:published_time" content="{published}">
  <meta property="article:modified_time" content="{modified}">
  <meta property="article:section" content="{escape(article.section)}">
  <meta property="article:author" content="{escape(article.author)}">
  <link rel="icon" href="{logo}" type="image/svg+xml">
  <style>header.masthead{{background:{style["colour"]};color:#fff}}</style>
  {ANALYTICS}
</head>
<body class="article-page section-{article.section.lower()}">
  <div class="cookie-banner" role="dialog" aria-label="Cookie consent">
    <p>{style["cookie"]} <a href="{{{{base}}}}/{article.outlet}/">Privacy policy</a></p>
    <button type="button">Accept all</button> <button type="button">Manage choices</button>
  </div>
  <header class="masthead">
    <a class="logo" href="{{{{base}}}}/{article.outlet}/"><img src="{logo}" alt="{name}"
      width="48" height="48"> {name}</a>
    <nav class="main-nav"><ul>{nav}</ul></nav>
    <form class="search" action="{{{{base}}}}/{article.outlet}/"><input name="q"
      placeholder="Search"></form>
  </header>
  {hostile}
  <main id="content">
    <div class="share-bar" aria-label="Share this article">
      <span>Share</span> <a href="#">Email</a> <a href="#">Facebook</a> <a href="#">X</a>
      <a href="#">LinkedIn</a> <a href="#">Copy link</a>
    </div>
    <article class="story">
      <p class="kicker">{escape(article.section)}</p>
      <h1>{text(article.title)}</h1>
      <p class="standfirst">{text(article.standfirst)}</p>
      <div class="byline">By <span class="author">{escape(article.author)}</span>
        <time datetime="{published}">{ago(article.minutes, "display")}</time>{updated_note}</div>
      {body_html(article, related)}
    </article>
    <aside class="newsletter-signup">
      <h3>Newsletter</h3><p>{style["newsletter"]}</p>
      <form><input type="email" placeholder="Your email"><button>Sign up</button></form>
    </aside>
    <aside class="related">
      <h3>More from {name}</h3>
      <ul>
{rel}
      </ul>
    </aside>
    {comments}
  </main>
  <footer class="site-footer">
    <p>{style["footer"]}</p>
    <p><a href="#">About us</a> | <a href="#">Terms</a> | <a href="#">Privacy</a> |
      <a href="#">Advertise</a> | <a href="#">Careers</a></p>
    <p>&copy; {name}. All rights reserved.</p>
  </footer>
</body>
</html>
"""


# --- feeds and home pages ---------------------------------------------------------------------


def rss(outlet: dict, items: list[Article]) -> str:
    """RSS 2.0 with dc:creator, as most newspaper CMSs emit."""
    entries = "\n".join(
        f"""    <item>
      <title>{escape(a.title)}</title>
      <link>{a.local_url}</link>
      <guid isPermaLink="false">{a.canonical}</guid>
      <pubDate>{ago(a.minutes, "rfc822")}</pubDate>
      <dc:creator>{escape(a.author)}</dc:creator>
      <category>{escape(a.section)}</category>
      <description>{escape(a.standfirst)}</description>
    </item>"""
        for a in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{escape(outlet["name"])}</title>
    <link>{outlet["homepage"]}</link>
    <atom:link href="{{{{base}}}}/{outlet["feed_path"]}" rel="self" type="application/rss+xml"/>
    <description>{escape(outlet["tagline"])}</description>
    <language>en</language>
    <lastBuildDate>{ago(items[0].minutes, "rfc822")}</lastBuildDate>
    <image><url>{{{{base}}}}/{outlet["logo"]}</url><title>{escape(outlet["name"])}</title>
      <link>{outlet["homepage"]}</link></image>
{entries}
  </channel>
</rss>
"""


def atom(outlet: dict, items: list[Article]) -> str:
    """Atom 1.0; entry ids are the canonical URLs so they stay stable across runs."""
    entries = "\n".join(
        f"""  <entry>
    <title>{escape(a.title)}</title>
    <link rel="alternate" type="text/html" href="{a.local_url}"/>
    <id>{a.canonical}</id>
    <published>{ago(a.minutes)}</published>
    <updated>{ago(a.updated if a.updated is not None else a.minutes)}</updated>
    <author><name>{escape(a.author)}</name></author>
    <category term="{escape(a.section)}"/>
    <summary type="text">{escape(a.standfirst)}</summary>
  </entry>"""
        for a in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>{escape(outlet["name"])}: Top News</title>
  <subtitle>{escape(outlet["tagline"])}</subtitle>
  <id>{outlet["homepage"]}</id>
  <link rel="alternate" type="text/html" href="{outlet["homepage"]}"/>
  <link rel="self" type="application/atom+xml" href="{{{{base}}}}/{outlet["feed_path"]}"/>
  <logo>{{{{base}}}}/{outlet["logo"]}</logo>
  <updated>{ago(min(a.updated or a.minutes for a in items))}</updated>
{entries}
</feed>
"""


def jsonfeed(outlet: dict, items: list[Article]) -> str:
    """JSON Feed 1.1; tokens are plain strings so the file stays valid JSON before rendering."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": outlet["name"],
        "home_page_url": outlet["homepage"],
        "feed_url": "{{base}}/" + outlet["feed_path"],
        "description": outlet["tagline"],
        "icon": "{{base}}/" + outlet["logo"],
        "language": "en",
        "items": [
            {
                "id": a.canonical,
                "url": a.local_url,
                "title": a.title,
                "summary": a.standfirst,
                "date_published": ago(a.minutes),
                "date_modified": ago(a.updated if a.updated is not None else a.minutes),
                "authors": [{"name": a.author}],
                "tags": [a.section],
            }
            for a in items
        ],
    }
    return json.dumps(feed, indent=2, ensure_ascii=False) + "\n"


def news_sitemap(outlet: dict, items: list[Article]) -> str:
    """A Google News sitemap: the only machine-readable listing this outlet offers."""
    entries = "\n".join(
        f"""  <url>
    <loc>{a.local_url}</loc>
    <news:news>
      <news:publication><news:name>{escape(outlet["name"])}</news:name>
        <news:language>en</news:language></news:publication>
      <news:publication_date>{ago(a.minutes)}</news:publication_date>
      <news:title>{escape(a.title)}</news:title>
    </news:news>
  </url>"""
        for a in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{entries}
</urlset>
"""


def feed_link(outlet: dict) -> str:
    """The ``<link rel="alternate">`` feed readers discover; none for the feedless outlet."""
    if outlet["feed_path"] == outlet["home_path"]:
        return ""
    kind = FEED_TYPES[outlet["feed_kind"]].split(";")[0]
    return (
        f'\n  <link rel="alternate" type="{kind}" title="{escape(outlet["name"])}" '
        f'href="{{{{base}}}}/{outlet["feed_path"]}">'
    )


def home_page(outlet: dict, items: list[Article]) -> str:
    """The outlet's front page; for the feedless outlet it is how articles are discovered."""
    style = STYLE[outlet["slug"]]
    name = escape(outlet["name"])
    cards = "\n".join(
        f"""    <div class="card">
      <span class="section">{escape(a.section)}</span>
      <h2><a href="{a.local_url}">{escape(a.title)}</a></h2>
      <p>{escape(a.standfirst)}</p>
      <time datetime="{ago(a.minutes)}">{ago(a.minutes, "display")}</time>
    </div>"""
        for a in items
    )
    nav = "".join(f'<li><a href="#">{n}</a></li>' for n in style["nav"])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{name}: {escape(outlet["tagline"])}</title>
  <meta name="description" content="{escape(outlet["tagline"])}">
  <link rel="canonical" href="{outlet["homepage"]}">
  <link rel="icon" href="{{{{base}}}}/{outlet["logo"]}" type="image/svg+xml">{feed_link(outlet)}
</head>
<body class="home">
  <header class="masthead"><img src="{{{{base}}}}/{outlet["logo"]}" alt="" width="48"
    height="48"> <span class="name">{name}</span><nav><ul>{nav}</ul></nav></header>
  <main class="latest">
    <h1>Latest news</h1>
{cards}
  </main>
  <footer><p>{style["footer"]}</p></footer>
</body>
</html>
"""


def root_index(outlets: list[dict]) -> str:
    """``/``: a plain directory of the demo outlets, handy when browsing the server by hand."""
    rows = "\n".join(
        f'    <li><img src="{{{{base}}}}/{o["logo"]}" alt="" width="24" height="24"> '
        f'<a href="{{{{base}}}}/{o["slug"]}/">{escape(o["name"])}</a> '
        f'(<a href="{{{{base}}}}/{o["feed_path"]}">{o["feed_kind"]}</a>)</li>'
        for o in outlets
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>newsdesk demo publishers</title></head>
<body>
  <h1>newsdesk demo publishers</h1>
  <p>Fictional outlets served locally for the newsdesk demo. Every story here is invented.</p>
  <ul>
{rows}
  </ul>
</body>
</html>
"""


FEEDS = {"rss": rss, "atom": atom, "jsonfeed": jsonfeed, "news-sitemap": news_sitemap}


# --- assembly ---------------------------------------------------------------------------------


def canonical_for(article: Article, outlet: dict) -> str:
    """Stable fictional public URL; never changes between runs so re-ingestion dedupes."""
    uid = "mw" + str(sum(ord(c) * (i + 1) for i, c in enumerate(article.slug)) % 900000 + 100000)
    return outlet["article_url"].format(
        section=article.section.lower().replace(" ", "-"), slug=article.slug, uid=uid
    )


def load_articles(outlets: dict[str, dict]) -> list[Article]:
    """All sources, newest first, with canonical URLs filled in."""
    articles = [parse_source(p) for p in sorted(SRC.glob("*/*.txt"))]
    for article in articles:
        article.canonical = canonical_for(article, outlets[article.outlet])
    return sorted(articles, key=lambda a: a.minutes)


def events_index(articles: list[Article]) -> dict:
    """events.json: which article reports which event, plus the planted facts for later tests."""
    meta = json.loads((SRC / "events_meta.json").read_text(encoding="utf-8"))
    for event in meta["events"]:
        event["articles"] = [a.id for a in articles if a.event == event["id"]]
        event["outlets"] = sorted({a.outlet for a in articles if a.event == event["id"]})
    alone = set(meta["standalone_events"])
    meta["standalone"] = [a.id for a in articles if a.event in alone]
    meta["articles"] = {
        a.id: {
            "outlet": a.outlet,
            "event": a.event,
            "title": a.title,
            "path": a.local_path,
            "canonical": a.canonical,
            "minutes_ago": a.minutes,
            **({"wire_copy_of": a.wire_copy_of} if a.wire_copy_of else {}),
            **a.extra,
        }
        for a in articles
    }
    return meta


def generate() -> dict[str, str]:
    """Every generated file as ``{corpus-relative path: text}``; nothing is written."""
    manifest = json.loads((OUT / "outlets.json").read_text(encoding="utf-8"))
    outlets = {o["slug"]: o for o in manifest["outlets"]}
    articles = load_articles(outlets)
    files: dict[str, str] = {"index.html": root_index(manifest["outlets"])}
    for slug, outlet in outlets.items():
        mine = [a for a in articles if a.outlet == slug]
        for article in mine:
            related = [a for a in mine if a is not article][:4]
            files[article.local_path] = page_html(article, outlet, related)
        files[outlet["home_path"]] = home_page(outlet, mine)
        if outlet["feed_kind"] in FEEDS:
            files[outlet["feed_path"]] = FEEDS[outlet["feed_kind"]](outlet, mine)
    files["events.json"] = json.dumps(events_index(articles), indent=2, ensure_ascii=False) + "\n"
    return files


def build() -> None:
    """Write every generated file under ``corpus/``, removing article pages with no source."""
    files = generate()
    for old in OUT.glob("*/articles/*.html"):
        if old.relative_to(OUT).as_posix() not in files:
            old.unlink()
    for rel, text in files.items():
        (OUT / rel).parent.mkdir(parents=True, exist_ok=True)
        (OUT / rel).write_text(text, encoding="utf-8")
    print(f"built {sum('/articles/' in r for r in files)} article pages, {len(files)} files")


if __name__ == "__main__":
    build()
