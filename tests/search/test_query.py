"""Reading the search box: words, phrases, exclusions, prefixes and filters; and no input, however
odd, raises or reaches the engines' syntax."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.search import Filters, Term, parse
from newsdesk.search.query import MAX_TERMS


def test_words_are_lowercased_terms_that_must_all_match():
    query = parse("Port STRIKE")
    assert query.include == (Term(("port",)), Term(("strike",)))
    assert query.fts5() == '"port" "strike"'
    assert query.tsquery() == "'port' & 'strike'"


def test_a_quoted_phrase_keeps_its_words_in_order():
    query = parse('"container terminal" strike')
    assert query.include[0] == Term(("container", "terminal"))
    assert query.fts5() == '"container terminal" "strike"'
    assert query.tsquery() == "('container' <-> 'terminal') & 'strike'"


def test_a_minus_excludes_a_word_or_a_phrase():
    query = parse('strike -football -"transfer window"')
    assert query.exclude == (Term(("football",)), Term(("transfer", "window")))
    assert query.fts5() == '"strike" NOT "football" NOT "transfer window"'
    assert query.tsquery() == "'strike' & !'football' & !('transfer' <-> 'window')"


def test_a_trailing_star_makes_a_prefix_of_two_letters_or_more():
    assert parse("dock*").fts5() == '"dock"*'
    assert parse("dock*").tsquery() == "'dock':*"
    assert parse("d*").fts5() == '"d"'


def test_filters_are_read_and_not_searched_for():
    query = parse(
        "strike source:harbour-gazette #Calderwick lang:en after:2026-03 before:2026-03-31"
    )
    assert query.text == "strike"
    assert query.filters == Filters(
        sources=("harbour-gazette",),
        hashtags=("calderwick",),
        languages=("en",),
        since=date(2026, 3, 1),
        until=date(2026, 3, 31),
    )


def test_unreadable_filter_values_are_dropped():
    query = parse("after:yesterday source:'; DROP TABLE x lang:")
    assert query.filters.since is None
    assert query.filters.sources == ()


def test_an_unbalanced_quote_runs_to_the_end():
    assert parse('"port strike').include == (Term(("port", "strike")),)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        '"',
        '""',
        "-",
        "--",
        "*",
        "NOT",
        "a OR b",
        "NEAR(a b)",
        "headline:port",
        "^port",
        "(port",
        "port)",
        "'",
        "\\",
        "\x00",
        "😀",
        '-""',
        "#",
        "source:",
        "a:b:c",
        "x" * 10_000,
    ],
)
def test_odd_input_gives_a_valid_fts5_expression(typed):
    expression = parse(typed).fts5()
    if expression:
        fts5_match(expression)


def test_operators_typed_by_a_reader_are_searched_as_words():
    assert parse("port OR strike").fts5() == '"port" "or" "strike"'
    # Punctuation joins a token's words into a phrase, as the engines' tokenizers would.
    assert parse("NEAR(port strike)").fts5() == '"near port" "strike"'


def test_a_long_query_is_cut_to_a_bounded_number_of_terms():
    assert len(parse("word " * 5000).include) == MAX_TERMS


def fts5_match(expression: str) -> None:
    database = sqlite3.connect(":memory:")
    database.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='porter unicode61')")
    database.execute("INSERT INTO t VALUES ('dockworkers strike at the port')")
    database.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_into_an_expression_fts5_accepts(typed):
    query = parse(typed)
    for expression in (query.fts5(), query.fts5_any_excluded()):
        if expression:
            fts5_match(expression)
