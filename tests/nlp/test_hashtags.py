"""Hashtags: salient, stable, CamelCase, and never generic noise."""

from __future__ import annotations

from newsdesk.nlp.entities import Entity, EntityOptions, extract_entities
from newsdesk.nlp.hashtags import hashtags_for, to_tag

HEADLINE = "Rockets hit Ain al-Asad air base in Iraq, ISIS suspected"
TEXT = (
    "BAGHDAD (Reuters) - Several rockets struck the Ain al-Asad air base in western Iraq on "
    "Monday, Iraqi security officials said. ISIS militants were suspected. A second attack hit "
    "Erbil in January. Ain al-Asad hosts U.S. troops. Iraq's government condemned the attack "
    "on Ain al-Asad. Officials in Erbil said 12 people were hurt on Monday."
)
NOISE = {"monday", "january", "reuters", "said", "12", "the", "officials"}


def entity(name: str, label: str, mentions: int, offset: int) -> Entity:
    return Entity(name, label, mentions, name.lower().replace(" ", "-"), offset)


def named_in(text: str, labelled: str) -> list[Entity]:
    """The entities "Name:LABEL; Name:LABEL" as NER would return them from ``text``: each
    mentioned as often as the text writes it, first where it first does."""
    pairs = [item.rsplit(":", 1) for item in labelled.split("; ")]
    return [entity(name, label, text.count(name), text.find(name)) for name, label in pairs]


def test_it_tags_the_salient_entities_in_camel_case() -> None:
    tags = hashtags_for(HEADLINE, TEXT, extract_entities(TEXT))
    assert 3 <= len(tags) <= 8
    assert {"AinAlAsad", "Iraq", "ISIS", "Erbil"} <= set(tags)


def test_it_never_emits_generic_noise() -> None:
    tags = hashtags_for(HEADLINE, TEXT, extract_entities(TEXT))
    assert not {t.lower() for t in tags} & NOISE
    assert all(not t.isdigit() and " " not in t and not t.startswith("#") for t in tags)


def test_noise_entities_are_dropped_even_when_the_model_returns_them() -> None:
    entities = [
        entity("Reuters", "ORG", 5, 0),
        entity("Monday", "ORG", 4, 10),
        entity("Erbil", "GPE", 2, 30),
        entity("Iraq", "GPE", 2, 40),
    ]
    tags = hashtags_for("Attack in Erbil", TEXT, entities)
    assert tags[:2] == ["Erbil", "Iraq"]
    assert "Reuters" not in tags and "Monday" not in tags


def test_the_same_entity_gives_the_same_tag_in_different_articles() -> None:
    first = hashtags_for("Blast near Erbil", "Erbil was hit.", [entity("Erbil", "GPE", 1, 0)])
    second = hashtags_for(
        "Erbil airport closed", "Flights to Erbil stop.", [entity("Erbil", "GPE", 3, 5)]
    )
    assert first[0] == second[0] == "Erbil"


def test_headline_entities_rank_first() -> None:
    entities = [entity("Baghdad", "GPE", 3, 0), entity("Erbil", "GPE", 1, 200)]
    assert hashtags_for("Drone strike on Erbil", TEXT, entities)[0] == "Erbil"


def test_established_topics_fill_in_when_names_are_few() -> None:
    text = "The parliament election in Turkmenistan was held. Turnout at the election was high."
    tags = hashtags_for(
        "Parliament election held in Turkmenistan", text, [entity("Turkmenistan", "GPE", 2, 30)]
    )
    assert tags == ["Turkmenistan", "Election"]


def test_common_words_are_no_tags_even_when_frequent() -> None:
    text = "Plant the garden early. A garden needs sun, and a vegetable garden needs water."
    assert hashtags_for("Vegetable gardening for beginners", text, []) == []


