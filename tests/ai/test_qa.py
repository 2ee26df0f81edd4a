"""Ask about this article / story: quote the answer or say plainly the article is silent."""

from __future__ import annotations

import pytest

from bench.ai import demo_events
from newsdesk.ai import DEFAULT_OPTIONS, NOT_IN_ARTICLE, Document, ask, evidence, qa, questions
from newsdesk.ai.lexical import concepts
from newsdesk.ai.qa import sentence_evidence
from tests.ai.articles import article, story

ANSWERABLE = [
    ("bridge-vote", "How much will the new bridge cost?", "$412 million"),
    ("bridge-vote", "How much will the toll be?", "$2.50 per crossing"),
    ("museum-theft", "Who is leading the police investigation?", "Tomas Reyes"),
    ("museum-theft", "Where was the Selene Collar found originally?", "1911"),
    ("battery-plant", "How much will the battery plant cost?", "2.3 billion dollars"),
    ("heatwave", "How many cooling centres has the city opened?", "40 cooling centres"),
]
UNANSWERABLE = [
    ("museum-theft", "What did the culture minister say?"),
    ("battery-plant", "Which football team plays in Halden?"),
    ("heatwave", "What did the prime minister announce?"),
]


@pytest.mark.parametrize(("name", "question", "phrase"), ANSWERABLE)
def test_it_quotes_the_sentence_that_answers(name, question, phrase, embed):
    answer = ask(question, article(name), embed=embed)
    assert answer.answerable
    assert phrase in answer.sentences[0].text
    assert phrase in answer.text


@pytest.mark.parametrize(("name", "question"), UNANSWERABLE)
def test_it_says_the_article_does_not_say(name, question, embed):
    answer = ask(question, article(name), embed=embed)
    assert not answer.answerable
    assert answer.text == NOT_IN_ARTICLE == "The article does not say."


def test_it_answers_from_any_report_of_a_story(embed):
    answer = ask("How many families are staying in the shelter?", story(), embed=embed)
    assert answer.answerable
    assert answer.sentences[0].citations[0].document_id == "border-b"
    assert "120 families" in answer.sentences[0].text


def test_an_empty_question_is_not_answered(embed):
    assert not ask("   ", article("heatwave"), embed=embed).answerable


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many people were evacuated?", "count"),
        ("How old is the new GP?", "age"),
        ("When did the bank start cutting?", "time"),
        ("What time did he wake up?", "time"),
        ("On what exact date does the phone go on sale?", "time"),
        ("Which prison was he being moved out of?", "place"),
        ("At what venue did the fight take place?", "place"),
        ("Which academic explained the result?", "agent"),
        ("What's the average price of a house?", "money"),
        ("How high did the river rise?", "measure"),
        ("How long will the line be?", "count"),
        ("How long will the strike last?", "duration"),
        ("How much did the scheme cost?", "money"),
        ("What would it cost to upgrade the line?", "money"),
        ("What is the new interest rate?", "count"),
        ("What is the missing woman's name?", "agent"),
        ("What's the name of the repair ship?", "agent"),
        ("Which young player wants to follow him?", "agent"),
        ("How big is the farmer's flock?", "count"),
        ("How big was the transfer fee?", "money"),
        ("Where is the milk going?", "place"),
        ("Where does the benchmark rate stand after the move?", "count"),
        ("Where did the index close?", "count"),
        ("Where is the novel set?", "place"),
        ("Where did the protesters stand?", "place"),
        ("Who leads the union?", "agent"),
        ("Why was the bridge shut?", "cause"),
        ("Is the line open?", "other"),
        ("In what town was she born?", "place"),
        ("Why will tenants see no change in what they pay?", "cause"),
        ("What sum of money are the hackers demanding?", "money"),
        ("Which northern ports are taking the ships?", "place"),
        ("Which Calderwick MP said it?", "agent"),
        ("Which TV network will show the Oscars?", "agent"),
        ("In what way does she hope to save the trees?", "other"),
        ("How long are river levels expected to remain high?", "duration"),
        ("How long was Thomas out after hurting his ankle?", "duration"),
        ("How much longer could the stoppage go on?", "duration"),
        ("How long is the new line?", "count"),
        ("How much revenue did the operator make last year?", "money"),
        ("What was the turnout in the election?", "count"),
        ("What was Skarn's net profit last year?", "money"),
        ("What does a docker earn on average?", "money"),
        ("What is Ardle's population?", "count"),
        ("What pay rise has the operator offered?", "count"),
        ("How cold are the craters at the south pole?", "measure"),
        ("At what height will it circle the Moon?", "measure"),
        ("On which road is the plant?", "place"),
        ("How soon could he first play?", "time"),
        ("How long will the tunnel through the Hallen hills be?", "count"),
        ("How much faster than wages did premiums rise?", "count"),
        ("Were police able to say how many shots were fired?", "other"),
        ("Did the bank say why it cut the rate?", "other"),
        ("What is Thompson's nickname?", "agent"),
        ("What was the dog called?", "agent"),
        ("What is the part of West Hill the group rode to known as?", "agent"),
        ("Which TV series did she have a recurring part in?", "agent"),
        ("Which investor holds a majority stake in the operator?", "agent"),
        ("What did he call for?", "other"),
        ("What play did the Chiefs run?", "other"),
        ("How long a viaduct is planned across the valley?", "count"),
        ("What set the fire off?", "cause"),
        ("What do locals think started the fire?", "cause"),
        ("Which two board members opposed the cut?", "agent"),
        ("Which reader was phoned by a fake caller?", "agent"),
        ("What is the bank's main rate now?", "count"),
        ("On which stock market did the shares jump?", "place"),
        ("Which county was he caught in?", "place"),
        ("How thick is the new laptop?", "measure"),
        ("What is inflation running at?", "count"),
        ("What was core inflation in October?", "count"),
        ("What was Gary Ross paid for directing the first film?", "money"),
        ("What did the bake-sale money pay for?", "other"),
        ("What is the boxer's record after this defeat?", "count"),
        ("What was the driver's blood-alcohol reading?", "count"),
        ("What profit did the terminal make last year?", "count"),
        ("What pay rise does the union want?", "count"),
        ("What deal did the prosecutors turn down?", "other"),
    ],
)
def test_it_knows_what_kind_of_answer_a_question_wants(question, kind):
    assert questions.kind(question) == kind


def test_readers_words_meet_the_articles_words():
    assert concepts("houses") == concepts("homes") == concepts("home")
    assert concepts("evacuated") == concepts("fled")
    assert set(concepts("evacuated")) <= set(concepts("forcing 1,200 residents from their homes"))
    assert concepts("rise") == concepts("rose")
    assert concepts("signatures") == concepts("signed")
    assert concepts("decide") == concepts("decision")
    assert concepts("approved") == concepts("approval")
    assert concepts("found") == concepts("discovered")
    assert concepts("price") == concepts("cost") == concepts("inflation")
    assert set(concepts("launched")) <= set(concepts("The rocket lifted off in August"))
    assert set(concepts("founded")) <= set(concepts("When was the company set up?"))
    assert concepts("founded") == concepts("established") != concepts("found")
    assert set(concepts("built")) <= set(concepts("When was the mill first put up?"))
    assert not set(concepts("built")) & set(concepts("Who will put up with the noise?"))


@pytest.mark.parametrize(
    ("american", "british"),
    [
        ("centered", "centred"),
        ("organizes", "organises"),
        ("organizer", "organiser"),
        ("organization", "organisation"),
        ("harbor", "harbour"),
        ("neighborhood", "neighbourhood"),
        ("theater", "theatre"),
        ("meters", "metres"),
        ("defenses", "defences"),
        ("program", "programme"),
        ("catalog", "catalogue"),
        ("analyzed", "analysed"),
    ],
)
def test_british_and_american_spellings_meet(american, british):
    assert concepts(american) == concepts(british)


@pytest.mark.parametrize(
    ("word", "form"),
    [("tour", "tours"), ("raise", "raised"), ("noise", "noises"), ("contour", "contours"),
     ("advise", "advised"), ("acre", "acres"), ("hour", "hours"), ("rise", "rose")],
)  # fmt: skip
def test_words_spelled_alike_everywhere_still_meet_their_own_forms(word, form):
    assert concepts(word) == concepts(form)


@pytest.mark.parametrize(
    ("reader", "article"),
    [("queuing", "queue"), ("miles", "mile"), ("Trygg Holding's", "Trygg Holding")],
)
def test_a_words_forms_and_possessive_meet(reader, article):
    assert concepts(reader) == concepts(article)


def test_a_name_or_title_the_article_never_mentions_is_unmentioned():
    texts = ["Mayor Sigrid Aalto toured the flooded streets.", "Westnet restored power."]
    assert questions.unmentioned("What did the interior minister say?", texts) == ["minister"]
    assert questions.unmentioned("What did Brenholm's mayor say?", texts) == ["Brenholm's"]
    assert questions.unmentioned("What did the mayor say?", texts) == []
    assert questions.unmentioned("When did Westnet restore power?", texts) == []
    # A title asked about generically, and an acronym the text spells out, are mentioned.
    assert questions.unmentioned("When must she appear before a judge?", texts) == []
    spelled = ["The Organization for Security and Cooperation in Europe sent eight experts."]
    assert questions.unmentioned("How many monitors did the OSCE send?", spelled) == []
    assert questions.unmentioned("Who chairs the OSCE's board?", spelled) == []
    # An acronym written with full stops, and a name that is also an everyday word.
    carriers = ["It is the only major U. S. carrier to offer it."]
    assert questions.unmentioned("Which other US carriers offer it?", carriers) == []
    agents = ["Marcus Tell of Tell & Daughters has offices in Eastmoor."]
    assert questions.unmentioned("Where does Tell & Daughters have offices?", agents) == []
    assert "Tell" in questions.unmentioned("Where does Tell & Daughters have offices?", texts)


def test_it_says_the_article_does_not_say_what_an_unmentioned_official_said(embed):
    document = Document.from_text(
        "flood",
        "Meridian Wire",
        "Floods in Brenholm",
        None,
        "The river burst its banks in Brenholm overnight. Firefighters said the water was "
        "still rising. The council opened two rest centres.",
    )
    answer = ask("What did Brenholm's mayor say about the flood?", document, embed=embed)
    assert not answer.answerable


def test_it_answers_in_the_readers_words_with_the_figure_asked_for(embed):
    document = Document.from_text(
        "flood",
        "Meridian Wire",
        "Floods force 1,200 from homes",
        None,
        "Torrential rain flooded the town, forcing about 1,200 residents from their homes.\n"
        "River levels were likely to stay high for at least another day.\n"
        "The River Aske rose 5.1 metres above its usual level overnight.",
    )
    evacuated = ask("How many people were evacuated?", document, embed=embed)
    assert "1,200 residents" in evacuated.sentences[0].text
    risen = ask("How high did the river rise?", document, embed=embed)
    assert "5.1 metres" in risen.sentences[0].text


def test_across_a_story_each_outlet_gives_its_own_figure(embed):
    reports = [
        Document.from_text(
            f"r{i}", outlet, "Floods", None, f"The floods forced {figure} people from their homes."
        )
        for i, (outlet, figure) in enumerate([("Lantern", "1,500"), ("Wire", "1,200")])
    ]
    answer = ask("How many people were evacuated?", reports, embed=embed)
    assert answer.sources == ["Lantern", "Wire"] or answer.sources == ["Wire", "Lantern"]
    assert "Lantern: " in answer.text and "Wire: " in answer.text
    assert "1,500" in answer.text and "1,200" in answer.text


