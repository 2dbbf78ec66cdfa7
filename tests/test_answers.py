"""Questions through the public API: cited answers, abstention, English, follow-ups, bad input."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import CARIBBEAN, UKRAINE

from assistant import Answer, answer
from assistant.answering.candidates import ScoredSentence
from assistant.answering.figures import counted_things, counts_what_was_asked
from assistant.answering.naming import named_things
from assistant.answering.replies import quoted, shown
from assistant.answering.years import asked_years, dated_as_asked
from assistant.ingest.contacts import block_start
from assistant.retrieval.followups import condense

FUNDING = (
    "Financées par le Bureau de la Population, des réfugiés et de la migration du Département d’État américain, "
    "ainsi que par le ministère néerlandais de la Justice"
)


def test_caribbean_funders_are_cited_with_the_funding_sentence(service, shipped_store):
    a = answer("Qui finance la campagne de sensibilisation dans les Caraïbes ?", store=shipped_store)
    assert isinstance(a, Answer)
    assert not a.abstained
    assert "[1]" in a.text
    assert "Bureau de la Population" in a.text and "ministère néerlandais de la Justice" in a.text
    primary = a.citations[0]
    assert primary.release_id == CARIBBEAN
    assert primary.title == "Sensibilisation à la traite des êtres humains à l’occasion de la coupe du monde de cricket"
    assert primary.quote.startswith(FUNDING)
    # the quote is exactly the release text at the citation's offsets
    assert service.release_text(CARIBBEAN)[primary.start : primary.end] == primary.quote


@pytest.mark.parametrize("question", [
    "Who funds the awareness campaign in the Caribbean?",
    "Who pays for the awareness campaign in the Caribbean?",
    "Qui paie la campagne de sensibilisation dans les Caraïbes ?",
    # the search finds the release, not its funding passage: the answerer reads that passage
    "Who funds the anti-trafficking campaign in the Caribbean?",
    "Who funds the anti-trafficking campaign in Jamaica?",
    "Qui paie la campagne contre la traite en Jamaïque et à la Barbade ?",
    "Quels gouvernements financent les spots radio diffusés en Jamaïque ?",
])
def test_a_funder_asked_in_other_words_is_cited_with_the_funding_sentence(service, question):
    """"Who funds", "who pays", "qui paie": the question asks for a funder, and a sentence of the
    release that speaks of funding answers it, not the campaign's poster or its partners."""
    a = service.ask(question)
    assert not a.abstained and a.citations[0].release_id == CARIBBEAN
    assert a.citations[0].quote.startswith(FUNDING), a.citations[0].quote


def test_a_citation_names_the_retrieved_chunk_its_quote_was_read_from(service):
    question = "Quel numéro gratuit les opérateurs ukrainiens ont-ils lancé ?"
    retrieved = {c.id: c for c in service.retrieve(question)[1]}
    cited = service.ask(question).citations
    assert cited
    for citation in cited:
        chunk = retrieved[citation.chunk_id]  # a chunk id, not a sentence id
        assert chunk.release_id == citation.release_id
        assert chunk.start < citation.end and citation.start < chunk.end  # the quote overlaps it


def test_every_quote_is_a_passage_of_its_release(service):
    for q in ["Combien de victimes ont été soignées en Indonésie ?", "Quel numéro gratuit a été lancé en Ukraine ?",
              "Qui sont les membres fondateurs de Tech Against Trafficking ?"]:
        a = service.ask(q)
        assert a.citations, q
        for c in a.citations:
            assert service.release_text(c.release_id)[c.start : c.end] == c.quote


def test_off_topic_question_abstains(shipped_store):
    a = answer("Quelle est la recette de la ratatouille ?", store=shipped_store)
    assert a.abstained
    assert a.citations == []
    assert "ne répondent pas" in a.text


@pytest.mark.parametrize("question", [
    # no release names Moldova
    "Quel est le numéro de la ligne d'assistance contre la traite en Moldavie ?",
    # only the Caribbean release names Jamaica: Ukraine's 527 is another country's number, and a
    # release that names nothing the question names does not answer it
    "Quel est le numéro de la ligne téléphonique contre la traite en Jamaïque ?",
    "Combien de victimes de la traite l'OIM a-t-elle aidées en Jamaïque ?",
    # no release names Mali: its people, in either language, are a place the releases do not cover
    "How many Malians did IOM help return home in 2018?",
    "Combien de Maliens l'OIM a-t-elle aidés à rentrer chez eux en 2018 ?",
])
def test_question_about_a_country_no_release_holding_the_fact_names_abstains(service, question):
    a = service.ask(question)
    assert a.abstained and not a.citations


@pytest.mark.parametrize("question", [
    "Combien de victimes de la traite ont été soignées aux Philippines ?",
    "Combien de victimes les centres de l'OIM ont-ils soignées au Cambodge ?",
    "How many victims did IOM's centres treat in Thailand?",
])
def test_a_count_for_a_country_the_release_names_is_not_another_countrys_figure(service, question):
    """The ASEAN report names Cambodia, the Philippines and Thailand, but its one count of victims
    treated is Indonesia's ("… en Indonésie ont soigné 1650 victimes"): a figure whose lines name
    only other countries than the one asked does not count for it, and no other sentence does."""
    a = service.ask(question)
    assert a.abstained and not a.citations, [c.quote for c in a.citations]


INDONESIAN_COUNT = [("Combien de victimes les centres de l'OIM ont-ils soignées en Indonésie ?", "")]


@pytest.mark.parametrize("question, history", [
    ("Et aux Philippines ?", INDONESIAN_COUNT),
    ("Et en Thaïlande ?", INDONESIAN_COUNT),
    ("Combien d'entre elles venaient des Philippines ?", INDONESIAN_COUNT),
    ("And in Thailand?", [("How many victims did IOM centres treat in Indonesia?", "")]),
])
def test_a_follow_up_count_for_another_country_is_not_the_first_ones_figure(service, question, history):
    """After Indonesia's count of victims treated, "Et aux Philippines ?" names no thing counted of
    its own, yet asks a count for a country: the figure counted for Indonesia does not answer it
    (the release names the Philippines and Thailand, and gives neither a count of victims)."""
    a = service.ask(question, history)
    assert a.abstained and not a.citations, [c.quote for c in a.citations]


def test_a_follow_up_count_for_the_country_of_the_figure_is_answered(service):
    a = service.ask("Et en Indonésie ?", [("Combien de victimes ont reçu une aide directe en Ukraine ?", "")])
    assert not a.abstained and a.citations[0].release_id == "001_4f2cdcae036ebb31" and "1650" in a.citations[0].quote


def test_a_release_naming_a_country_asked_still_answers_for_it(service):
    a = service.ask("Combien de victimes ont été soignées en Indonésie, et combien ont reçu une aide directe en Ukraine ?")
    assert a.citations and a.citations[0].release_id == "001_4f2cdcae036ebb31"
    assert "1650" in a.text
    a = service.ask("Quel numéro gratuit les opérateurs ukrainiens ont-ils lancé ?")
    assert a.citations[0].release_id == UKRAINE and "527" in a.text


def test_english_question_over_french_releases(service):
    a = service.ask("Which three Ukrainian mobile operators launched the free anti-trafficking hotline?")
    assert not a.abstained
    assert a.language == "en"
    assert a.citations[0].release_id == UKRAINE
    assert "Astelit" in a.text and "KyivStar" in a.text
    assert a.text.startswith("According to")


@pytest.mark.parametrize("question, release, name", [
    # "expert" and "Cambodia" are in the release as "expert" and "Cambodge"
    ("Which IOM expert talks about scattered trafficking data in Cambodia?", "001_4f2cdcae036ebb31", "McGeoghan"),
])
def test_an_english_question_finds_the_sentence_holding_its_french_cognates(service, question, release, name):
    a = service.ask(question)
    assert a.citations and a.citations[0].release_id == release
    assert name in a.citations[0].quote


def test_cognates_join_an_english_question_term_to_the_french_sentences_that_hold_it():
    from assistant.answering.candidates import with_cognates
    from assistant.text.terms import cognate, content_terms

    asked = {t: 1.0 for t in content_terms("Which IOM expert talks about trafficking data in Cambodia?")}
    sentences = {("r", 0): set(content_terms("« Au Cambodge, un grand nombre de données sont dispersées », dit l'expert")),
                 ("r", 1): set(content_terms("Le Viet Nam a identifié 1 205 victimes."))}
    joined = with_cognates(sentences, asked)
    cambodia = content_terms("Cambodia")[0]
    assert cambodia in joined[("r", 0)] and cambodia not in joined[("r", 1)]
    assert joined[("r", 1)] == sentences[("r", 1)]
    assert cognate("victims", "victimes") and cognate("agencies", "agences")
    # short words and words of another length are no cognates: "data"/"date", "official"/"officiellement"
    assert not cognate("data", "date") and not cognate("official", "officiellement")


def test_english_off_topic_question_abstains_in_english(service):
    a = service.ask("Who won the 2018 FIFA World Cup final?")
    assert a.abstained
    assert a.text.startswith("The press releases do not answer")


def test_follow_up_uses_the_conversation(service):
    first = "Et en Ukraine, qui a lancé un numéro gratuit ?"
    a1 = service.ask(first, history=[("Qui finance la campagne de sensibilisation dans les Caraïbes ?", "…")])
    assert a1.citations[0].release_id == UKRAINE
    a2 = service.ask("Quel est ce numéro ?", history=[(first, a1.text)])
    assert a2.citations and a2.citations[0].release_id == UKRAINE
    assert "527" in a2.text


def test_an_elliptical_follow_up_asks_what_the_question_before_asked_about_what_it_names(service):
    """"Et d'Ukrainiens ?" after a count of Indonesian women: a count (no interrogative of its
    own), of Ukrainians: the release about Indonesia, which the condensed query also finds, is
    about something else."""
    first = "Combien d'Indonésiennes travailleraient à l'étranger ?"
    a1 = service.ask(first)
    assert "1,4 à 2,1 millions" in a1.citations[0].quote
    for follow_up in ("Et d'Ukrainiens ?", "And Ukrainians?"):
        a2 = service.ask(follow_up, history=[(first, a1.text)])
        assert not a2.abstained and a2.citations[0].release_id == UKRAINE, follow_up
        assert "2 à 7 millions" in a2.citations[0].quote
        query, chunks = service.retrieve(follow_up, history=[(first, a1.text)])
        scored = service.answerer.score_sentences(query, service.store.embedder.query_vector(query), chunks,
                                                  current=follow_up)
        assert scored and {s.kind for s in scored} == {"how_many"}
    # a follow-up with an interrogative of its own asks what it asks
    from assistant.answering.slots import kind_asked_in

    assert kind_asked_in("Et qui la finance ?", first) == "Et qui la finance ?"
    assert kind_asked_in("Et en 2024 ?", first) == first


