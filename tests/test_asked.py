"""What a question asks, read once before any release (answering/asked.py), and which retrieved
releases are about something else (answering/retrieved.py)."""

import pytest

from assistant.answering.asked import read_question, term_weights
from assistant.answering.retrieved import _about_something_else


def test_a_count_for_a_country_and_a_year():
    asked = read_question("Combien de victimes l'OIM a-t-elle aidées en Ukraine en 2022 ?")
    assert asked.qtype == "how_many"
    assert asked.things == ["victimes"]
    assert asked.years == ["2022"]
    assert asked.places.countries == {"UA"}
    assert asked.for_country
    assert not asked.follow_up


def test_an_elliptical_follow_up_asks_what_the_question_before_asked():
    """"Et en 2024 ?" asks for a count, of the year it names; the year before is carried in the
    query, not pinned by the follow-up."""
    asked = read_question("Combien d'appels la ligne a-t-elle reçus en 2023 ? Et en 2024 ?", "Et en 2024 ?")
    assert asked.qtype == "how_many"
    assert asked.follow_up
    assert asked.years == ["2024"]
    assert asked.pinned == ["2024"]
    assert set(asked.specifics) == {"2023", "2024"}


def test_a_follow_up_on_another_place_still_asks_for_a_funder():
    asked = read_question("Qui finance la campagne dans les Caraïbes ? Et pour l'Indonésie ?", "Et pour l'Indonésie ?")
    assert asked.qtype == "who" and asked.funder


def test_the_predicate_weighs_more_and_a_term_no_release_holds_weighs_as_the_rarest():
    weights = term_weights(read_question("Qui finance la campagne de l'UNICEF ?"), {"financ": 2.0, "campagn": 1.0},
                           carried=0.5, focus=1.0)
    assert weights.predicate == "financ"
    assert weights.weight["financ"] == 4.0  # its IDF, doubled
    assert weights.weight["campagn"] == 1.0
    assert weights.weight["unicef"] == 2.0  # the highest IDF
    assert weights.share({"financ"}) == 4.0 / weights.total


def test_a_follow_up_s_own_words_say_what_is_asked_now():
    """The words carried from the question before say what it is about and weigh less; the
    follow-up's first own word is the predicate."""
    asked = read_question("What did IOM join in Geneva? Who are its founding members?", "Who are its founding members?")
    weights = term_weights(asked, {}, carried=0.5, focus=1.0)
    assert weights.own == ["founding", "member"]
    assert weights.predicate == "founding"
    assert weights.weight["genev"] == 0.5 * weights.weight["member"]


def test_a_release_naming_none_of_the_names_another_holds_is_about_something_else():
    """Ukraine's figure does not answer "en Moldavie" when another retrieved release speaks of
    Moldova; a release naming the country asked is not set aside."""
    asked = read_question("Combien de victimes ont été identifiées en Moldavie ?")
    raw = {"ua": "…", "md": "…", "ua-md": "…"}
    mentioned = {"ua": set(), "md": {"Moldavie"}, "ua-md": set()}
    asked_named = {"ua-md": frozenset({"@MD"})}
    assert _about_something_else(asked, raw, mentioned, asked_named, {"Moldavie"}) == {"ua"}
    assert _about_something_else(asked, raw, mentioned, asked_named, set()) == frozenset()  # (no release holds it)


def test_a_follow_up_s_own_names_decide_which_releases_it_is_about():
    """"Et d'Ukrainiens ?" after a question on Indonesia: the releases not naming Ukraine are set
    aside, however well they hold the names carried from the question before."""
    asked = read_question("Combien d'Indonésiens l'OIM a-t-elle rapatriés ? Et d'Ukrainiens ?", "Et d'Ukrainiens ?")
    assert asked.typed == {"Ukrainiens"}
    raw = {"id": "…", "ua": "…", "both": "…"}
    mentioned = {"id": {"Indonésiens"}, "ua": {"Ukrainiens"}, "both": {"Indonésiens", "Ukrainiens"}}
    assert _about_something_else(asked, raw, mentioned, {}, {"Indonésiens", "Ukrainiens"}) == {"id"}


@pytest.mark.parametrize("question, kind", [
    # a sum asked by its name: an envelope, an endowment, a grant (not any contribution)
    ("Quelle enveloppe totale Panama consacre-t-il à sa feuille de route anti-traite ?", "amount"),
    ("Quelle dotation le fonds a-t-il reçue ?", "amount"),
    ("Quelle subvention chaque bénéficiaire reçoit-elle ?", "amount"),
    ("Quelle contribution les survivants apportent-ils à la campagne ?", "what"),
])
def test_a_sum_asked_by_its_name_is_an_amount(question, kind):
    from assistant.answering.slots import question_type

    assert question_type(question) == kind
