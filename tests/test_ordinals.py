"""A step of a sequence asked ("la deuxième phase"): the answer speaks of that step, not of the one before."""

from __future__ import annotations

import pytest
from conftest import copy_releases, open_service

from assistant.text.normalize import fold
from assistant.text.ordinals import ordinal_pattern, ordinals_asked, said_of

GUINEA = "900_0123456789abcdef"
# a release with two phases: the first's budget and results, the second's start and reach, no budget
RELEASE = """Guinée : l'OIM prolonge son programme de réintégration des victimes de la traite
Conakry, le 4 avril 2024 – L'Organisation internationale pour les migrations (OIM) a annoncé
aujourd'hui la prolongation de son programme de réintégration des victimes de la traite en
Guinée, lancé en 2021 avec le soutien du ministère allemand de la Coopération économique.
La première phase du programme, dotée de 2,4 millions d'euros, a permis d'accompagner 1 150
victimes de retour de Libye et d'Algérie entre 2021 et 2023, dont 380 mineurs. Les bénéficiaires
ont reçu une aide au logement, une formation professionnelle et un soutien psychosocial.
Selon l'évaluation finale, 72 pour cent d'entre eux exerçaient une activité rémunérée un an après
leur retour, contre 41 pour cent au début du programme.
Une deuxième phase débutera en septembre 2024 et s'étendra aux régions de Kankan et de Nzérékoré,
d'où partent aujourd'hui la plupart des jeunes recrutés par les réseaux de passeurs.
Elle mettra l'accent sur les femmes victimes d'exploitation domestique et sur les enfants non
accompagnés, avec un nouveau centre d'accueil à Kankan.
« Les victimes que nous avons accompagnées sont devenues les meilleures ambassadrices de la
prévention dans leurs villages », a déclaré Mariama Condé, cheffe de mission de l'OIM en Guinée.
Pour plus d'informations, veuillez contacter :
Ibrahima Sow
OIM Conakry
Tél : +224 621 00 00 00
Email : isow@iom.int
"""
FIRST = "La première phase du programme, dotée de 2,4 millions d'euros"
SECOND = "Une deuxième phase débutera en septembre 2024"


@pytest.fixture(scope="module")
def phases(tmp_path_factory):
    store = tmp_path_factory.mktemp("phases")
    copy_releases(store / "releases")
    (store / "releases" / f"{GUINEA}.txt").write_text(RELEASE, encoding="utf-8")
    service = open_service(store)
    service.ingest([str(store / "releases")], progress=False)
    return service


def _quotes(result) -> str:
    return " ".join(" ".join(c.quote.split()) for c in result.citations)


@pytest.mark.parametrize("question", [
    "Quel est le budget de la deuxième phase du programme en Guinée ?",
    "How much money does the second phase in Guinea have?",
])
def test_a_sum_asked_of_the_second_phase_is_not_the_first_phases(phases, question):
    # the release gives the first phase's budget and none for the second: not answered
    result = phases.ask(question)
    assert FIRST not in _quotes(result)
    assert result.abstained


@pytest.mark.parametrize("question", [
    "Quand la seconde phase du programme guinéen doit-elle commencer ?",
    "Où s'étendra la deuxième phase en Guinée ?",
])
def test_the_second_phase_asked_is_answered_by_what_the_release_says_of_it(phases, question):
    result = phases.ask(question)
    assert result.citations[0].release_id == GUINEA
    assert SECOND in _quotes(result)


def test_the_first_phase_asked_is_still_answered(phases):
    result = phases.ask("Combien de victimes la première phase a-t-elle aidées en Guinée ?")
    assert FIRST in _quotes(result) and "1 150" in _quotes(result)


@pytest.mark.parametrize(("question", "steps"), [
    ("Quel est le budget de la deuxième phase ?", ["2:phase"]),
    ("Que prévoit la seconde phase ?", ["2:phase"]),
    ("What will the second phase cover?", ["2:phase"]),
    ("Combien de participants à la troisième édition ?", ["3:edition"]),
    ("Who took part in the first round?", ["1:cycle"]),
    ("Qui est le premier ministre ?", []),
    ("Est-ce la première fois ?", []),
])
def test_the_steps_a_question_names_by_rank(question, steps):
    assert ordinals_asked(question) == steps


@pytest.mark.parametrize(("text", "named"), [
    ("Une deuxième phase, prévue", True),
    ("une seconde phase du programme", True),
    ("la phase II du projet", True),
    ("la phase 2", True),
    ("la première phase", False),
    ("la phase 20", False),
])
def test_a_text_names_the_second_phase_in_any_of_its_words(text, named):
    assert bool(ordinal_pattern("2:phase").search(fold(text))) is named


def test_a_sentence_speaks_of_a_step_when_it_or_the_lines_before_it_name_it():
    assert said_of({"2:phase"}, "Elle mettra l'accent sur les femmes.", "Une deuxième phase débutera en 2024.")
    assert not said_of({"2:phase"}, "La première phase, dotée de 2,4 millions d'euros.", "lancé en 2021.")
    assert said_of(set(), "Any sentence.", "")


def test_a_sentence_speaks_of_a_step_the_sentence_after_it_says_it_was_of():
    figure = "Un an après, 143 des 180 survivantes font toujours fonctionner leur entreprise, soit 79 %."
    said = " C'est l'un des principaux résultats de l'évaluation de la première phase du fonds. La suite"
    assert said_of({"1:phase"}, figure, "", said)
    # only a sentence that says what the one before was; not one that goes on to the next step
    assert not said_of({"1:phase"}, figure, "", " La première phase s'achèvera en 2024.")
    assert not said_of({"2:phase"}, figure, "", " Cette deuxième phase débutera en 2025.")
    # and only its first sentence
    assert not said_of({"1:phase"}, figure, "", " C'est un succès. La première phase s'achève.")