def test_headline_words_around_a_name_are_cut_off() -> None:
    headline = "Lindsay Lohan Checks Into Rehab, Checks Out Two Minutes Later"
    text = "May 2, 2013\nThe actress Lindsay Lohan left the clinic. Her lawyer Mark Heller spoke."
    entities = [
        entity("Lindsay Lohan Checks Into Rehab", "PERSON", 2, 0),
        entity("Mark Heller", "PERSON", 1, 120),
    ]
    assert hashtags_for(headline, text, entities) == ["LindsayLohan", "MarkHeller"]


def test_a_word_capitalised_only_at_the_start_of_sentences_is_no_name() -> None:
    headline = "Gang member guilty in slay of Brooklyn mom"
    text = "Andrew Lopez was found guilty. He targeted rival gang members in Brooklyn."
    entities = [
        entity("Gang", "ORG", 1, 0),
        entity("Brooklyn", "GPE", 2, 30),
        entity("Andrew Lopez", "PERSON", 1, 45),
    ]
    assert hashtags_for(headline, text, entities) == ["Brooklyn", "AndrewLopez"]


def test_times_quantities_and_cut_long_names_are_no_tags() -> None:
    text = (
        "At 8:49pm GMT the Fundamentalist Church of Jesus Christ of Latter Day Saints said "
        "723bn was spent. The Fundamentalist Church of Jesus Christ of Latter Day Saints met."
    )
    entities = [
        entity("GMT", "ORG", 1, 9),
        entity("849pm", "ORG", 1, 3),
        entity("723bn", "ORG", 1, 70),
        entity("Fundamentalist Church of Jesus Christ of Latter Day Saints", "ORG", 2, 13),
    ]
    assert hashtags_for("Church spending", text, entities) == []


def test_a_long_name_of_a_person_keeps_the_family_name() -> None:
    name = "Maria Antonia Walburga Symphorosa von Bayern"
    tags = hashtags_for("Portrait", f"{name} painted it.", [entity(name, "PERSON", 1, 0)])
    assert tags == ["WalburgaSymphorosaVonBayern"]


def test_tag_spelling() -> None:
    assert to_tag("Ain al-Asad") == "AinAlAsad"
    assert to_tag("U.S.") == "US"
    assert to_tag("ISIS") == "ISIS"
    assert to_tag("W. Mark Felt") == "MarkFelt"
    assert to_tag("São Paulo") == "SaoPaulo"
    assert to_tag("Wrocław") == "Wroclaw"


def test_state_abbreviations_are_spelled_out() -> None:
    text = "Fred LaRue, a Nixon aide, was found dead in a motel in Biloxi, Miss., on Tuesday."
    tags = hashtags_for("Fred LaRue dies at 75", text, extract_entities(text))
    assert "Mississippi" in tags and "Miss" not in tags


def test_a_name_cut_by_the_entity_window_gives_no_fragment() -> None:
    text = f"{'The vote was close. ' * 49}After it, Desmond Tutu said."
    assert text[: EntityOptions().max_chars].endswith("Desmond Tu")
    tags = hashtags_for("Close vote", text, extract_entities(text))
    assert "DesmondTu" not in tags


def test_an_outlet_only_quoted_as_the_source_is_no_tag() -> None:
    text = (
        "Lindsay Lohan checked into the Betty Ford Center, her lawyer told the Daily News. "
        "The Betty Ford Center is in Rancho Mirage."
    )
    entities = [
        entity("Lindsay Lohan", "PERSON", 1, 0),
        entity("Betty Ford Center", "ORG", 2, 30),
        entity("Daily News", "ORG", 1, 70),
    ]
    assert set(hashtags_for("Lohan in rehab", text, entities)) == {
        "LindsayLohan",
        "BettyFordCenter",
    }


def test_a_credential_spelled_out_before_a_name_is_no_tag() -> None:
    text = "Certified Financial Planner (CFP) Marguerita Cheng of Annuity.org said savers differ."
    entities = named_in(text, "CFP:ORG; Marguerita Cheng:PERSON")
    assert hashtags_for("How millennials save", text, entities) == ["MargueritaCheng"]


