"""What an acronym stands for: the sentence that spells it out, or "the releases do not say"."""

from __future__ import annotations

import pytest

from assistant.answering.acronyms import asked, glosses

TECH = "000_28533a0da6088d55"
ASEAN_STUDY = "001_4f2cdcae036ebb31"
PARTNERS = "004_b9cef8411c10c3ca"


@pytest.mark.parametrize(("question", "release", "spelled_out"), [
    ("Que veut dire le sigle SOMTC ?", ASEAN_STUDY, "Réunion des hauts responsables de l'ASEAN sur la criminalité transnationale (SOMTC)"),
    ("que signifie somtc ?", ASEAN_STUDY, "Réunion des hauts responsables de l'ASEAN sur la criminalité transnationale (SOMTC)"),
    ("What does ICAT stand for?", PARTNERS, "Groupe interinstitutions de coordination contre la traite des personnes (ICAT)"),
    ("À quoi correspond l'acronyme RESPECT ?", TECH, "Coalition against Trafficking Initiative (RESPECT)"),
    ("What does BT stand for?", TECH, "British Telecom (BT)"),
])
def test_an_acronym_asked_is_answered_by_the_sentence_spelling_it_out(service, question, release, spelled_out):
    result = service.ask(question)
    assert not result.abstained
    first = result.citations[0]
    assert first.release_id == release
    assert spelled_out in " ".join(first.quote.split())
    assert len(result.citations) == 1  # the gloss is the answer; other uses of the acronym add nothing


@pytest.mark.parametrize("question", ["Que signifie ASEAN ?", "What does ASEAN stand for?"])
def test_an_acronym_the_releases_use_without_spelling_it_out_is_not_answered(service, question):
    # the ASEAN study's release says "l'ASEAN" six times and never what the letters stand for
    assert service.ask(question).abstained


def test_who_an_acronym_is_asked_in_other_words_gets_its_gloss(service):
    result = service.ask("Qu'est-ce que le SOMTC ?")
    assert "criminalité transnationale (SOMTC)" in " ".join(result.citations[0].quote.split())


@pytest.mark.parametrize(("question", "acronym", "strict"), [
    ("Que signifie NAPTIP ?", "NAPTIP", True),
    ("Que veut dire le sigle SOMTC ?", "SOMTC", True),
    ("Que signifie l'acronyme ANAPEC ?", "ANAPEC", True),
    ("Quelle est la signification du sigle CPLP ?", "CPLP", True),
    ("De quoi NAPTIP est-il le sigle ?", "NAPTIP", True),
    ("NAPTIP, ça veut dire quoi ?", "NAPTIP", True),
    ("What does the acronym AECID mean?", "AECID", True),
    ("What does ICAT stand for?", "ICAT", True),
    ("que signifie naptip ?", "NAPTIP", True),
    ("What is NAPTIP?", "NAPTIP", False),
    ("Qu'est-ce que la KOICA ?", "KOICA", False),
])
def test_the_acronym_whose_meaning_is_asked(question, acronym, strict):
    found = asked(question)
    assert found is not None and (found.acronym, found.strict) == (acronym, strict)


@pytest.mark.parametrize("question", [
    "Qui finance la campagne ?", "What is the budget?", "What is IOM doing in Ukraine?", "Qui est Anh Nguyen ?",
])
def test_a_question_not_after_a_meaning_asks_no_acronym(question):
    assert asked(question) is None


def test_a_sentence_glosses_an_acronym_by_its_long_form_or_words_after_it():
    assert glosses("NAPTIP", "l'Agence nationale pour l'interdiction de la traite des\npersonnes (NAPTIP), qui")
    assert glosses("NIRAPAD", "le programme NIRAPAD (« sûr » en bengali) s'appuie")
    assert glosses("NFA", "l'Autorité nationale des pêches (NFA, National Fisheries Authority)")
    assert not glosses("NFA", "la NFA (2025) intégrera un module")
    assert not glosses("NIRAPAD", "le programme NIRAPAD (2021-2025) s'appuie")
    assert not glosses("NAPTIP", "la formation de 200 agents de la NAPTIP, de la police")
