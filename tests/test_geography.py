"""Countries and regions a question or a sentence names (assistant/text/geography.py), and how the
answerer uses them: a region stands for the countries it holds, a people's word for its country."""

from __future__ import annotations

import pytest

from assistant.answering import slots, years
from assistant.text.geography import countries_in, countries_named, french_names, places_asked
from assistant.text.localities import localities_asked
from assistant.text.normalize import fold
from assistant.text.place_figures import (
    counted_elsewhere,
    countries_before_figures,
    countries_given_figures,
    summed_or_given,
)


def named(text: str) -> list[str]:
    return sorted(countries_in(fold(text)))


def test_a_country_is_found_by_its_name_in_either_language_and_by_its_peoples_words():
    assert named("Au Cambodge et en Thaïlande") == ["KH", "TH"]
    assert named("les ONG tchadiennes, la police indonésienne, des gardes-frontières moldaves") == ["ID", "MD", "TD"]
    assert named("Ukrainian operators and Cambodian officials") == ["KH", "UA"]
    assert named("un ministère norvégien, des travailleurs ghanéens, des migrants maliens") == ["GH", "ML", "NO"]


def test_a_country_whose_cldr_name_holds_another_in_brackets_is_found_by_either():
    # CLDR writes "Myanmar (Birmanie)" and "Myanmar (Burma)": a release says "du Myanmar"
    assert named("143 pêcheurs originaires du Myanmar, victimes de la traite") == ["MM"]
    assert named("des ressortissants du Myanmar, du Cambodge et du Laos") == ["KH", "LA", "MM"]
    assert named("en Birmanie") == named("in Burma") == named("des marins birmans") == ["MM"]
    # a bracket that qualifies the name is no other name: the Dutch part is not Saint-Martin
    assert named("à Saint-Martin") == ["MF"]


def test_an_english_name_that_is_also_a_given_name_names_its_country_after_a_preposition():
    assert named("IOM's new helpline in Jordan") == ["JO"]
    assert named("women trafficked from Chad to Libya") == ["LY", "TD"]
    assert named("returned to Mexico and to Georgia") == ["GE", "MX"]
    assert places_asked("How many calls has the helpline in Jordan received?").countries == {"JO"}
    # a person, or a word before a noun, takes none
    assert named("a quote from Michael Jordan") == named("the Mexico office") == []


def test_the_peoples_words_of_small_states_and_of_timor_leste_name_them():
    # no ending derives them from "Timor-Leste", "Vanuatu", "Îles Salomon", "Kosovo"
    assert named("27 membres du parquet timorais") == named("des procureures est-timoraises") == ["TL"]
    assert named("returning ni-Vanuatu workers") == named("des saisonnières vanuataises") == ["VU"]
    assert named("des pêcheurs salomonais") == ["SB"]
    assert named("Kosovars rentrés d'Allemagne") == ["DE", "XK"]


def test_words_that_only_look_like_a_country_are_not_one():
    # "la Réunion des hauts responsables", an independence, a currency
    assert named("la Réunion des hauts responsables sur l'indépendance, 20 francs") == []
    # "Papua New Guinea" and "Guinée équatoriale" are not also Guinea
    assert named("Papua New Guinea, Guinée équatoriale") == ["GQ", "PG"]
    assert named("le Niger et le Nigeria") == ["NE", "NG"]


def test_a_name_that_is_also_a_given_name_names_its_country_with_its_article():
    """"Salvador" alone may be a given name or a Brazilian city; "le Salvador", "au Salvador",
    "du Salvador" are the country (its French name takes the article, a given name does not)."""
    assert named("le Guatemala 512, le Honduras 371 et le Salvador 243") == ["GT", "HN", "SV"]
    assert named("les autorités du Salvador") == named("au Salvador") == named("El Salvador") == ["SV"]
    assert named("un tableau de Salvador Dalí") == []


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


def test_a_region_is_found_by_its_french_adjective_of_two_words():
    assert places_asked("Combien de victimes sur le continent sud-américain ?").regions == {"005"}
    assert places_asked("la réunion des procureurs ouest-africains").regions == {"011"}
    assert {"PL", "RO"} <= places_asked("les pays est-européens").countries
    # South Africa's people are not a region
    assert places_asked("Combien de Sud-Africaines ?").countries == {"ZA"}