def test_condense_joins_only_questions_that_lean_on_the_previous_one():
    history = [("Et en Ukraine, qui a lancé un numéro gratuit ?", "…")]
    assert condense("Quel est ce numéro ?", history) == "Et en Ukraine, qui a lancé un numéro gratuit ? Quel est ce numéro ?"
    standalone = "Combien de victimes ont été soignées dans les hôpitaux de la police en Indonésie ?"
    assert condense(standalone, history) == standalone
    assert condense("Quel est ce numéro ?", None) == "Quel est ce numéro ?"


@pytest.mark.parametrize("question", [
    "Combien de victimes ont été aidées là-bas ?",
    "Combien de victimes y ont été aidées ?",
    "How many victims has IOM helped there?",
])
def test_a_follow_up_that_points_to_the_place_before_leans_on_it(question):
    history = [("Quel numéro gratuit contre la traite a été lancé en Ukraine ?", "…")]
    assert "Ukraine" in condense(question, history)


@pytest.mark.parametrize("question, leans", [
    # an object or indirect object pronoun stands for what the question before named
    ("Quelle entreprise l'a développée avec l'OIM ?", True),
    ("Et en général, qui leur fait ces propositions ?", True),
    ("Quelle aide l'OIM lui apporte-t-elle ?", True),
    # an elided article is none: this question names its own subject
    ("Quel est l'avis de l'organisation internationale sur les applications de recrutement ?", False),
])
def test_a_follow_up_whose_pronoun_stands_for_the_thing_before_leans_on_it(question, leans):
    history = [("Quelle application a été lancée à Nairobi contre les arnaques au recrutement ?", "…")]
    assert ("Nairobi" in condense(question, history)) is leans


def test_a_follow_up_of_a_follow_up_reads_the_chain_back_to_the_question_it_leans_on():
    history = [("Quel numéro gratuit contre la traite a été lancé en Ukraine ?", "…"), ("Par qui ?", "…")]
    query = condense("Combien de victimes l'OIM a-t-elle aidées là-bas ?", history)
    assert "Ukraine" in query and "Par qui" in query
    # a question that stands alone ends the chain
    history = [("Quel numéro gratuit a été lancé en Ukraine ?", "…"),
               ("Qui finance la campagne de sensibilisation dans les Caraïbes ?", "…")]
    assert "Ukraine" not in condense("Et qui la coordonne ?", history)


def test_a_chain_of_follow_ups_is_answered_about_the_place_of_its_first_question(service):
    """"Par qui ?" carries no place; the question after it, "… là-bas ?", meant Ukraine, and was
    answered from the Indonesian release."""
    turns = ["Quel numéro gratuit a été lancé en Ukraine ?", "Par qui ?"]
    history = []
    for question in turns:
        history.append((question, service.ask(question, history=list(history)).text))
    a = service.ask("Combien de victimes l'OIM a-t-elle aidées là-bas ?", history=history)
    assert not a.abstained and a.citations[0].release_id == UKRAINE
    assert "3500 victimes" in a.citations[0].quote


def test_a_follow_up_about_another_place_or_year_replaces_the_previous_one_in_the_query():
    """"Et pour l'Indonésie ?" after a question on the Caribbean asks the same of Indonesia: with
    "Caraïbes" still in the query, the search found the Caribbean release again and the answerer
    refused (Indonesia was a place no retrieved release named)."""
    funders = [("Qui finance la campagne de sensibilisation dans les Caraïbes ?", "…")]
    query = condense("Et pour l'Indonésie ?", funders)
    assert "Caraïbes" not in query and "Indonésie" in query and "finance la campagne" in query
    # another spelling of a place, a region, a people's word: a place all the same
    assert "Caraïbes" not in condense("And in Indonesia?", funders)
    assert "Indonésie" not in condense("Et d'Ukrainiens ?", [("Combien d'Indonésiennes sont soignées en Indonésie ?", "…")])
    # a year replaces a year, and leaves the place
    query = condense("Et en 2024 ?", [("Combien de victimes ont été soignées en Indonésie en 2006 ?", "…")])
    assert "2006" not in query and "Indonésie" in query
    # a follow-up naming no place keeps the previous one's
    assert "Caraïbes" in condense("Et qui la coordonne ?", funders)


def test_a_follow_up_about_another_place_asks_what_the_question_before_asked(service):
    """The elliptical "Et pour l'Indonésie ?" after "Qui finance …" asks for a funder too: the
    Indonesian report's funding sentence, not a refusal."""
    first = "Qui finance la campagne de sensibilisation dans les Caraïbes ?"
    a = service.ask("Et pour l'Indonésie ?", history=[(first, service.ask(first).text)])
    assert a.citations and a.citations[0].release_id == "001_4f2cdcae036ebb31"
    assert "financé par le gouvernement américain" in a.citations[0].quote


@pytest.mark.parametrize("bad", ["", "   ", "\n\t"])
def test_empty_question_is_refused(service, bad):
    with pytest.raises(ValueError, match="empty"):
        service.ask(bad)


def test_overlong_question_is_refused_quickly(service):
    with pytest.raises(ValueError, match="limit is 2000"):
        service.ask("traite " * 5000)


# ---------------------------------------------------------------------- the answer slot
# The quoted sentence must fill what the question asks with something the question does not
# already give; an on-topic sentence that does not is no answer, and the answerer abstains.


def test_count_question_needs_a_figure_counting_what_was_asked(service):
    # the release quotes the 527 line and "tous les appels", but its only other figure counts
    # companies ("Ces trois compagnies"): the number of calls is not given
    a = service.ask("Combien d'appels le numéro 527 a-t-il reçus depuis son lancement ?")
    assert a.abstained and not a.citations
    # a figure standing next to what is counted still answers, in French and (where the release
    # does not share the English word, "people") in English
    a = service.ask("Combien de victimes ont été soignées en Indonésie ?")
    assert not a.abstained and "1650 victimes" in a.citations[0].quote
    a = service.ask("How many people live in modern slavery worldwide?")
    assert not a.abstained and "40 millions de personnes" in a.citations[0].quote


def test_count_question_for_a_year_needs_a_figure_of_that_year(service):
    # Ukrainian figures exist for "depuis 1991" and "ces dernières années", none for 2007
    a = service.ask("Combien d'Ukrainiens ont été victimes de la traite en 2007 ?")
    assert a.abstained and not a.citations
    a = service.ask("Combien d'Ukrainiens l'OIM estime-t-elle avoir été victimes de la traite depuis 1991 ?")
    assert not a.abstained and "100000" in a.citations[0].quote
    a = service.ask("Combien de victimes ont été soignées en Indonésie en 2006 ?")
    assert not a.abstained and "1650" in a.citations[0].quote


def test_naming_question_needs_a_name_beside_whom_it_names(service):
    # "Les auteurs de ce rapport recommandent …": the release mentions the authors, names none
    a = service.ask("Comment s'appellent les auteurs du rapport sur la traite en Asie du Sud-Est ?")
    assert a.abstained and not a.citations
    a = service.ask("Comment s'appelle le chef de mission de l'OIM en Ukraine ?")
    assert not a.abstained and "Jeffrey Labovitz" in a.citations[0].quote
    # "la personne à contacter" names no role: any name answers
    a = service.ask("Quel est le nom de la personne à contacter au siège de l'OIM ?")
    assert not a.abstained and "Mathieu Luciano" in a.citations[0].quote


def test_what_the_slot_checks_read_from_a_question():
    assert counted_things("Combien d'appels le numéro 527 a-t-il reçus ?") == ["appels"]
    assert counted_things("Combien d'hommes, de femmes et d'enfants ?") == ["hommes", "femmes", "enfants"]
    assert counted_things("Combien d'Indonésiennes et combien d'Ukrainiens ?") == ["Indonésiennes", "Ukrainiens"]
    # English puts the noun last: the words before it say which or whose, and are not counted
    assert counted_things("How many trafficking victims did IOM assist?") == ["victims"]
    assert counted_things("How many Jordanian labour inspectors were trained?") == ["inspectors"]
    assert counted_things("Combien de personnes ?") == []  # anyone: "hommes, femmes et enfants" answers
    # past a determiner to the noun; "d'entre elles" counts what an earlier question named
    assert counted_things("Combien de ces femmes sont rentrées ?") == ["femmes"]
    assert counted_things("Combien d'autres victimes ont été aidées ?") == ["victimes"]
    assert counted_things("Combien de leurs enfants ont été scolarisés ?") == ["enfants"]
    assert counted_things("Et combien d'entre elles avaient été victimes de traite ?") == []
    # a part of a whole: what it was ("combien étaient mineures", "combien d'entre eux étaient des femmes")
    assert counted_things("Parmi les 327 victimes présumées, combien étaient des enfants ?") == ["enfants"]
    assert counted_things("Combien d'entre eux étaient des femmes ?") == ["femmes"]
    assert counted_things("Parmi les bénéficiaires, combien étaient rentrées du Liban ?") == ["rentrées"]
    assert counted_things("How many of them were children?") == ["children"]
    assert counted_things("And how many were women?") == ["women"]
    # cases of a thing are counted by the thing too ("3 118 victimes" answers "combien de cas de victimes")
    assert counted_things("Sur combien de cas de victimes repose l'étude ?") == ["cas", "victimes"]
    assert counts_what_was_asked(counted_things("Sur combien de cas de victimes repose l'étude ?"),
                                 "Fondé sur les dossiers de 3 118 victimes érythréennes, le rapport …", set())
    split = "Les 327 victimes présumées se répartissent entre 174 femmes, 96 hommes et 57 enfants."
    assert counts_what_was_asked(["enfants"], split, set())
    assert not counts_what_was_asked(["enfants"], "Au total, 327 victimes présumées ont été identifiées.", set())
    assert asked_years("au cours de l'année 2006 ?") == ["2006"]
    assert asked_years("depuis le milieu des années 1990 ?") == asked_years("since the 1990s?") == []
    assert named_things("What is the name of IOM's chief of mission in Ukraine?") == ["chief"]
    assert counts_what_was_asked(["appels"], "Le nombre d'appels a atteint 300.", set())
    assert not counts_what_was_asked(["appels"], "Le 527 transfère tous les appels.", {"527"})
    assert counts_what_was_asked(["années"], "une stratégie sur trois ans.", set())
    # the count asked as the sentence's subject gives its value however far the figure is; a year is no value
    assert counts_what_was_asked(["enfants"], "Le nombre d'enfants retirés des embarcations par les services "
                                              "sociaux de la Volta est passé de 146 en 2019 à 311 en 2022.", set())
    assert not counts_what_was_asked(["appels"], "Le nombre d'appels a augmenté depuis 2019.", set())
    # a currency's name counts nobody: shillings are Kenyan, the people counted are not
    assert not counts_what_was_asked(["Kényans"], "Les victimes avaient versé en moyenne 180 000 shillings kényans, "
                                                  "soit environ 1 390 dollars.", set())
    assert counts_what_was_asked(["Kényans"], "L'OIM a aidé 47 jeunes Kényans à rentrer.", set())
    # a purpose clause after a figure is no longer what it counts; a share asked is
    assert not counts_what_was_asked(["enfants"], "Le 1098 est joignable 24 heures sur 24 pour signaler un enfant.", set())
    assert counts_what_was_asked(["enfants"], "Parmi eux, 38 pour cent d'enfants.", set(), "Quelle part d'enfants ?")
    # a compound's parts: a release may count "pêcheurs" where the question counts "marins-pêcheurs"
    assert counted_things("Combien de marins-pêcheurs ont été interrogés ?") == ["marins", "pêcheurs"]
    # a sentence whose subject stands for what the sentence before it counts
    police = "Selon la police, 64 victimes présumées ont été interceptées à l'aéroport en 2021. "
    assert counts_what_was_asked(["victimes"], "En 2020, elles étaient 38.", set(), "", police)
    assert counts_what_was_asked(["victimes"], "Ce nombre était de 38 en 2020.", set(), "", police)
    assert not counts_what_was_asked(["appels"], "En 2020, elles étaient 38.", set(), "", police)


