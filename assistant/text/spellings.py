"""The other Latin spelling of a name transliterated from another script: English and French write
one sound with different letters, so a user's "Batumi", "Ganja", "Dushanbe", "Tbilisi",
"Chernivtsi" or "Samarkand" is the "Batoumi", "Gandja", "Douchanbé", "Tbilissi", "Tchernivtsi" or
"Samarcande" of a French release.

Both spellings are reduced to one key by the letters each convention uses for a sound ("ou" and
"u" or "w", "ch", "tch" and "sh", "dj", "j" and "zh", "c", "qu" and "k", "y" and "i", a doubled
letter and a single one, a final mute "e", an initial "ye" and "e"), and a name is found where a word of the text has its key.

>>> sound_key("Douchanbé") == sound_key("Dushanbe")
True
>>> spelled_otherwise("Ganja", "le refuge de gandja, ouvert en 2023")
True
>>> spelled_otherwise("Ganja", "le refuge de bakou")
False
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.normalize import fold

# applied in order, each to what the ones before left: the longer letter groups first
_SOUNDS = (
    (re.compile(r"tch|tsch|sch|sh"), "ch"),
    (re.compile(r"dzh|dj|zh"), "j"),
    (re.compile(r"ou|w"), "u"),
    (re.compile(r"^ye"), "e"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"qu|ck|c(?=[aou])|c$"), "k"),
    (re.compile(r"y"), "i"),
    (re.compile(r"([a-z])\1"), r"\1"),
    (re.compile(r"(?<=\w{3})e$"), ""),
)
_WORD = re.compile(r"[a-z]+")
# a name this short is too easily another word with the same key
_SHORTEST = 4


def sound_key(word: str) -> str:
    """The letters a name keeps whichever convention transliterated it (folded, lower case)."""
    key = fold(word).lower()
    for pattern, replacement in _SOUNDS:
        key = pattern.sub(replacement, key)
    return key


def spelled_otherwise(name: str, folded_text: str) -> bool:
    """Whether a word of ``folded_text`` is ``name`` in another transliteration ("Gandja" for
    "Ganja"); only for a single word of letters, not an acronym."""
    if len(name) < _SHORTEST or not name.isalpha() or name.isupper():
        return False
    return sound_key(name) in _keys(folded_text)


@lru_cache(maxsize=256)
def _keys(folded_text: str) -> frozenset[str]:
    return frozenset(sound_key(w) for w in set(_WORD.findall(folded_text)) if len(w) >= _SHORTEST)
