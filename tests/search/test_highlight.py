"""Snippets show where the searched words occur, marked, inflections included."""

from __future__ import annotations

from newsdesk.search import Segment, snippet


def marked(segments: list[Segment]) -> list[str]:
    return [segment.text for segment in segments if segment.match]


def test_matches_are_marked_with_their_inflections():
    text = "Dockworkers were striking on Tuesday. The strike closed the port."
    assert marked(snippet(text, ["strike", "port"])) == ["striking", "strike", "port"]


def test_the_snippet_starts_near_the_first_match_and_says_where_it_was_cut():
    text = "Filler words. " * 40 + "The harbour strike began at dawn. " + "More filler. " * 40
    segments = snippet(text, ["strike"], width=120)
    assert segments[0] == Segment("…", False)
    assert segments[-1] == Segment("…", False)
    assert marked(segments) == ["strike"]
    assert sum(len(s.text) for s in segments) <= 130


def test_without_a_match_the_snippet_is_the_opening():
    segments = snippet("A short text.", ["absent"])
    assert segments == [Segment("A short text.", False)]


def test_the_segments_put_together_are_the_text():
    text = "Port strike: <b>the</b> port & its strikers."
    assert "".join(s.text for s in snippet(text, ["port", "strike"])) == text


def test_function_words_are_not_marked_unless_the_search_has_nothing_else():
    text = "Why are dockers striking? They are striking over pay."
    assert marked(snippet(text, ["why", "are", "dockers", "striking"])) == [
        "dockers",
        "striking",
        "striking",
    ]
    assert marked(snippet("The Who played on.", ["the", "who"])) == ["The", "Who"]