def test_the_sentence_that_goes_on_with_the_quote_is_quoted_with_it(service):
    """The question's words set the topic in one sentence and the next holds the answer: "Outre
    … l'OIM apporte une aide directe aux victimes … Cette aide inclut des soins médicaux …". The
    two are one passage of the release, its offsets those of both."""
    for question, start, holds in (
        ("Quelle aide concrète les victimes ukrainiennes reçoivent-elles de l'OIM ?", "Outre", "soins médicaux"),
        ("Vers quoi l'affiche de l'OIM dans les magazines de bord renvoie-t-elle ?", "Du mois de mai",
         "site de l’OIM Washington"),
    ):
        a = service.ask(question)
        assert not a.abstained, question
        c = a.citations[0]
        assert c.quote.startswith(start) and holds in c.quote, c.quote
        assert c.quote == service.release_text(c.release_id)[c.start : c.end]


def test_a_question_asking_for_several_places_quotes_the_sentence_that_lists_them():
    """"Dans quelles localités …": the lede, ranked first, names one of the places; the sentence
    of its release that lists them, among those nearest the question, is quoted with it. Not a
    list of payers, nor of countries for towns asked, nor one far from the question, nor for a
    single place asked."""
    from assistant.answering.quotes import LIST_NEAREST, with_list_of_places

    texts = [
        "Abéché, le 9 septembre 2024 – L'OIM a inauguré à Adré le dernier des six espaces sûrs ouverts dans l'est du Tchad.",
        "Ces lieux d'accueil offrent une écoute confidentielle et une orientation vers les services de santé.",
        "Les six espaces sûrs se trouvent à Adré, Farchana, Arkoum, Aboutengué et Goz Amer.",
        "Le projet est financé par ECHO, le CERF, Irish Aid et la Direction suisse du développement.",
        "Les familles arrivent du Soudan, de Libye, du Niger et du Cameroun.",
    ]

    def sentence(i: int, dense: float, score: float) -> ScoredSentence:
        return ScoredSentence(text=texts[i], id=f"r:s{i}", release_id="r", index=i, title="", start=0, end=1,
                              dense=dense, lexical=0.0, type_match=1.0, chunk_rank=0, score=score, kind="where")

    lede, shelter, listing, payers, origins = (sentence(0, 0.90, 0.64), sentence(1, 0.86, 0.41),
                                               sentence(2, 0.85, 0.13), sentence(3, 0.80, 0.05),
                                               sentence(4, 0.84, 0.04))
    scored = [lede, shelter, listing, payers, origins]
    asked = "Dans quelles localités de l'Est tchadien l'OIM a-t-elle installé ses espaces sûrs ?"
    assert with_list_of_places([lede], scored, asked) == [lede, listing]
    assert with_list_of_places([lede, shelter], scored, asked) == [lede, shelter, listing]
    # the list far from the question (not among the sentences of its release nearest it)
    far = [dataclasses.replace(s, dense=0.95) for s in (shelter, payers, origins)] + [
        dataclasses.replace(sentence(1, 0.95, 0.0), index=5, id="r:s5")]
    assert LIST_NEAREST <= len(far)
    assert with_list_of_places([lede], [lede, listing, *far], asked) == [lede]
    # a list of payers, or countries for towns asked, is no list of places asked
    assert with_list_of_places([lede], [lede, shelter, payers, origins], asked) == [lede]
    assert with_list_of_places([lede], [lede, shelter, payers, origins],
                               "Dans quels pays les familles sont-elles nées ?") == [lede, origins]
    # one place asked; names asked that are no places
    assert with_list_of_places([lede], scored, "Dans quelle localité l'OIM a-t-elle ouvert son dernier espace sûr ?") == [lede]
    assert with_list_of_places([dataclasses.replace(lede, kind="who")], scored,
                               "Quelles organisations gèrent les espaces sûrs ?")[1:] == []


def test_a_funder_asked_is_answered_by_a_sentence_that_speaks_of_funding():
    """"Quels gouvernements financent l'étude sur la Mongolie ?": a school programme's sentence
    ranked first (its release speaks of funding elsewhere) gives way to another release's funding
    sentence scoring at least half as well; a same-release funding sentence leads whatever its score."""
    from assistant.answering.candidates import FUNDS_RATIO, funding_sentence

    def sentence(release_id: str, index: int, score: float, funds: bool) -> ScoredSentence:
        return ScoredSentence(text=f"{release_id} {index}", id=f"{release_id}:s{index}", release_id=release_id,
                              index=index, title="", start=0, end=1, dense=0.8, lexical=0.0, type_match=1.0,
                              chunk_rank=0, score=score, funds=funds)

    school = sentence("school", 3, 0.11, funds=False)
    study = sentence("study", 7, 0.076, funds=True)
    assert funding_sentence(school, [school, study]) is study
    weak = dataclasses.replace(study, score=FUNDS_RATIO * school.score * 0.9)
    assert funding_sentence(school, [school, weak]) is school  # too far below: the ranker's choice stands
    own = sentence("school", 9, 0.01, funds=True)
    assert funding_sentence(school, [school, weak, own]) is own  # its own release's, however low
    assert funding_sentence(study, [school, study]) is study  # it speaks of funding already
    ineligible = dataclasses.replace(study, fits=False)
    assert not ineligible.eligible and funding_sentence(school, [school, ineligible]) is school


def test_only_a_sentence_that_continues_the_quote_joins_it():
    from assistant.answering.candidates import continuation, joined

    text = ("L'OIM apporte une aide directe aux victimes. Cette aide inclut des soins médicaux. "
            "Le numéro 527 est gratuit. Elle rappelle aussi les voies légales.")
    spans = [(0, 44), (45, 82), (83, 109), (110, 148)]

    def sentence(i: int, release_id: str = "r") -> ScoredSentence:
        start, end = spans[i]
        return ScoredSentence(text=text[start:end], id=f"{release_id}:s{i}", release_id=release_id, index=i,
                              title="", start=start, end=end, dense=0.8, lexical=0.0, type_match=0.5, chunk_rank=0)

    first, aid, hotline, recall = (sentence(i) for i in range(4))
    assert aid.text.startswith("Cette aide") and recall.text.startswith("Elle")
    assert continuation(first, [first, aid, hotline, recall]) is aid  # "Cette aide …" goes on with it
    assert continuation(aid, [first, aid, hotline, recall]) is None  # "Le numéro …" starts something else
    assert continuation(first, [first, hotline]) is None  # the next sentence is no candidate
    assert continuation(first, [first, sentence(1, "other")]) is None  # another release's
    # "en effet" anywhere explains the sentence before it
    explains = dataclasses.replace(hotline, index=1, text="Les consulats peuvent en effet aider les victimes.")
    assert continuation(first, [first, explains]) is explains
    # a possessive goes back to what the sentence before named ("… une nouvelle aile. Sa capacité …")
    capacity = dataclasses.replace(hotline, index=1, text="Sa capacité passe de 40 à 65 lits.")
    assert continuation(first, [first, capacity]) is capacity
    # a quote holding the name or figure asked needs no sentence after it that holds none
    # ("… explique John McGeoghan, expert de l'OIM. Ce rapport est disponible sur …")
    named = dataclasses.replace(first, kind="who", type_match=1.0)
    report = dataclasses.replace(aid, kind="who", type_match=0.0, text="Ce rapport est disponible en ligne.")
    assert continuation(named, [named, report]) is None
    assert continuation(named, [named, dataclasses.replace(report, type_match=1.0)]) is not None  # it holds one too
    assert continuation(dataclasses.replace(named, type_match=0.0), [named, report]) is not None  # the quote holds none
    # a person asked: a sentence with a capitalised word but no person holds none ("le site Internet")
    site = dataclasses.replace(report, type_match=1.0, text="Ce rapport est disponible sur le site Internet www.iom.int")
    assert continuation(named, [named, site], person=True) is None
    assert continuation(named, [named, site]) is site  # (a name of any kind asked: it may be one)
    told = dataclasses.replace(site, text="Elle a rappelé le rôle de M. Labovitz, chef de mission.")
    assert continuation(named, [named, told], person=True) is told
    # what and why are told in words: the next sentence may go on telling it
    assert continuation(dataclasses.replace(named, kind="what"), [named, report]) is not None
    passage, = joined([first, aid], {"r": text})
    assert passage.text == text[0:82] and (passage.start, passage.end) == (0, 82)
    # sentences apart, or of two releases, stay apart
    assert [s.text for s in joined([first, hotline], {"r": text})] == [first.text, hotline.text]
    assert len(joined([first, sentence(1, "other")], {"r": text, "other": text})) == 2


def test_a_count_of_a_people_is_checked_in_either_language():
    """"Malians" counts the release's "Maliens": a figure of something else (beds) does not
    answer it. A people's word before the noun says whose ("Moroccan women" counts women)."""
    assert counted_things("How many Malians did IOM help return home?") == ["Malians"]
    assert counted_things("How many Moroccan women have gone through the training?") == ["women"]
    assert counted_things("How many Ukrainian victims did IOM assist?") == ["victims"]
    assert counts_what_was_asked(["Malians"], "En 2023, 917 Maliens sont rentrés.", set())
    assert counts_what_was_asked(["Filipinos"], "Quelque 2 300 Philippins ont été rapatriés.", set())
    assert counts_what_was_asked(["Dutch"], "Trois entreprises néerlandaises ont signé.", set())
    assert not counts_what_was_asked(["Malians"], "D'une capacité de 120 lits, le centre héberge les rapatriés.", set())
    # a country's own name is not its people: victims in Mali are not Malians
    assert not counts_what_was_asked(["Malians"], "Le centre a accueilli 300 personnes au Mali.", set())


