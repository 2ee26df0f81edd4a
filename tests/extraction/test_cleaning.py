"""Our tree cleaning leaves the tree trafilatura's ``tree_cleaning`` leaves."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from lxml.html import fromstring
from trafilatura.htmlprocessing import tree_cleaning
from trafilatura.settings import Extractor

from newsdesk.extraction.cleaning import clean_tree

TESTDATA = Path(__file__).with_name("testdata")
# Deleted elements side by side, nested in each other and first in their parent, each with a
# tail that must land where trafilatura puts it; a form holding most of the text; a figure
# holding a table; a formula; empty elements trafilatura prunes.
MIXED = (
    "<html><head><title>T</title></head><body><div><nav>Menu<button>Go</button></nav>tail one"
    "<aside>Side</aside>tail two<script>x()</script><p>Kept <small>text</small>"
    '<iframe src="a"></iframe>after frame</p><figure><table><tr><td>Cell</td></tr></table>'
    '</figure><figure><img src="b.jpg"><figcaption>Cap</figcaption></figure>tail three'
    '<math alttext="x^2"><mi>x</mi></math>squared<div></div><span></span></div>'
    "<form><p>The whole article sits in a form, as ASP.NET pages put it.</p></form>"
    "<form><input>Search</form>after search</body></html>"
)
SETTINGS = {
    "default": Extractor(output_format="xml"),
    "precision": Extractor(precision=True, output_format="xml"),
    "recall": Extractor(recall=True, output_format="xml"),
    "no tables": Extractor(tables=False, output_format="xml"),
    "images": Extractor(images=True, output_format="xml"),
}
PAGES = {path.name: path.read_text(encoding="utf-8") for path in TESTDATA.glob("*.html")}
PAGES["mixed"] = MIXED
# Every paragraph inside a deleted element: recall mode keeps them all.
PAGES["paragraphs only in navigation"] = "<html><body><nav><p>Only here.</p></nav></body></html>"


@pytest.mark.parametrize("settings", SETTINGS)
@pytest.mark.parametrize("page", PAGES)
def test_it_cleans_the_tree_as_trafilatura_does(page: str, settings: str) -> None:
    options = SETTINGS[settings]
    ours = clean_tree(fromstring(PAGES[page]), options)
    theirs = tree_cleaning(fromstring(PAGES[page]), options)
    assert etree.tostring(ours) == etree.tostring(theirs)
