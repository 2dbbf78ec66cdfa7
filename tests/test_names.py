"""A question's acronym that its release writes in full ("l'UE": "l'Union européenne"), a name
the question writes in full that its release gives as an acronym ("the Southern African
Development Community": "SADC"), and the release's names a question's other spellings are
matched against (answering/names.py)."""

from __future__ import annotations

import pytest

from assistant.answering.names import NameMatcher, acronyms_spelled, release_names, spells_out, written_near
from assistant.text.normalize import fold

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


def _near(term: str, text: str, start: int, end: int, acronyms: dict | None = None) -> bool:
    window = fold(text[max(0, start - 250) : end + 250])
    return written_near(term, window, text, start, end, acronyms or {})


def test_an_acronym_is_near_the_sentence_that_names_its_full_form():
    sentence = CHAD.index("Le projet")
    assert _near("UE", CHAD, sentence, len(CHAD))
    assert not _near("UE", CHAD, 0, CHAD.index("Une équipe"))  # more than 250 characters before it
    assert _near("Tchad", CHAD, 0, CHAD.index("Une équipe"))  # a name as written
    assert not _near("Tchad", CHAD, sentence + 400, len(CHAD))


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


SADC = ("Gaborone – L'OIM et la SADC ont signé un accord. " + "Il porte sur les données de la traite. " * 8
        + "L'accord a été signé par Tumelo Ramokgadi, secrétaire exécutif adjoint de la SADC.")


def test_a_name_the_question_writes_in_full_is_the_acronym_its_release_writes():
    question = "Who signed the agreement on behalf of the Southern African Development Community?"
    assert acronyms_spelled(question, SADC) == {w: "SADC" for w in ("southern", "african", "development", "community")}
    assert acronyms_spelled("Who signed the agreement in southern Africa?", SADC) == {}
    # a release's acronym of two letters is no name to spell ("UE" in "Union européenne" is read the other way)
    assert acronyms_spelled("Combien l'Union européenne donne-t-elle ?", "financé par l'UE") == {}


def test_the_words_of_a_name_given_by_its_acronym_count_as_mentioned_and_near_it(service):
    matcher = NameMatcher(service.store.embedder)
    question = "Who signed the agreement on behalf of the Southern African Development Community?"
    mentioned = {"sadc": set()}
    aliases = matcher.count_paraphrases(["Southern", "African"], mentioned, {"sadc": SADC}, [("sadc", "h")], question)
    assert mentioned == {"sadc": {"Southern", "African"}}
    assert aliases == {"Southern": {"SADC"}, "African": {"SADC"}}
    signed = SADC.index("L'accord a été signé")
    assert _near("Southern", SADC, signed, len(SADC), aliases)
    assert not _near("Southern", SADC, signed, len(SADC))  # (without the acronym it stands for)


def test_a_question_naming_in_english_what_a_release_writes_as_an_acronym_is_answered(service):
    """The shipped ASEAN release writes "le Secrétaire général de l'ASEAN, le Général Ong Keng
    Yong"; the English question spells ASEAN out, and each of its words was far from that
    sentence, so it was refused."""
    answer = service.ask("Who is the Secretary-General of the Association of South-East Asian Nations?")
    assert not answer.abstained
    assert answer.citations[0].release_id == "001_4f2cdcae036ebb31"
    assert "Ong Keng Yong" in answer.citations[0].quote
