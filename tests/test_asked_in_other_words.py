"""What a question asks, read when it names it otherwise than the release does: a capacity is a
count of beds or places, a grant a sum, a download count a verb's ("téléchargée 3 460 fois"); a
country's institution pays where the release names the institution alone; a deputy's or a
former holder's role is the role; a group of countries people name (the Baltic states, the
Nordic countries, the Horn of Africa) stands for its members; a kind of body asked ("which tech
firm", "quelles ONG") is named beside a word of that kind."""

from __future__ import annotations

import pytest

from assistant.answering.body_kinds import body_kind_asked
from assistant.answering.figures import counted_things, counts_what_was_asked
from assistant.answering.people import person_asked
from assistant.answering.slots import question_type, type_match
from assistant.text.funding import names_payer
from assistant.text.geography import places_asked


@pytest.mark.parametrize(("question", "kind"), [
    ("Quelle est la capacité d'accueil actuelle du refuge ?", "how_many"),
    ("What is the shelter's capacity?", "how_many"),
    ("Quel est l'effectif du service d'inspection ?", "how_many"),
    ("What was the maximum reintegration grant a household could receive?", "amount"),
    ("What allowance do the trainees get?", "amount"),
    # grants asked with "which" are their givers, not a sum; a capacity built is no count
    ("Which grants fund the project?", "who"),
    ("Quelle capacité de réaction les autorités ont-elles acquise ?", "what"),
])
def test_a_capacity_is_a_count_and_a_grant_a_sum(question, kind):
    assert question_type(question) == kind


def test_a_capacity_is_counted_in_beds_or_places():
    things = counted_things("Quelle est la capacité d'accueil actuelle du refuge de Kassala ?")
    assert things == ["lits", "places"]
    assert counts_what_was_asked(things, "Il compte aujourd'hui 36 lits, dont 12 réservés aux mineurs.", set())
    assert not counts_what_was_asked(things, "En 2023, le refuge a hébergé 268 personnes, un record.", set())
    # a count question naming its thing keeps it
    assert counted_things("Combien de lits compte le foyer ?") == ["lits"]


@pytest.mark.parametrize(("sentence", "counts"), [
    ("Pendant la phase pilote, l’application a été téléchargée 3 460 fois, à 57 pour cent par des Éthiopiennes.", True),
    ("La vidéo a été visionnée 12 000 fois.", False),  # another verb's count
    ("L’application a été présentée 3 fois aux autorités.", False),
])
def test_a_count_of_times_counts_what_its_verb_does(sentence, counts):
    assert counts_what_was_asked(["téléchargements"], sentence, set()) is counts


def test_a_countrys_institution_pays_where_the_release_names_it_alone():
    sentence = "Elle est financée principalement par le ministère de l'Intérieur, à hauteur de 186 000 euros en 2023."
    assert names_payer("lithuania's interior ministry", sentence)
    # another country's ministry, or a payer named by its country alone, is not it
    assert not names_payer("lithuania's interior ministry", sentence.replace("de l'Intérieur", "letton de l'Intérieur"))
    assert not names_payer("l'australie", sentence)
    # a short word of a donor's name ("Irish Aid") is any word's start ("aide humanitaire")
    assert not names_payer("irish aid", "Le projet est financé à hauteur de 2,4 millions de dollars par la DG de l'aide humanitaire.")


@pytest.mark.parametrize(("question", "kind"), [
    ("Who was the former Sudanese Supreme Court judge chairing the prize jury?", "judge"),
    ("Comment s'appelle le vice-ministre lituanien de l'Intérieur qui était présent ?", "minister"),
    ("Qui est l'ancienne ministre de la Justice ?", "minister"),
])
def test_a_former_holder_or_a_deputy_asks_for_the_role(question, kind):
    assert person_asked(question) == kind


@pytest.mark.parametrize(("question", "members"), [
    ("Who is IOM's chief of mission for the Nordic and Baltic countries?", {"DK", "FI", "IS", "NO", "SE", "EE", "LT", "LV"}),
    ("Quels engagements la déclaration balte contient-elle ?", {"EE", "LT", "LV"}),
    ("Combien de migrants de la Corne de l'Afrique ?", {"DJ", "ER", "ET", "SO"}),
    ("Which Gulf states recruit domestic workers?", {"AE", "BH", "KW", "OM", "QA", "SA"}),
    ("Quels pays du Maghreb ?", {"DZ", "LY", "MA", "MR", "TN"}),
])
def test_a_group_of_countries_people_name_stands_for_its_members(question, members):
    assert places_asked(question).countries == members


@pytest.mark.parametrize(("question", "kind"), [
    ("Which tech firm developed IOM's Sanad app?", "company"),
    ("Which Estonian NGO worked with IOM on the study?", "ngo"),
    ("Quelles ONG égyptiennes prennent en charge les cas signalés ?", "ngo"),
    ("Quel syndicat a critiqué la déclaration ?", "union"),
    ("Qui finance la campagne ?", None),
])
def test_the_kind_of_body_asked(question, kind):
    assert body_kind_asked(question) == kind
    assert question_type(question) == "who"


def test_a_body_asked_by_its_kind_is_named_beside_a_word_of_that_kind():
    question = "Quelles ONG égyptiennes prennent en charge les cas signalés via l'application ?"
    ngo = ("Deux organisations de la société civile, la Fondation Bab Al-Amal et le Centre Wasla, "
           "assurent le suivi des cas signalés.")
    other = "L’application a été développée par Kemet Digital Labs et validée par le Comité national."
    assert type_match("who", ngo, question) == 1.0
    assert type_match("who", other, question) == 0.5
    # no kind asked: any new name is a name
    assert type_match("who", other, "Qui a développé l'application ?") == 1.0


@pytest.mark.parametrize(("question", "kind"), [
    # "qu'est-ce qui" asks for a thing, though a verb a person has follows ("explique")
    ("Qu'est-ce qui explique cette hausse des appels ?", "what"),
    ("Qui a expliqué la hausse des appels ?", "who"),
    # a part of a country asked is a place
    ("Dans quelle partie de la Gambie le manuel a-t-il été expérimenté ?", "where"),
    ("In which part of the country were most victims found?", "where"),
    ("Quelle partie du budget va aux refuges ?", "amount"),
])
def test_a_thing_asked_with_qui_and_a_part_of_a_country(question, kind):
    assert question_type(question) == kind
