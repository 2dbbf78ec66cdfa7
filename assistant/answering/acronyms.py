"""A question after what an acronym stands for ("Que signifie NAPTIP ?", "What does ICAT stand
for?", "Qu'est-ce que la KOICA ?"): its answer is the sentence that spells the acronym out, the
way a release does at its first mention, "l'Agence nationale pour l'interdiction de la traite des
personnes (NAPTIP)" or "NIRAPAD (« sûr » en bengali)". That sentence is read even when the search
did not reach it (the question shares one word with the release, the acronym, which every
mention holds). A meaning asked that no retrieved release gives is not answered: a sentence that
only uses the acronym does not say what it stands for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.answering.candidates import ScoredSentence
from assistant.answering.chunk_reads import chunks_holding
from assistant.retrieval.hybrid import RetrievedChunk
from assistant.store import ReleaseStore

_ARTICLE = r"(?:(?:le|la|les|ce|cet|cette|ces|the|an?|this|that)\s+|l['’]\s*)?"
_WORD = r"(?:sigles?|acronymes?|abr[ée]viations?|termes?|mots?|nom|acronym|abbreviation|term)"
_TERM = r"([^\W\d_][\w&-]{1,14})"
# the meaning asked, the term after the verb ("Que signifie le sigle X", "What does X stand for")
# or before it ("X, ça veut dire quoi ?", "X signifie quoi ?")
_MEANING = re.compile(
    rf"\b(?:que|qu['’]est-ce\s+que|ce\s+que)\s+(?:signifie(?:nt)?|veu(?:t|lent)\s+dire|d[ée]signe(?:nt)?|recouvre(?:nt)?)"
    rf"\s+{_ARTICLE}(?:{_WORD}\s+)?{_ARTICLE}{_TERM}"
    rf"|\b(?:signification|sens)\s+(?:du|de\s+la|de\s+l['’]|des|de|of\s+the|of)\s+(?:{_WORD}\s+)?{_ARTICLE}{_TERM}"
    rf"|\b(?:quoi|what)\s+(?:correspond|does|do|is)\s+(?:à\s+)?{_ARTICLE}(?:{_WORD}\s+)?{_TERM}\s+(?:stand|mean|short)"
    rf"|\bwhat\s+(?:does|do)\s+{_ARTICLE}(?:{_WORD}\s+)?{_TERM}\s+(?:stand|mean)"
    rf"|\b(?:à\s+quoi|what)\s+(?:correspond|refers?)\s+(?:to\s+)?{_ARTICLE}(?:{_WORD}\s+)?{_TERM}"
    rf"|\b(?:de\s+quoi|what)\s+{_ARTICLE}{_TERM}\s+(?:est-(?:il|elle)\s+)?(?:le\s+sigle|l['’]acronyme|is\s+short)"
    rf"|\b{_TERM},?\s+(?:ça|cela|ca)?\s*(?:signifie|veut\s+dire|d[ée]signe|stands?\s+for|means?)\s+(?:quoi|what)\b",
    re.I,
)
# who or what an acronym is ("Qu'est-ce que la NAPTIP ?", "What is NAPTIP?"): the term alone
_WHAT_IS = re.compile(rf"^\s*(?:qu['’]est-ce\s+que|what\s+is|what['’]s|who\s+is|qui\s+est)\s+{_ARTICLE}{_TERM}\s*\??\s*$", re.I)


@dataclass(frozen=True)
class Asked:
    """An acronym whose meaning is asked; ``strict``: the question asks only that (its answer
    is a gloss or nothing), not who or what it is in general ("What is NAPTIP?")."""

    acronym: str
    strict: bool


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@lru_cache(maxsize=256)
def asked(question: str) -> Asked | None:
    """The acronym ``question`` asks the meaning of, if any. A word the user typed in lower case
    ("que signifie naptip ?") counts: whether a release writes it as an acronym decides later.
    Remembered: the passages read and the quote chosen both ask it of the same question."""
    if m := _MEANING.search(question):
        return Asked(next(g for g in m.groups() if g).upper(), True)
    if (m := _WHAT_IS.search(question)) and _is_acronym(m.group(1)):
        return Asked(m.group(1), False)
    return None


def glosses(acronym: str, text: str) -> bool:
    """Whether ``text`` spells ``acronym`` out: "… (NAPTIP)" after its long form (or "… (NFA,
    National Fisheries Authority)", with its words in another language), or "NIRAPAD (« sûr » en
    bengali)" with a gloss in words right after it."""
    a = re.escape(acronym)
    return bool(re.search(rf"\(\s*(?:l['’]|the\s+)?{a}\s*(?:\)|[,;:]\s*[^\W\d_])", text)
                or re.search(rf"(?<![\w-]){a}\s*\(\s*(?:[«\"“]\s*)?[^\W\d_][^)]*[^\W\d_][^)]*\)", text))


def with_gloss_chunks(store: ReleaseStore, chunks: list[RetrievedChunk], acronym: str) -> list[RetrievedChunk]:
    """``chunks`` and, for each retrieved release that uses ``acronym`` without a retrieved chunk
    spelling it out, its chunks that do (in one read)."""
    uses = _used_as_word(acronym)
    texts = store.release_texts(list(dict.fromkeys(c.release_id for c in chunks)))
    spelled = {c.release_id for c in chunks if glosses(acronym, c.text)}
    wanted = [rid for rid, text in texts.items() if rid not in spelled and uses.search(text)]
    return chunks + chunks_holding(store, wanted, chunks, lambda c: glosses(acronym, c.text)) if wanted else chunks


def gloss(acronym: Asked, ranked: list[ScoredSentence]) -> list[ScoredSentence] | None:
    """The quote answering what ``acronym`` stands for: the best-ranked candidate sentence that
    spells it out. An empty list when the meaning alone is asked and no candidate gives it (the
    releases do not say); None when the answer is left to the ranking (no candidate uses the
    acronym as one, or who or what it is was asked and no sentence spells it out)."""
    best = next((s for s in ranked if glosses(acronym.acronym, s.text)), None)
    if best is not None:
        return [best]
    uses = _used_as_word(acronym.acronym)
    used = any(uses.search(s.text) for s in ranked)
    return [] if acronym.strict and used else None


def _used_as_word(acronym: str) -> re.Pattern[str]:
    """``acronym`` written whole, not inside another word or code ("NFA", not "NFA-2")."""
    return re.compile(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])")
