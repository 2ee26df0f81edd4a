"""Language detection: ISO 639-1 codes, and no guess when the text cannot tell."""

from __future__ import annotations

import pytest

from newsdesk.nlp.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The earthquake struck off the coast of Indonesia early on Monday.", "en"),
        ("Le séisme a frappé la côte indonésienne lundi matin.", "fr"),
        ("Der Papst besucht am Sonntag Berlin und trifft die Kanzlerin.", "de"),
        ("El terremoto sacudió la costa de Indonesia el lunes.", "es"),
        ("Землетрясение произошло у побережья Индонезии.", "ru"),
    ],
)
def test_it_names_the_language(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "ok", "12345 678 99", "!!! ??? ..."])
def test_it_abstains_on_text_too_short_or_without_letters(text: str) -> None:
    assert detect_language(text) is None
