"""Story clustering: one event per story, look-alike events apart, the same result every run."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from newsdesk.stories import cluster
from newsdesk.stories.cluster import (
    ArticleSignal,
    ClusterConfig,
    OnlineClusterer,
    StorySignal,
    choose_story,
    headline_keys,
    join_score,
    merge_pass,
    new_story,
    refile_pass,
    should_merge,
    split_story,
    story_from,
    update_centroid,
)

# Three events with overlapping entities (Erbil, Iraq, Sudani), two of them strikes on the same
# city four days apart.
REPORTS = [
    (
        "strike1-a",
        "2024-01-10 06:00",
        "Drone strike hits Erbil airport. A drone packed with explosives struck Erbil "
        "international airport in Iraq's Kurdistan region early on Wednesday, wounding 3 "
        "guards, Kurdish officials said.",
    ),
    (
        "strike1-b",
        "2024-01-10 07:30",
        "Explosive-laden drone targets Erbil airport, 3 wounded. Kurdish authorities said a "
        "drone attack on the airport in Erbil wounded 3 security guards on Wednesday morning.",
    ),
    (
        "strike1-c",
        "2024-01-10 11:00",
        "Erbil airport drone attack wounds three. The Kurdistan Region's counter-terrorism "
        "service said one drone hit near the airport's runway in Erbil; flights resumed by "
        "noon.",
    ),
    (
        "strike2-a",
        "2024-01-14 21:00",
        "Rockets hit US consulate compound in Erbil. Four rockets struck near the new U.S. "
        "consulate in Erbil, Iraq, late on Sunday, killing 2 contractors, the Kurdish "
        "interior ministry said.",
    ),
    (
        "strike2-b",
        "2024-01-14 23:15",
        "Two killed as rockets land near American consulate in Erbil. Militants fired four "
        "rockets at the U.S. consulate complex in Erbil on Sunday night; 2 contractors died.",
    ),
    (
        "strike2-c",
        "2024-01-15 08:00",
        "US condemns rocket attack on Erbil consulate. The State Department condemned "
        "Sunday's rocket strike on the U.S. consulate in Erbil that killed 2 contractors.",
    ),
    (
        "visit-a",
        "2024-01-12 15:00",
        "Iraqi Prime Minister Mohammed Shia Al Sudani meets Biden at the White House. Sudani "
        "and Biden discussed the future of U.S. troops in Iraq during talks in Washington on "
        "Friday.",
    ),
    (
        "visit-b",
        "2024-01-12 16:20",
        "Biden hosts Iraq's Sudani in Washington. President Joe Biden welcomed Prime Minister"
        " Mohammed Shia al-Sudani to the White House for talks on security and energy.",
    ),
    (
        "visit-c",
        "2024-01-12 18:45",
        "Sudani, Biden talk troops and oil at White House. Iraq's prime minister Mohammed "
        "Shia Al Sudani told Biden in Washington that Iraq wants a timetable for U.S. troops.",
    ),
]
EVENTS = {r[0]: r[0].split("-")[0] for r in REPORTS}


@pytest.fixture(scope="module")
def signals(make_signals) -> list[ArticleSignal]:
    return make_signals(REPORTS)


def groups(assignments: dict) -> set[frozenset[str]]:
    by_story: dict[int, set[str]] = {}
    for report_id, story in assignments.items():
        by_story.setdefault(story, set()).add(report_id)
    return {frozenset(ids) for ids in by_story.values()}


def gold_groups() -> set[frozenset[str]]:
    return groups({report_id: event for report_id, event in EVENTS.items()})


def test_reports_of_one_event_form_one_story_and_events_stay_apart(signals) -> None:
    assert groups(OnlineClusterer().run(signals)) == gold_groups()


@pytest.mark.parametrize("seed", range(5))
def test_the_partition_does_not_depend_on_arrival_order(signals, seed) -> None:
    order = np.random.default_rng(seed).permutation(len(signals))
    assert groups(OnlineClusterer().run([signals[i] for i in order])) == gold_groups()


def test_two_strikes_on_the_same_city_on_different_days_stay_apart(signals) -> None:
    first = [s for s in signals if s.id.startswith("strike1")]
    second = next(s for s in signals if s.id == "strike2-a")
    story = new_story(1, first[0])
    for article in first[1:]:
        story = update_centroid(story, article)
    assert "erbil" in second.entity_keys & set(story.entity_keys)
    assert choose_story(second, [story]).story_id is None


def test_clustering_is_deterministic(signals) -> None:
    runs = [OnlineClusterer().run(signals) for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


def article(
    article_id: str, vector: list[float], keys: set[str], hours: float = 0, headline: str = ""
) -> ArticleSignal:
    v = np.asarray(vector, dtype=np.float32)
    published = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=hours)
    return ArticleSignal(article_id, published, v / np.linalg.norm(v), frozenset(keys), headline)


def test_a_close_vector_without_a_shared_name_does_not_join() -> None:
    story = new_story(7, article("a", [1, 0.2, 0], {"paris", "louvre"}))
    stranger = article("b", [1, 0.3, 0.05], {"lyon"})
    kin = article("c", [1, 0.3, 0.05], {"paris"})
    assert choose_story(stranger, [story], ClusterConfig(solo_cosine=0.999)).story_id is None
    assert choose_story(kin, [story]).story_id == 7


def test_old_stories_are_not_candidates() -> None:
    config = ClusterConfig()
    story = new_story(1, article("a", [1, 0, 0], {"paris"}))
    late = article("b", [1, 0, 0], {"paris"}, hours=config.max_gap / timedelta(hours=1) + 1)
    assert choose_story(late, [story], config) == choose_story(late, [], config)


def test_update_centroid_keeps_a_running_mean_and_key_counts() -> None:
    story = new_story(1, article("a", [1, 0, 0], {"paris"}))
    story = update_centroid(story, article("b", [0, 1, 0], {"paris", "louvre"}, hours=5))
    np.testing.assert_allclose(story.centroid, [0.5, 0.5, 0])
    assert story.entity_keys == Counter({"paris": 2, "louvre": 1})
    assert story.size == 2
    assert story.last_seen - story.first_seen == timedelta(hours=5)


def story_of(*articles: ArticleSignal) -> StorySignal:
    return story_from(articles[0].id, articles)


def test_should_merge_joins_split_halves_of_one_event_but_not_look_alikes() -> None:
    names = {"erbil", "kurdistan", "iraq"}
    half_a = story_of(article("a", [1, 0.1, 0], names | {"num:dead:3"}))
    half_b = story_of(article("b", [1, 0.15, 0], names | {"num:dead:3"}, hours=2))
    other_count = story_of(article("c", [1, 0.12, 0], names | {"num:dead:4"}, hours=3))
    assert should_merge(half_a, half_b)
    assert not should_merge(half_a, other_count)


def test_two_shared_names_are_not_enough_to_merge_two_stories() -> None:
    """Two Microsoft patch releases share the company, the browser and little else."""
    march = story_of(article("a", [1, 0.1, 0], {"microsoft", "internet-explorer", "ie8"}))
    april = story_of(
        article("b", [1, 0.1, 0], {"microsoft", "internet-explorer", "ie10"}, hours=30)
    )
    assert not should_merge(march, april)


def test_a_story_that_keeps_stating_a_year_merges_only_with_one_that_told_of_it() -> None:
    """Two cable cuts off Alexandria: the 2011 one's reports state the year, the 2008 one's
    never do, and both share the city, the sea and the countries cut off."""
    names = {"alexandria", "egypt", "mediterranean", "india"}
    cut_2011 = story_of(article("a", [1, 0.1, 0], names | {"year:2011"}))
    told = story_of(article("b", [1, 0.12, 0], names | {"year:2011"}, hours=2))
    silent = story_of(article("c", [1, 0.12, 0], names, hours=2))
    assert should_merge(cut_2011, told)
    assert not should_merge(cut_2011, silent)
    assert not should_merge(silent, cut_2011)


def test_a_story_published_in_the_year_its_fragment_states_may_merge_with_it() -> None:
    """Reports of this year's events seldom state the year: being published in it is enough."""
    names = {"alexandria", "egypt", "mediterranean", "india"}
    stating = story_of(article("a", [1, 0.1, 0], names | {"year:2024"}))
    silent = story_of(article("b", [1, 0.12, 0], names, hours=2))
    assert should_merge(stating, silent)


