"""A naming question ("Comment s'appellent les auteurs du rapport ?", "What is the name of the
company …"): whom it asks the name of, and whether a sentence names them; and a question asking
for a person, a company or a winner, and whether a sentence names one (:func:`holds_what_was_asked`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answering.figures import ANYONE, NUMBER, same_word
from assistant.answering.people import (
    asks_for_person,
    is_any_role,
    is_place,
    names_not_of_people,
    names_someone,
    new_names,
    people_in_role,
    person_asked,
)
from assistant.answering.slots import type_match
from assistant.text.facts import is_house
from assistant.text.normalize import fold, unify_apostrophes
from assistant.text.terms import is_stopword

# "Comment s'appellent les auteurs du rapport ?", "Quel est le nom du chef de mission ?", "What is
# the name of the company …": the words after it say whom the name belongs to
_NAMING = re.compile(
    r"\b(?:comment\s+s'appel\w*|noms?\s+(?:de\s+|du\s+|des\s+|d')|names?\s+of\s+)(.*)", re.I
)
_ARTICLES = {"le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "the", "a", "an", "this", "ce", "cette", "ces"}


def named_things(question: str) -> list[str]:
    """The words naming whom a naming question asks the name of: "auteurs" in "Comment
    s'appellent les auteurs du rapport ?", "technology", "company" in "What is the name of the
    technology company that …". Empty for other questions."""
    m = _NAMING.search(unify_apostrophes(question))
    if not m:
        return []
    # the role named ("chief of mission" in "IOM's chief of mission"): its common nouns and
    # adjectives, up to "du", "that", "of"; the names and numbers around it are context
    words_ = re.findall(r"\w+", re.sub(r"'s\b", "", m.group(1)))
    while words_ and fold(words_[0]) in _ARTICLES:
        words_ = words_[1:]
    things: list[str] = []
    for word in words_[:4]:
        if is_stopword(word):
            break
        if not word[:1].isupper() and fold(word) not in ANYONE and not NUMBER.fullmatch(word):
            things.append(word)
    return things[:3]


def names_what_was_asked(things: list[str], sentence: str, question: str, before: str = "") -> bool:
    """Whether ``sentence`` mentions whom the question asks the name of and gives a name the
    question does not: "Les auteurs de ce rapport recommandent …" mentions the authors but names
    nobody, so it does not answer "Comment s'appellent les auteurs du rapport ?"; nor does "trois
    agences de placement", which only counts them, answer "Comment s'appellent les agences …". A
    sentence opening on a demonstrative ("Ces trois compagnies, Astelit, KyivStar GSM et UMC, …")
    mentions what the text ``before`` it does ("trois des principaux opérateurs")."""
    wanted = [fold(t) for t in things]
    mentions = [m for m in re.finditer(r"\w+", sentence) if any(same_word(fold(m.group()), w) for w in wanted)]
    if not mentions and _DEMONSTRATIVE.match(sentence) and any(
            same_word(fold(w), t) for w in re.findall(r"\w+", before) for t in wanted):
        return type_match("who", sentence, question) > 0 and bool(names_not_of_people(sentence, question))
    if not mentions or type_match("who", sentence, question) <= 0 or all(_only_counted(sentence, m) for m in mentions):
        return False
    # things, not people ("opérateurs", "agences"): a person's name is not theirs (the speaker's
    # "explique Jeffrey Labovitz" does not name the operators)
    if any(is_any_role(t) or t in ANYONE for t in wanted):
        return True
    if any(re.match(r"\s*[«“\"]?\s*[A-ZÀ-ÖØ-Þ]", sentence[m.end() :]) for m in mentions):
        return True  # named right after its word ("l'agence Fanilo Emploi", "le palangrier « Hai Feng »")
    return bool(names_not_of_people(sentence, question))


_DEMONSTRATIVE = re.compile(r"\s*[«“\"]?\s*(?:ces|cette|cet|ce|these|this|those)\b", re.I)


# a count before a noun ("trois agences", "Deux délégations", "several firms")
_COUNT_BEFORE = re.compile(
    r"(?:\d[\d\s]*|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|plusieurs|quelques"
    r"|two|three|four|five|six|seven|eight|nine|ten|several|some)\s+$", re.I)


def _only_counted(sentence: str, mention: re.Match) -> bool:
    """Whether a mention of the things asked the names of only counts them ("le ministère a
    suspendu les licences de trois agences de placement"): a count before it and no list of
    them after it ("trois agences : A, B et C", "deux entreprises (A et B)")."""
    return bool(_COUNT_BEFORE.search(sentence[: mention.start()])) and not re.match(
        r"[^.;:(]{0,40}[:(]", sentence[mention.end() :])


# winning: "Qui a remporté le concours …", "Which team won …", "le lauréat du prix"; a prize
# given ("le deuxième prix … est revenu à …", "a récompensé", "décerné à", "awarded to")
_WINNING = re.compile(r"\b(?:remport\w*|gagn(?:e|ee|es|ees|ent|er|ait|a|ant)|vainqueurs?|laureat\w*|victoires?|"
                      r"champions?|won|wins?|winners?|winning|victory|victories|recompens\w*|decern\w*|prime(?:e|s|es)?|"
                      r"awarded|prix\b[^.;]{0,60}\b(?:est|sont|a\s+ete|ont\s+ete)\s+(?:revenue?s?|attribuee?s?|remise?s?|octroyee?s?))\b")
