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