def titanfall_launch(extra: set[str] | None = None) -> StorySignal:
    """Four headlines of a launch that all name the game and most the console."""
    subject = {"word:titanfall", "word:xbox"}
    words = [{"word:launch"}, {"word:review"}, {"word:sales"}, {"word:bundle"}]
    return story_of(
        *(
            article(f"l{i}", [1, 0, 0], subject | w | (extra or set()), i)
            for i, w in enumerate(words)
        )
    )


def test_a_story_naming_a_bigger_storys_whole_subject_merges_at_the_lower_cosine() -> None:
    """ "Titanfall launch hindered by Xbox Live sign-in issues" tells the launch from its own
    side: its words read apart to the embedding, but it names all the launch is about."""
    side = story_of(
        article("s", [0.65, 0.76, 0], {"word:titanfall", "word:xbox", "word:live", "word:sign"})
    )
    survivors, absorbed = merge_pass([titanfall_launch(), side], cluster.HEADLINE_ONLY)
    assert absorbed == {"s": "l0"}
    assert survivors["l0"].size == 5
    assert not should_merge(
        titanfall_launch(), side, replace(cluster.HEADLINE_ONLY, subject_merge_cosine=None)
    )


def test_a_story_naming_only_part_of_a_bigger_storys_subject_needs_the_usual_cosine() -> None:
    console = story_of(
        article("s", [0.65, 0.76, 0], {"word:xbox", "word:live", "word:sign", "word:launch"})
    )
    assert not should_merge(titanfall_launch(), console, cluster.HEADLINE_ONLY)


