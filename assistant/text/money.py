"""Sums of money in a text: a figure with a currency, in the names the Unicode CLDR gives every
currency in French and English (Babel), not in a list of our own: "4,5 millions de dollars
canadiens", "250 000 nairas", "3,8 millions de livres sterling", "1,6 million d'euros", "$2.8
million", "CHF 500 000".

>>> holds_sum("Le projet dispose de 3,8 millions de livres sterling.")
True
>>> holds_sum("Les enquêteurs ont interrogé 2 340 travailleurs.")
False
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.normalize import fold, fold_name

# first words of French currency names that name no currency on their own ("unité de compte"),
# and last words of English ones that name no currency ("Testing Currency Code", "Bond Markets Unit")
_NOT_UNITS = frozenset({"unite", "nouveau", "nouvelle", "ancien", "ancienne", "droit", "or", "argent", "palladium",
                        "platine", "code", "devise", "mark", "funds", "gold", "type", "unit", "value", "sum",
                        "rights", "silver", "platinum", "transactions"})


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    from babel import Locale

    fr, en = Locale("fr"), Locale("en")
    units: set[str] = set()
    for name in fr.currencies.values():
        first = fold(name.split()[0])
        if "(" not in name and len(first) >= 3 and first not in _NOT_UNITS:
            units.add(first)  # "dollar des États-Unis", "livre sterling", "naira nigérian"
    for name in en.currencies.values():
        last = fold(name.split()[-1])
        if "(" not in name and len(last) >= 3 and last.isalpha() and last not in _NOT_UNITS:
            units.add(last)  # "US Dollar", "British Pound", "Nigerian Naira"
    symbols = {s for loc in (fr, en) for s in loc.currency_symbols.values() if not any(c.isalpha() for c in s)}
    code = "|".join(sorted(en.currencies))
    figure = r"\d[\d\s.,]*(?:\s*(?:millions?|milliards?|mille|billions?|thousand|k|m|bn))?"
    unit = "|".join(sorted(map(re.escape, units), key=len, reverse=True))
    sign = "|".join(sorted(map(re.escape, symbols), key=len, reverse=True))
    in_words = re.compile(rf"{figure}\s*(?:de\s+|d'|of\s+)?(?:{unit})s?\b|(?:{sign})\s*\d|\d\s*(?:{sign})")
    in_codes = re.compile(rf"\b(?:{code})\s*\d|\d[\d\s.,]*(?:\s*(?:millions?|milliards?))?\s*(?:{code})\b")
    return in_words, in_codes


def holds_sum(text: str) -> bool:
    """Whether ``text`` gives a sum of money: a figure with a currency's name, sign or code."""
    in_words, in_codes = _patterns()
    return bool(in_words.search(fold_name(text)) or in_codes.search(text))


@lru_cache(maxsize=1)
def _currency_names() -> re.Pattern[str]:
    """CLDR's full names of currencies, folded, each word singular or plural: "dollars canadiens",
    "couronnes norvégiennes", "Australian dollars"."""
    from babel import Locale

    names = {fold_name(n) for loc in (Locale("fr"), Locale("en")) for n in loc.currencies.values() if "(" not in n}
    forms = [r"\s+".join(rf"{re.escape(w)}s?" for w in name.split()) for name in names if len(name.split()) > 1]
    return re.compile(rf"\b(?:{'|'.join(sorted(forms, key=len, reverse=True))})\b")


def without_currencies(folded: str) -> str:
    """``folded`` (:func:`fold_name`'s) without the names of currencies, whose people's word names
    no payer: "4,5 millions de dollars canadiens" is not Canada's money."""
    return _currency_names().sub(" ", folded)