def test_in_a_story_a_report_s_headline_names_the_event_its_sentences_tell_of(embed):
    body = (
        "Crews fought the flames all night.\n"
        "The wind turned at dawn.\n"
        "Two firefighters were taken to hospital.\n"
        "Farmers moved stock away from the {} blaze."
    )
    reports = [
        Document.from_text(
            "r0",
            "Wire",
            "Bellbrook Ridge fire sends two to hospital",
            None,
            body.format("Bellbrook Ridge"),
        ),
        Document.from_text("r1", "Lantern", "Fire near Cooringa", None, body.format("Tarrawong")),
    ]
    question = "How many firefighters did the Bellbrook Ridge fire send to hospital?"
    candidates = qa.retrieve(question, reports, embed=embed, options=DEFAULT_OPTIONS)
    sources = {doc.source for doc, _, _ in qa.answering(question, candidates)}
    assert sources == {"Wire"}


def test_a_different_figure_from_another_outlet_comes_before_a_repeated_one(embed):
    versions = [
        ("Gazette", "About 2,400 dockworkers are on strike at the port."),
        ("Post", "Some 2,400 dockworkers are on strike at the terminal."),
        ("Courier", "The strike by 2,400 dockworkers continues at the port."),
        ("Wire", "About 2,000 dockworkers are on strike at the container port."),
    ]
    reports = [
        Document.from_text(f"r{i}", outlet, "Strike", None, text)
        for i, (outlet, text) in enumerate(versions)
    ]
    answer = ask("How many dockworkers are on strike?", reports, embed=embed)
    assert len(answer.sentences) == DEFAULT_OPTIONS.max_story_answers
    assert "2,400" in answer.text and "Wire: About 2,000" in answer.text


def test_each_outlet_answers_a_how_many_question_with_its_count_of_that_thing(embed):
    wire = Document.from_text(
        "wire",
        "Wire",
        "Strike",
        None,
        "Dockworkers extended their strike at the container port, leaving 27 ships waiting "
        "offshore. Around 2,000 workers belonging to the union walked out after talks failed.",
    )
    gazette = Document.from_text(
        "gazette", "Gazette", "Strike", None, "About 2,400 dockworkers are on strike at the port."
    )
    answer = ask("How many dockworkers are on strike?", [wire, gazette], embed=embed)
    assert "2,000 workers" in answer.text and "2,400 dockworkers" in answer.text
    assert "27 ships" not in answer.text


def test_an_outlets_version_of_a_count_is_not_the_size_of_what_something_has(embed):
    documents = next(docs for event, docs in demo_events() if event["id"] == "vireo-data-breach")
    answer = ask("How many customers had their details stolen?", documents, embed=embed)
    for count in ("2.8 million", "about 3 million", "3.1mn"):
        assert count in answer.text
    # The operator's subscribers, and its customers in one province, are no outlet's count.
    assert "4.2mn" not in answer.text and "180,000" not in answer.text


@pytest.mark.parametrize(
    ("text", "question", "kept"),
    [
        ("Vireo, which has about 4.2mn mobile subscribers, moved.", "How many were hit?", False),
        ("It is a country of 9.4 million people.", "How many people were hit?", False),
        ("The strike began, with about 2,400 dockworkers out.", "How many are out?", True),
        ("Hackers had stolen data of 3.1mn customers.", "How many were hit?", True),
        (
            "Vireo has about 4.2mn mobile subscribers.",
            "How many subscribers does Vireo have?",
            True,
        ),
    ],
)
def test_the_figures_of_what_something_has_are_set_aside_unless_asked_for(text, question, kept):
    figures = [w for w in text.split() if any(c.isdigit() for c in w)]
    assert (figures[0] in questions.without_holdings(text, question)) is kept


@pytest.mark.parametrize(
    ("question", "sentence", "answers"),
    [
        (
            "When will the fire be under control?",
            "Another fire destroyed homes earlier in the week.",
            False,
        ),
        ("When will the scheme be built?", "The town suffered serious flooding in 2014.", False),
        ("When was the probe launched?", "The first maps are expected early next year.", False),
        (
            "When will the first maps come out?",
            "The first maps are expected early next year.",
            True,
        ),
        (
            "When should power be back?",
            "The operator said it hoped to restore supplies by evening.",
            True,
        ),
        (
            "How soon will Microsoft release an update?",
            "Kandek said he expects Microsoft to push out an update within two to three weeks.",
            True,
        ),
        ("When did the town last flood?", "The town suffered serious flooding in 2014.", True),
        ("When did he admit it?", "He denied it until finally coming forward in May 2005.", True),
        ("When will the plant open?", "Its owners say it may open in 2027.", True),
        ("When did the plant open?", "Its owners say it may open in 2027.", False),
        ("When is the vote?", "Lawmakers voted on the plan in 2019.", True),
        ("In what year was the club founded?", "Its lights have been out since the summer.", False),
        ("In what year was the mill built?", "The mill was built in 1792.", True),
        ("At what time did the quake hit?", "The quake struck Aceh on Tuesday.", False),
        ("At what time did the wheel turn?", "At twenty past six this morning it turned.", True),
        ("What time did he wake up?", "He woke just after 3am on Tuesday.", True),
        ("At what time of night did she speak?", "She spoke in the early hours.", True),
        ("At what time did she speak?", "She spoke to reporters on Sunday.", False),
        ("When did she have the heart attack?", "It came nine days earlier.", True),
    ],
)
def test_a_time_on_the_other_side_of_now_or_coarser_than_asked_does_not_say_when(
    question, sentence, answers
):
    assert (questions.fit("time", sentence, 0.0, question) == 1.0) is answers


@pytest.mark.parametrize(
    ("question", "sentence", "answers"),
    [
        ("How many sheep were killed?", "You cannot put 2,000 sheep in a horse float.", False),
        ("How many people died?", "The flood forced around 1,500 people from their homes.", False),
        (
            "How many homes were destroyed?",
            "Ten people were killed when the quake razed villages.",
            False,
        ),
        ("How many people died?", "Ten people were killed and at least 50 injured.", True),
        ("How many people lost their lives?", "It forced 1,500 people from their homes.", False),
        ("How many people lost their lives?", "Ten people were killed in the flood.", True),
        ("How many people are missing?", "The flood forced 1,500 people out.", False),
        ("How many people are missing?", "Two people are still missing.", True),
        ("How many were injured?", "Ten people were killed and at least 50 injured.", True),
        ("How many firefighters were hurt?", "Two firefighters have been taken to hospital.", True),
        ("How many people were evacuated?", "The fire forced 600 residents to evacuate.", True),
        ("How many people had to leave?", "The fire forced 600 residents to evacuate.", True),
        ("How many customers have left?", "Vireo has about 4.2mn mobile subscribers.", False),
        ("How many homes were flooded?", "Power was cut to some 3,400 homes.", False),
        ("How many homes were flooded?", "About 400 homes were flooded.", True),
        ("How many houses ended up under water?", "Water entered 400 houses.", True),
        ("How many people had to leave because of the flooding?", "600 people left.", True),
    ],
)
def test_a_count_of_the_dead_or_hurt_is_said_with_what_happened_to_them(
    question, sentence, answers
):
    assert (questions.fit("count", sentence, 0.0, question) == 1.0) is answers


def test_who_something_happened_to_is_answered_by_a_description_as_well_as_a_name():
    question = "Who was rescued from a car swept away by the floodwater?"
    described = "A man in his seventies was rescued from a car swept off a road near the town."
    assert questions.fit("agent", described, 0.0, question) == 1.0
    assert questions.fit("agent", described, 0.0, "Who rescued the driver?") == 0.0


def test_one_of_the_things_counted_meeting_the_outcome_asked_answers_how_many():
    question = "How many firefighters ended up in hospital?"
    one = "A firefighter was taken to hospital with burns after the fire passed over his truck."
    assert questions.fit("count", one, 0.0, question) == 1.0
    total = "How many volunteers does the Cooringa brigade have?"
    member = "He is a volunteer firefighter with the brigade in Cooringa."
    assert questions.fit("count", member, 0.0, total) == 0.0


def test_a_sentence_that_leaves_out_part_of_the_name_asked_about_does_not_answer():
    question = "How many seats did the Social Democrats win?"
    assert questions.names_unsaid(question, ["Vessland First won five seats."])
    assert questions.names_unsaid("How old is Jonas Halvorsen?", ["Birgit Halvorsen, 58, said."])
    assert not questions.names_unsaid(question, ["The Social Democrats won 12 seats."])
    assert not questions.names_unsaid(
        "How old is Jonas Halvorsen?", ["Jonas Halvorsen farms the valley.", "He is 61."]
    )
    demonym = "When did South Sudanese vote to break away?"
    assert not questions.names_unsaid(demonym, ["South Sudan voted for secession in January."])


def test_a_word_of_a_name_that_means_nothing_alone_is_not_looked_for():
    question = "Who edits the official Doctor Who magazine?"
    sentence = ["Tom Spilsbury, editor of the official Doctor Who magazine, said so."]
    assert not questions.names_unsaid(question, sentence)
    assert questions.names_unsaid(question, ["Tom Spilsbury, editor of a magazine, said so."])


def test_a_model_told_by_its_size_or_a_move_against_one_currency_is_not_another():
    question = "How much does the 15-inch MacBook Pro cost?"
    assert questions.names_unsaid(question, ["The 17-inch MacBook Pro sells for RM10,099."])
    assert not questions.names_unsaid(question, ["The 15-inch MacBook Pro sells for RM7,999."])
    dollar = "How much did the mark move against the dollar?"
    assert questions.names_unsaid(dollar, ["The mark weakened 0.6 per cent against the euro."])
    assert not questions.names_unsaid(dollar, ["The mark fell 0.8% against the dollar."])
    # "40 in the crew" is no size in inches.
    crew = "How many of the 40 in the crew were hurt?"
    assert not questions.names_unsaid(crew, ["Officials said 3 in the crew were hurt."])


def test_how_much_something_weighs_is_a_measure():
    question = "How much does the Curve 8900 weigh?"
    assert questions.kind(question) == "measure"
    assert questions.fit("measure", "It sells for $500 to $550.", 0.0, question) == 0.0
    assert questions.fit("measure", "The handset weighs 110 grams.", 0.0, question) == 1.0


def test_a_possessive_ends_the_name_it_belongs_to():
    question = "How much was Benjamin's MacArthur award worth?"
    sentence = ["She received a $500,000 MacArthur Foundation grant in 2008."]
    assert not questions.names_unsaid(question, sentence, "Dr. Regina Benjamin was nominated.")
    owner = "Where was Tara Reid's Promises Treatment Center?"
    assert questions.names_unsaid(owner, ["Promises Treatment Center is in Malibu."])


def test_a_name_in_view_is_said_again_by_the_and_its_last_word():
    question = "Who runs lending at Calderwick Building Society?"
    sentence = ["Anja Pellew, the society's head of lending, said so."]
    in_view = "The figures are from Calderwick Building Society, the city's largest lender."
    assert not questions.names_unsaid(question, sentence, in_view)
    assert questions.names_unsaid(question, sentence, "The figures are from the Land Registry.")
    first = "How many seats did Vessland First win?"
    other = ["The Civic Alliance lost seats for the first time."]
    assert questions.names_unsaid(first, other, "Vessland First won.")