def test_a_subject_alone_does_not_merge_stories_that_read_far_apart() -> None:
    far = story_of(article("s", [0.5, 0.866, 0], {"word:titanfall", "word:xbox", "word:price"}))
    assert not should_merge(titanfall_launch(), far, cluster.HEADLINE_ONLY)


def test_merge_pass_folds_newer_stories_into_the_oldest_and_never_chains() -> None:
    keys = {"erbil", "kurdistan", "iraq"}
    stories = [story_of(article(f"s{i}", [1, 0.1 * i, 0], keys, hours=i)) for i in range(3)] + [
        story_of(article("far", [0, 0, 1], {"lyon", "rhone"}))
    ]
    survivors, absorbed = merge_pass(stories)
    assert set(survivors) == {"s0", "far"}
    assert absorbed == {"s1": "s0", "s2": "s0"}
    assert survivors["s0"].size == 3


def test_a_small_story_folds_into_the_story_all_its_reports_choose() -> None:
    names = {"erbil", "kurdistan", "iraq"}
    event = story_of(*(article(f"e{i}", [1, 0.05 * i, 0], names, hours=i) for i in range(4)))
    early = article("early", [1, 0.1, 0], names, hours=5)
    other = story_of(article("o", [0, 0, 1], {"lyon"}))
    stories = [event, other, story_of(early)]
    assert refile_pass([("early", [early])], stories) == {"early": "e0"}


def test_a_small_story_whose_reports_choose_different_stories_stays() -> None:
    event = story_of(article("e", [1, 0, 0], {"erbil", "iraq"}))
    other = story_of(article("o", [0, 1, 0], {"lyon", "rhone"}))
    pair = [article("p1", [1, 0, 0], {"erbil", "iraq"}), article("p2", [0, 1, 0], {"lyon"})]
    assert refile_pass([("p1", pair)], [event, other, story_of(*pair)]) == {}


def test_a_refiled_story_carries_the_stories_folded_into_it_before() -> None:
    """The newer fragment joins the older one it shares most with, and the older one then
    moves into the event with both reports."""
    names = {"erbil", "kurdistan", "iraq"}
    event = story_of(*(article(f"e{i}", [1, 0, 0], names, hours=i) for i in range(4)))
    older = article("older", [1, 0, 0], names | {"peshmerga"})
    newer = article("newer", [1, 0, 0], names | {"peshmerga"})
    folds = refile_pass(
        [("newer", [newer]), ("older", [older])], [event, story_of(older), story_of(newer)]
    )
    assert folds == {"newer": "older", "older": "e0"}


def test_a_story_past_the_time_gap_is_no_place_to_refile() -> None:
    config = ClusterConfig()
    event = story_of(article("e", [1, 0, 0], {"erbil", "iraq"}))
    late = article(
        "late", [1, 0, 0], {"erbil", "iraq"}, hours=config.max_gap / timedelta(hours=1) + 1
    )
    assert refile_pass([("late", [late])], [event, story_of(late)], config) == {}


