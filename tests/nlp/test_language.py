"""Language detection: ISO 639-1 codes, no guess when the text cannot tell, and the model kept
decompressed between starts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from newsdesk.nlp import language
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


_SAMPLES = [
    "The earthquake struck off the coast of Indonesia early on Monday.",
    "Le séisme a frappé la côte indonésienne lundi matin.",
    "El terremoto sacudió la costa de Indonesia el lunes.",
    "Il terremoto ha colpito la costa indonesiana lunedì mattina.",
]


@pytest.fixture
def kept_in(tmp_path: Path) -> Iterator[Path]:
    before = language._kept_in
    language.keep_model_in(tmp_path)
    yield tmp_path
    language.keep_model_in(before)


def test_the_model_kept_decompressed_ranks_as_the_package_loads_it(kept_in: Path) -> None:
    shipped = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for text in _SAMPLES:
        assert language._identifier().rank(text) == shipped.rank(text)
    assert [path.suffix for path in kept_in.iterdir()] == [".npz"]


def test_a_later_start_reads_the_kept_model_without_decompressing_it(
    kept_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert detect_language(_SAMPLES[1]) == "fr"
    language.keep_model_in(kept_in)  # as the next process starts
    monkeypatch.setattr(language.lzma, "decompress", _never)
    assert detect_language(_SAMPLES[2]) == "es"


def test_a_folder_that_cannot_be_written_only_costs_the_decompression(kept_in: Path) -> None:
    blocked = kept_in / "file"
    blocked.write_text("not a folder")
    language.keep_model_in(blocked / "models")
    assert detect_language(_SAMPLES[3]) == "it"


def _never(data: bytes) -> bytes:
    raise AssertionError("the kept model was decompressed again")