def test_a_figure_counted_by_the_pronoun_en_counts_what_the_sentence_before_counts():
    """"Le Guatemala en a recensé 512": "en" stands for what the sentence before counted."""
    before = "Le nombre d'enfants identifiés comme victimes de la traite a doublé en quatre ans. "
    sentence = "Le Guatemala en a recensé 512 en 2023, contre 231 en 2020 ; le Honduras 371, contre 158."
    assert counts_what_was_asked(["enfants", "victimes"], sentence, set(), "", before)
    assert not counts_what_was_asked(["enfants"], sentence, set())  # read alone, it counts nothing named
    assert not counts_what_was_asked(["appels"], sentence, set(), "", before)  # the sentence before counts children
    # "en" as a preposition ("en 2023", "en Jamaïque") stands for nothing
    assert not counts_what_was_asked(["enfants"], "Le Guatemala a lancé 12 campagnes en 2023.", set(), "", before)


def test_a_year_a_period_starts_from_does_not_date_that_years_figure():
    """"Depuis son ouverture en 2020, le centre a hébergé 274 enfants" is a total since 2020, not
    the figure of 2020; it answers a question asking since when."""
    opened = "Depuis son ouverture en 2020, le centre d'accueil a hébergé 274 enfants."
    assert not dated_as_asked(["2020"], opened, "")
    assert dated_as_asked(["2020"], opened, "", "Combien d'enfants le centre a-t-il hébergés depuis 2020 ?")
    assert not dated_as_asked(["2019"], "Since 2019, IOM has helped 4,000 Malians home.", "")
    assert not dated_as_asked(["2021"], "À partir de 2021, 300 victimes ont été aidées.", "")
    # the year of the figure itself, beside a period's start, still dates it
    assert dated_as_asked(["2023"], "Depuis 2019, 4 000 Maliens sont rentrés, dont 917 en 2023.", "")
    assert dated_as_asked(["2020"], "Le nombre des victimes identifiées en 2020 est de 300.", "")
    # a sentence that dates nothing itself is dated by the lines before it, as before
    assert dated_as_asked(["2022"], "Le centre a hébergé 274 enfants.", "Rapport annuel 2022.")
    assert not dated_as_asked(["2023"], "Le centre a hébergé 274 enfants.", "Rapport annuel 2022.")


def test_a_year_the_figure_is_compared_with_dates_the_other_figure():
    """"Les enfants représentent 23 pour cent des victimes, contre 26 pour cent en 2023": 2023 is
    the year of the 26 per cent; the 23 per cent is dated as a sentence naming no year is, by the
    lines before it (here 2024), and the sentence answers for either year."""
    children = "Les enfants représentent 23 pour cent des victimes, contre 26 pour cent en 2023."
    before = "Les femmes et les filles représentent 58 pour cent des victimes assistées en 2024."
    assert dated_as_asked(["2024"], children, before)
    assert dated_as_asked(["2023"], children, before)
    assert not dated_as_asked(["2022"], children, before)
    assert dated_as_asked(["2024"], "Calls rose to 310, up from 240 in 2023.", "")  # dated by its release
    # the other figure's clause may say where it comes from before its year
    survey = ("Au total, 78 pour cent des personnes interrogées ont déclaré que leur passeport avait été "
              "confisqué, contre 71 pour cent lors d'une première enquête de l'OIM menée en 2019.")
    assert dated_as_asked(["2022"], survey, "L'enquête a été menée entre août 2021 et mars 2022.")
    assert not dated_as_asked(["2020"], survey, "L'enquête a été menée entre août 2021 et mars 2022.")
    # a year of its own beside the compared one still dates the sentence
    assert not dated_as_asked(["2024"], "En 2022, 14 560 appels, contre 11 230 en 2021.", "")
    # "the year before" dates the compared figure, with either apostrophe
    assert dated_as_asked(["2022"], "En 2023, 14 560 appels, contre 11 230 l’année précédente.", "")
    assert dated_as_asked(["2022"], "En 2023, 14 560 appels, contre 11 230 l'année précédente.", "")
    # and when they date nothing either, by its release, whose years are checked apart ("Les 327
    # victimes présumées se répartissent entre …" in a release on 2024's figures)
    assert dated_as_asked(["2024"], "Les 327 victimes se répartissent entre 174 femmes et 57 enfants.", "Au total, ")


def test_a_count_of_these_things_reads_past_the_determiner(service):
    # "combien de ces victimes" counts victims: read as counting "ces", no figure could answer it
    a = service.ask("Combien de ces victimes l'OIM a-t-elle aidées directement en Ukraine ces cinq dernières années ?")
    assert not a.abstained
    assert a.citations[0].release_id == UKRAINE and "3500 victimes" in a.citations[0].quote


def _scored(service, question):
    query, chunks = service.retrieve(question)
    return service.answerer.score_sentences(query, service.store.embedder.query_vector(query), chunks)


def test_a_press_contact_line_answers_only_a_question_after_a_contact(service):
    # the contact block names offices and cities too ("le bureau de l'OIM à Washington"): for a
    # question about the office's work, the body's sentence is quoted, not the contact line
    question = "Quel rôle a joué le bureau de l'OIM à Washington ?"
    a = service.ask(question)
    c = a.citations[0]
    assert c.start < block_start(service.release_text(c.release_id))
    assert "Washington" in c.quote and c.quote != "le bureau de l’OIM à Washington"
    flagged = [s for s in _scored(service, question) if s.contact]
    assert flagged and all(s.start >= block_start(service.release_text(s.release_id)) for s in flagged)
    # asked for a press contact, the block's lines are candidates like the body's
    assert not any(s.contact for s in _scored(service, "Quelle est l'adresse e-mail du bureau de presse de l'OIM à Kiev ?"))


@pytest.mark.parametrize("question", [
    "Quelle agence de presse a participé à la libération de 2000 personnes ?",
    "Quelle agence de presse a participé à la libération de 2 000 personnes ?",
    "Which news agency helped free 2,000 people?",
    "Which news agency helped free 2000 people?",
])
def test_a_number_written_otherwise_than_the_release_writes_it_finds_its_sentence(shipped_store, question):
    # the release writes "2 000": "2000" is that number (not a year no release names, which
    # refused the question), and "2 000" is not the number "000"
    a = answer(question, store=shipped_store)
    assert not a.abstained
    assert a.citations[0].release_id == "000_28533a0da6088d55"
    assert "Associated Press" in a.citations[0].quote and "2 000 personnes" in a.citations[0].quote


def test_a_question_about_an_acronym_is_not_answered_from_a_release_that_only_has_a_word_like_it(shipped_store):
    # only the tech coalition's release names RESPECT; the Ukrainian release's "respectés" made
    # it a release that mentions it, and its figures answered
    a = answer("How many victims did the RESPECT initiative identify?", store=shipped_store)
    assert all(c.release_id == "000_28533a0da6088d55" for c in a.citations)


def test_a_follow_up_s_own_words_weigh_more_than_those_it_carries(service):
    """"Qui en sont les membres fondateurs ?" carries "Tech Against Trafficking" from the question
    before; its own words say what is asked. Weighed alike, the carried name chose a sentence
    about the coalition that names no member."""
    first = "Qu'est-ce que Tech Against Trafficking ?"
    a = service.ask("Qui en sont les membres fondateurs ?", history=[(first, service.ask(first).text)])
    assert not a.abstained
    assert a.citations[0].quote.startswith("Les membres fondateurs British Telecom (BT), Micorsoft et Nokia")


def test_a_date_typed_in_digits_finds_the_sentence_that_writes_it_in_words(shipped_store):
    a = answer("Who will meet in Washington on 19/04?", store=shipped_store)
    assert not a.abstained
    assert a.citations[0].release_id == CARIBBEAN and a.citations[0].quote.startswith("Le 19 avril")


ASEAN_REPORT = "001_4f2cdcae036ebb31"


@pytest.mark.parametrize("question, release, holds", [
    # the body's lede scored above the block's lines: five sentences of the report were quoted
    ("Qui faut-il contacter à l'OIM pour obtenir plus d'informations sur l'étude de l'ASEAN, et dans quel bureau ?",
     ASEAN_REPORT, ("Lance Bonneau", "OIM Bangkok", "+66 2 343 9300", "lbonneau@iom.int")),
    # the body's free hotline ("le 527") was quoted for the press office's number
    ("Quel numéro de téléphone faut-il composer pour joindre le service de presse de l'OIM en Ukraine ?",
     UKRAINE, ("Kiev", "380 44-568 50 15", "pr@iom.kiev.ua")),
    # two people in one block: both, each with the phone and e-mail that follow the name
    ("Who are the press contacts listed for the Caribbean anti-trafficking campaign?",
     CARIBBEAN, ("Chissey Mueller", "Niurka Piñeiro", "cmueller@iom.int", "npineiro@iom.int")),
    # a contact's phone or address asked by the contact's name: the name's line alone was quoted
    ("Quel est le téléphone de Niurka Piñeiro ?", CARIBBEAN, ("Niurka Piñeiro", "+1 202 862 1826 x 225")),
    ("Quelle est l'adresse électronique de Lance Bonneau ?", ASEAN_REPORT, ("Lance Bonneau", "lbonneau@iom.int")),
    # a contact asked whose block shares no word with the question, so that the confidence read
    # from its lines is low: the release of the question's topic, if the model trusts it (refused)
    ("Qui est le porte-parole de l'OIM pour la campagne dans les Caraïbes ?", CARIBBEAN, ("Chissey Mueller",)),
    ("À qui les journalistes doivent-ils s'adresser au sujet de l'accord avec les opérateurs ukrainiens ?",
     UKRAINE, ("Kiev", "pr@iom.kiev.ua")),
])
def test_a_press_contact_asked_is_answered_by_the_release_s_whole_contact_block(service, question, release, holds):
    a = service.ask(question)
    assert not a.abstained and len(a.citations) == 1, [c.quote for c in a.citations]
    c = a.citations[0]
    text = service.release_text(release)
    assert c.release_id == release and c.start == block_start(text) and text[c.start : c.end] == c.quote
    assert all(h in c.quote for h in holds), c.quote
    # in the answer's text, each line of the block stays apart from the next
    lines = [" ".join(line.split()) for line in c.quote.splitlines() if line.strip()]
    assert len(lines) >= 4 and " / ".join(lines) in a.text, a.text