def test_a_story_over_before_another_began_is_an_earlier_event_not_refiled_into_it() -> None:
    """Two bushfires in one region days apart: the first fire's reports do not fold into the
    second's story, however alike; a report less than a day before a story began still does."""
    names = {"bushfire", "wales"}
    second = story_of(*(article(f"e{i}", [1, 0, 0], names, hours=48 + i) for i in range(4)))
    first = article("first", [1, 0, 0], names, hours=0)
    assert refile_pass([("first", [first])], [second, story_of(first)]) == {}
    early = article("early", [1, 0, 0], names, hours=30)
    assert refile_pass([("early", [early])], [second, story_of(early)]) == {"early": "e0"}


def test_the_clusterer_refiles_a_fragment_and_its_reports_follow_it() -> None:
    names = {"erbil", "kurdistan", "iraq"}
    clusterer = OnlineClusterer()
    clusterer.run(article(f"e{i}", [1, 0.05 * i, 0], names, hours=i) for i in range(4))
    early = article("early", [1, 0.1, 0], names, hours=5)
    clusterer.stories[99] = new_story(99, early)
    clusterer.assignments[early.id], clusterer.reports[early.id] = 99, early

    assert clusterer.refile() == 1
    assert clusterer.assignments["early"] == clusterer.assignments["e0"]
    assert 99 not in clusterer.stories


def test_a_story_is_regrouped_again_once_it_has_grown_by_the_growth_factor(monkeypatch) -> None:
    regrouped: list[int] = []
    regroup = cluster.split_story

    def counted(members, config):
        regrouped.append(len(members))
        return regroup(members, config)

    monkeypatch.setattr(cluster, "split_story", counted)
    names = {"erbil", "kurdistan", "iraq"}
    clusterer = OnlineClusterer(ClusterConfig(regroup_growth=1.5))
    clusterer.run(article(f"e{i}", [1, 0.05 * i, 0], names, hours=i) for i in range(4))
    for more in range(4, 7):
        clusterer.split()
        clusterer.add(article(f"e{more}", [1, 0.05, 0], names, hours=more))
    clusterer.split()
    assert regrouped == [4, 6]


def test_a_story_that_reads_as_one_event_is_not_split(signals) -> None:
    visit = [s for s in signals if s.id.startswith("visit")]
    assert split_story(visit) == [[s.id for s in visit]]


def test_a_story_that_mixes_two_events_splits_into_them(signals) -> None:
    """A wrong merge (or drift) put a Washington visit into the airport strike's story."""
    mixed = [s for s in signals if s.id.startswith(("strike1", "visit"))]
    parts = split_story(mixed)
    assert {frozenset(p) for p in parts} == {
        frozenset(s.id for s in mixed if s.id.startswith("strike1")),
        frozenset(s.id for s in mixed if s.id.startswith("visit")),
    }
    assert split_story(list(reversed(mixed))) == parts


def fights(second_year: str | None) -> list[ArticleSignal]:
    """Three reports of a 2008 title fight and three of a rematch whose reports read alike
    to the embedding (cosine 0.8) but name other venues and seconds."""
    first = [
        article(f"2008-{i}", [1, 0.01 * i, 0], {"klitschko", "thompson", "hamburg", "year:2008"})
        for i in range(3)
    ]
    rematch_keys = {"bern", "stade-de-suisse", "steward"} | ({second_year} - {None})
    rematch = [article(f"rematch-{i}", [0.8, 0.6, 0.01 * i], rematch_keys) for i in range(3)]
    return first + rematch


def test_a_story_of_two_look_alike_events_splits_when_each_states_its_own_year() -> None:
    parts = split_story(fights("year:2012"))
    assert sorted(map(sorted, parts)) == [
        ["2008-0", "2008-1", "2008-2"],
        ["rematch-0", "rematch-1", "rematch-2"],
    ]


def test_a_part_that_states_no_year_is_no_reason_to_split() -> None:
    """Its reports may just not say: only two parts that each keep stating years, and not the
    same ones, tell of two events."""
    assert len(split_story(fights(None))) == 1


