"""Countries and regions a question or a sentence names (assistant/text/geography.py), and how the
answerer uses them: a region stands for the countries it holds, a people's word for its country."""

from __future__ import annotations

from assistant.answering import slots
from assistant.text.geography import countries_in, countries_named, places_asked
from assistant.text.normalize import fold


def named(text: str) -> list[str]:
    return sorted(countries_in(fold(text)))


def test_a_country_is_found_by_its_name_in_either_language_and_by_its_peoples_words():
    assert named("Au Cambodge et en Thaïlande") == ["KH", "TH"]
    assert named("les ONG tchadiennes, la police indonésienne, des gardes-frontières moldaves") == ["ID", "MD", "TD"]
    assert named("Ukrainian operators and Cambodian officials") == ["KH", "UA"]
    assert named("un ministère norvégien, des travailleurs ghanéens, des migrants maliens") == ["GH", "ML", "NO"]


def test_words_that_only_look_like_a_country_are_not_one():
    # "la Réunion des hauts responsables", an independence, a currency
    assert named("la Réunion des hauts responsables sur l'indépendance, 20 francs") == []
    # "Papua New Guinea" and "Guinée équatoriale" are not also Guinea
    assert named("Papua New Guinea, Guinée équatoriale") == ["GQ", "PG"]
    assert named("le Niger et le Nigeria") == ["NE", "NG"]


def test_a_region_stands_for_its_countries_in_cldr_words_and_in_the_words_people_use():
    for question in ("Quels pays d'Asie du Sud-Est ?", "Which South-East Asian countries?", "in Southeast Asia"):
        places = places_asked(question)
        assert places.regions == {"035"}, question
        assert {"KH", "ID", "PH", "TH", "VN"} <= places.countries and "UA" not in places.countries
    assert (
        places_asked("les lignes d'écoute en Afrique de l'Est").countries == places_asked("in Eastern Africa").countries
    )
    assert {"KE", "UG"} <= places_asked("East Africa").countries
    assert {"GH", "ML"} <= places_asked("West Africa").countries


def test_a_name_of_several_words_is_found_with_a_space_for_a_hyphen():
    # the seed release writes "Papouasie Nouvelle-Guinée", CLDR "Papouasie-Nouvelle-Guinée"
    assert named("au large de la Papouasie Nouvelle-Guinée") == ["PG"]
    assert named("in Papua-New Guinea") == ["PG"]
    assert named("Sri-Lanka et Côte d’Ivoire") == ["CI", "LK"]


def test_each_word_of_a_place_in_the_question_stands_for_its_country():
    """The question's names that name a place, by any of its names: a word of a longer name is
    that name's country, not another's ("Guinea" of "Papua New Guinea" is not Guinea), a people's
    word and a capital stand for their country, a region's word for the region's countries."""
    question = "How many people were freed near Papua New Guinea by the Tchadiennes and in Phnom Penh?"
    terms = ["Papua", "Guinea", "Tchadiennes", "Phnom", "Penh", "Associated"]
    codes = countries_named(terms, places_asked(question), question)
    assert codes == {"Papua": {"PG"}, "Guinea": {"PG"}, "Tchadiennes": {"TD"}, "Phnom": {"KH"}, "Penh": {"KH"}}
    region = "Quels pays d'Asie du Sud-Est ?"
    assert countries_named(["Asie"], places_asked(region), region)["Asie"] >= {"KH", "TH", "VN"}


def test_a_country_named_like_a_region_stays_the_country():
    places = places_asked("Combien de victimes en Afrique du Sud ?")
    assert places.countries == {"ZA"} and not places.regions


def test_which_countries_is_answered_by_a_sentence_naming_a_country_the_question_does_not():
    question = "Quels pays d'Asie du Sud-Est sont couverts par le rapport ?"
    assert slots.question_type(question) == "where"  # "quels pays", plural, as "which countries"
    assert slots.type_match("where", "Un rapport sur la traite au Cambodge et aux Philippines.", question) == 1.0
    assert (
        slots.type_match(
            "where", "Chaque pays relève ce défi à sa façon, selon l'étude présentée à Vientiane.", question
        )
        == 0.0
    )
    # a further quote of the same release must add a country
    chosen = [("Un rapport sur la traite au Cambodge et aux Philippines.", "r1")]
    assert slots.adds_to_answer("Les centres de l'OIM en Indonésie.", "r1", chosen, "where", question)
    assert not slots.adds_to_answer(
        "Au Cambodge, les données sont dispersées, dit John McGeoghan.", "r1", chosen, "where", question
    )


def test_a_city_stands_for_its_country():
    """CLDR's time-zone cities: most capitals and large cities, in French and English."""
    assert named("à Kampala et à Phnom Penh") == ["KH", "UG"]
    assert named("à Port-d'Espagne") == named("in Port of Spain") == ["TT"]
    assert named("à Katmandou, Kathmandu") == ["NP"]
    assert named("Carolina Ríos Mendoza") == []  # a surname, not the Argentine city


def test_a_city_does_not_answer_who_but_a_country_may():
    question = "Qui préside le comité national de coordination ?"
    assert slots.type_match("who", "L'atelier de Bamako a réuni une soixantaine de représentants.", question) == 0.0
    assert slots.type_match("who", "Le comité est présidé par Awa Traoré.", question) == 1.0
    # a country may be whom: "Qui finance ?" "la Norvège"
    assert slots.type_match("who", "Le programme est financé par la Norvège.", "Qui finance le programme ?") == 1.0
    assert slots.type_match("where", "L'atelier de Bamako a réuni des représentants.", "Où a eu lieu l'atelier ?") == 1.0


def test_a_country_asked_by_another_of_its_names_is_the_releases_country(service):
    """The coalition's release writes "Papouasie Nouvelle-Guinée"; asked in English or with CLDR's
    hyphens, the question is about a country the release names, not one no release names (which
    would refuse it): it is answered with the sentence that gives the figure."""
    for question in (
        "How many people were freed after a tech firm tracked a vessel near Papua New Guinea?",
        "Combien de personnes ont été libérées au large de la Papouasie-Nouvelle-Guinée ?",
    ):
        a = service.ask(question)
        assert not a.abstained, question
        assert "2 000 personnes" in a.citations[0].quote, (question, a.citations[0].quote)