@pytest.mark.parametrize("earlier, question", [
    ("Qui contacter à l'OIM pour la campagne dans les Caraïbes ?", "Et quel est son numéro de téléphone ?"),
    ("Who should journalists contact about the Caribbean campaign?", "And what's her phone number?"),
])
def test_a_phone_asked_after_a_contact_is_the_contacts(service, earlier, question):
    # the follow-up names no contact: the question before it did (its phone was refused, or a
    # poster's line about phone services was quoted)
    a = service.ask(question, history=[(earlier, "Chissey Mueller, Niurka Piñeiro")])
    assert not a.abstained and a.citations[0].release_id == CARIBBEAN
    assert "+1 202 862 1826" in a.citations[0].quote


def test_reaching_a_free_line_asks_for_the_line_not_the_press_office(service):
    # "joindre" asks for a contact, but "la ligne gratuite" is the line to reach: the press
    # office's block was quoted
    a = service.ask("Quel numéro faut-il composer pour joindre la ligne gratuite en Ukraine ?")
    assert not a.abstained and "527" in a.citations[0].quote and "pr@iom.kiev.ua" not in a.text
    # the press office asked by name beside a free line is still the press office
    a = service.ask("Quel numéro composer pour joindre le service de presse de l'OIM en Ukraine ?")
    assert "380 44-568 50 15" in a.citations[0].quote


def test_a_count_s_value_is_no_number_to_dial():
    from assistant.answering.phones import phone_numbers

    assert phone_numbers("L'OIM estime à présent à 100000 le nombre d'Ukrainiens victimes de la traite.") == []
    assert phone_numbers("un numéro gratuit contre la traite, le 527, qui permettra") == ["527"]


def test_a_phone_asked_after_a_hotline_is_still_the_hotline(service):
    a = service.ask("Et quel est le numéro de téléphone ?", history=[("Quel numéro gratuit a été lancé en Ukraine ?", "le 527")])
    assert "527" in a.citations[0].quote


@pytest.mark.parametrize("question", [
    "Qui contacter pour la campagne de sensibilisation au Kenya ?",
    "Qui contacter au sujet de la campagne de l'OIM au Brésil ?",
])
def test_a_contact_asked_about_a_topic_no_release_covers_is_refused(service, question):
    a = service.ask(question)
    assert a.abstained and not a.citations, [c.quote for c in a.citations]


def test_the_contact_block_is_read_when_the_search_did_not_reach_it(service):
    """The block shares no topic word with a question about its release: the release's chunks
    that reach it are read beside the retrieved ones, for every retrieved release."""
    from assistant.answering.contact_asked import with_contact_chunks

    question = "Qui contacter au sujet de l'accord entre l'OIM et les opérateurs de téléphonie mobile ukrainiens ?"
    _, chunks = service.retrieve(question)
    starts = {c.release_id: block_start(service.release_text(c.release_id)) for c in chunks}
    body = [c for c in chunks if c.end <= starts[c.release_id]]
    assert body and body[0].release_id == UKRAINE
    read = with_contact_chunks(service.store, body)
    assert read[: len(body)] == body
    added = {c.release_id for c in read[len(body):]}
    assert UKRAINE in added and all(c.end > starts[c.release_id] for c in read[len(body):])
    whole = [c.id for c in with_contact_chunks(service.store, chunks)]
    assert len(whole) == len(set(whole))  # a chunk already retrieved is not read twice


def test_what_asks_for_a_press_contact():
    from assistant.answering.contact_asked import asks_for_contact

    for asked in ("Qui faut-il contacter pour en savoir plus ?", "Who is the press contact?",
                  "À qui s'adresser ?", "Quelle est son adresse électronique ?", "What is her e-mail address?",
                  "Quel est l'e-mail du bureau de presse ?", "Comment joindre le porte-parole de l'OIM ?"):
        assert asks_for_contact(asked), asked
    for other in ("Quelles entreprises vont se joindre à la coalition ?",
                  "Combien de victimes avaient eu des contacts avec des recruteurs ?",
                  "Qui finance la campagne ?"):
        assert not asks_for_contact(other), other


@pytest.mark.parametrize("question", [
    "Quel est le numéro de la ligne d'assistance contre la traite en Thaïlande ?",
    "What is the anti-trafficking hotline number in Thailand?",
])
def test_a_press_office_s_phone_is_no_hotline(service, question):
    """No release gives a Thai hotline; the ASEAN report's contact block gives IOM Bangkok's
    phone, which was quoted as one. A line of a contact block never answers for a hotline."""
    a = service.ask(question)
    assert a.abstained and not a.citations, [c.quote for c in a.citations]
    hotline = service.ask("Quel numéro gratuit a été lancé en Ukraine contre la traite ?")
    assert not hotline.abstained and "527" in hotline.citations[0].quote


def test_what_asks_for_a_hotline():
    from assistant.answering.contact_asked import asks_for_hotline

    for asked in ("Quel est le numéro de la ligne d'assistance ?", "Quels numéros verts sont cités ?",
                  "Which helplines can people call?", "What is the toll-free number?", "Quelle ligne d'écoute appeler ?"):
        assert asks_for_hotline(asked), asked
    for other in ("Quel est le numéro du bureau de presse ?", "What phone number should journalists call?",
                  "Sur quelle ligne aérienne ?"):
        assert not asks_for_hotline(other), other


def test_a_question_opening_on_a_conjunction_goes_on_from_the_one_before(service):
    """"Et qui contacter à l'OIM pour en savoir plus ?" names three words of its own and no
    pronoun, so it was searched alone and got the Geneva contact of another release; opening on
    "Et" ("And", "Mais", "Also"), it goes on from the question before."""
    first = "Quel numéro gratuit a été lancé en Ukraine ?"
    history = [[first, service.ask(first).text]]
    then = "Et qui contacter à l'OIM pour en savoir plus ?"
    assert condense(then, history) == f"{first} {then}"
    assert condense("And who funds it all?", history).startswith(first)
    assert condense("Qui contacter à l'OIM pour en savoir plus ?", history) == "Qui contacter à l'OIM pour en savoir plus ?"
    a = service.ask(then, history=history)
    assert [c.release_id for c in a.citations] == [UKRAINE] and "pr@iom.kiev.ua" in a.citations[0].quote


def test_a_speakers_words_are_quoted_from_where_they_open():
    """A question about what or why someone said finds the last sentence of their words, which
    names them; the sentences before it that the same « … » holds are quoted with it, as one
    passage. Not for a name or a figure asked, nor past a sentence closing other words."""
    from assistant.answering.candidates import joined, with_quotation

    text = ("La vice-ministre a lancé le module. « Nos adolescents passent des heures sur leur téléphone. "
            "C'est là que les recruteurs les trouvent. L'école doit leur donner les réflexes », a-t-elle déclaré.")
    starts = [0, 36, 93, 137]
    ends = [35, 92, 136, len(text)]

    def sentence(i: int, kind: str = "why") -> ScoredSentence:
        return ScoredSentence(text=text[starts[i] : ends[i]], id=f"r:s{i}", release_id="r", index=i, title="",
                              start=starts[i], end=ends[i], dense=0.8, lexical=0.0, type_match=0.5, chunk_rank=0,
                              kind=kind)

    launch, phones, recruiters, school = (sentence(i) for i in range(4))
    assert phones.text.startswith("« Nos") and school.text.endswith("déclaré.")
    assert with_quotation([school], [launch, phones, recruiters, school]) == [phones, recruiters, school]
    quoted = joined(with_quotation([school], [launch, phones, recruiters, school]), {"r": text})
    assert len(quoted) == 1 and quoted[0].text.startswith("« Nos adolescents") and "recruteurs" in quoted[0].text
    # a figure or a name asked: the sentence holding it is enough
    assert with_quotation([sentence(3, "who")], [launch, phones, recruiters, sentence(3, "who")]) == [sentence(3, "who")]
    # the opening sentence not among those read: no partial quotation
    assert with_quotation([school], [launch, recruiters, school]) == [school]
    # a sentence that closes no quotation opened before it
    assert with_quotation([launch], [launch, phones, recruiters, school]) == [launch]
    # another speaker's words closed in between: this sentence opens its own
    closed = dataclasses.replace(recruiters, text="« Rien ne change », a dit le maire.")
    assert with_quotation([school], [launch, phones, closed, school]) == [school]


def test_what_the_iom_expects_of_technology_quotes_its_speaker_from_the_opening(service):
    """Anh Nguyen's words in the Tech Against Trafficking release run over three sentences; the
    answer is in the first ("… mieux identifier et protéger les victimes"), the question's words
    in the last ("L'OIM est donc ravie …")."""
    a = service.ask("Qu'est-ce que l'OIM attend concrètement des avancées technologiques pour les victimes ?")
    assert not a.abstained and a.citations[0].release_id == "000_28533a0da6088d55"
    assert "mieux identifier et protéger les victimes" in a.citations[0].quote
    assert a.citations[0].quote == service.release_text(a.citations[0].release_id)[a.citations[0].start : a.citations[0].end]


def test_a_speakers_words_keep_their_own_guillemets_and_get_no_second_pair(service):
    """A passage that opens with the speaker's « goes between “ ” in the answer, the sources
    panel and the command line: "« « Il est important …" showed two opening marks in a row."""
    from assistant.chat import Turn
    from assistant.chat_view import sources_html

    question = "Qu'est-ce que l'OIM attend concrètement des avancées technologiques pour les victimes ?"
    a = service.ask(question)
    quote = a.citations[0].quote
    assert quote.lstrip().startswith("«")  # the speaker's words open the passage
    assert a.text.splitlines()[1] == f"“{shown(quote)}” [1]"
    assert "« «" not in a.text
    panel = sources_html([Turn.from_answer(question, a)])
    assert "« «" not in panel and "&#171; &#171;" not in panel
    assert "“" in panel


def test_a_passage_without_guillemets_goes_between_guillemets():
    assert quoted("Financées par le PRM.") == "« Financées par le PRM. »"
    assert quoted("« Rien ne change », a dit le maire.") == "“« Rien ne change », a dit le maire.”"


@pytest.mark.parametrize("question", [
    "Quelles lignes gratuites contre la traite sont indiquées pour l'Ukraine ?",
    "Which free hotlines can victims in Ukraine use?",
])
def test_a_free_line_asked_is_answered_with_its_number(service, question):
    """"Quelles lignes gratuites" asks for a number to call: the Ukrainian release's 527, not the
    sentence after it ("Ce numéro gratuit vient compléter …"), which gives none."""
    a = service.ask(question)
    assert not a.abstained and a.citations[0].release_id == UKRAINE
    assert "527" in a.citations[0].quote


