"""Compare coverage on a two-outlet story with one conflicting number and one attribution."""

from __future__ import annotations

from newsdesk.ai import Document, compare_coverage
from tests.ai.articles import article, story


def test_it_finds_the_conflicting_number_and_attribution_and_nothing_else(embed):
    coverage = compare_coverage(story(), embed=embed)
    assert coverage is not None
    found = {(d.kind, tuple((c.source, c.value) for c in d.claims)) for d in coverage.differences}
    assert found == {
        (
            "number",
            (("Meridian Wire", "about 2,500 troops"), ("Harbour Gazette", "2,000 troops")),
        ),
        (
            "attribution",
            (
                ("Meridian Wire", "Defence Minister Yara Tobin"),
                ("Harbour Gazette", "General Omar Haddad"),
            ),
        ),
    }


def test_each_difference_cites_each_outlet(embed):
    coverage = compare_coverage(story(), embed=embed)
    for difference in coverage.differences:
        cited = {c.citation.document_id for c in difference.claims}
        assert cited == {"border-a", "border-b"}


def test_agreed_facts_cite_both_outlets(embed):
    coverage = compare_coverage(story(), embed=embed)
    agreed = {g.text: {c.document_id for c in g.citations} for g in coverage.agreed}
    assert agreed[
        "Four people were injured in the clashes, according to the regional hospital."
    ] == {
        "border-a",
        "border-b",
    }
    assert "Roads into Kellar were closed to civilian traffic on Wednesday." in agreed
    # Disputed sentences are differences, not agreements.
    assert not any("troops" in text or "armed groups" in text for text in agreed)


def test_only_in_lists_what_one_outlet_alone_reports(embed):
    coverage = compare_coverage(story(), embed=embed)
    only_a = " ".join(g.text for g in coverage.only_in["Meridian Wire"])
    only_b = " ".join(g.text for g in coverage.only_in["Harbour Gazette"])
    assert "30 armoured vehicles" in only_a or "three months" in only_a
    assert "120 families" in only_b or "ambassador" in only_b


def test_a_single_outlet_is_not_compared(embed):
    assert compare_coverage([article("heatwave")], embed=embed) is None


def test_a_third_outlet_joins_the_disagreement_it_takes_a_side_in(embed):
    third = Document.from_text(
        "border-c",
        "Daily Lantern",
        "Troops head north",
        None,
        "Tarsia has deployed two thousand troops to its northern border after two nights of "
        "clashes near the town of Kellar.\n"
        "Four people were injured in the clashes, according to the regional hospital.",
    )
    coverage = compare_coverage([*story(), third], embed=embed)
    numbers = [d for d in coverage.differences if d.kind == "number"]
    assert len(numbers) == 1
    assert {(c.source, c.value) for c in numbers[0].claims} == {
        ("Meridian Wire", "about 2,500 troops"),
        ("Harbour Gazette", "2,000 troops"),
        ("Daily Lantern", "two thousand troops"),
    }
    injured = next(g for g in coverage.agreed if g.text.startswith("Four people"))
    assert {c.document_id for c in injured.citations} == {"border-a", "border-b", "border-c"}


def two_reports(first: str, second: str) -> list[Document]:
    return [
        Document.from_text("a", "Lakeside Times", "Ferry capsizes", None, first),
        Document.from_text("b", "Northern Wire", "Ferry capsizes", None, second),
    ]


def test_it_compares_times_scores_and_the_words_of_a_quote(embed):
    coverage = compare_coverage(
        two_reports(
            "The ferry capsized near the pier at about 6:40am on Sunday.\n"
            "United led 1-0 at half-time.\n"
            '"This is the best day of my career," Reyes said.',
            "The ferry overturned near the pier at around 7:15am on Sunday.\n"
            "It was 1-1 at half-time.\n"
            '"This is the greatest day of my career," said Reyes.',
        ),
        embed=embed,
    )
    found = {(d.kind, tuple(c.value for c in d.claims)) for d in coverage.differences}
    assert ("time", ("6:40am", "7:15am")) in found
    assert ("score", ("1-0", "1-1")) in found
    assert (
        "quote",
        ("This is the best day of my career", "This is the greatest day of my career"),
    ) in found
    assert all(d.about and "near" not in d.about.split() for d in coverage.differences)


def test_a_figure_another_outlet_contradicts_is_never_shown_as_agreed(embed):
    coverage = compare_coverage(
        two_reports(
            "Three people were killed when the ferry Saltwind capsized on Lake Varro.",
            "Four people died when the ferry Saltwind overturned on Lake Varro.",
        ),
        embed=embed,
    )
    assert not any("Three" in g.text or "Four" in g.text for g in coverage.agreed)
    assert [d.kind for d in coverage.differences] == ["number"]


def test_agreement_is_only_claimed_after_comparing_claims(embed):
    agreeing = compare_coverage(
        two_reports(
            "Rescue boats pulled 38 people from the water on Sunday.",
            "Rescuers recovered 38 people from the water on Sunday.",
        ),
        embed=embed,
    )
    assert not agreeing.differences and agreeing.compared > 0
    silent = compare_coverage(
        two_reports("The ferry sank in a storm.", "A storm sank the ferry."), embed=embed
    )
    assert not silent.differences and silent.compared == 0
