"""A count or a sum asked as an average or a rate ("En moyenne, combien …", "How much … each
year"), and whether a sentence gives one.
"""

from __future__ import annotations

import re

# what a count or a sum may be asked as, and how a sentence gives it: an average ("en moyenne",
# "une dette moyenne de", "on average"); a rate, asked per period ("each year", "chaque mois") and
# given per period or by its adjective ("par mois", "annuel", "a year")
# (not "le Moyen-Orient", nor "les moyens" a body has)
_AVERAGE = re.compile(r"\b(?:moyen(?:ne|nes)?(?![\w-])|average|m[ée]dian(?:e|s|es)?|median)\b", re.I)
_PERIOD = r"(?:an|année|annee|mois|semaine|jour|year|month|week|day)"
QUALIFIERS = {
    "average": (_AVERAGE, _AVERAGE),
    "rate": (re.compile(rf"\b(?:par|chaque|per|each|every)\s+{_PERIOD}\b", re.I),
             re.compile(rf"\b(?:par|chaque|per|each|every|a)\s+{_PERIOD}\b|\b(?:annuel(?:le)?s?|mensuel(?:le)?s?"
                        r"|hebdomadaires?|quotidien(?:ne)?s?|annual(?:ly)?|yearly|monthly|weekly|daily)\b", re.I)),
}


def qualifiers_asked(question: str) -> list[str]:
    """What a count or a sum is asked as: "average", "rate" ("En moyenne, combien …", "How much … each year")."""
    return [name for name, (asked, _) in QUALIFIERS.items() if asked.search(question)]


def gives(qualifier: str, sentence: str) -> bool:
    """Whether a sentence gives a figure as ``qualifier`` asks ("la dette moyenne", "par mois")."""
    return bool(QUALIFIERS[qualifier][1].search(sentence))