def test_a_headline_naming_only_what_the_story_never_mentions_costs_the_join():
    """The Cooringa fire is not the Tarrawong fire, however alike the two reports read."""
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    vector = np.ones(4, dtype=np.float32) / 2
    tarrawong = new_story(
        1,
        ArticleSignal(1, now, vector, frozenset({"tarrawong", "new-south-wales", "australia"})),
    )
    keys = frozenset({"cooringa", "tarrawong", "new-south-wales", "australia"})
    cooringa = ArticleSignal(2, now, vector, keys, "Second bushfire forces 600 to flee Cooringa")
    follow_up = replace(cooringa, headline="Tarrawong and Cooringa fires stretch crews")
    config = ClusterConfig()
    new_place = join_score(cooringa, tarrawong, 0.6, config)
    known_place = join_score(follow_up, tarrawong, 0.6, config)
    assert known_place - new_place == pytest.approx(config.headline_penalty)
    assert headline_keys(cooringa) == {"cooringa"}


def test_only_the_shortlist_of_closest_stories_is_scored() -> None:
    """A story further down by cosine cannot win on names once the shortlist is full."""
    close = new_story(1, article("a", [1, 0.3, 0], set()))
    named = new_story(2, article("b", [1, 1, 0], {"erbil", "kurdistan"}))
    report = article("c", [1, 0.5, 0], {"erbil", "kurdistan"})
    assert choose_story(report, [close, named]).story_id == 2
    assert choose_story(report, [close, named], ClusterConfig(shortlist=1)).story_id != 2


def test_the_same_loot_quoted_in_another_currency_is_no_conflict() -> None:
    """€80M, £74M and "about $108M" are one heist's loot; €2M would be another heist."""
    names = {"cannes", "carlton-hotel"}
    heist = story_of(
        article("a", [1, 0.1, 0], names | {"num:eur:80000000"}),
        article("b", [1, 0.1, 0], names | {"num:eur:80000000"}, hours=1),
    )
    config = ClusterConfig()

    def score(quantity: str) -> float:
        return join_score(article("c", [1, 0.1, 0], names | {quantity}), heist, 0.9, config)

    assert score("num:gbp:74000000") == score("num:usd:~108000000")
    assert score("num:gbp:74000000") - score("num:eur:2000000") == pytest.approx(
        config.conflict_penalty
    )


def test_a_dateline_in_place_of_a_headline_names_nothing() -> None:
    report = article("a", [1, 0, 0], {"london", "erbil"}, headline="LONDON (Reuters) -")
    assert headline_keys(report) == set()


def test_a_report_and_a_story_of_which_only_one_dates_itself_pay_for_it() -> None:
    """September 2013's IE patch is datelined; December 2008's, told without a year, reads
    alike: when one side says when and the other never does, the join needs more names."""
    names = {"microsoft", "internet-explorer"}
    datelined = story_of(
        article("a", [1, 0.1, 0], names | {"date:2013-09-18", "year:2013"}),
        article("b", [1, 0.1, 0], names | {"date:2013-09-17"}, hours=1),
    )
    undated = story_of(article("c", [1, 0.1, 0], names), article("d", [1, 0.1, 0], names))
    config = ClusterConfig()
    lenient = replace(config, dating_penalty=0.0)

    def cost(report_keys: set[str], story: StorySignal) -> float:
        report = article("e", [1, 0.1, 0], report_keys)
        return join_score(report, story, 0.8, lenient) - join_score(report, story, 0.8, config)

    dated = names | {"date:2013-09-18"}
    assert cost(names, datelined) == pytest.approx(config.dating_penalty)
    assert cost(dated, undated) == pytest.approx(config.dating_penalty)
    assert cost(dated, datelined) == 0.0
    assert cost(names, undated) == 0.0


def test_a_year_alone_does_not_date_a_report() -> None:
    """A plant that "opens in 2029" is a plan, not a dateline: no mark against a story whose
    reports give no date."""
    names = {"veltron", "dunmore"}
    story = story_of(article("a", [1, 0.1, 0], names), article("b", [1, 0.1, 0], names))
    report = article("c", [1, 0.1, 0], names | {"year:2029"})
    config = ClusterConfig()
    lenient = replace(config, dating_penalty=0.0)
    assert join_score(report, story, 0.8, config) == join_score(report, story, 0.8, lenient)


def test_a_headline_without_a_date_is_no_mark_against_a_dated_story() -> None:
    """Headlines seldom give a date, so the headline preset does not count its absence."""
    assert cluster.HEADLINE_ONLY.dating_penalty == 0.0
