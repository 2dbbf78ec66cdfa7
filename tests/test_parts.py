"""A question made of two questions: each part asked on its own, each answered from its release."""

from __future__ import annotations

import pytest
from conftest import CARIBBEAN, UKRAINE

from assistant.answering.parts import merged, parts
from assistant.types import Answer, Citation

TECH = "000_28533a0da6088d55"


@pytest.mark.parametrize("question, releases, quoted", [
    ("Qui finance la campagne de sensibilisation dans les Caraïbes, et quel numéro gratuit a été lancé en Ukraine ?",
     [CARIBBEAN, UKRAINE], ["Département d’État américain", "le 527"]),
    ("Who funds the awareness campaign in the Caribbean, and which companies founded Tech Against Trafficking?",
     [CARIBBEAN, TECH], ["ministère néerlandais de la Justice", "British Telecom (BT)"]),
])
def test_each_part_of_a_two_part_question_is_answered_from_its_own_release(service, question, releases, quoted):
    result = service.ask(question)
    assert not result.abstained
    assert [c.release_id for c in result.citations][:1] == releases[:1]
    assert set(releases) <= {c.release_id for c in result.citations}
    text = " ".join(" ".join(c.quote.split()) for c in result.citations)
    assert all(q in text for q in quoted)


@pytest.mark.parametrize("question, expected", [
    # a second question after the first
    ("Qui finance l'enquête sur les domestiques malgaches, et qui finance le programme dans les Balkans ?",
     ["Qui finance l'enquête sur les domestiques malgaches ?", "Qui finance le programme dans les Balkans ?"]),
    ("Combien de victimes l'OIM a-t-elle aidées en Ukraine, et combien de personnes au total depuis 1990 ?",
     ["Combien de victimes l'OIM a-t-elle aidées en Ukraine ?", "Combien de personnes au total depuis 1990 ?"]),
    # two complements, each with its preposition (as many back as the second holds)
    ("Quels numéros verts sont cités pour l'Ukraine et pour le Laos ?",
     ["Quels numéros verts sont cités pour l'Ukraine ?", "Quels numéros verts sont cités pour le Laos ?"]),
    ("How many victims were identified in Bosnia and Herzegovina in 2022, and in Iraq in 2023?",
     ["How many victims were identified in Bosnia and Herzegovina in 2022 ?",
      "How many victims were identified in Iraq in 2023 ?"]),
    ("Who are IOM's coordinators for the Pacific and for Central Asia?",
     ["Who are IOM's coordinators for the Pacific ?", "Who are IOM's coordinators for Central Asia ?"]),
    ("Combien d'agents ont été formés aux nouvelles procédures, et depuis quand ?",
     ["Combien d'agents ont été formés aux nouvelles procédures ?", "Depuis quand ?"]),
    # a second question opening on a preposition; a second complement on another preposition
    ("Quel bailleur a payé l'étude népalaise sur la mendicité, et pour quel montant ?",
     ["Quel bailleur a payé l'étude népalaise sur la mendicité ?", "Pour quel montant ?"]),
    ("Which hotline numbers are given in the displacement sites and on the supplier farms?",
     ["Which hotline numbers are given in the displacement sites ?", "Which hotline numbers are given on the supplier farms ?"]),
    # the two sides named as such: what comes before the first, with each
    ("Quels gouvernements financent, d'une part, l'étude sur la Mongolie et, d'autre part, le programme au Paraguay ?",
     ["Quels gouvernements financent l'étude sur la Mongolie ?", "Quels gouvernements financent le programme au Paraguay ?"]),
    ("Combien l'UE met-elle, d'une part pour les déplacés au Mozambique, d'autre part pour la déclaration de Palerme ?",
     ["Combien l'UE met-elle pour les déplacés au Mozambique ?", "Combien l'UE met-elle pour la déclaration de Palerme ?"]),
    ("Which donors fund, on the one hand, the survey in Madagascar and, on the other hand, the hotline in Chad?",
     ["Which donors fund the survey in Madagascar ?", "Which donors fund the hotline in Chad ?"]),
    ("D'une part, qui finance ?", []),  # nothing before the first side, no second side
    # a second conjunct repeating the first's opening words
    ("Comparez le nombre de juges formés dans les Balkans et le nombre d'hôtesses formées à Addis-Abeba.",
     ["Comparez le nombre de juges formés dans les Balkans ?", "Comparez le nombre d'hôtesses formées à Addis-Abeba ?"]),
    ("Quelle est la part des femmes et la part des enfants parmi les victimes ?",
     ["Quelle est la part des femmes ?", "Quelle est la part des enfants parmi les victimes ?"]),
    ("Qui sont les hommes et les femmes cités ?", []),
    # one question: no second interrogative, no second complement, a complement that goes on
    ("Qui finance la campagne de sensibilisation dans les Caraïbes ?", []),
    ("Combien d'hommes et de femmes ont été aidés ?", []),
    ("Quelles sont les conclusions de l'étude de l'ASEAN et de l'OIM, présentée à Vientiane ?", []),
    ("Et qui ?", []),
])
def test_the_parts_of_a_question(question, expected):
    assert parts(question) == expected


def _answer(*releases: str, abstained: bool = False) -> Answer:
    cites = [Citation(release_id=r, title="", quote=f"q{i}", score=1.0, start=i, end=i + 1) for i, r in enumerate(releases)]
    return Answer(text="", citations=cites, abstained=abstained, question="Q", language="fr")


def test_the_parts_answers_replace_the_whole_only_when_they_come_from_releases_it_does_not_all_quote():
    whole = _answer("A")
    both = merged(whole, [_answer("A", "A"), _answer("B")], "fr")
    assert [c.release_id for c in both.citations] == ["A", "A", "B"] and "[3]" in both.text
    assert merged(whole, [_answer("A"), _answer("A")], "fr") is whole  # one release: the question at once
    assert merged(whole, [_answer("A"), _answer(abstained=True)], "fr") is whole
    # the question asked at once refused: what its parts' answers say, from one release too
    refused = _answer(abstained=True)
    assert [c.release_id for c in merged(refused, [_answer("A"), _answer(abstained=True)], "fr").citations] == ["A"]
    assert merged(refused, [_answer(abstained=True), _answer(abstained=True)], "fr") is refused
    assert merged(_answer("A", "B"), [_answer("A"), _answer("B")], "fr").citations == _answer("A", "B").citations