def test_a_name_of_several_words_is_found_with_a_space_for_a_hyphen():
    # the seed release writes "Papouasie Nouvelle-Guinée", CLDR "Papouasie-Nouvelle-Guinée"
    assert named("au large de la Papouasie Nouvelle-Guinée") == ["PG"]
    assert named("in Papua-New Guinea") == ["PG"]
    assert named("Sri-Lanka et Côte d’Ivoire") == ["CI", "LK"]


def test_the_people_of_a_country_of_several_words_are_that_country_not_its_last_words():
    # "Papua New Guinean" is Papua New Guinea's, not Guinea's; "Sierra Leonean" is Sierra Leone's
    assert named("in Papua New Guinean ports") == ["PG"]
    assert named("Sierra Leonean returnees and sierra-léonaises") == ["SL"]
    assert named("South Sudanese refugees") == ["SS"]
    assert named("the Costa Rican government") == ["CR"]
    assert named("des Néo-Zélandais") == ["NZ"]
    question = "In which Papua New Guinean ports did the researchers interview fishers?"
    assert places_asked(question).countries == {"PG"}
    assert countries_named(["Papua", "Guinean"], places_asked(question), question) == {"Papua": {"PG"}, "Guinean": {"PG"}}
    assert named("Combien de Guinéens ?") == ["GN"]


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
    chosen = ["Un rapport sur la traite au Cambodge et aux Philippines."]
    assert slots.adds_to_answer("Les centres de l'OIM en Indonésie.", chosen, "where", question)
    assert not slots.adds_to_answer(
        "Au Cambodge, les données sont dispersées, dit John McGeoghan.", chosen, "where", question
    )


def test_a_city_stands_for_its_country():
    """CLDR's time-zone cities: most capitals and large cities, in French and English."""
    assert named("à Kampala et à Phnom Penh") == ["KH", "UG"]
    assert named("à Port-d'Espagne") == named("in Port of Spain") == ["TT"]
    assert named("à Katmandou, Kathmandu") == ["NP"]
    assert named("Carolina Ríos Mendoza") == []  # a surname, not the Argentine city


def test_the_people_of_niger_and_of_nigeria_are_told_apart():
    """"nigérien" is Niger's (its whole name and "-ien"), "nigérian" Nigeria's (its "a" kept):
    Nigeria's stem "niger" no longer makes Niger's people Nigerian too."""
    assert named("les migrants nigériens, une ONG nigérienne") == named("au Niger") == ["NE"]
    assert named("les femmes nigérianes, un Nigérian, Nigerian women") == named("au Nigeria") == ["NG"]


def test_a_capital_no_time_zone_is_named_after_stands_for_its_country():
    """countryinfo's capitals, where CLDR's cities miss them (no zone is named after Abuja)."""
    assert named("à Abuja") == ["NG"]
    assert named("Combien Ottawa a-t-il investi ?") == ["CA"]
    assert named("à Rabat et à Ankara") == ["MA", "TR"]
    assert named("in Canberra and Pretoria") == ["AU", "ZA"]
    # not the capitals of small countries and territories that are also names or words, nor "sucre"
    assert named("Victoria, Hamilton and Stanley said male victims need help") == []
    assert named("le prix du sucre") == []


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


def test_a_peoples_word_no_ending_derives_names_its_country_in_every_form():
    """"allemand" is not derived from "Allemagne", nor "britannique" from "Royaume-Uni": listed,
    with their feminine and plural forms, the English ones from countryinfo."""
    assert named("le ministère britannique, l'agence allemande, des ONG néerlandaises") == ["DE", "GB", "NL"]
    assert named("des pêcheurs grecs, une ONG grecque, les autorités turques, un Américain") == ["GR", "TR", "US"]
    assert named("des travailleuses sud-africaines et néo-zélandaises, des migrants sri-lankais") == ["LK", "NZ", "ZA"]
    assert named("British aid, the Dutch ministry, Ivorian girls, Burkinabe boys") == ["BF", "CI", "GB", "NL"]
    assert named("des enfants congolais") == ["CD", "CG"]  # both Congos
    # the languages a release is written in are not a people: "disponible en anglais", "in French";
    # a people's word after "en" is a language ("en français", "un message en lao"), a name a country
    assert named("Le rapport est disponible en anglais et en français. The report, in French") == []
    assert named("un message en lao, le gouvernement français, en France") == ["FR"]


