"""The names an English question gives to places, and to the languages that name their people,
in the words a French release writes them: "Netherlands" and "Dutch" are "Pays-Bas" and
"néerlandais", "Sweden" and "Swedish" are "Suède" and "suédois", "Caribbean" is "Caraïbes".

Read from the Unicode CLDR names that Babel carries (every country and UN region in English
and French, every language), not from a list of our own: a place no question of ours names is
known as well as one that is. Names alike in both languages ("Ukraine") need no entry: a
5-letter stem matches them (:func:`assistant.text.facts.mentions`).

>>> sorted(french_forms("netherlands"))
['pays-bas']
>>> sorted(french_forms("dutch"))
['neerl']
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from assistant.text.country_names import people_of
from assistant.text.normalize import fold, fold_name

_WORD = re.compile(r"[a-z][a-z'-]*")
# the kinds of places a question may ask for ("dans quelles régions", "which islands"), singular and plural
PLACE_KINDS_FR = (r"(?:pays|villes?|régions?|regions?|lieux?|localités?|provinces?|districts?|communes?|départements?"
                  r"|quartiers?|ports?|îles?|iles?|archipels?|camps?|postes? frontières?|postes? frontaliers?|frontières?|continents?)")
PLACE_KINDS_EN = (r"(?:country|countries|city|cities|towns?|regions?|places?|locations?|localit(?:y|ies)|provinces?|districts?"
                  r"|villages?|ports?|islands?|camps?|border crossings?|crossing points?|continents?)")
# the kinds of places inside a country ("dans quelles villes", "which towns"): a country is none of them
WITHIN_A_COUNTRY = re.compile(r"\b(?:villes?|localités?|provinces?|districts?|communes?|départements?|quartiers?"
                              r"|ports?|camps?|villages?|cities|city|towns?)\b", re.I)
# words of multi-word English names that name no place on their own ("Republic of …")
_GENERIC = frozenset({
    "and", "the", "of", "islands", "island", "republic", "democratic", "united", "saint", "south", "north",
    "east", "west", "central", "new", "great", "kingdom", "federation", "states", "outlying", "territory",
    "territories", "french", "british", "american", "us", "sar", "china", "people's", "minor",
})


def _stem(french_name: str) -> str:
    """How a French name is looked for in a folded text: a compound whole ("pays-bas",
    "royaume-uni"), else its longest word's first five letters ("cote d'ivoire": "ivoir")."""
    folded = fold_name(french_name)
    words = [w.split("'")[-1] for w in folded.split()]
    compound = [w for w in words if "-" in w]
    if compound:
        return compound[0]
    return max(words, key=len)[:5]


def _key(english_name: str) -> str | None:
    """The one word an English name is looked up by (its only non-generic word), or None."""
    words = [w for w in _WORD.findall(fold(english_name)) if w not in _GENERIC and len(w) > 2]
    return words[0] if len(words) == 1 else None


@lru_cache(maxsize=1)
def _table() -> dict[str, frozenset[str]]:
    from babel import Locale
    from babel.core import get_global

    en, fr = Locale("en"), Locale("fr")
    table: dict[str, set[str]] = defaultdict(set)
    for code, english in en.territories.items():
        french = fr.territories.get(code)
        key = _key(english)
        if french and key and _stem(french) != key[:5]:
            table[key].add(_stem(french))
    likely = get_global("likely_subtags")
    for code, english in en.languages.items():
        french, key = fr.languages.get(code), _key(english)
        if not french or not key or "_" in code:
            continue
        if _stem(french) != key[:5]:
            table[key].add(_stem(french))
        # the language's country, when the two English names share their start (Swedish,
        # Sweden; German, Germany; not English, United States)
        territory = likely.get(code, "").split("_")[-1]
        country = en.territories.get(territory, "")
        if country and _common_prefix(fold(country), key) >= 3 and fr.territories.get(territory):
            table[key].add(_stem(fr.territories[territory]))
    return {k: frozenset(v) for k, v in table.items()}


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def french_forms(word: str) -> frozenset[str]:
    """The stems a French text writes an English place or people name with (empty when it is
    written alike, or is no such name)."""
    return _table().get(fold_name(word), frozenset())


def is_country(word: str) -> bool:
    """Whether a word is the English or French name of a country or territory ("Moldova",
    "Moldavie", "Ukraine"), not a city or a people: a question naming one that no release
    names asks about a place the releases do not cover."""
    return fold_name(word) in _countries()


def names_country(word: str) -> bool:
    """Whether a word names a country, by its own name or its people's ("Mali", "Maliens",
    "Malians"): a question naming one that no release names, by any of its names, asks about a
    place the releases do not cover."""
    return is_country(word) or bool(people_of(fold_name(word)))


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    from babel import Locale

    names: set[str] = set()
    for locale in (Locale("en"), Locale("fr")):
        for code, name in locale.territories.items():
            if code.isalpha():  # countries and territories, not UN regions ("150": Europe)
                names.update(w for w in re.findall(r"[\w'-]+", fold_name(name)) if len(w) > 3
                             and w not in _GENERIC and w not in {"pays-bas", "iles", "saint-"})
    return frozenset(names)