def test_a_name_is_said_by_the_acronym_of_its_capitals():
    question = "Who is the boss of Arvenian Rail Infrastructure?"
    assert not questions.names_unsaid(question, ["ARI chief executive Dana Kovacs said so."])
    assert questions.names_unsaid(question, ["ARC chief executive Dana Kovacs said so."])
    # Two capitals are as often another body's: "AP" is no Aron Pelt.
    assert questions.names_unsaid("How old is Aron Pelt?", ["AP reported he is 46."])


def test_someone_called_by_their_surname_alone_is_named_by_their_full_name_given_before():
    earlier = ["The result leaves party leader Aron Pelt three seats short of a majority."]
    assert questions.full_names_of("Pelt arrived just after 1am.", earlier) == ["Aron Pelt"]
    assert questions.full_names_of("Birgit Pelt, 58, arrived.", earlier) == []


def test_a_name_in_view_is_meant_by_a_sentence_naming_no_other():
    question = "Where did Alan Moreby and his wife go?"
    sentence = ["Her father said he and his wife had reached the centre at Wendale."]
    in_view = "Retired pilot Alan Moreby owns a vineyard near the fire."
    assert not questions.names_unsaid(question, sentence, in_view)
    other = ["Her neighbour Sarah Lund said she had reached the centre at Wendale."]
    assert questions.names_unsaid(question, other, in_view)


def test_a_sentence_about_another_thing_of_the_kind_asked_about_does_not_answer():
    question = "How many houses has the Bellbrook Ridge fire burned down?"
    other = "It is the second fire in a week, after the Tarrawong fire destroyed a dozen homes."
    prior = "The Bellbrook Ridge fire is still burning."
    assert questions.names_unsaid(question, [prior, other])
    assert not questions.names_unsaid(question, ["The Bellbrook Ridge fire destroyed 12 homes."])
    service = "The blaze burned 3,800 hectares, according to the New South Wales fire service."
    assert not questions.names_unsaid("How many hectares did the Tarrawong fire burn?", [service])
    partner = "What does Roe's partner do for a living?"
    assert not questions.names_unsaid(
        partner, ["Roe rents a flat.", "His partner works in a care home."]
    )
    # Another word for the thing ("fire" for "blaze"), but not another form of it, a verb.
    blaze = "How many houses has the Bellbrook Ridge blaze destroyed?"
    assert questions.names_unsaid(blaze, [prior, other])
    game = "Where will the Saints play their wild-card game?"
    assert not questions.names_unsaid(game, ["New Orleans plays at Seattle on Saturday."])
    # A year the question names is in view of the answer.
    study = "Who carried out the 2019 study?"
    assert questions.names_unsaid(study, ["The ministry will publish a study next spring."])
    assert not questions.names_unsaid(study, ["The 2019 study was carried out by Arden."])
    # The thing asked about given for another place.
    prices = "By how much have home prices in Calderwick come down?"
    kestrin = "The market is weak, with prices in Kestrin down about 6% from their peak."
    assert questions.names_unsaid(prices, ["Calderwick is a port.", kestrin])
    calderwick = "House prices in Calderwick have fallen about 4%."
    assert not questions.names_unsaid(prices, [calderwick])
    shares = "How much are shares in Castellan up?"
    joint_venture = "Nordbygg and Castellan will build the tunnel."
    assert questions.names_unsaid(shares, [joint_venture, "Shares in Nordbygg are up 5.4%."])


def test_a_one_word_name_asked_about_must_be_in_view_of_the_sentence():
    question = "How many homes were lost in Cooringa?"
    elsewhere = ["The Tarrawong fire destroyed a dozen homes further south."]
    assert questions.names_unsaid(question, elsewhere, "A bushfire burns at Bellbrook Ridge")
    in_view = "Fire crews defend Cooringa. The fire has burned 2,100 hectares."
    assert not questions.names_unsaid(question, ["It destroyed a dozen homes."], in_view)
    made_from_it = "An Arvenian telecom was hacked"
    population = "How many people live in Arvenia?"
    assert not questions.names_unsaid(population, ["9 million"], made_from_it)
    assert not questions.names_unsaid(question, elsewhere)
    spelled_out = ["The Organization for Security and Cooperation in Europe sent eight experts."]
    assert not questions.names_unsaid("How many monitors did the OSCE send?", spelled_out, "Poll")
    assert questions.names_unsaid("How many monitors did the OSCE send?", elsewhere, "Poll")
    # Words opening a headline and a sentence read together are no name that is not in view.
    hurt = "How many firefighters were hurt fighting the Bellbrook Ridge blaze?"
    read = ["Second Australian bushfire in days near Cooringa", "The fire grew.", "One was hurt."]
    assert not questions.names_unsaid(hurt, read, "A bushfire in the Bellbrook Ridge area")
    assert questions.names_unsaid(hurt, [*read, "Anna Berg said."], "In the Bellbrook Ridge area")
    survey = "What magnitude did the American survey give?"
    assert not questions.names_unsaid(survey, ["The U. S. Geological Survey said 6.1."], "Quake")
    assert questions.names_unsaid(survey, ["Tehran's seismologic centre said 5.9."], "Quake")


def test_it_does_not_quote_a_count_said_of_another_party(embed):
    document = Document.from_text(
        "vote",
        "Wire",
        "Election",
        None,
        "The Social Democrats lead in national polls ahead of next year's general election. "
        "Results came in overnight from the northern province. "
        "The Progressives won 38 of the 81 seats in the provincial assembly. "
        "The far-right Vessland First party won five seats, one fewer than last time.",
    )
    answer = ask("How many seats did the Social Democrats win?", document, embed=embed)
    assert not answer.answerable


def test_across_a_story_each_outlet_gives_its_figure_in_the_unit_of_the_best_answer(embed):
    ledger = Document.from_text(
        "ledger",
        "Ledger",
        "Rail",
        None,
        "The minister told parliament that the 214km line would cut the journey to 90 minutes.",
    )
    gazette = Document.from_text(
        "gazette",
        "Gazette",
        "Rail",
        None,
        "The line will include a 9.6 km tunnel under the hills and two new stations. "
        "The 221 km Westline is due to open in 2033.",
    )
    answer = ask("How long will the line be?", [ledger, gazette], embed=embed)
    assert "214km" in answer.text and "221 km" in answer.text


@pytest.mark.parametrize(
    ("question", "sentence", "answers"),
    [
        ("Where was Brandt born?", "Brandt has been the star of Arvenian football.", False),
        ("Where was Brandt born?", "Brandt was born in Westcliff in 2003.", True),
        ("Where are the hackers based?", "Hackers stole data in a cyber attack on Vireo.", False),
        ("Where is the gang based?", "The gang is thought to be based in Eastern Europe.", True),
    ],
)
def test_where_someone_was_born_or_is_based_is_said_with_those_words(question, sentence, answers):
    assert (questions.fit("place", sentence, 0.0, question) == 1.0) is answers


def test_the_detail_asked_for_must_be_said_about_the_questions_subject():
    sentence = (
        "The Greens won nine seats, with the remainder split between Vessland First and others."
    )
    weights = {"vessland": 2.0, "first": 2.0, "seat": 1.0, "green": 2.0}

    def linked(*asked: str) -> float:
        chosen = {word: weights[word] for word in asked}
        slots = questions.slots("count", sentence)
        return evidence.linked_coverage(chosen, sentence, slots)

    assert linked("green", "seat") > 0.5
    assert linked("vessland", "first", "seat") < 0.3
    assert evidence.linked_coverage(weights, sentence, []) == 0.0


def test_the_words_asking_for_the_kind_are_not_the_subject():
    assert questions.without_kind_words("How far is the port from Vessland?").split() == [
        "is", "the", "port", "from", "Vessland?"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "sentence"),
    [
        ("measure", "The professional crews are an hour away."),
        ("measure", "The authority can fine companies up to 4 per cent of turnover."),
        ("money", "House prices have fallen about 4% over two years."),
        ("time", "The first data should arrive in about three weeks."),
        ("time", "Their pay deal runs out in the spring."),
        ("time", "The mill was built in 1792."),
        ("cause", "It held back the announcement at the request of police."),
        ("age", "He played for the Rovers from the age of six."),
        ("frequency", "Her train had been cancelled three times this autumn."),
        ("time", "The branch line was laid in the 1880s."),
        ("time", "He walked into the office about 9 a. m. and sat down."),
        ("age", "said Lena Dahl, a 31 year - old nurse from the village."),
        ("cause", "The council was criticised for closing the library."),
        ("cause", "Shares in Dataplan fell 5 per cent on market speculation that it was involved."),
        ("count", "Complaints about the scheme have tripled since spring."),
        ("frequency", "The bank has cut rates for the second time this year."),
        ("frequency", "It lowered its rate to 3.25 per cent, its second cut this year."),
        ("age", "said Brent Jeffs, now 28."),
        ("age", "It will raise the retirement age for women to 65."),
        ("place", "A tunnel of almost 10km will run under the Hallen hills."),
        ("age", "She was 85."),
        ("age", '"I was eleven the last time I saw this," she said.'),
        ("age", "The sixty-one-year-old was arrested Friday."),
        ("measure", "The handset runs on a 512-MHz processor."),
        ("place", "The guests were put on buses and taken to police headquarters."),
        ("place", "He was pulled over for speeding on a freeway outside downtown."),
        ("place", "She took refuge inside a corner bodega with her son."),
        ("money", "The new model will retail in Malaysia for RM10,099."),
        ("money", "The rescue loan is worth 110 billion dirhams."),
        ("measure", "The laptop weighs less than 2.99kg."),
        ("measure", "Just 30 centimetres of moving water can float a car."),
        ("cause", "The bank cut its growth forecast, citing weaker export demand."),
        ("cause", "Fruit is short, as it arrives largely through refrigerated containers."),
        ("cause", "The railway would help the port, freeing up capacity for container trains."),
        ("cause", '"We have to pay the rent," he said.'),
        ("cause", "The strike could become a political problem if it drags on."),
        ("duration", "Total downtime was 1hr 4 mins."),
        ("duration", "She sat on its board, serving from 1995 through 1998."),
        ("duration", "He was out for four games."),
        ("time", "He first spoke with Felt two days after the break-in."),
        ("place", "He was stopped for speeding westbound on state route 94."),
        ("place", "He shot the agent at a house the agent was renovating."),
        ("place", "She was carried to safety from her flat above the old post office."),
        ("time", "The sawmill would reopen once roads in the area were declared safe."),
        ("time", "The line stays closed until the repairs have been checked."),
        ("time", "He promised to reveal his identity only after the source is dead."),
        ("time", "They should see a small reduction in their next payment or the one after."),
    ],
)
def test_the_kind_of_detail_is_found_however_it_is_written(kind, sentence):
    assert questions.fit(kind, sentence, 0.0) == 1.0


@pytest.mark.parametrize(
    ("question", "sentence", "answers"),
    [
        ("How high will the probe circle?", "It will orbit about 100 km above the surface.", True),
        ("How high will the probe circle?", "The mission cost 310mn marks.", False),
        ("How high will the probe circle?", "Four months ago it was on a rocket.", False),
        ("How high will the probe circle?", "It is the agency's most ambitious project.", False),
        ("How far is the village?", "The village is two hours' drive away.", True),
        ("How strong was the quake?", "The 7.7 magnitude quake damaged 40 buildings.", True),
        ("How deep was the quake?", "The 7.7 magnitude quake damaged 40 buildings.", False),
    ],
)
def test_a_height_or_a_strength_is_said_in_a_unit_of_measure(question, sentence, answers):
    assert (questions.fit("measure", sentence, 0.0, question) == 1.0) is answers