def test_an_outlet_credited_with_per_or_courtesy_of_is_no_tag() -> None:
    text = (
        "Per THR, Gary Ross will resume talks with Lionsgate. Courtesy of ADN: "
        "Lionsgate has booked a November release."
    )
    entities = named_in(text, "Gary Ross:PERSON; Lionsgate:ORG; THR:ORG; ADN:ORG")
    assert set(hashtags_for("Ross in talks", text, entities)) == {"GaryRoss", "Lionsgate"}


def test_an_outlet_cited_as_saying_or_estimating_is_no_tag_but_a_company_in_the_news_is() -> None:
    text = (
        "Sky News estimates that at least 50 people were hurt when the quake struck Aceh. "
        "Banda Grid said its lines were down, and Banda Grid crews were out by noon."
    )
    entities = [
        entity("Sky News", "ORG", 1, 0),
        entity("Aceh", "GPE", 2, 70),
        entity("Banda Grid", "ORG", 2, 82),
    ]
    assert set(hashtags_for("Quake hits Aceh", text, entities)) == {"Aceh", "BandaGrid"}


def test_an_outlet_that_sources_tell_or_that_is_reporting_is_no_tag_but_a_damaged_site_is() -> None:
    text = (
        "Now, THR is reporting that Ross will return, and sources tell THR talks go on. "
        "According to a report from TMZ, Lohan left. Damage to the Wasilla Bible Church was "
        "estimated at $1 million."
    )
    entities = named_in(
        text, "THR:ORG; Ross:PERSON; TMZ:ORG; Lohan:PERSON; Wasilla Bible Church:ORG"
    )
    tags = hashtags_for("Ross returns", text, entities)
    assert set(tags) == {"Ross", "Lohan", "WasillaBibleChurch"}


def test_two_acronyms_joined_by_an_ampersand_are_no_one_name() -> None:
    text = "Klitschko kept his WBA & IBO titles against Thompson."
    entities = named_in(text, "Klitschko:PERSON; WBA & IBO:ORG; Thompson:PERSON")
    assert hashtags_for("Klitschko wins", text, entities) == ["Klitschko", "Thompson"]


def test_a_common_term_an_acronym_stands_for_is_no_tag_but_a_body_s_name_and_ai_are() -> None:
    text = (
        "Machine learning (ML) ranks products. The Food and Drug Administration (FDA) rules "
        "on it, and artificial intelligence (AI) helps."
    )
    entities = named_in(text, "ML:ORG; FDA:ORG; AI:ORG")
    assert hashtags_for("Shops and models", text, entities) == ["FDA", "AI"]
    headline = "Tips for Selecting DC Motors for Your Mobile Robot"
    text = "Robots need the right DC motor. A direct current (DC) motor turns."
    entities = [entity(headline, "ORG", 1, 0)]
    assert hashtags_for(headline, text, entities) == []


def test_a_news_agency_quoted_as_the_source_is_no_tag_but_a_village_it_names_is() -> None:
    text = (
        "A reporter of the Iranian news agency, IRNA, said the hospital in Qeshm was full. "
        "The Deyrestan village saw serious destruction."
    )
    entities = named_in(text, "IRNA:ORG; Qeshm:GPE; Deyrestan:GPE")
    assert hashtags_for("Quake hits Qeshm", text, entities) == ["Qeshm", "Deyrestan"]


def test_a_common_term_spelled_out_in_words_joined_by_commas_is_no_tag() -> None:
    text = "Analysts rely on extracting, transforming, and loading (ETL) data at Snowflake."
    entities = named_in(text, "ETL:ORG; Snowflake:ORG")
    assert hashtags_for("Data work", text, entities) == ["Snowflake"]


def test_a_title_nameparser_lacks_is_dropped_from_a_person_s_name() -> None:
    text = "His body was found in Biloxi, Coroner Gary Hargrove said."
    entities = named_in(text, "Coroner Gary Hargrove:PERSON; Biloxi:GPE")
    assert hashtags_for("Aide dies", text, entities) == ["Biloxi", "GaryHargrove"]


