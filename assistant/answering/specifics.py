"""The names and numbers a question pins down ("en Moldavie", "en 2008", "Zorblax017",
"1-800-555-0199"); whether a release mentions them is :func:`assistant.text.facts.mentions`."""

from __future__ import annotations

import re

from assistant.text.facts import identifier_like, is_house, ungrouped
from assistant.text.normalize import fold, unify_apostrophes
from assistant.text.ordinals import ordinals_asked
from assistant.text.terms import identifiers, is_stopword

# a day and month typed in digits ("19/04", "19/04/2007", "19.04.2007"): a date the release
# writes in words ("le 19 avril"), not a code to find as written; its year is read on its own
_DAY, _MONTH = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])"
_NUMERIC_DATE = re.compile(rf"(?<![\d/.]){_DAY}(?:/{_MONTH}(?:/(\d{{4}})|/\d{{2}})?|\.{_MONTH}\.(\d{{4}}))(?![\d/.])")


def specific_terms(question: str) -> list[str]:
    """Numbers and proper names of the question (not its first word): the facts it pins down.
    A number grouped by thousands is one number, in plain digits ("2 000", "2,000": "2000")."""
    question = _NUMERIC_DATE.sub(lambda m: m.group(1) or m.group(2) or "", ungrouped(question))
    tokens = re.findall(r"(?u)\b\w+\b", unify_apostrophes(question))
    specific = [t for t in tokens if t.isdigit() and len(t) >= 2]
    specific += [
        t for t in tokens[1:]
        if t[:1].isupper() and len(t) > 3 and not t.isupper() and not is_stopword(t)
    ]
    # codes, numbers with separators and acronyms, whole ("Zorblax017", "1-800-555-0199", "ASEAN");
    # an acronym as written, in capitals: a release's "respectés" is no mention of "RESPECT"
    acronyms = {fold(t): t for t in tokens if t.isupper() and not any(c.isdigit() for c in t)}
    specific += [acronyms.get(t, t) for t in identifiers(question) if not is_house(t)]
    folded = {fold(t) for t in specific}
    # a code's pieces ("800", "Zorblax017" within "1-800-…") are not facts of their own
    pieces = {p for t in folded if identifier_like(t) for p in re.split(r"[-./]", t) if p != t}
    kept: dict[str, str] = {}  # folded -> the term as first written
    for t in specific:
        if fold(t) not in kept and (fold(t) not in pieces or identifier_like(fold(t))):
            kept[fold(t)] = t
    # which step of a sequence it asks about ("la deuxième phase": "2:phase")
    return list(kept.values()) + ordinals_asked(question)