def test_a_question_asking_for_a_name_is_answered_by_a_name_not_a_role():
    question = "What is the name of the Western Grid spokesman?"
    role = "Network operator Western Grid said it had received a report."
    assert questions.fit("agent", role, 0.0, question) == 0.0
    named = "Western Grid spokesman Pieter Vance said crews were on the way."
    assert questions.fit("agent", named, 0.0, question) == 1.0
    assert questions.fit("agent", role, 0.0, "Who runs the power network?") == 1.0


def test_since_giving_a_time_gives_no_reason_and_a_month_answers_which_month():
    retired = "The village has had no doctor since Dr Leif Marten retired in 2020."
    assert questions.fit("cause", retired, 0.0, "Why did he retire?") == 0.0
    rose = "Prices rose since demand outstripped supply."
    assert questions.fit("cause", rose, 0.0, "Why did prices rise?") == 1.0
    cut = "The bank cut rates for the second time this year."
    assert questions.fit("time", cut, 0.0, "In which month did it first cut?") == 0.0
    assert questions.fit("time", "It first cut rates in March.", 0.0, "In which month?") == 1.0
    severed = "Access has been disrupted after submarine cables were severed."
    assert questions.fit("time", severed, 0.0, "On what day were the cables cut?") == 0.0
    friday = "The cables were severed on Friday."
    assert questions.fit("time", friday, 0.0, "On what day were the cables cut?") == 1.0
    assert questions.kind("Which actress played her in the film?") == "agent"


def test_a_sentence_saying_the_detail_is_not_known_yet_gives_no_answer():
    withheld = "Results of Williams' blood-alcohol test have not been released."
    assert questions.fit("other", withheld, 0.0, "What was Williams' reading?") == 0.0
    told = "Williams' blood-alcohol reading was 0.12, police said."
    assert questions.fit("other", told, 0.0, "What was Williams' reading?") == 1.0


def test_where_someone_was_hurt_is_a_part_of_the_body_only_when_asked():
    said = "Armstead was shot in the left arm."
    assert questions.fit("place", said, 0.0, "Where was Armstead hit?") == 1.0
    assert questions.fit("place", said, 0.0, "In which town was Armstead shot?") == 0.0
    assert questions.fit("place", "He shot Flynn twice in the head.", 0.0, "Where was it?") == 0.0


def test_a_day_or_a_month_after_in_or_on_is_no_place():
    assert questions.fit("place", "The two men met on Saturday.", 0.0) == 0.0
    assert questions.fit("place", "The mill reopened in March.", 0.0) == 0.0
    assert questions.fit("place", "She flew on Monday to Marseille.", 0.0) == 1.0


def test_an_age_is_a_figure_said_of_someone_not_any_figure_after_was():
    assert questions.fit("age", "She was 85.", 0.0) == 1.0
    assert questions.fit("age", "Mark Felt was 95.", 0.0) == 1.0
    assert questions.fit("age", "His trainer, who turned 68 on Saturday, wept.", 0.0) == 1.0
    assert questions.fit("age", "Turnout was 62 per cent.", 0.0) < 1.0
    assert questions.fit("age", "She was arrested on Friday.", 0.0) == 0.0
    assert questions.fit("age", "The ship was 85 metres long.", 0.0) < 1.0  # a figure, no age


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("Who organises the food bank?", "Organiser Carol Whitby said thirty families came."),
        ("Who heads the disaster agency?", "Head of the agency Captain Manrosan told reporters."),
        ("Who is the team's general manager?", "General manager A. J. Smith said it hurt."),
    ],
)
def test_a_person_named_with_the_role_asked_about_answers(question, sentence):
    assert questions.fit("agent", sentence, 0.0, question) == 1.0


def test_a_name_made_of_the_questions_own_words_is_not_its_answer():
    asked = "Who leads the dockworkers' union?"
    union = "Members of the Dock and Transport Workers' Union walked out."
    assert questions.fit("agent", union, 0.0, asked) == 0.0
    assert questions.fit("agent", "Union leader Maren Holt spoke at the gate.", 0.0, asked) == 1.0
    assert (
        questions.fit(
            "agent", "Power was cut, grid operator Westnet said.", 0.0, "Who runs the grid?"
        )
        == 1.0
    )


def test_a_name_the_question_gives_is_not_its_answer():
    asked = "Who is Vireo's boss?"
    assert questions.fit("agent", "Vireo Mobile said it had closed the route.", 0.0, asked) == 0.0
    assert questions.fit("agent", "Chief executive Clara Wendt apologised.", 0.0, asked) == 1.0
    assert questions.fit("count", "It won 38 of the 81 seats.", 0.0, "How many of 81 seats?") == 1.0
    assert questions.fit("count", "There are 81 seats.", 0.0, "How many of 81 seats?") == 0.0


def test_every_evidence_feature_has_a_weight():
    assert len(DEFAULT_OPTIONS.answer_weights) == len(evidence.FEATURES)


def test_a_sentence_read_with_its_neighbours_stays_within_its_report(embed):
    reports = [
        Document.from_text("a", "Lantern", "Floods", None, "The river rose. She fled."),
        Document.from_text("b", "Wire", "Floods", None, "Rain fell all night. Roads closed."),
    ]
    pairs, rows = sentence_evidence("Who fled the river?", reports, embed=embed)
    assert [s.text for _, s in pairs] == [
        "The river rose.", "She fled.", "Rain fell all night.", "Roads closed."
    ]  # fmt: skip
    assert rows.shape == (4, len(evidence.FEATURES))
    own = rows[:, evidence.FEATURES.index("meaning")]
    in_context = rows[:, evidence.FEATURES.index("meaning with the sentence before")]
    assert in_context[0] == pytest.approx(own[0]) and in_context[2] == pytest.approx(own[2])
    # The second report's opening is not read after the first report's last sentence.
    words_before = rows[:, evidence.FEATURES.index("words with the sentence before")]
    assert words_before[1] > rows[1, evidence.FEATURES.index("words")]
    assert words_before[2] == rows[2, evidence.FEATURES.index("words")]


def _answerability(best: float, runner_up: float | None, meaning: float = 0.5, **kw) -> float:
    weights = DEFAULT_OPTIONS.answerability_weights
    return evidence.answerability(best, runner_up, meaning, weights, **kw)


def test_answering_is_likelier_the_better_and_the_further_ahead_the_best_sentence():
    assert _answerability(8.0, 7.0) > _answerability(6.0, 5.0)
    assert _answerability(8.0, 5.0) > _answerability(8.0, 7.5)
    assert _answerability(8.0, None) == _answerability(8.0, 0.0)


def test_answering_is_likelier_the_closer_the_question_to_the_detail_it_asks_for():
    assert _answerability(8.0, 7.0, meaning=0.6) > _answerability(8.0, 7.0, meaning=0.3)


def test_the_detail_asked_for_is_read_in_its_own_clause():
    sentence = "Rain fell overnight, the river rose, and 1,500 people fled their homes."
    windows = evidence.detail_windows("How many people died?", sentence)
    assert "and 1,500 people fled their homes." in windows
    assert "Rain fell overnight" not in " ".join(windows)
    reopened = "The line reopened at noon; trains run hourly."
    windows = evidence.detail_windows("Is the line open?", reopened)
    assert windows == ["The line reopened at noon", "trains run hourly."]


def test_a_clause_that_does_not_say_what_was_asked_is_further_from_it(embed):
    sentence = "The river burst its banks, forcing 1,500 people from their homes."
    died = evidence.detail_meaning("How many people died?", sentence, embed)
    evacuated = evidence.detail_meaning("How many people had to leave home?", sentence, embed)
    assert died < evacuated


def test_a_sentence_without_the_detail_asked_for_is_never_quoted(embed):
    document = Document.from_text(
        "farm",
        "Coastline Post",
        "Farmers brace for the viaduct",
        None,
        "Farmers will be paid for their land, the rail company said.\n"
        "The viaduct will be 18 metres high.",
    )
    assert not ask(
        "How much will the farmers be paid for their land?", document, embed=embed
    ).answerable
    tall = ask("How tall will the viaduct be?", document, embed=embed)
    assert "18 metres" in tall.text


def test_only_a_sentence_giving_the_detail_about_whom_the_question_names_can_answer(embed):
    document = Document.from_text(
        "vote",
        "Wire",
        "Election",
        None,
        "Counting went on through the night in the northern province.\n"
        "The far-right Vessland First party won five seats.\n"
        "The Social Democrats won 38 of the 81 seats.",
    )
    question = "How many seats did the Social Democrats win?"
    able = qa.answering(question, qa.retrieve(question, document, embed=embed))
    assert [s.text for _, s, _ in able] == ["The Social Democrats won 38 of the 81 seats."]


def test_a_count_of_something_the_article_never_counts_is_less_likely_an_answer():
    assert _answerability(8.0, 7.0, counted_nowhere=True) < _answerability(8.0, 7.0)


def test_a_how_many_question_meets_the_count_in_the_plural():
    cranes = questions.counted("How many cranes does the port have?")
    assert cranes is not None
    assert questions.counts("We are a small harbour with two cranes.", cranes)
    assert not questions.counts("We are a small harbour with two quays.", cranes)


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("How many fire engines went from the city?", "engines"),
        ("How many water-bombing aircraft were used?", "aircraft"),
        ("How many registered voters does the country have?", "voters"),
        ("How many injured koalas did the carers find?", "koalas"),
        ("How many voted for the plan?", None),
        ("How many mobile users does the firm have?", "users"),
        ("How many people signed the petition?", "people"),
        ("How many days does the trip take?", "days"),
        ("How many homes were lost?", "homes"),
        ("How many died in the tsunami?", None),
        ("How many times was she shot?", None),
        ("How many of the bombs went off?", None),
        ("How many of the jurors were women?", "women"),
        ("How many of the firm's customers are pensioners?", "pensioners"),
        ("How many of them were killed?", None),
    ],
)
def test_a_how_many_question_counts_the_plural_its_first_word_qualifies(question, noun):
    assert questions.counted_noun(question) == noun


def test_people_are_counted_by_a_population_and_by_the_dead():
    people = questions.counted("How many people live on the island?")
    assert people is not None
    assert questions.counts("It has a population of 120, 000.", people)
    assert questions.counts("Two civil wars were fought, and some 2 million died.", people)
    assert not questions.counts("The fire burned 2,100 hectares.", people)


def test_a_count_meets_a_plural_ending_in_ies():
    families = questions.counted("How many families have come to the food bank?")
    assert families is not None
    assert questions.counts("Around thirty families had asked for help so far.", families)


def test_a_count_in_another_word_of_the_same_meaning_counts_what_is_asked(embed):
    texts = ["Crews made probably forty trips.", "The fire burned 2,500 hectares."]
    alike = evidence.counting_units("How many journeys did the crews make?", texts, embed)
    assert "trip" in alike
    assert "hectare" not in alike
    journeys = questions.counted("How many journeys did the crews make?")
    assert journeys is not None
    assert questions.counts(texts[0], journeys, alike)
    assert not questions.counts(texts[1], journeys, alike)


