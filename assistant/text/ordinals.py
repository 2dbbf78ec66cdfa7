"""Which one of a sequence a question asks about: "la deuxième phase", "the second edition",
"la troisième tranche". A release that gives two phases gives each its own budget and dates; the
answer about the second is near where the release speaks of the second ("Une deuxième phase, prévue
à partir de l'an prochain …"), in whatever words it numbers it ("seconde phase", "phase 2",
"phase II")."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.normalize import fold

# the ordinal's forms, folded, by rank
_FORMS = {
    1: ("premier", "premiere", "1er", "1re", "1ere", "first"),
    2: ("deuxieme", "seconde", "second", "2e", "2eme", "2nd"),
    3: ("troisieme", "3e", "3eme", "third", "3rd"),
    4: ("quatrieme", "4e", "4eme", "fourth", "4th"),
    5: ("cinquieme", "5e", "5eme", "fifth", "5th"),
}
_ROMAN = {1: "i", 2: "ii", 3: "iii", 4: "iv", 5: "v"}
_RANK = {form: rank for rank, forms in _FORMS.items() for form in forms}
# the steps of a sequence (not "premier ministre", "première fois", "first time"), folded, with
# the French word a release uses for an English one
_STEPS = {
    "phase": "phase", "etape": "etape", "stage": "etape", "edition": "edition", "volet": "volet",
    "tranche": "tranche", "cycle": "cycle", "round": "cycle", "session": "session", "vague": "vague",
    "wave": "vague", "trimestre": "trimestre", "quarter": "trimestre", "semestre": "semestre",
}
_IN_QUESTION = re.compile(rf"\b({'|'.join(_RANK)})\s+({'|'.join(_STEPS)})s?\b")


def ordinals_asked(question: str) -> list[str]:
    """The steps of a sequence ``question`` names by their rank, as "2:phase" (rank, then the
    French step word, folded): "la seconde phase" and "the second phase" are both "2:phase"."""
    return list(dict.fromkeys(f"{_RANK[m[1]]}:{_STEPS[m[2]]}" for m in _IN_QUESTION.finditer(fold(question))))


def is_ordinal(term: str) -> bool:
    """Whether ``term`` is one of :func:`ordinals_asked`'s."""
    return bool(re.fullmatch(r"\d:[a-z]+", term))


@lru_cache(maxsize=64)
def ordinal_pattern(term: str) -> re.Pattern[str]:
    """The ways a folded text names ``term`` ("2:phase"): "deuxième phase", "seconde phase du
    programme", "2e phase", "phase 2", "phase II"."""
    rank, step = int(term[0]), term[2:]
    forms = "|".join(_FORMS[rank])
    return re.compile(rf"(?<!\w)(?:{forms})\s+(?:\w+\s+)?{step}|(?<!\w){step}s?\s+(?:n°\s*)?(?:{rank}|{_ROMAN[rank]})(?!\w)")


def said_of(steps: set[str], text: str, before: str, after: str = "") -> bool:
    """Whether a sentence speaks of each step asked that its release names (``steps``): it or
    the lines just before it name it, or the sentence right ``after`` it when that one says what
    it was ("… 143 des 180 survivantes … soit 79 %. C'est l'un des principaux résultats de
    l'évaluation de la première phase"). The sentence before "Une deuxième phase …" is about what
    came before it, however close."""
    if not steps:
        return True
    following = re.match(r"[^.!?]*", after.lstrip()).group() if _SAYS_WHAT_IT_WAS.match(after) else ""
    folded = fold(f"{before} {text} {following}")
    return all(ordinal_pattern(t).search(folded) for t in steps)


# a sentence that says what the one before it was: "C'est l'un des résultats de …", "Ce sont …"
_SAYS_WHAT_IT_WAS = re.compile(r"\s*[«\"“]?\s*(?:c['’]est|c['’]était|ce sont|ce furent|cela|ceci)\b", re.I)
