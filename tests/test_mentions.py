"""One rule for "a text mentions this name or number", shared by both answerers, with the
English names of places and peoples read from CLDR (Babel) rather than from a list of ours."""

from __future__ import annotations

import pytest

from assistant.answering.specifics import specific_terms
from assistant.answering.years import asked_years
from assistant.text.facts import is_house, mentions, ungrouped
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
    ("Batumi", "le tribunal de Batoumi"),
    ("Ganja", "un refuge à Gandja, deuxième ville du pays"),
    ("Dushanbe", "à Douchanbé, la capitale"),
    ("Tbilisi", "le parquet de Tbilissi"),
    ("Chernivtsi", "la région de Tchernivtsi"),
    ("Samarkand", "à Samarcande et à Noukous"),
    ("Nukus", "à Samarcande et à Noukous"),
    ("Yerevan", "signé à Erevan"),
    ("Juba", "à Djouba, au Soudan du Sud"),
])
def test_a_name_transliterated_from_another_script_is_found_in_its_french_spelling(term, text):
    assert mentions(term, fold(text))


@pytest.mark.parametrize(("term", "text"), [
    ("Ganja", "le refuge de Bakou"),
    ("Batumi", "la ville de Batman"),
    ("Odesa", "les odes du poète"),  # a short common word is no name
])
def test_a_transliteration_does_not_match_another_name(term, text):
    assert not mentions(term, fold(text))


@pytest.mark.parametrize(("term", "text"), [
    ("Netherlands", "le ministère belge de la Justice"),
    ("Lebanon", "au Libéria"),
    ("Swedish", "financé par la Suisse"),
    ("2008", "en 20081"),
    ("Zorblax017", "le programme Zorblax019"),
    # a number is not a piece of a longer one, however it is grouped
    ("2000", "12 000 personnes"),
    ("2000", "2 000 000 de dollars"),
    ("2000", "en 2019, 32 000 victimes"),
    ("527", "le 5 270"),
    # an acronym is a name, whole: not the start of a common word
    ("RESPECT", "des opérateurs renommés et respectés"),
    ("1.4", "11,4 millions"),
    ("1.4", "1,45 million"),
])
def test_a_name_or_number_is_not_found_where_it_is_not(term, text):
    assert not mentions(term, fold(text))


def test_the_organisation_s_own_names_are_no_facts():
    assert all(is_house(w) for w in ("OIM", "IOM", "Nations", "États", "membres", "Organisation"))
    assert not any(is_house(w) for w in ("Tchad", "Caraïbes", "ASEAN"))


@pytest.mark.parametrize(("term", "text"), [
    ("2000", "a permis de libérer 2 000 personnes"),
    ("2000", "a permis de libérer 2\u00a0000 personnes"),  # a no-break space, as the site writes it
    ("2000", "helped free 2,000 people"),
    ("100000", "près de 100000 spectateurs"),
    ("100000", "près de 100 000 spectateurs"),
    ("1500000", "1.500.000 euros"),
    ("2008", "en 2008, 1 650 victimes"),
    ("1.4", "que 1,4 à 2,1 millions de femmes"),
    ("2,1", "que 1,4 à 2,1 millions de femmes"),
])
def test_a_number_is_found_by_its_value_however_the_text_groups_its_thousands(term, text):
    assert mentions(term, fold(text))


@pytest.mark.parametrize(("question", "number"), [
    ("Quelle agence de presse a participé à la libération de 2 000 personnes ?", "2000"),
    ("Which news agency helped free 2,000 people?", "2000"),
    ("Which news agency helped free 2000 people?", "2000"),
    ("Combien de femmes sur les 1 650 victimes ?", "1650"),
])
def test_a_question_s_number_is_one_number_however_it_is_grouped(question, number):
    # "2 000" is not the number "000" (nor "2"), and "2,000" not a code to match as written
    assert [t for t in specific_terms(question) if any(c.isdigit() for c in t)] == [number]


def test_a_decimal_or_a_plain_number_is_left_as_written():
    assert ungrouped("1,5 million en 2019, le 527, 2 000 appels") == "1,5 million en 2019, le 527, 2000 appels"


