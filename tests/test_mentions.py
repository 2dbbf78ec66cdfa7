"""One rule for "a text mentions this name or number", shared by both answerers, with the
English names of places and peoples read from CLDR (Babel) rather than from a list of ours."""

from __future__ import annotations

import pytest

from assistant.text.facts import is_house, mentions
from assistant.text.normalize import fold


@pytest.mark.parametrize(("term", "text"), [
    ("Netherlands", "le ministère de la Justice des Pays-Bas"),
    ("Dutch", "le ministère néerlandais de la Justice"),
    ("Swedish", "financé par la Suède"),
    ("Caribbean", "dans la région des Caraïbes"),
    # places no question of ours names: known as well
    ("Lebanon", "des travailleuses domestiques au Liban"),
    ("Morocco", "un accord avec le Maroc"),
    ("Hungary", "à la frontière de la Hongrie"),
    ("Norwegian", "le gouvernement norvégien"),
    ("March", "le 12 mars 2008"),
    ("Cambodia", "l'OIM au Cambodge"),  # a shared 5-letter start
    ("Ukrainian", "les opérateurs d'Ukraine"),
])
def test_an_english_name_is_found_in_the_french_words_for_it(term, text):
    assert mentions(term, fold(text))


@pytest.mark.parametrize(("term", "text"), [
    ("Netherlands", "le ministère belge de la Justice"),
    ("Lebanon", "au Libéria"),
    ("Swedish", "financé par la Suisse"),
    ("2008", "en 20081"),
    ("Zorblax017", "le programme Zorblax019"),
])
def test_a_name_or_number_is_not_found_where_it_is_not(term, text):
    assert not mentions(term, fold(text))


def test_the_organisation_s_own_names_are_no_facts():
    assert all(is_house(w) for w in ("OIM", "IOM", "Nations", "États", "membres", "Organisation"))
    assert not any(is_house(w) for w in ("Tchad", "Caraïbes", "ASEAN"))
