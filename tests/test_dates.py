"""The day of something still to come is after the day its release was published.

"À quelle date l'accord doit-il entrer en vigueur ?" is not answered by the day the accord was
signed, the release's own dateline or "hier": those are days of what has been. The release
below is invented for this test (a dated dateline, which the shipped releases lack).
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import copy_releases, open_service

from assistant.answering import slots
from assistant.text.dates import gives_day, published_on, what_is_to_come

RELEASE = """Togo : l'OIM et le ministère de l'Action sociale signent un accord contre la traite des enfants
Lomé, le 12 mars 2024 – L'OIM et le ministère de l'Action sociale du Togo ont signé hier
à Lomé un accord de coopération pour la protection des enfants victimes de la traite
dans les régions des Savanes et de la Kara.
L'accord a été signé le 11 mars 2024 par la ministre de l'Action sociale, Ama Kpodar,
et par le chef de mission de l'OIM au Togo, Henri Dossou-Kaboré.
Le foyer d'accueil de Dapaong, rénové avec l'appui de l'OIM, a rouvert ses portes le
4 mars 2024 et peut héberger 30 enfants.
Une ligne d'assistance gratuite destinée aux familles doit suivre, et 120 travailleurs
sociaux seront formés d'ici la fin de l'année.
« Chaque enfant retrouvé est une famille qui se reconstruit », a déclaré Ama Kpodar.
"""


def test_the_publication_day_is_read_from_the_dateline():
    assert published_on("Titre\nLomé, le 12 mars 2024 – L'OIM …") == date(2024, 3, 12)
    assert published_on("Nairobi – L'OIM a inauguré mercredi …") is None
    published = date(2024, 3, 12)

    def day_to_come(text: str, published: date | None) -> bool:
        return gives_day(what_is_to_come(text, published))

    assert day_to_come("La ligne sera inaugurée le 2 mai à Kara.", published)
    assert day_to_come("La ligne sera inaugurée le 2 mai 2025.", published)
    assert not day_to_come("Lomé, le 12 mars 2024 – L'OIM a signé hier un accord.", published)
    assert not day_to_come("Le foyer a rouvert ses portes le 4 mars 2024.", published)
    # without a publication day, any day but the release's own ("hier", "aujourd'hui")
    assert day_to_come("Le foyer a rouvert ses portes le 4 mars 2024.", None)
    assert not day_to_come("L'OIM a signé hier un accord.", None)
    # today with either apostrophe ("survivante de la traite aujourd’hui médiatrice …")
    assert gives_day("Elle est aujourd’hui médiatrice.") and gives_day("Elle est aujourd'hui médiatrice.")
    assert not day_to_come("Joy, survivante aujourd’hui médiatrice, a pris la parole.", published)
    assert not day_to_come("Joy, survivante aujourd’hui médiatrice, a pris la parole.", None)
    # years and months before the release's are of the past; its own year may still be to come
    assert "2016" not in what_is_to_come("Quand je suis arrivée en Sicile en 2016, personne …", published)
    assert "2024" in what_is_to_come("d'ici la fin de 2024", published)
    assert "fevrier" not in what_is_to_come("Lancé en février 2024, le fonds …", published)
    assert "l'annee derniere" not in what_is_to_come("L'année dernière, 40 victimes …", published)


def test_a_span_of_months_or_a_time_gone_by_dates_what_has_been():
    """The first month of a span whose year follows the second ("entre mars et octobre 2024") is
    of that year, and a time counted up to now ("dirigeait depuis neuf ans", "il y a deux ans")
    is of the past: neither dates what is still to come ("Quand doit paraître l'enquête ?")."""
    published = date(2025, 2, 3)
    assert not slots.type_match("when", "Les enquêteurs ont interrogé 1 240 travailleurs entre mars et octobre 2024.",
                                "Quand doit paraître la seconde enquête ?", published)
    assert slots.type_match("when", "La seconde enquête paraîtra entre mars et mai 2025.",
                            "Quand doit paraître la seconde enquête ?", published)
    assert not slots.type_match("when", "M. Al-Obaidi dirigeait depuis neuf ans le bureau de Bassora.",
                                "Quand le refuge de Bassora doit-il ouvrir ?", published)
    assert not slots.type_match("when", "Le projet a commencé il y a deux ans.", "When will the project end?", published)
    assert slots.type_match("when", "Le refuge ouvrira dans trois mois.", "Quand le refuge doit-il ouvrir ?", published)
    # a question about what has been still reads them as dates
    assert slots.type_match("when", "M. Al-Obaidi dirigeait depuis neuf ans le bureau de Bassora.",
                            "Depuis quand dirigeait-il le bureau ?", published)


def test_the_day_of_what_has_been_is_not_one_still_to_come():
    """"Quel jour s'est tenue la soirée de lancement ?" in a release of 12 June: "mercredi 11 juin"
    answers, a forum that "réunira le 20 juin" does not, nor does "demain" or "l'an prochain"."""
    published = date(2025, 6, 12)
    question = "Quel jour s'est tenue la soirée de lancement de la campagne ?"
    assert slots.type_match("when", "L'OIM a lancé mercredi 11 juin, au Teatro Solís, la campagne.", question, published)
    assert not slots.type_match("when", "Un forum réunira le 20 juin des procureurs des deux pays.", question, published)
    assert not slots.type_match("when", "La caravane partira demain pour Rivera.", question, None)
    assert not slots.type_match("when", "Une évaluation est prévue en mars 2026.", "Quand l'accord a-t-il été signé ?", published)
    assert slots.type_match("when", "L'accord a été signé en mars 2025.", "When was the agreement signed?", published)
    # a question about what is to come reads them as before
    assert slots.type_match("when", "Un forum réunira le 20 juin des procureurs.", "Quel jour aura lieu le forum ?", published)


def test_only_a_question_about_what_is_to_come_asks_for_a_day_after_publication():
    published = date(2024, 3, 12)
    signed = "L'accord a été signé le 11 mars 2024 par la ministre."
    assert slots.type_match("when", signed, "À quelle date l'accord a-t-il été signé ?", published) == 1.0
    assert slots.type_match("when", signed, "À quelle date l'accord doit-il entrer en vigueur ?", published) == 0.0
    assert slots.type_match("when", signed, "On what date will the agreement enter into force?", published) == 0.0


@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    store = tmp_path_factory.mktemp("dated")
    releases = copy_releases(store / "releases")
    (releases / "togo_accord.txt").write_text(RELEASE, encoding="utf-8")
    service = open_service(store)
    service.ingest([releases])
    return service


@pytest.mark.parametrize("question, expected", [
    ("À quelle date l'accord entre l'OIM et le ministère togolais de l'Action sociale a-t-il été signé ?", "11 mars"),
    ("À quelle date l'accord entre l'OIM et le ministère togolais de l'Action sociale doit-il entrer en vigueur ?",
     None),
    ("À quelle date le foyer de Dapaong sera-t-il agrandi ?", None),
])
def test_a_day_of_what_has_been_does_not_date_what_is_to_come(dated, question, expected):
    """The release gives days of what has been only: they answer when it was done, not when
    something is to come (a day still to come answers that: the type test above)."""
    a = dated.ask(question)
    if expected is None:
        assert a.abstained, [c.quote for c in a.citations]
    else:
        assert not a.abstained and a.citations[0].release_id == "togo_accord", a.text
        assert expected in a.citations[0].quote


@pytest.mark.parametrize("question", [
    "À quelles dates ont eu lieu les vols de retour vers Yangon ?",
    "Which dates were the return flights on?",
    "En quelles années le programme a-t-il été reconduit ?",
])
def test_dates_asked_in_the_plural_ask_when(question):
    """A plural asks the same kind as the singular: days of the calendar (one or several)."""
    assert slots.question_type(question) == "when"
    assert slots.type_match("when", "Les pêcheurs sont rentrés en trois groupes, les 13, 20 et 27 février 2024.",
                            question) == 1.0


def test_when_something_is_to_come_a_year_before_the_release_is_no_answer():
    published = date(2025, 5, 6)
    question = "D'ici quand les ports de débarquement devront-ils disposer d'équipes formées ?"
    arrived = "« Quand je suis arrivée en Sicile en 2016, personne ne m'a demandé qui avait payé mon voyage."
    assert slots.type_match("when", arrived, question, published) == 0.0
    assert slots.type_match("when", arrived, "Quand est-elle arrivée en Sicile ?", published) == 1.0
    assert slots.type_match("when", "Les ports devront en disposer d'ici la fin de 2026.", question, published) == 1.0
    assert slots.type_match("when", "La plateforme ouvrira l'année prochaine.", question, published) == 1.0
    assert slots.type_match("when", "L'année dernière, 40 victimes ont été orientées.", question, published) == 0.0


def test_a_weekday_goes_with_its_day():
    """"le samedi 9 mars" is one day, of the past in a release of 26 March: its weekday is no
    day of its own still to come."""
    held = "Le concert de lancement s'est tenu le samedi 9 mars au stade de Cúcuta."
    question = "À quelle date est prévu le second concert de la campagne ?"
    assert slots.type_match("when", held, question, date(2024, 3, 26)) == 0.0
    assert slots.type_match("when", "Le second concert aura lieu le samedi 13 avril.", question, date(2024, 3, 26)) == 1.0


@pytest.mark.parametrize("question", [
    "On what exact dates will the Honiara workshop for prosecutors be held?",
    "Quel jour la ligne d'assistance sera-t-elle inaugurée ?",
    "À quelle date précise l'atelier aura-t-il lieu ?",
    "Quelle est la date de la prochaine réunion ?",
])
def test_a_day_asked_in_other_words_is_a_day_asked(question):
    """"what exact dates", "quel jour", "quelle est la date": a day of the calendar, which a half
    year ("au second semestre 2025") does not give."""
    assert slots.question_type(question) == "when"
    half_year = "Un second atelier, destiné aux procureurs et aux juges, est prévu à Honiara au second semestre 2025."
    assert slots.type_match("when", half_year, question) == 0.0
    assert slots.type_match("when", "L'atelier se tiendra le 14 octobre à Honiara.", question) == 1.0


def test_a_year_since_which_something_holds_dates_no_time_to_come():
    """"When will the training take place?" is not answered by "la juge, qui siège depuis 2011":
    a year or a day after "depuis" / "since" dates what has been, even in a release without a
    dateline; a year alone may still be to come."""
    left = what_is_to_come("La formation a été animée par la juge Saidova, qui siège depuis 2011, "
                           "et par M. Abenov, en poste depuis le 1er mars 2020.", None)
    assert "2011" not in left and "2020" not in left
    assert "2026" in what_is_to_come("Une nouvelle session se tiendra en 2026.", None)
    assert "2019" not in what_is_to_come("IOM has run the line since March 2019.", None)