def test_the_start_of_a_name_going_on_with_of_is_no_tag_but_a_person_from_a_place_is() -> None:
    text = (
        "He led the Fundamentalist Church of Jesus Christ of Latter Day Saints. Larry Kroon of "
        "Wasilla said the Fundamentalist Church of the Jesus Christ was his."
    )
    entities = named_in(text, "Fundamentalist Church:ORG; Larry Kroon:PERSON; Wasilla:GPE")
    assert hashtags_for("Leader jailed", text, entities) == ["LarryKroon", "Wasilla"]


def test_a_place_and_a_common_noun_after_a_or_an_is_no_name_but_a_province_is() -> None:
    text = (
        "He spent months in an Arizona county jail. The quake hit Indonesia's Aceh province, "
        "and Aceh province declared an emergency."
    )
    entities = named_in(text, "Arizona county:GPE; Aceh province:GPE")
    assert hashtags_for("Two stories", text, entities) == ["AcehProvince"]


def test_months_a_people_and_half_a_possessive_name_are_no_tags() -> None:
    text = (
        "The best albums of November and December came out in Kyiv. The Ukrainian boxer won. "
        "Murray's Pizza opened, and Murray's Pizza is busy."
    )
    entities = named_in(text, "November and December:ORG; Kyiv:GPE; Ukrainian:GPE; Murray:PERSON")
    assert hashtags_for("Year in review", text, entities) == ["Kyiv"]


def test_a_name_read_twice_or_after_a_title_is_the_person_s_name() -> None:
    text = (
        "Esther Williams-Esther Williams swam. The coroner spoke: Coroner Gary Hargrove said "
        "she died in her sleep."
    )
    entities = named_in(
        text, "Esther Williams-Esther Williams:PERSON; Coroner Gary Hargrove:PERSON"
    )
    assert hashtags_for("Swimmer dies", text, entities) == ["EstherWilliams", "GaryHargrove"]
    text = "Sirhan Sirhan was denied parole again."
    entities = named_in(text, "Sirhan Sirhan:PERSON")
    assert hashtags_for("Parole denied", text, entities) == ["SirhanSirhan"]


def test_a_phrase_of_ordinary_words_named_once_is_no_tag_but_an_institution_is() -> None:
    text = (
        "Critics chose art for exhibitions this year. We loved Art Exhibitions in Leeds. "
        "The party won: the Democratic Party is the only party, and critics call it democratic."
    )
    entities = named_in(text, "Art Exhibitions:ORG; Leeds:GPE; Democratic Party:ORG")
    assert hashtags_for("Year in art", text, entities) == ["Leeds", "DemocraticParty"]


def test_a_name_shouted_in_a_dateline_is_spelled_as_the_story_spells_it() -> None:
    text = "KESTRIN (Meridian Wire) - The rail link from Kestrin to the coast was approved."
    tags = hashtags_for("Rail link approved", text, [entity("KESTRIN", "GPE", 2, 0)])
    assert tags == ["Kestrin"]


def test_credits_capitals_and_sentence_adverbs_read_as_people_are_no_tags() -> None:
    text = (
        "Thankfully, the earbuds fit. Photo: Michael Hession/NYT Wirecutter. Sony makes them, "
        "Lauren Dragan said at a lab in Cambridge MA, where Sony tested them."
    )
    entities = [
        entity("Thankfully", "PERSON", 1, 0),
        entity("Michael Hession/NYT Wirecutter", "PERSON", 2, 36),
        entity("Sony", "ORG", 2, 68),
        entity("Lauren Dragan", "PERSON", 1, 84),
        entity("MA", "PERSON", 1, 130),
    ]
    assert hashtags_for("The best earbuds", text, entities) == ["Sony", "LaurenDragan"]


def test_acronyms_of_everyday_kit_and_trades_are_no_tags() -> None:
    text = (
        "A DSLR beats a phone, and a NAS keeps the photos; QA checks the app for Canon. "
        "Your ISP sees HTTPS sites; a DUI costs more."
    )
    entities = named_in(text, "DSLR:ORG; NAS:ORG; QA:ORG; Canon:ORG; ISP:ORG; HTTPS:ORG; DUI:ORG")
    assert hashtags_for("Cameras explained", text, entities) == ["Canon"]