def test_the_list_of_languages_a_text_announces_names_no_country():
    """"traduit en cinq langues : népali, hindi, pendjabi" names languages; a count beside it is
    not one for Nepal (it vetoed "85 inspecteurs du travail … formés par l'OIM en 2024" for "au
    Portugal"). A people's word outside the list, or a country named in it, still counts."""
    assert named("Un guide a été traduit en cinq langues : népali, hindi, pendjabi, tétoum et anglais.") == []
    assert named("Brochures in four languages (English, Arabic, Urdu) for Pakistani workers.") == ["PK"]
    assert named("Les langues du pays : le népali. Des Népalais ont été aidés.") == ["NP"]
    assert named("Des langues parlées : népali et hindi, au Népal.") == ["NP"]


def test_a_country_asked_by_name_is_the_one_a_release_calls_by_its_people(service):
    """The Caribbean release's funders are "le ministère néerlandais de la Justice" and "le
    Département d'État américain": asked by the countries' names or their English people's word,
    the question is about countries it names (without "néerlandais" and "américain" it named
    neither, "États-Unis" was a country no release names, and both questions were refused)."""
    for question in ("Quelle agence des États-Unis finance la campagne contre la traite dans les Caraïbes ?",
                     "Which Dutch ministry funds the anti-trafficking campaign in the Caribbean?"):
        a = service.ask(question)
        assert not a.abstained, question
        assert "néerlandais" in a.citations[0].quote, (question, a.citations[0].quote)


def test_peoples_words_of_every_kind_of_name_and_english_possessives_name_their_country():
    # a name ending in -as or -(i)stan ("Honduras", "Kirghizistan"), a people's word that is the
    # name's stem ("ouzbek", "philippin"), and one of a name that is also a given name ("El Salvador")
    assert named("la ministre hondurienne, la ligne kirghize, un Ouzbek, un pêcheur philippin") == [
        "HN", "KG", "PH", "UZ"]
    assert named("le vice-ministre salvadorien et une entreprise mauricienne") == ["MU", "SV"]
    assert named("What is the name of Japan's ambassador? Kyrgyzstan's hotline") == ["JP", "KG"]
    # still not countries: a plural that a common word ends in, a given name, an English word
    assert named("des réunions avec Jordan et Maurice sur une island") == []


def test_a_country_the_question_names_in_another_form_is_not_the_name_it_asks_for():
    """ "Japon" is the topic of "Japan's ambassador", not the ambassador's name: a sentence that
    names only the country and a city names nobody."""
    question = "What is the name of Japan's ambassador to Côte d'Ivoire who spoke at the closing ceremony?"
    topic_only = "Lors de la cérémonie de clôture à Abidjan, l'ambassadeur du Japon en Côte d'Ivoire a souligné l'importance."
    assert slots.type_match("who", topic_only, question) == 0.0
    named_one = "L'ambassadeur du Japon, M. Kenji Sato, a souligné l'importance."
    assert slots.type_match("who", named_one, question) == 1.0
    # a funder country the question does not name is still a name ("financé par la Norvège")
    assert slots.type_match("who", "Le projet est financé par la Norvège.", "Qui finance le projet au Japon ?") == 1.0


