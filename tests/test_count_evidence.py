"""A count whose thing its release never names ("trafiquants" in the Ukrainian release) cannot be
checked against what the sentence's figure counts; such a sentence answers only when it or its
neighbours hold another word of the question (its verb, what happened), as "soigné" answers
"Combien de patients … soignés ?". Asked in French: an English question's words reach the French
sentences only through cognates."""

from __future__ import annotations

import pytest

# on the shipped releases, each of these quoted a sentence holding some other figure
UNANSWERED = [
    "Combien de trafiquants ont été arrêtés en Ukraine ?",  # the emigration estimates
    "Combien de juges ont été formés en Ukraine ?",
    "Combien de passeports ont été confisqués aux Indonésiennes ?",  # "1,4 à 2,1 millions de femmes"
    "Combien d'enfants ont été scolarisés dans les Caraïbes ?",  # the regional assessment's title
]


@pytest.mark.parametrize("question", UNANSWERED)
def test_a_count_of_a_thing_the_release_never_names_needs_what_else_was_asked(service, question):
    assert service.ask(question).abstained


@pytest.mark.parametrize(("question", "quoted"), [
    # the thing by another word ("patients": "victimes"), the verb in the sentence ("soigné")
    ("Combien de patients les centres de l'OIM en Indonésie ont-ils soignés ?", "1650 victimes"),
    ("Combien de rescapés la coalition a-t-elle permis de libérer ?", "2 000 personnes"),
    ("Combien de ressortissantes indonésiennes travaillent à l'étranger ?", "2,1 millions de femmes"),
])
def test_a_count_by_another_word_is_still_answered_where_the_rest_of_the_question_is(service, question, quoted):
    """(Answered before the check as well: these guard it against refusing a paraphrased count.)"""
    answer = service.ask(question)
    assert not answer.abstained
    assert quoted in answer.citations[0].quote


def test_a_year_naming_what_follows_it_in_english_is_a_year_asked():
    """"the 2024 cohort" dates the figure asked by 2024 (a sentence on "la cohorte de 2022" does not
    answer); "the 2000 people" and "the 1500 victims" count them."""
    from assistant.answering.years import asked_years

    assert asked_years("What share of the businesses started by the 2024 cohort were still operating?") == ["2024"]
    assert asked_years("How many of the 2000 people were women?") == []
    assert asked_years("How many of the 1500 victims were women?") == []