@pytest.mark.parametrize(("question", "years"), [
    ("Quelle agence a participé à la libération de 2000 personnes ?", []),
    ("Which news agency helped free 2000 people?", []),
    ("Which agency took part in the release of 2000 people?", []),
    ("Combien de victimes en 2006 ?", ["2006"]),
    ("How many victims in 2019 were helped?", ["2019"]),
    ("In 2019 victims were helped: how many?", ["2019"]),  # a word of time before it dates
    ("Combien de victimes entre 2019 et 2023 ?", ["2019", "2023"]),
    ("Quels chiffres pour 2023 ?", ["2023"]),
    # a span written as one names a plan's or a phase's period, not a year the figure is of
    ("Quelle enveloppe Panama consacre-t-il à sa feuille de route pour 2025-2029 ?", []),
    ("Combien l'UE a-t-elle mis dans la phase 2017–2021 ?", []),
])
def test_a_year_like_number_that_counts_the_word_after_it_is_no_year(question, years):
    assert asked_years(question) == years


def test_a_question_s_acronym_is_kept_as_written_to_be_found_whole():
    assert specific_terms("How many victims did the RESPECT initiative identify?") == ["RESPECT"]
    assert specific_terms("Quel rapport l'ASEAN a-t-elle publié avec TRAFIK-24 ?") == ["ASEAN", "trafik-24"]
    assert mentions("RESPECT", fold("l'Initiative Responsible and Ethical Private Sector Coalition (RESPECT)"))


@pytest.mark.parametrize(("question", "terms"), [
    ("Who will meet in Washington on 19/04?", ["Washington"]),
    ("Qui se réunira à Washington le 19.04.2007 ?", ["2007", "Washington"]),
    ("Qui se réunira le 19/04/07 ?", []),
    # a code, a range of years and a decimal are no dates
    ("Quel numéro, le 1-800-555-0199 ?", ["1-800-555-0199"]),
    ("Combien en 2007/2008 ?", ["2007/2008"]),
    ("How many, 1.4 million?", ["1.4"]),
])
def test_a_date_typed_in_digits_is_no_code_to_find_as_written(question, terms):
    # the release writes "le 19 avril": only the year of such a date is a fact to look up
    assert specific_terms(question) == terms


def test_a_texts_vocabulary_answers_as_a_pass_over_its_words_would():
    """``Vocabulary.has_same_word`` looks a word up by stem, people, unit and 5-letter start
    instead of comparing it with every word of a release: the same answer as that pass, for
    every word of the shipped releases and the words of units and peoples in either language."""
    import re

    from conftest import SHIPPED

    from assistant.answering.figures import Vocabulary, same_word
    from assistant.ingest.parse import parse_file

    texts = [fold(parse_file(path).text) for path in sorted(SHIPPED.glob("*.txt"))]
    words = sorted({w for t in texts for w in re.findall(r"\w+", t)})
    probes = words[::3] + ["ans", "years", "annees", "mois", "months", "malians", "maliens", "dutch",
                           "neerlandais", "filipinos", "victims", "officiellement", "ukrainians", "caraibes"]
    hits = 0
    for text in texts:
        own = frozenset(re.findall(r"\w+", text))
        vocabulary = Vocabulary(own)
        for word in probes:
            expected = any(same_word(a, word) for a in own)
            assert vocabulary.has_same_word(word) == expected, word
            hits += expected
    assert 0 < hits < len(texts) * len(probes)  # both answers occur


@pytest.mark.parametrize(("term", "text", "found"), [
    # an international body's acronym that English and French write with other letters
    ("NGO", "la ligne gérée par l'ONG Lusavor Kayan", True),
    ("ILO", "les indicateurs de travail forcé de l'OIT", True),
    ("ECOWAS", "les 15 États membres de la CEDEAO", True),
    ("UNHCR", "avec le HCR et l'UNICEF", True),
    ("ONG", "the NGO that runs the shelter", True),
    # whole, as any acronym: not inside a word
    ("NGO", "un long voyage", False),
    ("ILO", "les indicateurs de travail forcé de l'OIM", False),
])
def test_an_acronym_is_found_as_the_other_language_writes_it(term, text, found):
    assert mentions(term, fold(text)) is found