def test_a_role_shouted_in_a_transcript_and_a_credential_after_a_name_are_no_tags() -> None:
    text = (
        "SACHA PFEIFFER, HOST: The Texas Legislature meets in Austin. Keri Gans, R.D.N., runs "
        "a clinic there, and LG sells the UK its fridges."
    )
    entities = named_in(
        text,
        "HOST:ORG; Texas Legislature:ORG; Austin:GPE; Keri Gans:PERSON; R.D.N.:ORG; LG:ORG; UK:GPE",
    )
    tags = hashtags_for("Session opens", text, entities)
    assert tags == ["TexasLegislature", "Austin", "KeriGans", "LG", "UK"]


def test_a_person_s_name_ends_before_a_common_word_but_keeps_its_particles() -> None:
    text = (
        "New Orleans put Chris Ivory on Injured Reserve. A print by Vincent van Gogh hangs in "
        "the team's office."
    )
    entities = named_in(text, "Chris Ivory on Injured Reserve:PERSON; Vincent van Gogh:PERSON")
    assert hashtags_for("Saints move", text, entities) == ["ChrisIvory", "VincentVanGogh"]


def test_one_word_after_an_article_or_a_number_is_no_person() -> None:
    text = (
        "The Chiefs almost played the Grinch. She carried a .357 Magnum. The Z10 phone sold "
        "out; the Z10 costs $199."
    )
    entities = named_in(text, "Grinch:PERSON; Magnum:PERSON; Z10:PERSON")
    assert hashtags_for("Chiefs lose", text, entities) == ["Z10"]


def test_a_given_name_alone_or_cut_from_a_longer_name_is_no_tag_but_a_family_name_is() -> None:
    text = (
        "Ellen DeGeneres thanked my wife Portia. She once handed director Martin Scorsese a "
        "script. Harris and Magruder were in the audience."
    )
    entities = named_in(
        text, "Ellen DeGeneres:PERSON; Portia:PERSON; Martin:PERSON; Harris:PERSON; Magruder:PERSON"
    )
    tags = hashtags_for("Oscars host", text, entities)
    assert tags == ["EllenDeGeneres", "Harris", "Magruder"]


def test_a_slogan_of_a_few_capitalised_words_is_not_read_as_prose() -> None:
    text = "Experience Real Results.\nPartner with Thrive Marketing and grow your business."
    entities = named_in(text, "Experience Real Results:ORG; Thrive Marketing:ORG")
    assert hashtags_for("Portfolio", text, entities) == ["ThriveMarketing"]


def test_a_name_ending_in_a_capitalised_function_word_is_no_tag() -> None:
    text = (
        "Write a plan before you open.\n\nKey Takeaway - The catering trade is competitive, "
        "and Key Takeaway - The plan matters."
    )
    assert hashtags_for("Catering plans", text, named_in(text, "Key Takeaway - The:ORG")) == []


def test_ordinary_words_joined_by_an_ampersand_are_no_name_but_a_firm_s_are() -> None:
    text = (
        "Yoga helps with stress and anxiety.\nReduces Stress & Anxiety – lowers cortisol and "
        "eases stress, a common source of anxiety. Marks & Spencer sells mats."
    )
    entities = named_in(text, "Stress & Anxiety:ORG; Marks & Spencer:ORG")
    assert hashtags_for("Yoga at home", text, entities) == ["MarksSpencer"]


def test_halves_of_a_name_whose_adjectives_and_joins_are_no_tags_but_two_names_are() -> None:
    text = (
        "She chaired the AMA's Council on Ethical and Judicial Affairs. "
        "The clinic works with Oxfam and Unicef."
    )
    entities = named_in(text, "Council on Ethical:ORG; Judicial Affairs:ORG; Oxfam:ORG; Unicef:ORG")
    assert hashtags_for("A new surgeon general", text, entities) == ["Oxfam", "Unicef"]