@pytest.mark.parametrize(
    ("question", "sentence", "holder"),
    [
        ("Who is Vireo's boss?", "Chief executive Clara Wendt said in a statement.", "Clara Wendt"),
        ("Who leads the union?", "General secretary Maren Holt spoke.", "Maren Holt"),
        ("Who heads the freight firm?", "So said Henrik Salo, commercial director.", "Henrik Salo"),
        ("Who leads the Greens?", "The Greens, led by Sanna Korpi, won.", "Sanna Korpi"),
        ("Who is the deputy governor?", "Deputy governor Paul Sendek spoke.", "Paul Sendek"),
        ("Who is the club's chairman?", "Club chairman Dieter Falk said so.", "Dieter Falk"),
        ("Who runs Vireo?", "Vireo chief executive Clara Wendt apologised.", "Clara Wendt"),
        ("Who is TENET's technology chief?", "TENET CTO Andrew Alston said so.", "Andrew Alston"),
    ],
)
def test_who_holds_a_post_is_answered_by_a_person_named_with_a_post(question, sentence, holder):
    assert [sentence[a:b] for a, b in questions.slots("agent", sentence, question)] == [holder]


@pytest.mark.parametrize(
    ("question", "sentence", "holder"),
    [
        ("Who is the governor of Skarn?", "Skarn Gov. Ella Moss said 12 were hurt.", "Ella Moss"),
        (
            "Who chairs the club's youth section?",
            "The chair of the Westcliff Rovers youth section, Tom Hale, said so.",
            "Tom Hale",
        ),
        ("Who is in charge of the search?", "said Anna Berg, incident controller.", "Anna Berg"),
    ],
)
def test_a_post_abbreviated_after_its_name_or_of_a_named_body_still_names_its_holder(
    question, sentence, holder
):
    found = [sentence[a:b] for a, b in questions.slots("agent", sentence, question)]
    assert holder in found
    assert questions.fit("agent", sentence, 0.0, question) == 1.0


def test_who_holds_a_post_is_not_answered_by_the_organisation_alone():
    question = "Who leads the dockworkers' union?"
    sentence = "More than 2,200 members of the Dock and Transport Workers' Union walked out."
    assert questions.fit("agent", sentence, 0.0, question) == 0.0


def test_capitals_that_stand_for_a_thing_name_no_one():
    question = "Which contractor's account did the attackers use?"
    sentence = "Attackers used an account belonging to an external IT contractor."
    assert questions.slots("agent", sentence, question) == ()
    named = "Attackers used an account belonging to Dataplan, an IT contractor."
    found = [named[a:b] for a, b in questions.slots("agent", named, question)]
    assert found == ["Dataplan"]


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("Who is the club's chairman?", "So said Maggie Varley, the club secretary."),
        ("Who is the central bank governor?", "Deputy governor Paul Sendek was blunt."),
        ("Who will be the deputy premier?", "The party, led by premier Hanne Lorsk, lost."),
        ("Which finance minister welcomed the cut?", "Deputy governor Paul Sendek dissented."),
        ("Who is the society's chief executive?", "So said Anja Pellew, the head of lending."),
        ("Who is the mission director?", "So said Mattias Dunne, the agency's director-general."),
        ("Who is the agency's director-general?", "Mission director Henrika Saar spoke."),
        ("Who is the union's general secretary?", "Branch secretary Halla Moen spoke."),
    ],
)
def test_who_holds_a_post_is_not_answered_by_another_post(question, sentence):
    assert questions.slots("agent", sentence, question) == ()


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("Who is investigating the fire?", "The blaze began in the Kerrigan State Forest."),
        ("Which aid agency runs the compound?", "A crater opened near the Yida camp."),
        ("Who built the probe?", "The probe fired its engine while passing behind the Moon."),
        ("Which company built the probe?", "The agency's probe fired its engine."),
        ("Which firm repaired the crane?", "The operator said the crane would work again."),
    ],
)
def test_a_name_saying_where_something_happened_or_no_name_is_not_who(question, sentence):
    assert questions.fit("agent", sentence, 0.0, question) == 0.0


def test_each_kind_of_question_is_answered_at_its_own_probability():
    threshold = DEFAULT_OPTIONS.answer_threshold
    assert qa.quote_threshold("Who leads the union?", DEFAULT_OPTIONS) == threshold / 2
    assert qa.quote_threshold("How old is the striker?", DEFAULT_OPTIONS) == threshold / 2
    assert qa.quote_threshold("Who said the port was closed?", DEFAULT_OPTIONS) == threshold / 2
    assert qa.quote_threshold("Where did evacuees sleep?", DEFAULT_OPTIONS) == threshold / 2
    assert qa.quote_threshold("Why did the talks fail?", DEFAULT_OPTIONS) == threshold / 2
    assert qa.quote_threshold("How many ships are waiting?", DEFAULT_OPTIONS) == threshold
    assert qa.quote_threshold("What did the mayor say?", DEFAULT_OPTIONS) < threshold
    assert qa.quote_threshold("How much did the bridge cost?", DEFAULT_OPTIONS) > threshold


def test_a_question_for_no_particular_detail_quotes_the_sentence_that_follows_too(embed):
    body = (
        "When Dr Nadia Osei arrived in Ardle, she found a banner strung across the harbour wall. "
        'It read, simply: "WELCOME DOCTOR. WE WAITED."\n'
        "The village had been without a doctor for three years."
    )
    document = Document.from_text("ardle", "Post", "Village welcomes its doctor", None, body)
    answer = ask("What did the banner say?", document, embed=embed)
    assert "WE WAITED" in answer.text
    assert "three years" not in answer.text


def test_the_answer_score_is_a_probability_compared_with_the_threshold(embed):
    silent = ask("What did the prime minister announce?", article("heatwave"), embed=embed)
    assert 0.0 <= silent.score < DEFAULT_OPTIONS.answer_threshold
    answered = ask(
        "How many cooling centres has the city opened?", article("heatwave"), embed=embed
    )
    assert DEFAULT_OPTIONS.answer_threshold <= answered.score <= 1.0


def test_a_quotation_said_by_she_answers_who_with_the_sentence_naming_her(embed):
    document = Document.from_text(
        "port",
        "Courier",
        "Port strike",
        None,
        "Dockworkers walked out at the port on Monday.\n"
        "A ministry spokesperson, Leona Prakt, said the government was watching supplies. "
        '"The port cannot become a car park for imports," she told reporters.',
    )
    answer = ask("Who warned that the port must not become a parking lot?", document, embed=embed)
    assert answer.sentences[0].text.startswith("A ministry spokesperson, Leona Prakt")
    assert answer.sentences[0].text.endswith("she told reporters.")
    assert [c.sentence_index for c in answer.sentences[0].citations] == [1, 2]


def test_a_pronoun_speaker_is_read_from_the_sentence_before_in_its_paragraph_only():
    document = Document.from_text(
        "bank",
        "Ledger",
        "Rates",
        None,
        "Governor Ilse Varga spoke in Kestrin.\n"
        '"The job is not done," she said.\n'
        "Varga said the board was divided. She said the vote was close.",
    )
    quoted, reported = document.sentences[1], document.sentences[3]
    assert qa._speaker_before(document, quoted) is None
    assert qa._speaker_before(document, reported) is None
    named = Document.from_text(
        "bank", "Ledger", "Rates", None, 'Ilse Varga spoke. "The job is not done," she said.'
    )
    assert qa._speaker_before(named, named.sentences[1]) == named.sentences[0]


def test_each_outlet_answers_how_many_with_its_figure_for_that_thing_however_qualified(embed):
    lantern = Document.from_text(
        "lantern",
        "Lantern",
        "Data breach",
        None,
        "Criminals have stolen the personal details of 2.8 million Vireo Mobile customers, "
        "including the passport numbers of tens of thousands of people.",
    )
    wire = Document.from_text(
        "wire",
        "Wire",
        "Data breach",
        None,
        "Hackers stole personal data belonging to about 3 million current and former "
        "customers, Vireo said.\nVireo has about 4.2 million subscribers in a country of "
        "9.4 million people.",
    )
    answer = ask("How many customers' details were stolen?", [lantern, wire], embed=embed)
    assert "2.8 million" in answer.text and "3 million current" in answer.text
    assert "9.4 million" not in answer.text


def test_a_figure_counts_the_thing_named_at_the_end_of_its_phrase():
    customers = questions.counted("How many customers were hit?")
    seats = questions.counted("How many seats did they win?")
    assert customers and seats
    assert questions.counted_in_phrase("2.8 million Vireo Mobile customers", customers)
    assert questions.counted_in_phrase("about 3 million current and former customers", customers)
    assert questions.counted_in_phrase("data of 3.1mn current and former customers", customers)
    assert questions.counted_in_phrase("taking 38 of the 81 seats", seats)
    assert not questions.counted_in_phrase("2.8 million, and customers fled", customers)
    assert not questions.counted_in_phrase(
        "3 million of the Vireo Mobile firm's customers", customers
    )


def test_across_a_story_the_best_ranked_confident_outlet_leads_not_the_most_confident(embed):
    ledger = Document.from_text(
        "ledger",
        "Ledger",
        "Railway",
        None,
        "The new line will cut the trip to the coast to 90 minutes. "
        "The old line takes three hours.",
    )
    post = Document.from_text(
        "post", "Post", "Railway", None, "The trip to the coast will take 85 minutes."
    )
    # The Ledger's best sentence ranks first but has a close runner-up, so the Post, alone, is
    # the more confident outlet.
    candidates = [
        (ledger, ledger.sentences[0], 8.0),
        (ledger, ledger.sentences[1], 7.9),
        (post, post.sentences[0], 7.5),
    ]
    answer = qa.answer_from("How long will the trip to the coast take?", candidates, embed=embed)
    assert answer.sources == ["Ledger", "Post"]


def test_a_count_in_a_unit_of_measure_is_answered_only_in_that_unit(embed):
    vineyard = "Alan Moreby owns a small vineyard about 15 kilometres from Cooringa."
    doc = Document.from_text("vineyard", "Gazette", "Fire", None, vineyard)
    assert not ask("How many hectares is Moreby's vineyard?", doc, embed=embed).answerable
    burned = Document.from_text(
        "fire", "Gazette", "Fire", None, f"{vineyard} The fire burned 2,500 hectares of bush."
    )
    answer = ask("How many hectares did the fire burn?", burned, embed=embed)
    assert "2,500 hectares" in answer.text