def test_a_follow_up_in_words_of_its_own_is_answered_from_the_release_it_follows(service):
    """"Avec quels partenaires travaille-t-elle sur ce point ?" after a question on the release
    about crises: its sentences are compared with the follow-up's own words as well as with the
    query it was retrieved with (the question before it, then it), which alone put the Caribbean
    release's partners first."""
    first = "Comment l'OIM lutte-t-elle contre la traite dans les situations de crise ?"
    a1 = service.ask(first)
    assert a1.citations[0].release_id == "004_b9cef8411c10c3ca"
    a2 = service.ask("Avec quels partenaires travaille-t-elle sur ce point ?", history=[(first, a1.text)])
    assert not a2.abstained and a2.citations[0].release_id == "004_b9cef8411c10c3ca"
    assert "ICAT" in a2.citations[0].quote


def test_a_why_answer_quotes_the_reason_told_beside_its_sentence(service):
    """The Caribbean release says why the messages went out to the public in the sentence before
    the one about the cricket world cup ("… est essentielle, puisque … les victimes potentielles
    sont souvent identifiées par des personnes issues du grand public"): the two are quoted as one
    passage, the reason first."""
    a = service.ask("Pourquoi la campagne a-t-elle été diffusée pendant la coupe du monde de cricket ?")
    assert not a.abstained and a.citations[0].release_id == CARIBBEAN
    quote = a.citations[0].quote
    assert "puisque" in quote and "coupe du monde de cricket" in quote
    assert quote.index("puisque") < quote.index("coupe du monde de cricket")
    assert quote == service.release_text(CARIBBEAN)[a.citations[0].start : a.citations[0].end]


def test_a_sentence_that_only_counts_the_things_asked_the_names_of_does_not_name_them():
    from assistant.answering.naming import names_what_was_asked

    q = "Comment s'appellent les agences de placement d'Antananarivo dont la licence a été suspendue ?"
    things = named_things(q)
    assert things[0] == "agences"
    counted = ("Sur la base des témoignages de 42 femmes, le ministère du Travail a suspendu les licences de "
               "trois agences de placement basées à Antananarivo.")
    assert not names_what_was_asked(things, counted, q)
    assert not names_what_was_asked(["délégations"], "Deux délégations ont formulé des réserves, a dit Anna Rossi.",
                                    "Comment s'appellent les délégations qui ont formulé des réserves ?")
    # counted, then listed; or named without a count
    assert names_what_was_asked(things, "Le ministère a suspendu trois agences : Fanilo Emploi, Soa Services et Mirana.", q)
    assert names_what_was_asked(things, "Le ministère a suspendu deux agences (Fanilo Emploi et Soa Services).", q)
    assert names_what_was_asked(things, "L'agence Fanilo Emploi a perdu sa licence en mars.", q)


def test_the_names_of_things_asked_are_the_things_not_a_speakers(service):
    """The Ukrainian release speaks of "trois des principaux opérateurs de téléphonie mobile", then
    names them in the next sentence as "Ces trois compagnies, Astelit, KyivStar GSM et UMC": that
    sentence answers, through its demonstrative, not a quote by "Jeffrey Labovitz, chef de mission",
    which names a person, not them (it answered before in both languages)."""
    for question in ("Comment s'appellent les opérateurs de téléphonie mobile qui vont signer l'accord avec l'OIM en Ukraine ?",
                     "What are the names of the mobile operators that signed the deal with IOM in Ukraine?"):
        a = service.ask(question)
        assert not a.abstained and a.citations[0].release_id == UKRAINE, question
        assert "Astelit, KyivStar GSM et UMC" in a.citations[0].quote and "Labovitz" not in a.text, question
    a = service.ask("Comment s'appelle le chef de mission de l'OIM en Ukraine ?")  # a person asked: his name
    assert not a.abstained and "Jeffrey Labovitz" in a.citations[0].quote and a.citations[0].release_id == UKRAINE


def test_a_name_after_a_demonstrative_names_what_the_sentence_before_mentions():
    from assistant.answering.naming import names_what_was_asked

    q = "Comment s'appellent les opérateurs qui ont signé l'accord ?"
    named = "Ces trois compagnies, Astelit, KyivStar GSM et UMC, ont lancé un numéro gratuit."
    assert names_what_was_asked(["opérateurs"], named, q, before="L'OIM et trois opérateurs signeront un accord. ")
    assert not names_what_was_asked(["opérateurs"], named, q, before="Le gouvernement a lancé une campagne. ")
    # a demonstrative naming only a person does not name things
    assert not names_what_was_asked(["opérateurs"], "Cet accord est un exemple, explique Jeffrey Labovitz.", q,
                                    before="trois opérateurs de téléphonie mobile")


def test_a_persons_name_is_no_place_for_a_where_question():
    from assistant.answering.slots import type_match

    q = "Où le collectif de survivants compte-t-il s'implanter avec le nouveau financement ?"
    speaker = "« Nous ne racontons pas notre histoire pour faire peur », explique Brian Otieno Ochieng, 29 ans."
    assert type_match("where", speaker, q) == 0.0
    assert type_match("where", speaker[:-1] + ", originaire de Kakamega.", q) == 1.0
    assert type_match("where", "Le collectif ouvrira des antennes à Eldoret et à Kisumu.", q) == 1.0
    assert type_match("who", speaker, "Qui a témoigné ?") == 1.0  # a person answers "qui"
    # a capitalised stop word opens a quoted sentence: no name
    assert type_match("who", "« Notre rôle est de l'accompagner jusqu'au bout. »", "Qui va coordonner le dispositif ?") == 0.0
    # a title opening with an article or another word still names
    assert type_match("who", "Le rapport s'intitule « Les oubliés de la mer ».", "Quel est le nom du rapport ?") == 1.0
    assert type_match("who", "Son slogan, « ¿Te ofrecieron un trabajo? », sera décliné.", "Quel est le nom de la campagne ?") == 1.0


def test_a_role_named_in_one_gender_matches_the_other_in_terms_and_in_bm25_tokens():
    from assistant.text.terms import content_terms, index_tokens

    assert content_terms("la directrice") == content_terms("le directeur") == ["directeur"]
    assert content_terms("les coordinatrices") == content_terms("les coordinateurs")
    assert content_terms("cheffe de mission") == content_terms("chef de mission") == ["chef", "mission"]
    assert index_tokens("trois enquêtrices") == index_tokens("trois enquêteurs")
    # not a word that only ends like one ("chefferie"), nor a masculine noun
    assert content_terms("la chefferie") != content_terms("le chef")
    assert content_terms("le secteur") == ["secteur"]


def test_a_short_english_question_with_a_possessive_is_answered_in_english(service):
    """"IOM's" is an English possessive, not a French elision ("s'appelle"): with it counted as
    French, "Which donors back IOM's Caribbean campaign?" tied and was answered in French."""
    from assistant.text.terms import detect_language

    assert detect_language("Which donors back IOM's Caribbean campaign?") == "en"
    assert detect_language("Comment s'appelle-t-il ?") == detect_language("Et au Laos ?") == "fr"
    a = service.ask("Which donors back IOM's Caribbean campaign?")
    assert a.language == "en" and a.text.startswith("According to the press releases")
    assert a.citations[0].release_id == CARIBBEAN


def test_a_count_for_a_country_leads_with_the_figure_its_release_gives_that_country():
    """"How many … in the Czech Republic in 2024?": the ranker put the total over three countries
    first; the sentence giving Czechia its own figure ("devant la Tchéquie (103)") leads, if it
    counts what was asked."""
    from assistant.answering.candidates import figure_of_place

    def sentence(index: int, given_for: bool | None, counted: bool = True, release: str = "r") -> ScoredSentence:
        return ScoredSentence(id=f"{release}{index}", release_id=release, title="", index=index, start=0, end=0,
                              text=f"s{index}", kind="how_many", fits=True, type_match=1.0, dense=0.8,
                              lexical=0.2, chunk_rank=0, given_for=given_for, counted=counted)

    total, own = sentence(1, False), sentence(2, True)
    assert figure_of_place(total, [total, sentence(5, None), own]) is own
    assert figure_of_place(total, [total, sentence(2, True, counted=False)]) is total  # counts another word
    assert figure_of_place(total, [total, sentence(2, True, release="o")]) is total  # another release's
    only = sentence(3, None)  # names the country asked alone, or none: as ranked
    assert figure_of_place(only, [only, own]) is only


def test_why_a_speaker_thinks_so_is_answered_by_the_speakers_words():
    """"Selon le responsable …, pourquoi …": the reasons are the end of a speaker's quotation, which
    gives no "car" nor "afin de"; a why-question about a fact still asks for a reason given."""
    from assistant.answering.slots import type_match

    words = "La réintégration est ce qui rend le retour durable », a souligné Javier Montiel, chef de mission."
    assert type_match("why", words, "Selon le responsable de l'OIM, pourquoi ne suffit-il pas de ramener les victimes ?") == 1.0
    assert type_match("why", words, "Why does IOM's chief of mission say that bringing victims home is not enough?") == 1.0
    assert type_match("why", words, "Pourquoi les victimes sont-elles rentrées ?") == 0.0
    assert type_match("why", "Le retour n'est pas la fin de l'histoire.", "Selon le responsable, pourquoi ?") == 0.0
    assert type_match("why", "Les victimes sont rentrées afin de retrouver leur famille.", "Pourquoi sont-elles rentrées ?") == 1.0


def test_what_a_report_recommends_is_answered_by_the_sentence_that_recommends(service):
    """"Que préconise le rapport …": the release's "Les auteurs de ce rapport recommandent …", not
    the sentence on the report that shares more of the question's words ("Ce rapport, intitulé …,
    rappelle les meilleures pratiques")."""
    from assistant.answering.particulars import asks_for_advice, recommends

    assert asks_for_advice("Que préconisent les évaluateurs ?") and asks_for_advice("What does the study recommend?")
    assert not asks_for_advice("Que fait l'OIM en Ukraine ?")
    assert recommends("L'évaluation formule sept recommandations.")
    assert recommends("Elle demande notamment d'introduire le système au Kosovo.")
    assert recommends("Le rapport appelle les gouvernements à ratifier la convention.")
    assert not recommends("Ce rapport rappelle les meilleures pratiques en matière de collecte de données.")
    for question in ("Que préconise le rapport de l'ASEAN et de l'OIM ?", "What does the ASEAN-IOM report recommend?"):
        a = service.ask(question)
        assert not a.abstained and a.citations[0].release_id == "001_4f2cdcae036ebb31"
        assert "recommandent l'adoption de meilleures pratiques" in " ".join(a.citations[0].quote.split())


