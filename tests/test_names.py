"""A question's acronym that its release writes in full ("l'UE": "l'Union européenne"), and the
release's names a question's other spellings are matched against (answering/names.py)."""

from __future__ import annotations

import pytest

from assistant.answering.names import NameMatcher, release_names, spelled_near, spells_out

CHAD = ("Abéché – L'OIM a ouvert six espaces sûrs dans l'est du Tchad. Une équipe les anime. "
        + "Les réfugiés y trouvent une écoute confidentielle et une orientation vers les services. " * 4
        + "Le projet est financé à hauteur de 2,4 millions de dollars par la Direction générale "
        "de la protection civile et des opérations d'aide humanitaire européennes (ECHO) de\n"
        "l'Union européenne.")


@pytest.mark.parametrize(("acronym", "text"), [
    ("UE", "financé par l'Union européenne"),
    ("UE", "financé par l'Union\neuropéenne"),  # a hard wrap inside the name
    ("EU", "financé par l'Union européenne"),  # English order: the adjective first
    ("CEDEAO", "la Communauté économique des États de l'Afrique de l'Ouest"),  # "des" gives its D
    ("OIT", "l'Organisation internationale du Travail"),
    ("ECOWAS", "the Economic Community of West African States"),
])
def test_an_acronym_written_in_full_is_found(acronym, text):
    assert spells_out(acronym, text)


@pytest.mark.parametrize(("acronym", "text"), [
    ("UE", "Une enquête a été menée"),  # a sentence's opening stop word names nothing
    ("UE", "une enquête a été menée"),  # nor do words in lower case
    ("UE", "l'Union africaine"),
    ("OIT", "l'Organisation internationale pour les migrations"),
    ("CEDEAO", "la Communauté d'Afrique de l'Est"),
])
def test_other_words_do_not_spell_the_acronym(acronym, text):
    assert not spells_out(acronym, text)


def test_an_acronym_is_near_the_sentence_that_names_its_full_form():
    sentence = CHAD.index("Le projet")
    assert spelled_near("UE", CHAD, sentence, len(CHAD))
    assert not spelled_near("UE", CHAD, 0, CHAD.index("Une équipe"))  # more than 250 characters before it
    assert not spelled_near("Tchad", CHAD, 0, len(CHAD))  # only acronyms are spelled out


def test_the_release_names_put_acronyms_first_and_leave_out_sentence_openings():
    names = release_names(CHAD)
    assert names[0] == "ECHO"
    assert "Union" in names and "Tchad" in names and "Direction" in names
    assert "Une" not in names and "Le" not in names
    assert "L'Union" not in names  # the elided article is no part of the name


def test_an_acronym_no_release_writes_counts_as_mentioned_where_it_is_spelled_out(service):
    matcher = NameMatcher(service.store.embedder)
    mentioned = {"chad": {"Tchad"}, "other": set()}
    matcher.count_paraphrases(["UE", "Tchad"], mentioned, {"chad": CHAD, "other": "Au Cameroun, l'OIM aide 180 femmes."},
                              [("chad", "h1"), ("other", "h2")])
    assert mentioned == {"chad": {"Tchad", "UE"}, "other": set()}
