"""Sections: an article goes to the section it is closest to in meaning, and to a second one
only when that is nearly as close."""

from __future__ import annotations

import numpy as np
import pytest

from newsdesk.nlp.embed import embed
from newsdesk.nlp.topics import SECTIONS, SectionClassifier, sections_for


def axis_classifier(margin: float = 0.05) -> SectionClassifier:
    """One centroid per axis: a vector's closeness to section i is its i-th coordinate."""
    return SectionClassifier(np.eye(len(SECTIONS), dtype=np.float32), margin=margin)


def unit(*weights: float) -> np.ndarray:
    row = np.zeros(len(SECTIONS), dtype=np.float32)
    row[: len(weights)] = weights
    return (row / np.linalg.norm(row))[None, :]


def test_an_article_goes_to_the_closest_section():
    assert axis_classifier().assign(unit(0.2, 0.9)) == [["business"]]


def test_a_nearly_as_close_section_is_given_too_closest_first():
    assert axis_classifier().assign(unit(0.69, 0.7)) == [["business", "world"]]


def test_a_clearly_farther_section_is_not_given():
    assert axis_classifier().assign(unit(0.5, 0.8)) == [["business"]]


def test_every_section_needs_its_centroid():
    with pytest.raises(ValueError, match="one centroid per section"):
        SectionClassifier(np.eye(3, len(SECTIONS), dtype=np.float32))


@pytest.mark.parametrize(
    ("headline", "section"),
    [
        ("Striker scores twice as the champions win the derby", "sport"),
        ("Shares slide as the central bank raises interest rates", "business"),
        ("Ministers resign as the coalition government collapses", "world"),
        ("New smartphone gets a faster chip and a better camera", "technology"),
        ("Telescope finds water on a planet orbiting a distant star", "science"),
        ("Hospitals struggle with a surge in flu patients", "health"),
        ("Pop star announces a world tour after her album tops the charts", "entertainment"),
    ],
)
def test_plain_headlines_land_in_their_section(headline, section):
    assert sections_for(embed([headline]))[0][0] == section