@pytest.mark.parametrize(
    ("question", "text", "given"),
    [
        ("How many hectares burned?", "It burned 3,000 ha of forest.", True),
        ("How many hectares burned?", "It is 15 kilometres away.", False),
        ("How many hectares burned?", "Fire swept 25 square kilometres of bush.", True),
        ("How many acres burned?", "Fire swept 25 km² of bush.", True),
        ("How many yards did he run for?", "He broke a 32-yard run.", True),
        ("How many kilometres long is the tunnel?", "The 9.6km tunnel opens in May.", True),
        ("How many miles long is the line?", "The 214 km line opens in May.", True),
        ("How much land has the fire burned?", "It burned 2,500 hectares.", True),
        ("How much land has the fire burned?", "It is 15 kilometres away.", False),
        ("How much rain fell on the town?", "Gauges showed 160mm of rain.", True),
        ("How much rain fell on the town?", "Two lorries were sent to the town.", False),
        ("How much rain do the crews need?", "They need three days of rain.", True),
        ("How many homes burned?", "It is 15 kilometres away.", True),  # no unit asked for
        ("How fast will the trains go?", "They will cut the trip to 85 minutes.", False),
        ("How fast will the trains go?", "Trains will run at up to 250 km/h.", True),
        # "an hour" is no rate, nor is the "a" of "about" a figure.
        ("How fast will the trains go?", "It cuts the trip to about an hour and a half.", False),
        # A speed is no length.
        ("How many kilometres long is the line?", "It has a limit of 120km/h.", False),
        ("How fast were the winds?", "Winds reached 90 kilometres an hour.", True),
        ("How fast were prices rising?", "Prices rose 2.1% in the year to October.", True),
        ("How fast does the fault slip?", "It slips about 9 mm / yr.", True),
        ("How heavy is the probe?", "It orbits about 100 km above the surface.", False),
        ("How heavy is the probe?", "The probe weighs 1,200 kg.", True),
        ("How hot did it get?", "Temperatures neared 40C.", True),
        ("How hot did it get?", "Hundreds of people left their homes.", False),
        ("What was the quake's magnitude?", "It was a magnitude - 5. 9 earthquake.", True),
        ("What was the quake's magnitude?", "It measured 3.8 on the Richter scale.", True),
        ("What was the quake's magnitude?", "More than 31,000 people were killed in Bam.", False),
        ("How long will the new line be?", "The 214 km Westline opens in 2032.", True),
        ("How long will the new line be?", "It carries about half the port's freight.", False),
        # A line, a road or a tunnel is as long as a distance, not a drive or a height.
        ("How long will the new line be?", "The station is 30 minutes' drive away.", False),
        ("How long will the railway be?", "A viaduct some 18 metres high will cross it.", False),
        ("How long will the railway be?", "It will run on a 221-kilometre line.", True),
        ("How long will the road be closed?", "It stays closed for two days.", True),
        ("How long is the strike?", "The strike has lasted three days.", True),
        ("How long a viaduct is planned?", "It will cross on a viaduct of about 2.6 km.", True),
        ("How long a viaduct is planned?", "It will cost 40 million marks.", False),
    ],
)
def test_a_figure_in_the_unit_of_measure_asked_for(question, text, given):
    unit = questions.measure_asked(question)
    assert (unit is None or questions.gives_measure(text, unit)) is given


@pytest.mark.parametrize(
    ("sentence", "answers"),
    [
        ("The quake struck about 58km (36 miles) south-west of Bandar Abbas.", False),
        ("The quake was 35 miles southwest of Bandar Abbas.", False),
        ("It struck 85 miles from Manokwari at a depth of 22 miles.", True),
        ("It began only one mile below ground level.", True),
    ],
)
def test_how_far_away_is_not_how_deep(sentence, answers):
    assert (questions.fit("measure", sentence, 0.0, "How deep was the quake?") == 1.0) is answers


@pytest.mark.parametrize(
    ("question", "whose"),
    [
        ("What is the name of the pensioner rescued after his car was swept away?", "pensioner"),
        ("What is the missing woman's name?", "woman"),
        ("What is the name of the injured volunteer?", "volunteer"),
        ("What is the name of the Reuters reporter at the camp?", "reporter"),
        ("What is the name of Katie's boyfriend?", "boyfriend"),
        ("What is the name of the song the shanty group made?", "song"),
        ("What is the name of the wife of the mayor?", "wife"),
        ("Who leads the union?", None),
    ],
)
def test_a_question_asking_a_name_says_whose(question, whose):
    assert questions.whose_name(question) == whose


def test_the_name_of_a_work_is_its_title_in_quotation_marks():
    asked = "What is the name of the song the shanty group made?"
    sentence = 'The shanty group recorded a song, "Come Doctor Come", shared thousands of times.'
    assert questions.fit("agent", sentence, 0.0, asked) == 1.0
    assert questions.fit("agent", "The shanty group recorded a song.", 0.0, asked) == 0.0
    nickname = "What is Thompson's nickname?"
    series = "Which TV series did she have a recurring part in?"
    assert questions.fit("agent", 'She has had a recurring role on "Scrubs".', 0.0, series) == 1.0
    known = 'Fans knew him as "Hammer" long before he turned professional.'
    assert questions.fit("agent", known, 0.0, nickname) == 1.0
    assert (
        questions.fit("agent", "Fans knew him long before he turned professional.", 0.0, nickname)
        == 0.0
    )


def test_a_once_is_no_time_when_it_counts_or_repeats():
    for sentence in (
        "He once worked at the mill.",
        "They meet once a week.",
        "Once again it rained.",
    ):
        assert questions.fit("time", sentence, 0.0) == 0.0


def test_he_or_she_saying_something_is_no_name():
    asked = "What was the name of the victim who died?"
    assert questions.fit("agent", "She said the third victim died on the way.", 0.0, asked) == 0.0


def test_a_title_or_the_before_a_name_and_words_naming_no_one_need_not_be_said():
    boxer = "Which animals does Senator Boxer say the rules could not protect?"
    assert not questions.names_unsaid(boxer, ['"They would not protect the eagle," Boxer said.'])
    geysers = "How far was the epicentre from The Geysers?"
    assert not questions.names_unsaid(geysers, ["It began two miles northeast of the Geysers."])
    aho = "Where was Ms Aho's son?"
    said = ["He was sitting at his desk at work in Northfield."]
    assert not questions.names_unsaid(aho, said, "Ingrid Aho got a call from her son.")
    asked = "What should I do first if I've been defrauded?"
    in_view = "Vireo hack: what customers should do"
    assert not questions.names_unsaid(asked, ["First, contact your bank."], in_view)
    network = "Which TV network will show the Oscars?"
    assert not questions.names_unsaid(network, ["The Oscars air on the ABC Television Network."])
    # A month is said, as a year is: September's inflation is not October's.
    september = "What was inflation in September?"
    assert questions.names_unsaid(september, ["Inflation was 2.1% in October."], "Prices rise")


def test_what_was_left_is_what_remained_not_who_left():
    asked = "How many pickets were left by midnight?"
    shrunk = "By midnight the picket at Gate 3 had shrunk to about forty people."
    assert questions.fit("count", shrunk, 0.0, asked) == 1.0
    homeless = "How many people were left homeless?"
    assert questions.fit("count", "About forty people came to the meeting.", 0.0, homeless) == 0.0


def test_one_of_many_is_no_age():
    assert questions.fit("age", "He was one of the first to arrive.", 0.0) < 1.0


def test_an_age_someone_once_was_is_not_how_old_they_are():
    asked = "How old is the nephew now?"
    once = "He testified that Jeffs raped him when he was 5 years old."
    assert questions.fit("age", once, 0.0, asked) == 0.0
    assert questions.fit("age", "said Brent Jeffs, now 28.", 0.0, asked) == 1.0
    assert questions.fit("age", once, 0.0, "How old was he when it began?") == 1.0
    assert questions.fit("age", "It began when she was nine.", 0.0, "How old is she?") == 0.0


def test_a_country_is_mentioned_by_the_word_for_its_people():
    asked = "Who is Greece's prime minister?"
    said = ['"Murder is another thing," Prime Minister George Papandreou said.']
    assert not questions.names_unsaid(asked, said, "Greek unions strike over cuts")
    assert questions.names_unsaid(asked, said, "French unions strike over cuts")


def test_a_period_named_from_now_is_not_another_one():
    asked = "How much profit did the business make last year?"
    assert questions.names_unsaid(asked, ["It put the hit to next year's profit at 40mn marks."])
    assert not questions.names_unsaid(asked, ["Last year's profit was 40mn marks."])
    assert not questions.names_unsaid(asked, ["It made a profit of 40mn marks in the year."])
    previous = "What did the firm earn in the previous quarter?"
    assert not questions.names_unsaid(previous, ["It earned 3mn marks last quarter."])


