"""Languages a text names, in the names the Unicode CLDR gives every language in French and
English (Babel), not in a list of our own: "en swahili, en anglais et en luganda", "in Arabic".

A language counts where it is spoken or written in: after "en" (French) or "in" (English), as
releases say it ("des conseillers qui s'expriment en swahili"), so that a word that is also a
language name elsewhere ("le fon", "Mari") names none.

>>> names_language("Les conseillers s'expriment en swahili, en anglais et en luganda.")
True
>>> names_language("Les conseillers vérifient les contrats en ligne.")
False
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.normalize import fold


@lru_cache(maxsize=1)
def _spoken_in() -> re.Pattern[str]:
    from babel import Locale

    def alternatives(locale: str) -> str:
        # single-word names of three letters or more, accents folded: "swahili", "amharique", "arabic"
        names = {fold(name) for name in Locale(locale).languages.values() if " " not in name and len(name) >= 3}
        return "|".join(sorted(map(re.escape, names), key=len, reverse=True))

    # after "en" / "in", or opening the list that "langues" / "languages" announces ("en six
    # langues : arabe, anglais, ourdou …", "in four languages (English, Arabic, …)")
    fr, en = alternatives("fr"), alternatives("en")
    return re.compile(rf"\ben\s+(?:{fr})\b|\bin\s+(?:{en})\b"
                      rf"|\blangues?\b[^.;:()]{{0,30}}[:(]\s*(?:{fr})\b|\blanguages?\b[^.;:()]{{0,30}}[:(]\s*(?:{en})\b")


def names_language(text: str) -> bool:
    """Whether ``text`` names a language something is said, written or offered in."""
    return bool(_spoken_in().search(fold(text)))