def test_a_sentence_asked_of_a_court_is_answered_only_by_one_given(service):
    """"À quelle peine …": a sentence that gives one ("condamné à 9 ans d'emprisonnement"), not
    one about the conviction ("la première condamnation pour traite"). The shipped releases give
    no court's sentence: asked one, the assistant says so instead of quoting Ukraine's figures."""
    from assistant.answering.particulars import asks_for_penalty, gives_penalty

    assert asks_for_penalty("À quelles peines ont-ils été condamnés ?")
    assert asks_for_penalty("Quelle est la peine prévue ?") and asks_for_penalty("What sentence did the captain get?")
    assert not asks_for_penalty("Combien de trafiquants ont été condamnés ?")
    assert gives_penalty("La Haute Cour a condamné le capitaine du navire à 9 ans d'emprisonnement.")
    assert gives_penalty("Le tribunal a condamné à sept ans de prison et à une amende de 10 000 dinars le gérant.")
    assert not gives_penalty("C'était la première condamnation pour traite liée à la pêche prononcée à Fidji.")
    for question in ("À quelles peines les trafiquants ont-ils été condamnés en Ukraine ?",
                     "What prison sentences did traffickers get in Indonesia?"):
        assert service.ask(question).abstained


def test_a_title_asked_is_answered_by_the_sentence_that_gives_it(service):
    """"Sous quel titre …", "What is … called?": the sentence that gives the title ("Ce rapport,
    intitulé « L'ASEAN et la traite de personnes : … »"), not one close to the question's words
    (the Cambodian expert's "80 départements", the site where the report can be read). A
    speaker's words in quotation marks are no title, nor is "au titre des salaires"; a title the
    release does not give (the Caribbean hotline guide's) is refused."""
    from assistant.answering.particulars import asks_for_title, gives_title

    assert asks_for_title("Comment s'intitule le rapport ?") and asks_for_title("What is the new study called?")
    assert asks_for_title("Quel est le titre du guide ?") and asks_for_title("Sous quel titre l'étude est-elle parue ?")
    assert not asks_for_title("Combien les armateurs ont-ils reversé au titre des salaires impayés ?")
    assert not asks_for_title("Quel est le nom de la ministre ?")
    assert gives_title("Le rapport, intitulé « Récoltes invisibles », a été présenté hier.")
    assert gives_title("La campagne « Ojo con la oferta » a été lancée à Cúcuta.")
    assert not gives_title("« Ces chiffres ne décrivent pas un phénomène marginal.")
    assert not gives_title("Ce rapport « aidera les responsables politiques à prendre des décisions », a-t-il dit.")
    for question in ("Sous quel titre le rapport sur le Cambodge a-t-il été publié ?", "What is the ASEAN-IOM report called?"):
        a = service.ask(question)
        assert not a.abstained and a.citations[0].release_id == "001_4f2cdcae036ebb31"
        assert "intitulé « L'ASEAN et la traite de personnes" in a.citations[0].quote
    assert service.ask("Quel est le titre du guide remis aux partenaires caribéens ?").abstained


def test_where_to_read_a_report_is_answered_by_its_web_address(service):
    """"Où peut-on le lire ?" after a question on the ASEAN report, "Where can … be read?": the
    sentence that gives the site ("disponible sur le site Internet www.iom.int"), not the report's
    title sentence, which names the ASEAN and would otherwise pass for a place."""
    from assistant.answering.particulars import asks_where_to_read, gives_address

    assert asks_where_to_read("Where can the report be downloaded?") and asks_where_to_read("Où consulter l'étude ?")
    assert not asks_where_to_read("Où peut-on trouver de l'aide ?") and not asks_where_to_read("Où se trouve le centre ?")
    assert gives_address("Le texte intégral est disponible sur le site italy.iom.int")
    assert not gives_address("Le centre d'accueil se trouve à Kiev.")
    for question, history in (("Où peut-on le lire ?", [("Quel rapport l'ASEAN et l'OIM ont-ils publié ?", "Un rapport.")]),
                              ("Where can the ASEAN-IOM report on trafficking be read?", [])):
        a = service.ask(question, history=history)
        assert not a.abstained and a.citations[0].release_id == "001_4f2cdcae036ebb31"
        assert "www.iom.int" in a.citations[0].quote


def test_only_a_why_answer_takes_the_neighbouring_sentence_among_the_best():
    from assistant.answering.candidates import with_reason_beside

    def sentence(index: int, kind: str = "why", release: str = "r") -> ScoredSentence:
        return ScoredSentence(id=f"{release}{index}", release_id=release, title="", index=index, start=0, end=0,
                              text=f"s{index}", kind=kind, fits=True, type_match=1.0, dense=0.8, lexical=0.2,
                              chunk_rank=0)

    fact, cause, far, other = sentence(4), sentence(5), sentence(9), sentence(5, release="o")
    assert with_reason_beside([fact], [fact, cause, far]) == [fact, cause]
    assert with_reason_beside([cause], [cause, far, fact]) == [fact, cause]  # before it, in the release's order
    assert with_reason_beside([fact], [fact, far, other]) == [fact]  # no neighbour of its release among the best
    assert with_reason_beside([fact], [fact, far, sentence(8), sentence(7), cause]) == [fact]  # not among the best three
    what = sentence(4, "what")
    assert with_reason_beside([what], [what, sentence(5, "what")]) == [what]


def test_a_follow_up_naming_another_people_drops_the_people_of_the_question_before():
    """"Et les Ukrainiens ?" after "… femmes indonésiennes …": the query asks the same of
    Ukrainians, as "Et en Ukraine ?" drops "en Indonésie"."""
    query = condense("Et les Ukrainiens ?", [("Combien de femmes indonésiennes travaillent à l'étranger ?", "…")])
    assert "indonésiennes" not in query and "femmes" in query and query.endswith("Et les Ukrainiens ?")
    # a people's word that stays: the follow-up names no other
    query = condense("Et combien en 2020 ?", [("Combien de femmes indonésiennes travaillent à l'étranger ?", "…")])
    assert "indonésiennes" in query


def test_a_follow_up_that_speaks_of_what_was_asked_with_en_or_an_object_pronoun_leans_on_it(service):
    """"… le bureau de presse qui en parle ?", "Où peut-on le lire ?": "en" and an object pronoun
    stand for what the question before asked about, as "il" or "ce" do; "en Ukraine" and "la
    traite" are no pronouns."""
    before = [("Quel numéro gratuit les opérateurs de téléphonie mobile ukrainiens ont-ils lancé ?", "Le 527.")]
    assert condense("Où se trouve le bureau de presse qui en parle ?", before).startswith(before[0][0])
    assert condense("Comment peut-on la contacter par écrit ?", before).startswith(before[0][0])
    assert condense("Combien de victimes ont été aidées en Ukraine ?", before) == "Combien de victimes ont été aidées en Ukraine ?"
    assert condense("Qui finance la lutte contre la traite ici ?", []) == "Qui finance la lutte contre la traite ici ?"
    a = service.ask("Où se trouve le bureau de presse qui en parle ?", history=before)
    assert not a.abstained and a.citations[0].release_id == UKRAINE  # Kiev's, not Washington's


def test_reaching_the_line_asked_before_is_no_press_contact_asked(service):
    """"Et comment peut-on le joindre ?" after a question on the Ukrainian free number reaches
    that number: its sentence answers, not the press office's contact block."""
    from assistant.answering.contact_asked import contact_or_hotline

    first = "Quel numéro gratuit contre la traite a été lancé en Ukraine ?"
    a1 = service.ask(first)
    a2 = service.ask("Et comment peut-on le joindre ?", history=[(first, a1.text)])
    assert not a2.abstained and a2.citations[0].release_id == UKRAINE
    assert "527" in a2.citations[0].quote and "relations publiques" not in a2.text
    query = condense("Et à quelles heures peut-on la joindre ?", [("Quel est le numéro de la ligne d'assistance ?", "…")])
    assert contact_or_hotline("Et à quelles heures peut-on la joindre ?", query, "Et à quelles heures peut-on la joindre ?",
                              "when") == (False, True)
    # a press contact asked after a hotline question is still one
    assert contact_or_hotline("Qui contacter au service de presse ?", query, "Qui contacter au service de presse ?",
                              "who")[0]


def test_an_english_thing_counted_is_looked_up_among_the_words_the_release_counts():
    """"How many children …": the word a sentence's figure counts whose count e5 puts nearest
    ("le nombre d'enfants" to "the number of children"), if near enough to be its translation,
    not a word of the same field ("enquêteurs")."""
    import numpy as np

    from assistant.answering.crosslingual import TRANSLATION, french_things

    def unit(similarity, axis):  # a unit vector at ``similarity`` to the first axis
        v = [similarity, 0.0, 0.0, 0.0]
        v[axis] = (1 - similarity**2) ** 0.5
        return v

    class Counts:  # unit vectors whose dot products are the similarities wanted
        table = {"the number of children": [1.0, 0.0, 0.0, 0.0], "le nombre d'enfants": unit(0.97, 1),
                 "the number of enqueteurs": unit(0.85, 2), "le nombre d'enquêteurs": unit(0.85, 2)}

        def query_vectors(self, phrases):  # (any other count: far from all of these)
            return np.asarray([self.table.get(p, unit(0.5, 3)) for p in phrases], dtype=np.float32)

    counts = Counts()
    assert 0.85 < TRANSLATION < 0.97
    assert french_things(["children"], ["L'étude a interrogé 1 046 enfants.", "Avec 24 enquêteurs."], counts) == ["enfants"]
    assert french_things(["children"], ["Les entretiens ont été menés par 24 enquêteurs."], counts) == []
    assert french_things(["children"], ["Aucun chiffre ici."], counts) == []
    # both things asked or neither: a figure of the one left untranslated would fail the check
    assert french_things(["children", "enqueteurs"], ["1 046 enfants et 24 enquêteurs."], counts) == ["enfants", "enquêteurs"]
    counts.table["the number of analysts"] = [0.0, 0.0, 0.0, 1.0]
    assert french_things(["children", "analysts"], ["1 046 enfants et 24 enquêteurs."], counts) == []
    # a thing the sentences name without counting it, beside a figure counting another
    assert french_things(["children"], ["Les enfants sont suivis par 24 enquêteurs.", "Sept cas."], counts) == ["enfants"]


def test_an_english_count_is_translated_by_e5_as_a_count(service):
    """Alone, e5 puts "calls" nearer "messages" than "appels"; as counts ("the number of calls",
    "le nombre d'appels"), the translation comes first. A release that speaks of calls without
    counting them ("Les appels sont traités par 14 conseillers") has its count of calls checked:
    "14 conseillers" does not answer "How many calls …"."""
    from assistant.answering.crosslingual import french_things
    from assistant.answering.figures import counts_what_was_asked

    embedder = service.store.embedder
    assert french_things(["calls"], ["La ligne a reçu 4 870 appels et 1 200 messages."], embedder) == ["appels"]
    assert french_things(["calls"], ["La ligne a reçu 1 200 messages et 4 870 appels."], embedder) == ["appels"]
    handled = "Les appels sont traités par une équipe de 14 conseillers."
    assert french_things(["calls"], [handled], embedder) == ["appels"]
    assert not counts_what_was_asked(["appels"], handled, set())
    assert french_things(["households"], ["Au total, 3 418 ménages et 12 villages ont été visités."], embedder) == ["ménages"]
    assert french_things(["judges"], ["Quelque 260 procureurs ont été formés."], embedder) == []
    # named in a sentence without a figure, beside one whose figure counts another thing
    assert french_things(["calls"], ["Le nombre d'appels devrait augmenter.", "Une réunion de 12 ambassades."],
                         embedder) == ["appels"]


