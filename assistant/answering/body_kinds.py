"""The kind of body a question asks for by name ("Which tech firm …", "Quelles ONG égyptiennes
…", "quel syndicat") and whether a sentence names one of that kind: a name beside a word of the
kind ("l'association Tugisild", "Kemet Digital Labs, une jeune entreprise"). Read by
:func:`assistant.answering.slots.type_match`, where a name beside no such word is half a match.
(:mod:`assistant.answering.naming` asks the broader question of whether any company or
organisation is asked, and vetoes a sentence naming none.)"""

from __future__ import annotations

import re

from assistant.text.normalize import fold

# each kind: the words a question asks for it with, and the words a sentence names one with
_KINDS = {
    "company": (r"entreprises?|societes?|compagnies?|firms?|companies|company",
                r"entreprises?|societes?|compagnies?|firmes?|start-?ups?|companies|company|firms?|groupe"),
    "ngo": (r"ong|ngos?|associations?|fondations?|foundations?|charit(?:y|ies)",
            r"ong|ngos?|associations?|organisations?|organizations?|fondations?|foundations?|"
            r"collectifs?|reseaux?|charit(?:y|ies)|societe civile|civil society"),
    "union": (r"syndicats?|unions?", r"syndicats?|syndical|unions?"),
    "bank": (r"banques?|banks?", r"banques?|banks?|bancaires?"),
    "university": (r"universites?|universit(?:y|ies)", r"universites?|universit(?:y|ies)|facultes?|instituts?"),
}
_ASKED = re.compile(r"\b(?:quel(?:le)?s?|which)(?:\s+[\w-]+){0,3}?\s+(?:"
                    + "|".join(f"(?P<{kind}>{asked})" for kind, (asked, _) in _KINDS.items()) + r")\b")
_NAMED = {kind: re.compile(rf"\b(?:{named})\b") for kind, (_, named) in _KINDS.items()}
_BESIDE_NAME = 25  # characters between a name and the word of its kind ("…, une jeune entreprise")


def body_kind_asked(question: str) -> str | None:
    """The kind of body a question asks for by name ("company" for "Which tech firm developed
    …", "ngo" for "Quelles ONG égyptiennes …"), None when it asks for none."""
    m = _ASKED.search(fold(question))
    return m.lastgroup if m else None


def named_beside(kind: str, names: list[str], folded: str) -> bool:
    """Whether a word of ``kind`` stands within a few words of one of ``names`` in ``folded``
    (a folded sentence)."""
    spots = [m.start() for m in _NAMED[kind].finditer(folded)]
    for name in names:
        for m in re.finditer(re.escape(fold(name)), folded):
            if any(m.start() - _BESIDE_NAME <= spot <= m.end() + _BESIDE_NAME for spot in spots):
                return True
    return False
