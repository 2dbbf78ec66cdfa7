"""The names and numbers a question pins down ("en Moldavie", "en 2008", "Zorblax017",
"1-800-555-0199"), and whether a release mentions them: numbers and codes whole, names by a
5-letter stem across languages (Cambodia/Cambodge, Ukrainian/Ukraine)."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answering.slots import HOUSE
from assistant.text.normalize import fold, unify_apostrophes
from assistant.text.terms import compact, identifiers, is_stopword


def specific_terms(question: str) -> list[str]:
    """Numbers and proper names of the question (not its first word): the facts it pins down."""
    tokens = re.findall(r"(?u)\b\w+\b", unify_apostrophes(question))
    specific = [t for t in tokens if t.isdigit() and len(t) >= 2]
    specific += [
        t for t in tokens[1:]
        if t[:1].isupper() and len(t) > 3 and not t.isupper() and not is_stopword(t)
    ]
    # codes, numbers with separators and acronyms, whole ("Zorblax017", "1-800-555-0199", "ASEAN")
    specific += [t for t in identifiers(question) if t.upper() not in HOUSE]
    folded = {fold(t) for t in specific}
    # a code's pieces ("800", "Zorblax017" within "1-800-…") are not facts of their own
    pieces = {p for t in folded if _identifier_like(t) for p in re.split(r"[-./]", t) if p != t}
    kept: dict[str, str] = {}  # folded -> the term as first written
    for t in specific:
        if fold(t) not in kept and (fold(t) not in pieces or _identifier_like(fold(t))):
            kept[fold(t)] = t
    return list(kept.values())


def _identifier_like(folded: str) -> bool:
    return any(c.isdigit() for c in folded) and (any(c.isalpha() for c in folded) or bool(re.search(r"[-./]", folded)))


def mentions(term: str, folded_text: str) -> bool:
    """Whether a folded text mentions a term; names match on a 5-letter stem across languages
    (Cambodia/Cambodge, Ukrainian/Ukraine)."""
    return _mention_pattern(term).search(folded_text) is not None


@lru_cache(maxsize=1024)
def _mention_pattern(term: str) -> re.Pattern[str]:
    folded = fold(term)
    if folded.isdigit():
        return re.compile(rf"(?<!\d){folded}(?!\d)")
    if _identifier_like(folded) or (term.isupper() and len(term) >= 2):
        # an identifier matches whole, as written or without its separators: "zorblax017" is
        # not "zorblax019", "trafik-24" is also "trafik24"
        forms = "|".join(re.escape(f) for f in dict.fromkeys((folded, compact(folded))))
        return re.compile(rf"(?<![\w-])(?:{forms})(?![\w]|-\w)")
    return re.compile(rf"\b{re.escape(folded[:5])}")




