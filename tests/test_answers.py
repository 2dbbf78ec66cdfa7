"""Questions through the public API: cited answers, abstention, English, follow-ups, bad input."""

from __future__ import annotations

import pytest
from conftest import CARIBBEAN, UKRAINE

from assistant import Answer, answer
from assistant.service import condense

FUNDING = (
    "Financées par le Bureau de la Population, des réfugiés et de la migration du Département d’État américain, "
    "ainsi que par le ministère néerlandais de la Justice"
)


def test_caribbean_funders_are_cited_with_the_funding_sentence(service, shipped_store):
    a = answer("Qui finance la campagne de sensibilisation dans les Caraïbes ?", store=shipped_store)
    assert isinstance(a, Answer)
    assert not a.abstained
    assert "[1]" in a.text
    assert "Bureau de la Population" in a.text and "ministère néerlandais de la Justice" in a.text
    primary = a.citations[0]
    assert primary.release_id == CARIBBEAN
    assert primary.title == "Sensibilisation à la traite des êtres humains à l’occasion de la coupe du monde de cricket"
    assert primary.quote.startswith(FUNDING)
    # the quote is exactly the release text at the citation's offsets
    assert service.release_text(CARIBBEAN)[primary.start : primary.end] == primary.quote


def test_every_quote_is_a_passage_of_its_release(service):
    for q in ["Combien de victimes ont été soignées en Indonésie ?", "Quel numéro gratuit a été lancé en Ukraine ?",
              "Qui sont les membres fondateurs de Tech Against Trafficking ?"]:
        a = service.ask(q)
        assert a.citations, q
        for c in a.citations:
            assert service.release_text(c.release_id)[c.start : c.end] == c.quote


def test_off_topic_question_abstains(shipped_store):
    a = answer("Quelle est la recette de la ratatouille ?", store=shipped_store)
    assert a.abstained
    assert a.citations == []
    assert "ne répondent pas" in a.text


def test_question_about_a_country_the_releases_do_not_name_abstains(service):
    a = service.ask("Quel est le numéro de la ligne d'assistance contre la traite en Moldavie ?")
    assert a.abstained and not a.citations


def test_english_question_over_french_releases(service):
    a = service.ask("Which three Ukrainian mobile operators launched the free anti-trafficking hotline?")
    assert not a.abstained
    assert a.language == "en"
    assert a.citations[0].release_id == UKRAINE
    assert "Astelit" in a.text and "KyivStar" in a.text
    assert a.text.startswith("According to")


def test_english_off_topic_question_abstains_in_english(service):
    a = service.ask("Who won the 2018 FIFA World Cup final?")
    assert a.abstained
    assert a.text.startswith("The press releases do not answer")


def test_follow_up_uses_the_conversation(service):
    first = "Et en Ukraine, qui a lancé un numéro gratuit ?"
    a1 = service.ask(first, history=[("Qui finance la campagne de sensibilisation dans les Caraïbes ?", "…")])
    assert a1.citations[0].release_id == UKRAINE
    a2 = service.ask("Quel est ce numéro ?", history=[(first, a1.text)])
    assert a2.citations and a2.citations[0].release_id == UKRAINE
    assert "527" in a2.text


def test_condense_joins_only_questions_that_lean_on_the_previous_one():
    history = [("Et en Ukraine, qui a lancé un numéro gratuit ?", "…")]
    assert condense("Quel est ce numéro ?", history) == "Et en Ukraine, qui a lancé un numéro gratuit ? Quel est ce numéro ?"
    standalone = "Combien de victimes ont été soignées dans les hôpitaux de la police en Indonésie ?"
    assert condense(standalone, history) == standalone
    assert condense("Quel est ce numéro ?", None) == "Quel est ce numéro ?"


@pytest.mark.parametrize("bad", ["", "   ", "\n\t"])
def test_empty_question_is_refused(service, bad):
    with pytest.raises(ValueError, match="empty"):
        service.ask(bad)


def test_overlong_question_is_refused_quickly(service):
    with pytest.raises(ValueError, match="limit is 2000"):
        service.ask("traite " * 5000)
