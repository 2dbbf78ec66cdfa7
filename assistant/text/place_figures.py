"""Which countries a sentence's figures are for: its own figure for a country ("… devant la
Tchéquie (103)"), one total summed over several ("318 victimes en Pologne, en Tchéquie et en
Slovaquie"), or figures counted for other places than those a question asks about ("En Albanie,
… 117 victimes" does not answer for Romania).
"""

from __future__ import annotations

import re

from assistant.text.facts import mentions
from assistant.text.geography import Places, countries_in


def countries_before_figures(folded_sentence: str) -> frozenset[str]:
    """The countries a sentence names before its first figure: those its figures count for ("En
    Albanie, les autorités ont identifié 117 victimes"), not a part they break down into ("42
    mineurs …, dont 29 garçons vietnamiens") or where a thing counted goes ("30 épisodes …
    diffusés par des radios éthiopiennes")."""
    figure = re.search(r"\d", folded_sentence)
    return countries_in(folded_sentence[: figure.start() if figure else len(folded_sentence)])


# a figure of a count (a year is no count: "en 2024", "contre 241 en 2023")
_COUNT = re.compile(r"(?<![\w,.])(?!(?:19|20)\d\d(?![\d\s,.]*\d))\d[\d\s.,]*(?<=\d)")


def countries_given_figures(folded_sentence: str) -> frozenset[str]:
    """The countries a sentence gives a figure of their own: the only country it names between
    a figure and the figure before it ("La Pologne … avec 164 victimes, devant la Tchéquie (103)
    et la Slovaquie (51)": all three; "Le Sénégal, pays hôte, était représenté par 9 magistrats,
    le Nigeria par 6": both), not the countries a total is summed over ("318 victimes présumées
    en Pologne, en Tchéquie et en Slovaquie": none)."""
    given: set[str] = set()
    last = 0
    for m in _COUNT.finditer(folded_sentence):
        named = countries_in(folded_sentence[last : m.start()], cities=False)  # (a dateline's city: no)
        if len(named) == 1:
            given |= named
        last = m.end()
    return frozenset(given)


def summed_or_given(folded_sentence: str, named: frozenset[str], asked: frozenset[str]) -> bool | None:
    """For a count asked for ``asked`` countries: True when the sentence gives one of them a
    figure of its own, False when it names one with other countries and gives it none (a total
    summed over them), None otherwise (it names none of them, or only them)."""
    if countries_given_figures(folded_sentence) & asked:
        return True
    return False if named & asked and named - asked else None


def counted_elsewhere(folded_sentence: str, named: frozenset[str], near: frozenset[str], places: Places,
                      window: str, home: frozenset[str] = frozenset()) -> bool:
    """Whether a sentence's figures count for other places than those asked: it ``named`` only
    other countries, some before its figures ("En Albanie, … 117 victimes" does not answer for
    Romania, though the sentence before names the Romanian border), or else the lines around it
    name only others (``near``), unless its release is about a country asked (``home``, the
    countries its title names: "Népal : …", whose unplaced figures are Nepal's whatever country a
    neighbouring sentence names); or its lines (``window``, folded) do not name a province, a
    district or a border post the question asks about (a country's figure is not Belladère's)."""
    if not all(mentions(name, window) for name in places.localities):
        return True
    if not (asked := places.countries):
        return False
    if not named and home & asked:
        return False
    counted_for = named if named & asked or countries_before_figures(folded_sentence) else near or home
    return bool(counted_for) and not counted_for & asked