def test_a_place_named_by_other_words_is_searched_by_its_french_names_too():
    assert french_names("les ONG tchadiennes et Japan's ambassador") == ["Japon", "Tchad"]
    # "la capitale": the country's capital, or else the one city CLDR knows of it
    assert french_names("basée dans la capitale sénégalaise") == ["Sénégal", "Dakar"]
    assert french_names("Que fait l'OIM dans la capitale canadienne ?") == ["Canada", "Ottawa"]
    # a name the question already writes adds nothing
    assert french_names("Combien de victimes en Ukraine ?") == []
    # a region, its countries (not a territory's long name, nor one that is a common word)
    east = french_names("Quelles lignes d'écoute en Afrique de l'Est ?")
    assert {"Kenya", "Ouganda", "Éthiopie", "Tanzanie"} <= set(east)
    assert "La Réunion" not in east and not any("océan" in n for n in east)
    assert {"Cambodge", "Thaïlande", "Indonésie"} <= set(french_names("Which countries in Southeast Asia?"))
    # and the region's own French name, which a release writes ("directrice régionale pour l'Amérique
    # du Sud") where an English question shares no word with it
    assert french_names("Who is IOM's regional director for South America?")[0] == "Amérique du Sud"
    assert "Asie du Sud-Est" in french_names("Which countries in Southeast Asia?")
    assert "Amérique du Sud" not in french_names("Qui dirige l'OIM en Amérique du Sud ?")


def test_a_search_on_words_finds_the_release_that_names_the_country_a_question_calls_otherwise(service):
    """An English question's people's word ("Cambodian") shares no word with the French release
    ("au Cambodge"); its French name, added to the words searched, does."""
    hits = service.retriever.bm25("What do the Cambodian authorities say?")
    assert hits and hits[0].release_id == "001_4f2cdcae036ebb31"
    # a region: the release that names one of its countries ("en Ukraine" for "Eastern Europe")
    hits = service.retriever.bm25("Which operators in Eastern Europe run a free hotline?")
    assert hits and hits[0].release_id == "003_36d60928ab47fd18"


def test_a_figure_of_the_year_before_answers_for_that_year():
    sentence = "La ligne a reçu 14 560 appels en 2023, contre 11 230 l'année précédente."
    assert years.dated_as_asked(["2022"], sentence, "")
    assert years.dated_as_asked(["2023"], sentence, "")
    assert not years.dated_as_asked(["2021"], sentence, "")
    assert not years.dated_as_asked(["2022"], "La ligne a reçu 14 560 appels en 2023.", "")


def test_the_countries_a_figure_counts_for_are_those_named_before_it():
    assert countries_before_figures(fold("En Albanie, les autorités ont identifié 117 victimes en 2023.")) == {"AL"}
    assert countries_before_figures(fold("La délégation fidjienne était la plus nombreuse, avec 21 participants.")) == {"FJ"}
    # a part the figure breaks down into, or where the thing counted goes, comes after it
    assert not countries_before_figures(fold("Au total, 42 mineurs ont été identifiés, dont 29 garçons vietnamiens."))
    assert not countries_before_figures(fold("Ses 30 épisodes seront diffusés par huit radios éthiopiennes."))
    # a sentence without a figure: every country it names
    assert countries_before_figures(fold("Le Tchad et le Niger ont signé l'accord.")) == {"TD", "NE"}


def test_a_city_named_after_a_country_is_not_that_country():
    """"Benin City" is the capital of Edo State, in Nigeria; a time zone's city stays its country's."""
    assert not countries_in(fold("Les deux foyers partenaires de Benin City ont accueilli 1 385 femmes."))
    assert countries_in(fold("au Bénin")) == {"BJ"}
    assert countries_in(fold("in Kuwait City")) == {"KW"}
    sentence = fold("À Benin City, les deux foyers ont accueilli 1 385 femmes.")
    assert not counted_elsewhere(sentence, frozenset(), frozenset({"NG"}), places_asked("au Nigeria ?"), sentence)


def test_a_figure_naming_no_country_in_a_release_about_the_country_asked_is_that_country_s():
    """In a release titled "Népal : …", "38 femmes ont reconnu …" is Nepal's figure though the
    sentence before names India (a border town "de l'Inde"); a sentence naming only another
    country still counts for it."""
    asked = places_asked("Combien de femmes au Népal ont reconnu que le bébé n'était pas le leur ?")
    sentence = fold("Sur les 214 femmes observées, 38 femmes ont reconnu que l'enfant n'était pas le leur.")
    near = frozenset({"IN"})  # "à Birgunj, ville frontalière de l'Inde", just before it
    assert counted_elsewhere(sentence, frozenset(), near, asked, sentence)
    assert not counted_elsewhere(sentence, frozenset(), near, asked, sentence, home=frozenset({"NP"}))
    other = fold("En Inde, 52 femmes ont été identifiées.")
    assert counted_elsewhere(other, frozenset({"IN"}), frozenset(), asked, other, home=frozenset({"NP"}))