@pytest.mark.parametrize("question", [
    "How many calls did the hotlines get during the World Cup?",
    "How many calls did the Ukrainian hotline 527 receive in its first year?",
])
def test_an_english_count_of_a_thing_the_release_names_but_never_counts_is_refused(service, question):
    """The Caribbean release expects "une augmentation du nombre d'appels" and gives no figure of
    calls; the Ukrainian one says the 527 "permettra de transférer tous les appels": as in French,
    a count of calls is then checked, and no figure of theirs counts calls."""
    a = service.ask(question)
    assert a.abstained and not a.citations, [c.quote for c in a.citations]


def test_english_contractions_are_read_spelled_out():
    from assistant.text.normalize import spelled_out

    assert spelled_out("What's the name of the project?") == "What is the name of the project?"
    assert spelled_out("And who’s her deputy?") == "And who is her deputy?"
    assert spelled_out("Why didn't IOM open it, and can't it?") == "Why did not IOM open it, and cannot it?"
    assert spelled_out("Qu'est-ce que l'OIM ? The chief's deputy") == "Qu'est-ce que l'OIM ? The chief's deputy"


def test_a_name_asked_with_a_contraction_is_the_persons(service):
    """"What's the name of …" asks for a person as "What is the name of …" does: the quote names
    the IOM specialist in Indonesia, not the estimate of Indonesian women working abroad."""
    for question in ("What's the name of the IOM specialist in Indonesia?",
                     "What is the name of the IOM specialist in Indonesia?"):
        a = service.ask(question)
        quote = a.citations[0].quote
        assert not a.abstained and "Kristen Dadey" in quote and "1,4 à 2,1 millions" not in quote, (question, quote)


def test_a_question_typed_with_typographic_apostrophes_asks_what_the_plain_one_does(service):
    """Phones and word processors type "d’argent", "l’OIM": the question is read as if typed
    "d'argent" ("Combien d’argent …" asks for a sum, not a count), and answered alike."""
    from assistant.answering.slots import question_type
    from assistant.service import validate_question

    curly = "Combien d’argent l’OIM a-t-elle reçu pour la campagne dans les Caraïbes ?"
    plain = curly.replace("’", "'")
    assert validate_question(curly, 1000) == plain
    assert question_type(validate_question(curly, 1000)) == "amount"
    a, b = service.ask(curly), service.ask(plain)
    assert (a.abstained, [c.quote for c in a.citations]) == (b.abstained, [c.quote for c in b.citations])
    # and so is an earlier question of the conversation
    from assistant.service import validate_history

    assert validate_history([(curly, "…")], service.settings) == [(plain, "…")]


@pytest.mark.parametrize("question, asked", [
    ("En moyenne, combien les saisonniers ont-ils dû payer ?", ["average"]),
    ("On average, how many days do returnees spend at the centre?", ["average"]),
    ("How much does Fresquet pay each year to run its hotline?", ["rate"]),
    ("Quelle somme touchent chaque mois les jeunes pendant leur formation ?", ["rate"]),
    ("Combien de victimes les centres ont-ils soignées ?", []),
    ("D'après le dernier bilan annuel, combien de victimes ont été identifiées ?", []),  # no rate asked
    ("Combien de travailleuses domestiques l'OIM a-t-elle aidées au Moyen-Orient ?", []),  # a region
    ("Avec quels moyens l'OIM a-t-elle financé combien de foyers ?", []),  # means, no average
    ("Quelle est la durée moyenne de séjour au centre de transit ?", ["average"]),
])
def test_a_count_or_a_sum_may_be_asked_as_an_average_or_a_rate(question, asked):
    from assistant.answering.qualifiers import qualifiers_asked

    assert qualifiers_asked(question) == asked


@pytest.mark.parametrize("qualifier, sentence, given", [
    ("average", "Pour les Comoriennes, la dette moyenne atteignait 1 680 dollars.", True),
    ("average", "Les victimes avaient versé en moyenne 180 000 shillings kényans.", True),
    ("average", "Des recruteurs font payer entre 25 000 et 80 000 vatu pour une « place ».", False),  # a range
    ("rate", "Les stagiaires reçoivent 150 000 francs CFA par mois.", True),
    ("rate", "The centre's annual budget is 2 million dollars.", True),
    ("rate", "Le partenariat est doté d'un budget de 3,35 millions d'euros sur trois ans.", False),  # a total
])
def test_an_average_or_a_rate_is_given_in_its_words(qualifier, sentence, given):
    from assistant.answering.qualifiers import gives

    assert gives(qualifier, sentence) is given


def test_an_average_or_a_rate_asked_is_answered_by_a_figure_given_so(service):
    """"En moyenne, combien …" asks for an average, "… chaque année" for a figure per year: the
    Indonesian centres' 1650 victims, treated from April 2005 to October 2006, are neither, and
    the releases give neither."""
    question = "Combien de victimes les centres de l'OIM en Indonésie ont-ils soignées {}?"
    assert not service.ask(question.format("")).abstained  # the total is given
    assert service.ask(question.format("en moyenne par centre ")).abstained
    assert service.ask("Combien de victimes les centres de l'OIM en Indonésie soignent-ils chaque année ?").abstained


@pytest.mark.parametrize("question, hotline", [
    # a line for the public, an adjective or two before what it is for
    ("Quel numéro faut-il composer pour joindre la ligne nationale d'assistance aux victimes ?", True),
    ("Quel est le numéro de la ligne téléphonique gratuite ?", True),
    ("Quel est le numéro de la ligne d'assistance ?", True),
    # guidelines, a budget line and a press officer's number are no such line
    ("Que disent les lignes directrices d'aide aux victimes ?", False),
    ("Quelle ligne budgétaire finance le projet ?", False),
    ("Quel est le numéro de téléphone de la chargée de presse ?", False),
])
def test_a_line_for_the_public_is_asked_in_more_words(question, hotline):
    from assistant.answering.contact_asked import asks_for_hotline

    assert asks_for_hotline(question) is hotline


def test_until_when_is_answered_by_a_sentence_that_gives_an_end():
    """"Jusqu'à quand Bruxelles finance-t-elle le projet ?" asks an end: "il sera mis en œuvre
    jusqu'en septembre 2026" gives one, a span "de mai 2024 à avril 2027" or "2025-2029" too; the
    day of a launch, or a period over which victims were counted, does not."""
    from assistant.answering.particulars import asks_for_end, gives_end, required

    question = "Jusqu'à quand Bruxelles finance-t-elle le projet mauricien ?"
    assert asks_for_end(question) and asks_for_end("Until when will the project run?")
    assert not asks_for_end("Quand le projet a-t-il commencé ?")
    assert gives_end("Référencé MU-PROTECT-23, il sera mis en œuvre jusqu'en septembre 2026.")
    assert gives_end("Cette phase, prévue pour trente-six mois, de mai 2024 à avril 2027, dispose d'un budget.")
    assert gives_end("Le plan couvre la période 2025-2029.")
    assert not gives_end("Le projet a été lancé le 17 octobre 2023 à Port-Louis.")
    assert not gives_end("Entre 2020 et 2022, 74 victimes présumées ont été identifiées.")
    assert gives_end in required(question, "when") and gives_end not in required(question, "what")


def test_from_when_is_answered_by_a_sentence_that_gives_a_start():
    """"À partir de quand la loi s'applique-t-elle ?" asks a start: "l'entrée en vigueur, le 1er
    septembre", "ouvert en mars 2020", "a pris ses fonctions en janvier" give one; the days of a
    vote ("Adoptée … le 11 février, puis approuvée … le 27 mars") do not."""
    from assistant.answering.particulars import asks_for_start, gives_start, required

    question = "À partir de quand la loi anti-traite votée par le Parlement s'applique-t-elle ?"
    assert asks_for_start(question) and asks_for_start("Since what year has IOM been collecting cases?")
    assert asks_for_start("Depuis quand la directrice est-elle en poste ?")
    assert not asks_for_start("Quand la loi a-t-elle été votée ?")
    assert gives_start("Tachkent – L'OIM salue l'entrée en vigueur, le 1er septembre 2025, de la loi.")
    assert gives_start("Le foyer, ouvert en mars 2020, accueille des femmes.")
    assert gives_start("Ancienne juge, elle a pris ses fonctions en janvier.")
    assert not gives_start("Adoptée par la Chambre législative le 11 février 2025, puis approuvée par le Sénat le 27 mars, "
                           "la loi a été préparée pendant deux ans.")
    assert gives_start in required(question, "when") and gives_start not in required(question, "what")


def test_a_detail_a_release_says_is_not_known_yet_is_not_answered_beside_it():
    """"Quels seront les horaires de l'antenne prévue à Dachoguz ?": "Leurs horaires … seront
    annoncés ultérieurement" says the release does not give them, and the sentence before it (on
    the opening) does not give them either; "Quand ouvrira le second établissement ?" is not
    answered by "dont le calendrier n'a pas encore été arrêté", while who will run it may be."""
    from assistant.answering.particulars import undecided

    hours = "Quels seront les horaires d'ouverture de l'antenne prévue à Dachoguz ?"
    assert undecided("Leurs horaires et la composition de leurs équipes seront annoncés ultérieurement.", hours, "what")
    assert not undecided("Le centre est ouvert du lundi au vendredi, de 9 h à 17 h.", hours, "what")
    later = ("Il supervisera le refuge de Bagdad et préparera l'ouverture d'un second établissement à Bassora, "
             "dont le calendrier n'a pas encore été arrêté.")
    assert undecided(later, "Quand ouvrira le second établissement ?", "when")
    assert not undecided(later, "Qui supervisera le refuge de Bagdad ?", "who")


def test_a_line_asked_for_a_country_no_release_names_is_not_another_country_s(service):
    """"Quel numéro faut-il composer pour joindre la ligne nationale d'assistance au Swaziland ?":
    no shipped release names Eswatini by any of its names, so Ukraine's free number does not
    answer; asked for Ukraine, it does."""
    assert service.ask("Quel numéro faut-il composer pour joindre la ligne nationale d'assistance au Swaziland ?").abstained
    a = service.ask("Quel numéro gratuit contre la traite a été lancé en Ukraine ?")
    assert not a.abstained and a.citations[0].release_id == UKRAINE and "527" in a.text