_PRIZE = re.compile(r"\b(?:prix|prizes?|awards?|recompenses?|dotation|dote)\b")
# what was won asked, not who won: "Qu'est-ce qu'ils ont remporté ?", "Qu'a gagné la lauréate ?",
# "What did the winners get?"
_PRIZE_ASKED = re.compile(r"\b(?:qu'est-ce\s+qu'(?:il|ils|elle|elles|on)\s+(?:a|ont|avait|avaient)|"
                          r"qu'(?:a|ont|avait|avaient)(?:-t)?-(?:il|ils|elle|elles|on)|qu'(?:a|ont|avait|avaient)\s+(?=remport|gagn)|"
                          r"que\s+(?:remporte|gagne)\w*|"
                          r"what\s+(?:prize|award|reward)?\s*(?:did|do|does|will)\b[^?]*\b(?:win|get|receive))\b")


@lru_cache(maxsize=512)
def asks_for_winner(question: str) -> bool:
    """Whether a question asks who or what won ("Quelle équipe a remporté la coupe du monde de
    cricket ?", "Who won IOM's journalism prize?"); not what someone earns ("Combien gagnent les
    pêcheurs ?", a sum), nor the prize won ("Qu'est-ce qu'ils ont remporté ?")."""
    folded = fold(unify_apostrophes(question))
    # (a person asked in another part: "Who presided over the jury that picked the winner?"; the
    # prize: "Et qu'est-ce qu'ils ont remporté ?")
    return bool(_WINNING.search(folded)) and not re.search(r"\b(?:combien|how much|salaire|salary)\b", folded) and (
        person_asked(question) in (None, "winner")) and not asks_for_prize(question)


@lru_cache(maxsize=512)
def asks_for_prize(question: str) -> bool:
    """Whether a question asks what was won ("Et qu'est-ce qu'ils ont remporté ?", "What did the
    winners get?"), not who won it."""
    folded = fold(unify_apostrophes(question))
    return bool(_WINNING.search(folded) and _PRIZE_ASKED.search(folded))


# a company, an NGO, an operator asked ("Quelle entreprise technologique …", "Which mobile
# operators …", "the name of the technology company …"): not a government, which a place names
_ORG_ASKED = re.compile(
    r"\b(?:(?:quel(?:le)?s?|which|what)\s+(?:(?!(?:is|was|are|were|does|did|do|has|have|est|sont|a|ont|les|le|la|the|des|du|de|of|leurs?|their|its|ses|son|sa)\b)[\w-]+\s+)"
    r"{0,3}?|(?:nom|name)s?\s+(?:de\s+l'|du\s+|des\s+|of\s+the\s+)"
    r"(?:[\w-]+\s+)?)(?:entreprises?|societes?|compagnies?|operateurs?|ong|associations?|firmes?|company|companies|"
    r"firms?|operators?|ngos?|airlines?)\b")
# capitalised words in a row, after an elided article or not ("l'AECID")
_CAPITALISED_RUN = re.compile(r"(?<![\w'’-])(?:[a-zA-Z]['’])?[A-ZÀ-ÖØ-Þ][\w'’-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w'’-]*)*")


@lru_cache(maxsize=512)
def asks_for_organisation(question: str) -> bool:
    return bool(_ORG_ASKED.search(fold(unify_apostrophes(question))))


def names_organisation(sentence: str, question: str) -> bool:
    """Whether a sentence names something that is not a place, the house or the question's own
    names ("British Telecom", "AECID", "Nsuo Pa Foundation"): "une entreprise de technologie a
    suivi un navire au large de la Papouasie Nouvelle-Guinée" names no company."""
    asked = fold(question)
    persons = {w for p in people_in_role(sentence) for w in p.split()}  # a speaker's name is no company's
    for m in _CAPITALISED_RUN.finditer(sentence):
        words = [w for w in re.sub(r"^[a-zA-Z]['’]", "", m.group()).split() if not is_stopword(w) and not is_house(w)]
        if m.start() == len(sentence) - len(sentence.lstrip(" «\"“(-")) and len(m.group().split()) == 1:
            continue  # the sentence's first word
        folded = fold(" ".join(words))
        if not words or is_place(folded) or all(fold(w)[:5] in asked for w in words) or set(words) <= persons:
            continue
        return True
    return False


def holds_what_was_asked(sentence: str, question: str) -> bool:
    """Whether a sentence can answer a question asking for a person (it names one, in the role
    asked), a company or an NGO (it names one), a winner (it speaks of winning: a sentence on
    the event a release mentions, without its winner, does not answer who won it), or what was
    won (it speaks of winning or of a prize)."""
    if asks_for_person(question) and not names_someone(sentence, question):
        return False
    if asks_for_organisation(question) and not names_organisation(sentence, question):
        return False
    folded = fold(sentence)
    if asks_for_prize(question):
        return bool(_WINNING.search(folded) or _PRIZE.search(folded))
    if not asks_for_winner(question):
        return True
    # the winner is named: a person, a team, a country the question does not give ("le texte
    # lauréat sera enregistré" speaks of the winner of a contest yet to be held)
    return bool(_WINNING.search(folded)) and any(not is_stopword(n) for n in new_names(sentence, question))
