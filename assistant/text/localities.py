"""Places within a country that a question names by their kind and their name: "dans la
province de Bayan-Ölgii", "au poste frontière de Belladère", "in Chad's Wadi Fira province". A
figure for the whole country, or for the border as a whole, does not count for them
(:func:`assistant.text.place_figures.counted_elsewhere`)."""

from __future__ import annotations

import re

from assistant.text.normalize import unify_apostrophes

_LOCALITY = re.compile(
    r"\b(?:province|district|poste[- ]fronti[èe]re|border (?:post|crossing)|comt[ée]|county|commune|d[ée]partement"
    r"|municipalit[ée]|municipality)\s+(?:de\s+|d['’]|du\s+|of\s+)(?:la\s+|l['’])?(?P<fr>[A-ZÀ-Þ][\w'’-]+(?:[\s-][A-ZÀ-Þ][\w'’-]+)*)"
    r"|(?P<en>(?:[A-ZÀ-Þ][\w'’-]+\s+)*[A-ZÀ-Þ][\w'’-]+)\s+(?:province|district|county|municipality)\b")


def localities_asked(question: str) -> list[str]:
    """The names of the places within a country that a question names by their kind (a
    province, a district, a border post, a county), without a possessive before them ("Chad's
    Wadi Fira": "Wadi Fira"). A figure for the country does not count for them."""
    found = []
    for m in _LOCALITY.finditer(unify_apostrophes(question)):
        name = re.sub(r"^.*['’]s\s+", "", m.group("fr") or m.group("en"))
        # (not one named by where it lies, which a French release words otherwise: "Eastern
        # Province" is "la province de l'Est")
        if not all(w.lower() in _WHERE_IT_LIES for w in re.split(r"[\s-]+", name)):
            found.append(name)
    return found


_WHERE_IT_LIES = frozenset("""north south east west northern southern eastern western central upper lower far
northeastern northwestern southeastern southwestern nord sud est ouest centre the""".split())