@pytest.mark.parametrize(
    ("kind", "question", "sentence", "fits"),
    [
        # A sum asked for by name is said with that name.
        (
            "money",
            "How much is the insurance payout expected to be?",
            "It put the hit to next year's operating profit at 25mn to 40mn marks.",
            0.0,
        ),
        # An injury is named by the body part it hurt or by what it is.
        (
            "other",
            "What injury ended Chris Ivory's season?",
            "The Saints placed rookie Chris Ivory on injured reserve Tuesday.",
            0.0,
        ),
        (
            "other",
            "What injury sidelined Reggie Bush?",
            "Bush was placed on injured reserve after breaking his right fibula.",
            1.0,
        ),
        # So is a figure asked for by its name after "what", which reads as any figure.
        (
            "count",
            "What profit did Vireo make last year?",
            "Vireo reported revenue of 4.6bn marks last year.",
            0.0,
        ),
        (
            "count",
            "What profit did Vireo make last year?",
            "Vireo made a profit of 310mn marks last year.",
            1.0,
        ),
        (
            "money",
            "How big are the insurance losses?",
            "Insured losses ranged from 150mn to 250mn marks.",
            1.0,
        ),
        (
            "money",
            "How much did Vestskog pay for it?",
            "Vestskog bought the estate four years ago for about 1.1bn marks.",
            1.0,
        ),
        # Where people are sheltered or housed is said with where they stay.
        (
            "place",
            "Where have the people who fled been given shelter?",
            "The road to the regional centre of Wendale was closed.",
            0.0,
        ),
        *(
            ("place", question, "Evacuees are staying in the sports hall at Brenholm Academy.", 1.0)
            for question in (
                "Where have the people who fled been given shelter?",
                "Where are the evacuated residents being housed?",
            )
        ),
        *(
            ("place", "Where are the evacuated residents being housed?", sentence, 0.0)
            for sentence in (
                '"We ask people to stay away from the river," police said.',
                "The commander told reporters at a briefing in the town hall.",
                "The flood forced about 1,200 residents from their homes in Brenholm.",
            )
        ),
        # The name of someone described is said by a name standing near them.
        (
            "agent",
            "What is the name of the woman reported missing?",
            "Police commander Aron Strand told reporters the priority was the missing person.",
            0.0,
        ),
        (
            "agent",
            "What is the name of the woman reported missing?",
            "The missing woman, named by police as Ilse Varga, was last seen on Friday.",
            1.0,
        ),
        (
            "agent",
            "What is the name of the woman reported missing?",
            "One woman was swept away when the river burst its banks, said official Aron Strand.",
            0.0,
        ),
        # A name before the one described is theirs only beside them, not a clause away.
        (
            "agent",
            "What is the name of the friend who was shot in the foot?",
            "In court, Coleman then testified that his third friend had shot himself in the foot.",
            0.0,
        ),
        (
            "agent",
            "What is the name of the friend who was shot in the foot?",
            "Dion Coleman, the friend shot in the foot, testified on Monday.",
            1.0,
        ),
        # Someone introduced with "a" is named only by a name set beside them.
        (
            "agent",
            "What is the name of the Arizona judge who threw out the charges?",
            "An Arizona judge dismissed the original charges against Jeffs last year.",
            0.0,
        ),
        (
            "agent",
            "What is the name of the group that claimed the attack?",
            "A group calling itself ShadowKelp said it had taken the records.",
            1.0,
        ),
        (
            "agent",
            "Who is the special prosecutor Oppal appointed?",
            "Last June, Oppal appointed a special prosecutor to look into the allegations.",
            0.0,
        ),
        ("agent", "Who was the judge?", "A judge, Ann Moss, threw out the case.", 1.0),
        (
            "agent",
            "Who is the food bank for?",
            "At St Brendan's hall, volunteers have set up a food bank for striking families.",
            1.0,
        ),
        # A sentence saying the very thing asked is not known does not answer it.
        ("other", "What kind of gun was used?", "It's not known what kind of gun was used.", 0.0),
        (
            "cause",
            "Why was his handgun permit refused?",
            "He was denied a permit in March, said Scherlinck, who would not say why.",
            0.0,
        ),
        (
            "agent",
            "Who is the Troy police chief?",
            "Police chief Gary Mayer would not say how many officers were there.",
            1.0,
        ),
        # Asked who directed, owned or refereed something, a name answers only with the deed or
        # the role of whoever does it.
        (
            "agent",
            "Who directed the film about her life?",
            "In 2005 HBO released a film starring Gretchen Mol as Page.",
            0.0,
        ),
        (
            "agent",
            "Who owns the port operator?",
            "Estuary Port Holdings, majority-owned by Halvard Capital, said it would talk.",
            1.0,
        ),
        ("agent", "Who manages the Spanish side?", "Almavera's coach, Esteban Roig, said so.", 1.0),
        # A name that describes the one asked about, or says where they are, is not theirs.
        (
            "agent",
            "What was the name of the army spokesman?",
            "An Israeli army spokesman said he had no information about the incident.",
            0.0,
        ),
        (
            "agent",
            "What is the name of the man rescued from his car?",
            "Crews from Calderwick and Ashby rescued a man in his seventies near the mill.",
            0.0,
        ),
        (
            "agent",
            "What is the name of the firefighter who was hurt?",
            "Firefighters in New South Wales were racing to protect the village overnight.",
            0.0,
        ),
        (
            "agent",
            "What is the name of the firefighter who was hurt?",
            "Sandvik, who went to Northfield Upper School, is a volunteer firefighter.",
            0.0,
        ),
        ("agent", "What's the name of the repair ship?", "The firm is sending a ship out.", 0.0),
        # Whether anyone met an outcome is said only by saying that outcome, or none of it.
        ("other", "Was anyone hurt in the fire?", "Crews worked to contain the blaze.", 0.0),
        ("other", "Was anyone hurt in the fire?", "No injuries were reported.", 1.0),
        ("other", "Has anyone gone missing?", "Most had gone to stay with relatives.", 0.0),
        ("other", "Has anyone gone missing?", "One man is still missing.", 1.0),
        # A relative's age is not the age of whom they are family to.
        (
            "age",
            "How old is the police chief?",
            "He leaves behind a wife and a 17-year-old son.",
            0.0,
        ),
        ("age", "How old is his wife?", "His mother, Inga Sandvik, 78, was watching.", 0.0),
        ("age", "How old is his mother?", "His mother, Inga Sandvik, 78, was watching.", 1.0),
        # Whoever holds a role is named: "the interior ministry" is no one.
        (
            "agent",
            "Who is the interior minister?",
            "The interior ministry said emergency funds would be made available.",
            0.0,
        ),
        ("agent", "Who is the interior minister?", "Minister Ada Rask said funds would come.", 1.0),
        # "How many of the jurors were women?": the part counted among the whole is named.
        (
            "count",
            "How many of the jurors were women?",
            "Eight of the jurors were black.",
            0.0,
        ),
        (
            "count",
            "How many of the injured were still in hospital?",
            "He said 30 of the 80 wounded remained in hospital.",
            1.0,
        ),
        (
            "count",
            "How many of the orphaned children is Horton's mother raising?",
            "Her mother is now caring for five of the orphaned kids.",
            1.0,
        ),
        (
            "count",
            "How many of the city's seats are the Social Democrats aiming to win?",
            "The Social Democrats are targeting all four seats.",
            1.0,
        ),
        # A sum for each period does not say what something cost once; wages come so.
        (
            "money",
            "How much did the mission cost?",
            "The agency has a budget of around 180 million euros a year.",
            0.0,
        ),
        ("money", "How much did the mission cost?", "The mission cost 310 million euros.", 1.0),
        ("money", "What are Brandt's wages?", "He will earn 150,000 euros a week.", 1.0),
        # What one side offered is not what the other wants.
        (
            "count",
            "How much has the operator offered the union?",
            "The union wants a 9% pay increase, while the operator has offered less.",
            0.0,
        ),
        ("count", "How much has the operator offered?", "It has offered a 5.5% rise.", 1.0),
        # A figure's clause opening on its verb is said of the subject before the aside.
        (
            "count",
            "What pay rise has the operator offered?",
            "The company's last offer, tabled a fortnight ago, was 5.5%.",
            1.0,
        ),
        # How much something rose or fell is a figure said as a change.
        (
            "count",
            "How much did Estuary Port Holdings' shares fall?",
            "Estuary Port Holdings is 68 per cent owned by Halvard Capital.",
            0.0,
        ),
        ("count", "How much did the shares fall?", "The shares weakened 0.6 per cent.", 1.0),
        # "Which firm?" is not answered by "a firm" alone, but by a firm named.
        (
            "agent",
            "Which freight analytics firm tracked the ships?",
            "Two ships went to Rotterdam, according to data from a freight analytics firm.",
            0.0,
        ),
        (
            "agent",
            "Which freight analytics firm tracked the ships?",
            "Two ships went to Rotterdam, according to a freight analytics firm, Kpler.",
            1.0,
        ),
        # A name in the next sentence does not say which.
        (
            "other",
            "Which rocket carried it into space?",
            "It was a box of electronics on top of a rocket. Now it is circling the Moon.",
            0.0,
        ),
        ("time", "In which month did it lift off?", "It launched in July, a month ago.", 1.0),
        # A count of people or things is no sum of money, though "3.1mn customers" is a count.
        (
            "count",
            "How many people work at the space agency?",
            "The agency has a budget of around 180 million euros a year.",
            0.0,
        ),
        (
            "count",
            "How many customers had their data stolen?",
            "Hackers stole data belonging to 3.1mn customers.",
            1.0,
        ),
        # "since" says how long only with a time.
        (
            "duration",
            "How long has the fire been burning?",
            "The fire has burned widely since it broke out, authorities said.",
            0.0,
        ),
        ("duration", "How long has the fire been burning?", "It has burned since Monday.", 1.0),
        # A length said with a kind of day, until the end of a period, or in generations.
        ("duration", "How long can they keep working?", "Stock lasts eight working days.", 1.0),
        (
            "duration",
            "How long will the area stay shut?",
            "It stays closed through the weekend.",
            1.0,
        ),
        (
            "duration",
            "How long would the road be shut?",
            "It stays closed most of the weekend.",
            1.0,
        ),
        (
            "duration",
            "How long has her family been here?",
            "We have lived here for four generations.",
            1.0,
        ),
        # A place of the kind asked for ("which street", "which hospital") names one.
        (
            "place",
            "On which street in Athens was the burned bank branch?",
            "As Athens burned, many in Berlin were still fuming.",
            0.0,
        ),
        (
            "place",
            "On which street was the bank?",
            "The bank stood on Stadiou Avenue.",
            1.0,
        ),
        ("place", "Which hospital treated him?", "He was rushed to Aria Health's campus.", 1.0),
        # The age of someone named through another person is not that person's own.
        (
            "age",
            "How old is Koski's grandson?",
            "Maj-Britt Koski, 81, from Brask, said a man rang her.",
            0.0,
        ),
        (
            "age",
            "How old is Sandvik's mother?",
            "His mother, Inga Sandvik, 78, has been following the news.",
            1.0,
        ),
        # A time opening a sentence takes the tense of the clause it introduces.
        (
            "time",
            "When will prosecutors decide on a retrial?",
            "In July, the Utah Supreme Court overturned the convictions.",
            0.0,
        ),
        (
            "time",
            "When will prosecutors decide on a retrial?",
            "In July, prosecutors will decide whether to seek a retrial.",
            1.0,
        ),
        (
            "time",
            "When is Thomas expected back?",
            "A week later, Thomas went out for nearly nine weeks.",
            0.0,
        ),
        # The period a figure covers is not when something happened.
        (
            "time",
            "When was Skarn founded?",
            "Skarn's share price has risen about 40 per cent this year.",
            0.0,
        ),
        ("time", "When was Skarn founded?", "Skarn was founded last year.", 1.0),
        # Times said by a holiday, a part of a period or the weekend; a date fixed for what
        # is to come, though said in the past.
        ("time", "When did Bush come back?", "Bush returned on Thanksgiving.", 1.0),
        ("time", "When did he join?", "He joined the brigade in his second year there.", 1.0),
        ("time", "When will the teams go?", "The teams will travel over the weekend.", 1.0),
        (
            "time",
            "By when is the lander supposed to be ready?",
            "Skarn is bidding to build part of a lander planned for the end of the decade.",
            1.0,
        ),
        (
            "time",
            "When is the trial provisionally due to start?",
            "A provisional trial date was set for October 28.",
            1.0,
        ),
        # A sum of money asked for is said in money; a change may be said as a share.
        (
            "money",
            "How much money will the bonds raise?",
            "About 60 per cent of the cost will come from the state budget.",
            0.0,
        ),
        ("money", "By how much have prices fallen?", "Prices have fallen about 4%.", 1.0),
        ("money", "How big a raise do the dockers want?", "They want a 9% rise.", 1.0),
        ("money", "How much of the money goes on players?", "About a third goes on them.", 1.0),
        # A figure asked for by its measure's name is said with that name.
        (
            "count",
            "What was the turnout in the Brask seats?",
            "The Civic Alliance lost all three Brask seats, two of them to the Progressives.",
            0.0,
        ),
        (
            "count",
            "What was the inflation figure for October?",
            "Inflation, which measures how fast prices are rising, stood at 2.3 per cent.",
            1.0,
        ),
        # A score is two figures, one for each side.
        ("count", "What was the final score?", "The Colts won 27-24 in Kansas City.", 1.0),
        ("count", "What was the score of the loss?", "It came five days before the loss.", 0.0),
        # A sentence passed is a penalty, not the conviction.
        (
            "other",
            "What sentence did Jeffs receive in Utah?",
            "Jeffs was convicted in Utah on two counts and awaits trial in Arizona.",
            0.0,
        ),
        ("other", "What sentence did Jeffs get?", "He got life in prison plus 20 years.", 1.0),
        # Times said without a date: at once, within weeks, in the coming months, by a season.
        ("time", "When can buyers get one?", "The new models are available immediately.", 1.0),
        ("time", "How soon will banks act?", "Banks will pass on the cut within weeks.", 1.0),
        ("time", "By when is a promise due?", "She expects one in the coming months.", 1.0),
        ("time", "When will filming begin?", "It aims to start production by the fall.", 1.0),
        ("time", "Since when has it governed?", "It has ruled since the financial crisis.", 1.0),
        ("time", "On what date did the strike begin?", "Trade has fallen since the strike.", 0.0),
        # A date is a day: a month alone is coarser than asked.
        ("time", "On what date will it open?", "It has booked a November 2013 release.", 0.0),
        ("time", "On what date will it open?", "The film opens on Nov. 22.", 1.0),
        ("time", "On what date will it open?", "The film opens on the 22nd of November.", 1.0),
        # A year, an age, a time of day or a model's name is no amount.
        (
            "count",
            "How many followers live in Bountiful?",
            "Bountiful has been under scrutiny since 2004.",
            0.0,
        ),
        (
            "count",
            "By how much will savings rates fall?",
            "Ester Quaid, 71, relies on interest from her savings.",
            0.0,
        ),
        ("count", "How much storage does the Q10 have?", "Register for the Q10 online.", 0.0),
        ("count", "How many rounds were fought?", "The fight was stopped at 2: 56.", 0.0),
        ("money", "How much is iLife?", "Priced at RM299, iLife 09 ships in January.", 1.0),
        # A price is no measure of inflation, though prices are how inflation is said.
        (
            "count",
            "Over how many payments is the rest of the price spread?",
            "The rest is paid in 24 equal monthly payments of $20.",
            1.0,
        ),
        ("count", "What was inflation in October?", "Prices rose 2.3 per cent.", 1.0),
        # A count said in a clause naming someone else is theirs.
        (
            "count",
            "How many seats did Vessland First win?",
            "The Green League was on course for nine seats, the rest split between Vessland First"
            " and independents.",
            0.0,
        ),
        ("count", "How many seats did Vessland First win?", "Vessland First won five seats.", 1.0),
        # A place the clause names is where, not whose.
        (
            "count",
            "How many people were evacuated because of the Bellbrook Ridge fire?",
            "About 800 were evacuated from Cooringa in New South Wales as the Bellbrook Ridge"
            " fire spread.",
            1.0,
        ),
        # A kind of a measure is said by its name: core inflation is not the price index.
        ("count", "What is the core inflation rate?", "Prices rose 2.1% in October.", 0.0),
        (
            "count",
            "What is underlying inflation, leaving out fuel and groceries?",
            "Core inflation, which strips out energy and food, remains at 3 per cent.",
            1.0,
        ),
        # A length of time is an amount of a unit, not a point in time nor a rate.
        (
            "duration",
            "How long has she been governor?",
            "The bank made its second cut this year, governor Ilse Varga said.",
            0.0,
        ),
        (
            "duration",
            "How long did the journey take?",
            "Its engine slowed it by several hundred metres per second.",
            0.0,
        ),
        ("duration", "How long did the journey take?", "The journey took nearly nine weeks.", 1.0),
        # How long something has gone on is said by when it began.
        (
            "duration",
            "How long has he been living in Australia?",
            "He emigrated to Australia eleven years ago.",
            1.0,
        ),
        ("duration", "How long did the burn last?", "It made parts until recently.", 0.0),
        ("duration", "How long will it stay high?", "It will, for at least another day.", 1.0),
        # A figure asked for each period is said for that period.
        (
            "money",
            "How much is the strike costing the economy each day?",
            "The strike entered its third day, with 31 cargo ships at anchor.",
            0.0,
        ),
        (
            "money",
            "How much is the strike costing the economy each day?",
            "Economists put the cost at about 4mn marks a day.",
            1.0,
        ),
        ("measure", "How much rain fell in a day?", "About 140mm of rain fell in 24 hours.", 1.0),
        # How many ended up in hospital is said with the hospital or the injured.
        (
            "count",
            "How many firefighters ended up in hospital?",
            "More than 250 firefighters were working to contain the blaze.",
            0.0,
        ),
        (
            "count",
            "How many firefighters ended up in hospital?",
            "Two firefighters have been taken to hospital, one with burns.",
            1.0,
        ),
        # "Left without power" is a state, not people leaving.
        (
            "count",
            "How many homes were left without electricity?",
            "Around 3,000 homes were without power overnight.",
            1.0,
        ),
        (
            "count",
            "How many people left the town?",
            "Around 3,000 homes were without power overnight.",
            0.0,
        ),
        # Things counted are not counted by figures that measure.
        (
            "count",
            "How many houses were lost in the other fire?",
            "The Tarrawong fire, roughly 85 kilometres to the south, destroyed homes.",
            0.0,
        ),
        (
            "count",
            "How many children did the trooper have?",
            "He leaves a wife and three children, a 17-year-old son and two grown daughters.",
            1.0,
        ),
        # A figure asked for before the event is said as it was.
        (
            "count",
            "How many seats did the Greens hold before the vote?",
            "The Green League was on course for nine seats.",
            0.0,
        ),
        (
            "count",
            "How many seats did the Greens hold before the vote?",
            "The Green League won nine seats, up from six.",
            1.0,
        ),
    ],
)
def test_a_sentence_fits_only_when_it_says_what_is_asked_of_whom_and_when(
    kind, question, sentence, fits
):
    assert questions.fit(kind, sentence, 0.0, question) == fits


