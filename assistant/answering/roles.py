"""Whose role a sentence names: a question after the holder of a role in one organisation ("Who
is the managing director of the Kenya Airports Authority?", "Qui est le directeur général de
l'OIM ?") is not answered by the holder of that role in another ("…, a souligné Henrik
Strandberg, chef de mission de l'OIM au Kenya"; "…, directeur général du groupe Azuria").

A role's organisation is read from the words after it, up to a comma or a bracket ("chef de
mission de l'OIM au Kenya"), or from an English possessive before it ("IOM's director"): the
house (OIM, IOM, the Organisation internationale pour les migrations), another body (a capitalised
name that is no place, or a word for a body: "l'autorité aéroportuaire", "the company"), or
none said.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from assistant.answering.role_words import is_any_role, is_role_of
from assistant.text.geography import countries_in
from assistant.text.normalize import fold, unify_apostrophes
from assistant.text.terms import is_stopword

HOUSE, OTHER = "house", "other"

_HOUSE_NAMES = frozenset({"oim", "iom"})
_HOUSE_PHRASE = re.compile(r"\b(?:organisation internationale pour les migrations|international organi[sz]ation for migration)\b",
                           re.I)
# words for a body whose head a role is
_BODY = re.compile(
    r"(?:ministeres?|ministry|ministries|bureaux?|offices?|agences?|agency|agencies|commissions?|authority|authorities"
    r"|autorites?|entreprises?|societes?|company|companies|groupes?|group|ong|ngos?|associations?|fondations?"
    r"|foundation|institut|institute|services?|secretariat|direction|departements?|department|conseil|council"
    r"|compagnies?|airlines?|banques?|bank|universites?|university|federation|syndicats?|union|tribunal|court"
    r"|police|gendarmerie|brigade|unites?|unit|reseaux?|network|fabricant|manufacturer|hotels?|usines?|factory)")
# words that go on naming the role itself ("directeur général adjoint", "chef de mission")
_OF_ROLE = frozenset("""general generale generaux executive executif regional regionale national nationale
adjoint adjointe deputy mission chief head principal principale managing pays country""".split())
# words that open where or for what a role is held, not in which body
_SCOPE = frozenset({"pour", "for", "in", "en", "a", "at", "dans", "aupres", "charge", "responsible"})
_ENDS = re.compile(r"[,;:?!.()«»\"“”–—]|\s-\s")
_WORDS = re.compile(r"[\w'’-]+")


def _owner_after(words: list[str]) -> str | None:
    for raw in words:
        if fold(raw) in _SCOPE:  # "coordinator for the Pacific": where, not whose
            return None
        core = re.sub(r"^[a-zA-Z]['’]|['’]s$", "", raw)  # "l'OIM", "IOM's mission"
        folded = fold(core).strip("'’")
        if not folded or is_stopword(folded) or folded in _OF_ROLE:
            continue
        if folded in _HOUSE_NAMES:
            return HOUSE
        if _BODY.fullmatch(folded) or (core[:1].isupper() and not countries_in(folded)):
            return OTHER
    return None


def _possessor(before: list[str]) -> str | None:
    """The body named right before a role: the house ("the IOM regional director"), or one in
    an English possessive ("IOM's chief of mission", "the company's director")."""
    for raw in reversed(before[-3:]):
        name = fold(re.sub(r"['’]s$", "", raw))
        if name in _HOUSE_NAMES:
            return HOUSE
        if raw.endswith(("'s", "’s")):
            return OTHER if raw[:1].isupper() and not countries_in(name) or _BODY.fullmatch(name) else None
        if raw[:1].isupper():
            return None
    return None


def owners(text: str, is_role) -> list[str | None]:
    """The organisation of each role ``is_role`` accepts (a folded word → bool) in ``text``:
    HOUSE, OTHER, or None where the text does not say."""
    text = _HOUSE_PHRASE.sub("OIM", unify_apostrophes(text))
    found = []
    for m in _WORDS.finditer(text):
        if not is_role(fold(m.group())):
            continue
        after = _WORDS.findall(_ENDS.split(text[m.end():])[0])[:10]
        found.append(_possessor(_WORDS.findall(text[: m.start()])) or _owner_after(after))
    return found


def of_another_body(sentence: str, question: str, kind: str) -> bool:
    """Whether every role of ``kind`` (any official's, for "") that a sentence names is one in
    another body than the one the question asks about (False when either does not say)."""
    asked = _body_asked(question, kind)
    if asked is None:
        return False
    said = owners(sentence, _role_of(kind))
    return bool(said) and all(o is not None and o != asked for o in said)


@lru_cache(maxsize=256)
def _body_asked(question: str, kind: str) -> str | None:
    """The body whose role of ``kind`` the question asks about: read once per question, not for
    each of its candidate sentences."""
    return next((o for o in owners(question, _role_of(kind)) if o), None)


def _role_of(kind: str) -> Callable[[str], bool]:
    return is_any_role if not kind else lambda word: is_role_of(kind, word)


@lru_cache(maxsize=1024)
def names_house_role(text: str) -> bool:
    """Whether a text names a role in the house: a question asking for a person by one ("Which
    IOM officials are quoted …", "Quel expert de l'OIM …"), a sentence naming one ("…, cheffe de
    mission de l'OIM au Sénégal")."""
    return HOUSE in owners(text, is_any_role)