@pytest.mark.parametrize("question, names", [
    ("Combien d'enseignants ont été formés dans la province de Bayan-Ölgii ?", ["Bayan-Ölgii"]),
    ("Combien de victimes ont été repérées au poste frontière de Belladère en 2024 ?", ["Belladère"]),
    ("How many victims has IOM identified in Chad's Wadi Fira province?", ["Wadi Fira"]),
    ("Combien de membres le réseau compte-t-il dans le comté de Busia ?", ["Busia"]),
    # a place named by where it lies, which a French release words otherwise; a country; a region
    ("How many victims were identified in the Eastern Province?", []),
    ("Combien de victimes ont été identifiées en Albanie ?", []),
    ("How many cases in the Volta region ended with a conviction?", []),
])
def test_a_place_within_a_country_is_read_by_its_kind_and_name(question, names):
    assert localities_asked(question) == names


def test_a_figure_whose_lines_do_not_name_the_place_asked_within_a_country_counts_elsewhere():
    asked = places_asked("Combien de victimes ont été repérées au poste frontière de Belladère en 2024 ?")
    border = fold("Les équipes déployées aux points de passage de la frontière ont identifié 327 victimes.")
    assert counted_elsewhere(border, frozenset(), frozenset(), asked, border)
    there = fold("À Belladère, 58 victimes présumées ont été repérées.")
    assert not counted_elsewhere(there, frozenset(), frozenset(), asked, there)


@pytest.mark.parametrize("question", [
    "Combien de victimes les centres de l'OIM ont-ils soignées dans la province de Java-Ouest ?",
    "How many victims did IOM's centres treat in West Java province?",
])
def test_a_count_for_a_province_is_not_answered_by_the_countrys(service, question):
    """The Indonesian release counts the victims IOM's centres treated in the country (1 650),
    not in any province: a question about one is refused, one about the country answered."""
    a = service.ask(question)
    assert a.abstained and not a.citations, a.citations[0].quote
    country = service.ask("Combien de victimes les centres de l'OIM ont-ils soignées en Indonésie ?")
    assert not country.abstained and "1650" in country.citations[0].quote


SUMMED = "En 2024, l'OIM et ses partenaires ont identifié 318 victimes présumées en Pologne, en Tchéquie et en Slovaquie, contre 241 en 2023."
SHARES = "La Pologne concentre un peu plus de la moitié des cas, avec 164 victimes identifiées, devant la Tchéquie (103) et la Slovaquie (51)."


def test_a_count_for_a_country_is_given_by_the_figure_after_its_name_not_by_a_total_over_several():
    assert countries_given_figures(fold(SHARES)) == {"PL", "CZ", "SK"}
    assert countries_given_figures(fold(SUMMED)) == set()  # one total for three; a year is no figure
    represented = "Le Sénégal, pays hôte, était représenté par 9 magistrats, le Nigeria par 6 magistrats."
    assert countries_given_figures(fold(represented)) == {"SN", "NG"}
    # a dateline's city gives no country the figure after it
    assert countries_given_figures(fold("Dakar, le 23 novembre 2023 – 62 procureurs des 15 États membres")) == set()
    czech = places_asked("How many presumed trafficking victims were identified in the Czech Republic in 2024?").countries
    assert summed_or_given(fold(SHARES), frozenset(named(SHARES)), czech) is True
    assert summed_or_given(fold(SUMMED), frozenset(named(SUMMED)), czech) is False
    # a sentence naming only the country asked, or none of those asked, is neither
    assert summed_or_given(fold("En Tchéquie, les victimes sont surtout des femmes."), frozenset({"CZ"}), czech) is None
    assert summed_or_given(fold("En Hongrie, 40 victimes."), frozenset({"HU"}), czech) is None


