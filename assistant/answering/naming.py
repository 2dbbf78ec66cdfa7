"""A naming question ("Comment s'appellent les auteurs du rapport ?", "What is the name of the
company …"): whom it asks the name of, and whether a sentence names them.
"""

from __future__ import annotations

import re

from assistant.answering.figures import ANYONE, NUMBER, same_word
from assistant.answering.people import is_any_role, names_not_of_people
from assistant.answering.slots import type_match
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