@pytest.mark.parametrize(
    ("question", "sentence", "place"),
    [
        ("In which town was the unit closed?", "It closed a unit in the town of Brask.", "Brask"),
        ("Where is Nordlys Cyber based?", "Nordlys Cyber is a Kestrin-based firm.", "Kestrin"),
        ("Where are ships sent?", "Lines divert ships to ports further north.", "further north"),
    ],
)
def test_a_place_named_by_what_it_is_or_a_direction_answers_where(question, sentence, place):
    spans = questions.slots("place", sentence, question)
    assert place in [sentence[start:end] for start, end in spans]


def test_who_holds_a_post_is_read_against_the_post_and_name_together():
    sentence = 'Chief executive Clara Wendt told analysts the company had "not paid" any ransom.'
    windows = evidence.detail_windows("Who runs Vireo?", sentence)
    assert "Chief executive Clara Wendt" in windows
    assert questions.post_phrases(sentence, "When did Vireo pay?") == []


def test_a_principal_holds_the_post_a_chief_does():
    asked = "Who is the mission's chief scientist?"
    said = '"We can map the craters," said Tobias Marklund, the mission\'s principal scientist.'
    assert questions.fit("agent", said, 0.0, asked) == 1.0


def test_who_leads_is_also_said_by_a_name_and_what_they_lead():
    asked = "Who headed the university group behind the instrument?"
    led = "Professor Annika Roos, who led the instrument team, said her students now work there."
    assert questions.fit("agent", led, 0.0, asked) == 1.0
    elected = (
        "It came after the election of Cheryl Boone Isaacs, the third woman to head the Academy."
    )
    assert questions.fit("agent", elected, 0.0, "Who was just elected to head the Academy?") == 1.0
    joined = "Professor Annika Roos, who joined the team in May, said her students now work there."
    assert questions.fit("agent", joined, 0.0, asked) == 0.0


def test_a_room_or_an_office_is_a_place_only_where_something_is_in_it():
    suite = "Also announced were updates to the company's office productivity suite."
    assert questions.fit("place", suite, 0.0) == 0.0
    assert questions.fit("place", "He then found room down the sideline.", 0.0) == 0.0


def test_why_something_happened_is_also_said_by_what_it_was_done_by():
    asked = "Why might the fire have started?"
    power_line = "Officials are investigating whether it was started by a power line."
    assert questions.fit("cause", power_line, 0.0, asked) == 1.0
    assert questions.fit("cause", "It was reported by a neighbour.", 0.0, asked) == 0.0


def test_who_did_something_is_also_said_in_the_passive_without_a_name():
    called = "Police were called by neighbours after they heard screams."
    assert questions.fit("agent", called, 0.0, "Who called the police?") == 1.0
    raised = "The alarm was raised by neighbours after they heard screams."
    assert questions.fit("agent", raised, 0.0, "Who raised the alarm?") == 1.0
    assert questions.fit("agent", raised, 0.0, "Who found the body?") == 0.0
    assert questions.fit("agent", "He was called by police.", 0.0, "Who called the police?") == 0.0


def test_a_name_after_a_preposition_of_place_is_no_one_and_a_name_saying_something_is():
    moon = "The spacecraft its workers assembled slid safely into orbit around Luna."
    assert questions.slots("agent", moon, "Who founded Skarn Aerospace?") == ()
    speech = "Speaking at a press conference in Kestrin, Varga said the job was not done."
    spans = questions.slots("agent", speech, 'Who warned that "the job is not done"?')
    assert "Varga" in [speech[start:end] for start, end in spans]
    assert "Kestrin" not in [speech[start:end] for start, end in spans]


def test_an_age_or_a_point_in_time_is_no_length_of_time_but_answers_how_long_after() -> None:
    # Only a figure is said, which half fits any question asking for one.
    age = "He was 5 years old at the time."
    assert questions.fit("duration", age, 0.0, "How long did the trial last?") < 1.0
    ago = "He was fired two weeks ago."
    assert questions.fit("duration", ago, 0.0, "How long did he work there?") < 1.0
    later = "Twenty minutes later, embers fell."
    assert questions.fit("duration", later, 0.0, "How long after the glow did embers fall?") == 1.0
    caught = "How long was he on the run before being caught?"
    assert questions.kind(caught) == "duration"
    assert questions.fit("duration", "Fourteen months later, he was arrested.", 0.0, caught) == 1.0
    period = "He was allowed home in the days before the tragedy."
    assert questions.fit("duration", period, 0.0, caught) < 1.0


def test_a_name_three_sentences_back_is_still_in_view(embed):
    # Two sentences of what she said come between the name and the answer: the reader still
    # knows whose father "her father" is.
    body = (
        "A wind change turned the fire back towards the vineyards overnight.\n\n"
        "Hanna Osterberg said her father rang at dawn. "
        "He sounded calm, she said. He had seen fires before. "
        "Her father later drove to the rest centre at Millbrook with his dogs."
    )
    doc = Document.from_text("a", "Outlet", "Fire turns on the vineyards", None, body)
    answer = ask("Where did Osterberg's father drive to with his dogs?", doc, embed=embed)
    assert answer.answerable
    assert "Millbrook" in answer.text


def test_across_a_story_one_met_an_outcome_is_an_outlets_count_of_it(embed):
    # "A firefighter was taken to hospital" is one outlet's count of the firefighters hurt, beside
    # another outlet's two.
    first = (
        "The Redgum Creek fire has burned 2,500 hectares of bush, and two firefighters have "
        "been taken to hospital, one with burns and the other with heat exhaustion."
    )
    second = (
        "Crews worked through the night on the Redgum Creek fire. "
        "A firefighter suffered burns to his hands and was flown to hospital."
    )
    reports = [
        Document.from_text("a", "Coast Courier", "Redgum Creek fire grows", None, first),
        Document.from_text("b", "Valley Post", "Night on the fire line", None, second),
    ]
    question = "How many firefighters have been hurt fighting the Redgum Creek fire?"
    answer = ask(question, reports, embed=embed)
    assert "two firefighters" in answer.text
    assert "A firefighter suffered burns" in answer.text


def test_a_name_in_the_standfirst_is_in_view_of_every_sentence(embed):
    # The reader has the line under the headline in view: "the project" is the Brightway.
    question = "How many people will work on Brightway at the peak of construction?"
    other = Document.from_text(
        "a", "Coast Courier", "Brightway approved", None, "The Brightway was approved today."
    )
    body = (
        "KESTRIN - The government approved a high-speed railway to the west coast.\n\n"
        "About 9,000 people are expected to work on the project at the peak of construction."
    )
    standfirst = "The Brightway railway will link the capital with the port city by 2032."
    headline = "Go-ahead for high-speed rail line"
    bare = Document.from_text("b", "Valley Post", headline, None, body)
    with_standfirst = Document.from_text("b", "Valley Post", headline, None, body, standfirst)
    assert "9,000" not in ask(question, [other, bare], embed=embed).text
    answer = ask(question, [other, with_standfirst], embed=embed)
    assert "9,000 people" in answer.text
    assert standfirst not in answer.text