def test_a_locality_asked_is_named_by_the_sentence_or_the_one_before_it():
    """A count asked "dans le district de Plovdiv" is not the national figure of a sentence whose
    neighbourhood lists Plovdiv among other districts two sentences earlier."""
    from assistant.answering.retrieved import _neighbours

    before = ("Les équipes mobiles ont visité les districts de Montana, Plovdiv et Choumen. "
              "Le rapport couvre l'ensemble du pays. ")
    previous = _neighbours(before, "")[0]
    assert previous == "Le rapport couvre l'ensemble du pays."
    asked = places_asked("Combien de victimes ont été identifiées dans le district de Plovdiv en 2023 ?")
    sentence = fold("Au total, 312 victimes ont été identifiées en 2023.")
    assert counted_elsewhere(sentence, frozenset(), frozenset(), asked, fold(previous + " " + sentence))
    close = fold("Dans le district de Plovdiv, les équipes ont été renforcées. " + sentence)
    assert not counted_elsewhere(sentence, frozenset(), frozenset(), asked, close)


def test_a_figure_naming_no_country_in_a_release_about_another_country_is_that_country_s():
    """"Combien de cas … les autorités zimbabwéennes …": "97 cas présumés ont été enregistrés en
    2023", in a release titled "Rwanda : …" whose lines around it name no country, is Rwanda's
    figure, not Zimbabwe's; the same sentence in a release about Zimbabwe answers."""
    asked = places_asked("Combien de cas présumés de traite les autorités zimbabwéennes ont-elles enregistrés en 2022 ?")
    sentence = fold("Selon le bureau d'enquête, 97 cas présumés de traite ont été enregistrés en 2023, contre 61 en 2022.")
    assert counted_elsewhere(sentence, frozenset(), frozenset(), asked, sentence, home=frozenset({"RW"}))
    assert not counted_elsewhere(sentence, frozenset(), frozenset(), asked, sentence, home=frozenset({"ZW"}))
    assert not counted_elsewhere(sentence, frozenset(), frozenset(), asked, sentence)  # a release about no country



@pytest.mark.parametrize("text, code", [
    # names in common use that CLDR does not give: former ones, English ones it replaced, acronyms
    ("au Swaziland", "SZ"), ("les autorités swazies", "SZ"), ("in Turkey", "TR"), ("Ivory Coast", "CI"),
    ("East Timor", "TL"), ("en Macédoine", "MK"), ("en Angleterre", "GB"), ("la RDC", "CD"), ("in the DRC", "CD"),
    ("the UAE", "AE"),
])
def test_a_country_is_known_by_its_other_names_in_common_use(text, code):
    assert countries_in(fold(text)) == {code}


def test_water_is_no_country():
    assert not countries_in(fold("l'accès à l'eau potable")) and not countries_in(fold("de l'EAU"))


def test_a_count_for_a_country_is_not_answered_by_a_release_naming_neither_it_nor_another_name_asked():
    """"Combien de victimes les autorités swazies ont-elles identifiées en 2022 ?": a release on
    the Mekong, naming no Eswatini (by any name) and only the year asked, counts for other
    countries; one naming Eswatini, or a place of the question ("Cox's Bazar") for its part of a
    two-place question, may answer."""
    from types import SimpleNamespace

    from assistant.answering.retrieved import _names_no_place_asked

    asked = SimpleNamespace(places=places_asked("Combien de victimes les autorités swazies ont-elles identifiées en 2022 ?"),
                            payer="")
    assert asked.places.countries == {"SZ"}
    retrieved = SimpleNamespace(asked_named={"mekong": frozenset(), "eswatini": frozenset({"@SZ"})},
                                mentioned={"mekong": {"2022"}, "eswatini": {"2022"}})
    assert _names_no_place_asked(asked, retrieved, "mekong")
    assert not _names_no_place_asked(asked, retrieved, "eswatini")
    two = SimpleNamespace(places=places_asked("Combien de policiers formés à Cox's Bazar, et combien de policiers vietnamiens ?"),
                          payer="")
    assert not _names_no_place_asked(two, SimpleNamespace(asked_named={}, mentioned={"bd": {"Bazar"}}), "bd")
