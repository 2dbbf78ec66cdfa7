"""A count asked with another word than the release's ("infirmiers", release: "84 soignants"):
French word vectors let the figure answer when the release counts the word asked nowhere, and
keep out a figure of something unrelated ("appels") or, where the release counts the word asked,
of something else."""

from __future__ import annotations

import pytest
from conftest import SHIPPED, open_service

from assistant.answering.candidates import ScoredSentence, counted_otherwise
from assistant.answering.figures import counted_words
from assistant.text.word_vectors import similarity, vector, word_key

# a release written for this test, in the site's scraped format (its navigation block first)
NAVIGATION = "\n".join((SHIPPED / "004_b9cef8411c10c3ca.txt").read_text(encoding="utf-8").splitlines()[:20])
RELEASE = NAVIGATION + """
Lesotho : les centres de santé apprennent à repérer les victimes de la traite
Maseru, le 10 juin 2025 – L'OIM et le ministère de la Santé du Lesotho ont achevé la première phase d'un programme qui apprend aux centres de santé à repérer les victimes de la traite.
Au cours de cette phase, 84 soignants de douze districts ont été formés à l'identification des victimes et à leur orientation vers les services de protection.
Les infirmiers formés sont désormais les premiers interlocuteurs des victimes dans les dispensaires ruraux.
La ligne d'assistance du ministère a reçu de nombreux appels depuis le lancement du programme.
Une deuxième phase, prévue en 2026, associera les juges et la police des frontières.
"""


@pytest.fixture(scope="module")
def lesotho(tmp_path_factory):
    store = tmp_path_factory.mktemp("lesotho")
    (store / "releases").mkdir()
    (store / "releases" / "901_lesotho.txt").write_text(RELEASE, encoding="utf-8")
    service = open_service(store)
    service.ingest([store / "releases"])
    return service


def test_a_count_asked_with_a_synonym_is_answered(lesotho):
    a = lesotho.ask("Combien d'infirmiers ont été formés au Lesotho à l'identification des victimes de la traite ?")
    assert not a.abstained and a.citations[0].release_id == "901_lesotho"
    assert a.citations[0].title.startswith("Lesotho : les centres de santé")  # the navigation block skipped
    assert "84 soignants" in a.citations[0].quote


def test_a_count_of_something_unrelated_is_no_answer(lesotho):
    a = lesotho.ask("Combien d'appels la ligne d'assistance du ministère de la Santé du Lesotho a-t-elle reçus ?")
    assert all("84" not in c.quote for c in a.citations)


def test_word_vectors_tell_synonyms_from_unrelated_words():
    assert similarity("professeurs", "enseignants") > 0.8
    assert similarity("infirmiers", "soignants") > 0.6 > similarity("appels", "compagnies")
    assert similarity("xqzwv", "appels") == 0.0  # a word the table lacks


def test_words_are_found_by_spacys_own_key():
    # spaCy 3.8's spacy.strings.hash_string of these words (spaCy is not a dependency)
    assert word_key("enseignants") == 7563687126396882883
    assert word_key("professeurs") == 14585894730513666164
    assert word_key("ménages") == 5876050645813467899
    # and the table finds words of every length class by it (8 bytes, a tail, accents)
    for word in ("victimes", "traite", "enseignants", "réintégration", "Kényans", "a"):
        assert vector(word) is not None, word


def test_counted_words_are_the_words_after_each_figure():
    assert counted_words("Au total, 3 418 ménages et 52 sites ; 96 enseignants y avaient été formés.") == [
        "ménages", "sites", "enseignants"]
    assert counted_words("En 2023, la ligne a reçu 2 140 appels.") == ["appels"]  # a year counts nothing
    # nor a day; a share counts what it is a share of, a size in millions what it sizes
    assert counted_words("Katmandou, le 6 juin 2024 – Près de deux enfants sur trois mendient.") == []
    assert counted_words("Il concerne 46 pour cent des victimes et 12 % des cas.") == ["victimes", "cas"]
    assert counted_words("Les 3,2 millions d'abonnés de l'opérateur recevront un message.") == ["abonnés"]


def test_a_release_counting_the_word_asked_keeps_other_figures_out():
    def sentence(i: int, text: str, release_id: str = "r", **kw) -> ScoredSentence:
        return ScoredSentence(text=text, id=f"{release_id}:s{i}", release_id=release_id, index=i, title="", start=0,
                              end=len(text), dense=0.8, lexical=0.0, type_match=1.0, chunk_rank=0, kind="how_many",
                              **{"fits": False, "uncounted": True, **kw})

    teachers = sentence(0, "Au total, 96 enseignants ont été formés.")
    counted = sentence(1, "Les 40 professeurs de la capitale suivront.", fits=True, uncounted=False, counted=True)
    other = sentence(0, "Au total, 96 enseignants ont été formés.", "other")
    unrelated = sentence(1, "La ligne a reçu 300 appels.", "other")
    scored = [teachers, counted, other, unrelated]
    counted_otherwise(scored, ["professeurs"])
    assert not teachers.fits  # its release counts "professeurs": "enseignants" is someone else there
    assert other.fits and other.type_match == 0.5 and not other.uncounted  # eligible, as a half match
    assert not unrelated.fits  # "appels" is no word for teachers
    assert other.eligible and not unrelated.eligible


def test_a_figure_counting_nothing_akin_to_the_thing_asked_is_no_answer_where_the_release_never_names_it(lesotho):
    """The release never says "lits" nor "voix": "84 soignants" cannot say how many beds, nor by how
    many votes (the release counted no such thing), but a word close in meaning still counts it."""
    from assistant.answering.figures import counts_something_akin

    for question in ("Combien de lits compte le centre de santé de Maseru ?",
                     "Par combien de voix le parlement du Lesotho a-t-il adopté le programme ?"):
        a = lesotho.ask(question)
        assert all("84 soignants" not in c.quote for c in a.citations), question
    assert counts_something_akin(["lits"], "Le refuge accueille 20 personnes.") is True
    assert counts_something_akin(["lits"], "Il vise à accompagner 180 victimes et 350 jeunes.") is False
    assert counts_something_akin(["voix"], "L'OIM a aidé plus de 9 800 victimes ouzbèkes.") is False
    # a time or a sum is counted by its unit, not by a word like it: not judged
    assert counts_something_akin(["temps"], "Les enregistrements sont effacés au bout de 30 jours.") is None
    assert counts_something_akin(["argent"], "Le projet dispose de 2 500 euros.") is None


def test_words_sharing_one_vector_count_the_same_thing_where_neighbours_do_not():
    """spaCy's table gives "instituteurs" the vector of "enseignants": "1 200 enseignants" counts
    the teachers asked even where the release writes "instituteurs" elsewhere; "gendarmes" are
    not the "policiers" asked, nor "filles" the "femmes"."""
    from assistant.answering.figures import counts_what_was_asked, same_word

    assert same_word("instituteurs", "enseignants")
    assert not same_word("policiers", "gendarmes") and not same_word("femmes", "filles")
    sentence = "D'ici à la fin de 2025, l'OIM prévoit de former 1 200 enseignants et 180 travailleurs sociaux."
    assert counts_what_was_asked(["instituteurs"], sentence, set())
    assert not counts_what_was_asked(["policiers"], "L'OIM a formé 300 gendarmes.", set())
