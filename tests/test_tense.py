"""A question about what is still to come is answered by a sentence that speaks of it."""

from __future__ import annotations

import pytest

from assistant.text.tense import asks_about_future, asks_for_result, only_planned, speaks_of_future


@pytest.mark.parametrize("question, future", [
    ("Combien de places comptera le futur foyer ?", True),
    ("Dans quelle ville se tiendra la prochaine réunion ?", True),
    ("Dans quels ports les inspecteurs appliqueront-ils la grille ?", True),
    ("Les hommes pourront-ils eux aussi bénéficier du fonds à l'avenir ?", True),
    ("Who will run IOM's new field office?", True),
    ("What is it going to do in 2018?", True),
    # the present or the past, whatever a noun says ("futurs centres"); a name is no verb
    ("Combien les bailleurs ont-ils mis dans l'équipement des trois futurs centres ?", False),
    ("Combien de places compte le foyer ?", False),
    ("Qui est Sandra Alvarez ?", False),
    ("Who runs IOM's office in Kenya?", False),
])
def test_a_question_about_the_future_is_read_from_its_verb(question, future):
    assert asks_about_future(question) is future


@pytest.mark.parametrize("sentence, future", [
    ("Le foyer passera de 45 à 70 places.", True),
    ("Celle-ci sera hébergée par le Bureau de coordination de l'OIM, à Rome.", True),
    ("Les six pays se sont engagés à utiliser une liste de contrôle commune.", True),
    ("Une évaluation est prévue en 2027.", True),
    ("La coalition va cartographier les initiatives existantes.", True),
    ("En 2018, « Tech Against Trafficking » s’attèlera à cartographier le paysage.", True),
    ("Le foyer dispose de 20 places et a hébergé 112 femmes.", False),
    ("La délégation fidjienne était la plus nombreuse.", False),
])
def test_a_sentence_speaks_of_the_future_by_its_verbs_and_its_plans(sentence, future):
    assert speaks_of_future(sentence) is future


@pytest.mark.parametrize("question", [
    "Combien de victimes l'OIM aidera-t-elle en Indonésie l'an prochain ?",
    "Combien de pays accueilleront les prochains spots radio de la campagne caribéenne ?",
])
def test_a_question_about_the_future_is_not_answered_by_what_was(service, question):
    """The Indonesian release counts the victims its centres helped from 2005 to 2006, the
    Caribbean one the countries of the 2007 cricket world cup: neither says what is to come."""
    a = service.ask(question)
    assert a.abstained and not a.citations, a.citations[0].quote


def test_a_question_about_the_future_quotes_the_sentence_planning_it(service):
    a = service.ask("Que fera la coalition Tech Against Trafficking en 2018 ?")
    assert not a.abstained and "cartographier" in a.citations[0].quote


@pytest.mark.parametrize("question, result", [
    ("Quelles ont été les principales conclusions de la cartographie ?", True),
    ("Qu'a montré le premier bilan du mécanisme ?", True),
    ("What did the evaluation find?", True),
    ("What were the main findings of the study?", True),
    # a past question that asks no result
    ("Combien de victimes ont été identifiées ?", False),
    ("Which Indonesian ports were the fishermen found in?", False),
])
def test_a_result_asked_is_read_from_the_question(question, result):
    assert asks_for_result(question) is result


@pytest.mark.parametrize("sentence, planned", [
    ("Une évaluation à mi-parcours est prévue en février 2024 ; elle mesurera les connaissances.", True),
    ("Les principales conclusions seront partagées d'ici la fin de l'année.", True),
    ("L'évaluation a montré que 72 pour cent des jeunes connaissent les risques.", False),
    ("L'OIM a formé 600 agents et en formera 400 autres.", False),
])
def test_a_sentence_only_planning_something_is_told_from_one_that_reports_it(sentence, planned):
    assert only_planned(sentence) is planned


@pytest.mark.parametrize("question", [
    "Qu'a révélé la cartographie des initiatives technologiques menée par Tech Against Trafficking ?",
    "What did Tech Against Trafficking's mapping of technology initiatives find?",
])
def test_a_result_asked_is_not_answered_by_the_plan_to_get_it(service, question):
    """The release says the coalition will map the technology initiatives in 2018 and share its
    findings by the end of the year: what the mapping found, it does not say."""
    a = service.ask(question)
    assert a.abstained and not a.citations, a.citations[0].quote
