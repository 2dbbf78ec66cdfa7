"""Which countries a question or a sentence speaks of, and the regions that hold them.

A country is known by its Unicode CLDR names in French and English (Babel), and by the words
French and English derive from a name ("Cambodge": "cambodgien", "cambodgiennes"; "Ukraine":
"ukrainien", "Ukrainian"; "Norvège": "norvégien"). A region is a UN M49 region, named as CLDR
names it ("Afrique orientale", "Asie du Sud-Est", "Caraïbes", "Southeast Asia") or as people
say it ("Afrique de l'Est", "East Africa"), and stands for the countries it holds
(``m49.json``: the M49 standard's membership, UN Statistics Division); so does a group of
countries people name that M49 lacks ("les pays baltes", "the Nordic countries", "la Corne de
l'Afrique", the Gulf states: ``_GROUPS``, their usual membership). A city CLDR names a time
zone after (most capitals: "Bamako", "Phnom Penh", "Port-d'Espagne") stands for its country.
The names and peoples' words are :mod:`assistant.text.country_names`'s; its only lists of our own
are of names that are also common words or given names ("la Réunion des hauts responsables",
"Maurice", "Mendoza"), which count only in their other spellings, and of a few stems that are
English words ("island"): a country or region no question of ours names is known as well as one
that is.

>>> sorted(countries_in(fold_name("Les ONG tchadiennes et la police indonésienne")))
['ID', 'TD']
>>> sorted(places_asked("Quels pays d'Asie du Sud-Est ?").regions)
['035']
>>> "KH" in places_asked("Quels pays d'Asie du Sud-Est ?").countries
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.text.country_names import (
    capitals,
    derived_from_name,
    multiword_names,
    named_with_article,
    people_of,
    single_word_names,
    zone_cities,
)
from assistant.text.localities import localities_asked
from assistant.text.normalize import fold, fold_name, unify_apostrophes

# the direction words of a region's name, as CLDR writes them and as people say them
_DIRECTIONS = {
    "occidentale": ("de l'ouest",),
    "orientale": ("de l'est",),
    "septentrionale": ("du nord",),
    "australe": ("du sud",),
    "western": ("west",),
    "eastern": ("east",),
    "northern": ("north",),
    "southern": ("south",),
    "southeast": ("south-east", "south east", "south-eastern"),
}
_WORD = re.compile(r"[a-z]+(?:['-][a-z]+)*")


@dataclass(frozen=True)
class Places:
    """The places a question names: its countries, with those of the regions it names."""

    countries: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)
    phrases: tuple[str, ...] = ()  # the folded words naming them ("asie du sud-est", "ukraine")
    localities: tuple[str, ...] = ()  # places within a country, by name ("Belladère": :func:`localities_asked`)

    def __bool__(self) -> bool:
        return bool(self.countries)


# a region by its French adjective of two words ("le continent sud-américain", "les procureurs
# ouest-africains"), read as the region's name; "sud-africain" is South Africa's people
_REGION_OF_ADJECTIVE = {
    "sud-americain": "amerique du sud", "nord-americain": "amerique du nord", "latino-americain": "amerique latine",
    "centre-americain": "amerique centrale", "centramericain": "amerique centrale",
    "ouest-africain": "afrique de l'ouest", "est-africain": "afrique de l'est", "nord-africain": "afrique du nord",
    "sud-est asiatique": "asie du sud-est", "sud-asiatique": "asie du sud", "centrasiatique": "asie centrale",
    "est-europeen": "europe de l'est", "nord-europeen": "europe du nord", "ouest-europeen": "europe de l'ouest",
    "sud-europeen": "europe du sud",
}
_REGION_ADJECTIVE = re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, _REGION_OF_ADJECTIVE))})(?:e|s|es)?(?![\w-])")


@lru_cache(maxsize=256)
def places_asked(question: str) -> Places:
    """The countries a question names, with those of the regions it names."""
    folded = fold_name(question)
    regions: set[str] = set()
    phrases: list[str] = []
    folded = _REGION_ADJECTIVE.sub(lambda m: _REGION_OF_ADJECTIVE[m.group(1)], folded)  # "sud-américain"
    named = _phrase_countries(folded)  # "Afrique du Sud" is a country before it is "Afrique"
    for phrase in named:
        folded = folded.replace(phrase, " ")
    for phrase, code in _region_names():
        # the last word may go on ("East African", "sud-américaines" aside)
        if re.search(
            rf"(?<![\w-]){re.escape(phrase)}{'' if len(phrase.split()[-1]) < 4 else '[a-z]*'}(?![\w-])", folded
        ):
            regions.add(code)
            phrases.append(phrase)
            folded = folded.replace(phrase, " ")  # "Afrique de l'Ouest" is not also "Afrique"
    countries = set(countries_in(folded)) | set(named.values())
    members = _members()
    for code in regions:
        countries |= members[code]
    return Places(frozenset(countries), frozenset(regions), tuple(phrases), tuple(localities_asked(question)))


def countries_named(terms: list[str], places: Places, question: str) -> dict[str, frozenset[str]]:
    """The countries each of a question's ``terms`` stands for, when it names a place: a word of
    a region's name stands for the region's countries, a word of a country's name, its people's
    word or its capital for that country ("Papua" of "Papua New Guinea", "honduriennes",
    "Abuja"); the terms that name none are left out."""
    phrases = _phrase_countries(fold_name(question))
    out = {}
    for term in terms:
        folded = fold_name(term)
        if places.regions and any(folded in p for p in places.phrases):
            codes = places.countries
        else:
            # a word of a longer name the question writes is that name's ("Guinea" of "Papua New Guinea")
            codes = {c for p, c in phrases.items() if folded in re.split(r"[\s-]", p)} or countries_in(folded)
        if codes:
            out[term] = frozenset(codes)
    return out


# a city named after a country's name: "Benin City" (Nigeria), "Kuwait City", "Panama City"
_CITY = re.compile(r"(?<![\w'-])[a-z]+ city(?![\w'-])")
_ARTICLED = re.compile(r"(?<![\w'-])(?:le|au|du|in|to|from|into|across|throughout)\s+([a-z]+)(?![\w'-])")
_LANGUAGE = re.compile(r"(?<![\w-])(?:en|in)\s+([a-z]+)(?![\w'-])")
# the list that "langues" / "languages" announces: "traduit en cinq langues : nepali, hindi, pendjabi
# et anglais", "in four languages (English, Arabic, Urdu)"; its people's words are languages
_LANGUAGE_LIST = re.compile(r"\b(?:langues?|languages?)\b[^.;:()]{0,30}[:(]([^.;)]*)")


@lru_cache(maxsize=8192)
def countries_in(folded_text: str, cities: bool = True) -> frozenset[str]:
    """The ISO codes of the countries a folded text names: by name, by a word derived from it, or
    by a city of theirs (unless ``cities`` is false: "which countries" is not answered by a city)."""
    text = unify_apostrophes(folded_text)
    phrases = {p: c for p, c in _phrase_countries(text).items() if cities or p not in zone_cities()}
    found = set(phrases.values())
    for phrase in phrases:  # "Papua New Guinea" is not also Guinea
        text = text.replace(phrase, " ")
    text = _CITY.sub(" ", text)  # "Benin City" is in Nigeria
    words, towns = single_word_names(), (zone_cities() if cities else {})
    # a people's word after "en" / "in" is their language ("disponible en anglais et en français",
    # "un message en lao", "in French"): a country after "en" is its name ("en France")
    text = _LANGUAGE.sub(lambda m: " " if people_of(m.group(1)) else m.group(), text)
    text = _LANGUAGE_LIST.sub(lambda m: re.sub(r"[a-z]+", lambda w: " " if people_of(w.group()) else w.group(), m.group()), text)
    for word in _ARTICLED.findall(text):  # "au Salvador", "in Jordan", not "Salvador Dalí"
        found |= named_with_article().get(word, set())
    for word in set(_WORD.findall(text)):
        # an elided article goes ("d'espagne"); a compound stays whole ("port-d'espagne")
        word = re.sub(r"^[a-z]{1,2}'(?=[a-z])", "", word)
        word = re.sub(r"'s$", "", word)  # an English possessive ("Japan's ambassador")
        if "-" not in word and "'" not in word:
            found |= words.get(word, set()) or derived_from_name(word) or ({towns[word]} if word in towns else set())
    return frozenset(found)


def answer_countries(text: str, known: str, question: str) -> frozenset[str]:
    """The countries ``text`` names that ``known`` does not and that may answer "quels pays":
    of the region the question names, if it names one ("Dans quels pays d'Asie du Sud-Est …" is
    not answered by "financé par le gouvernement américain")."""
    new = new_countries(text, known)
    places = places_asked(question)
    return new & places.countries if places.regions else new


_CAPITAL = re.compile(r"\b(capitale|capital)\b")


def french_names(question: str) -> list[str]:
    """The French names of the countries a question names in other words ("les ONG tchadiennes":
    "Tchad"; "Japan's": "Japon"), with the city of a country "la capitale" stands for when CLDR
    knows one city of it ("la capitale sénégalaise": "Dakar"), and the countries of a region it
    names ("en Afrique de l'Est": "Kenya", "Ouganda", …; up to 25) and the region's own French
    name ("South America": "Amérique du Sud"): words a French release uses that the question
    does not, for a search on words."""
    folded = fold_name(question)
    places = places_asked(question)
    regional = places.countries if places.regions and len(places.countries) <= 25 else frozenset()
    capital = bool(_CAPITAL.search(folded))
    region_names = _french_region_names()
    names = [region_names[code] for code in sorted(places.regions) if code in region_names]
    for code in sorted(countries_in(folded) | regional):
        name, city = _searchable_names().get(code, ("", ""))
        names += [name, city] if capital else [name]
    return [n for n in names if n and not re.search(rf"(?<![\w-]){re.escape(fold_name(n))}(?![\w-])", folded)]


@lru_cache(maxsize=1)
def _french_region_names() -> dict[str, str]:
    """Each region's French CLDR name ("005": "Amérique du Sud"), by its M49 code."""
    from babel import Locale

    members = _members()
    return {code: name for code, name in Locale("fr").territories.items() if code in members}


@lru_cache(maxsize=1)
def _searchable_names() -> dict[str, tuple[str, str]]:
    """Each country's French CLDR name and its capital (or else its CLDR city when it has only
    one), each "" when it is not one to search by: a name that is also a common word ("La
    Réunion"), or a territory's long one. Made once: every search asks."""
    from babel import Locale

    known = single_word_names().keys() | multiword_names().keys() | zone_cities().keys()
    cities: dict[str, list[str]] = {}
    for city, code in zone_cities().items():
        cities.setdefault(code, []).append(city.title())
    capital = {}
    for city, code in capitals().items():
        capital.setdefault(code, city.title())

    def usable(name: str) -> str:
        return name if fold_name(name) in known and len(name.split()) <= 2 else ""

    def city_of(code: str) -> str:  # its capital, or its one city
        return capital.get(code) or (cities[code][0] if len(cities.get(code, ())) == 1 else "")

    return {code: (usable(name), usable(city_of(code))) for code, name in Locale("fr").territories.items()}


def new_countries(text: str, known: str) -> frozenset[str]:
    """The countries ``text`` names by name or people (not by a city) that ``known`` does not."""
    return countries_in(fold(text), False) - countries_in(fold(known))


def is_city(name: str) -> bool:
    """Whether a name is a city's (it names a country only through one of its cities)."""
    folded = fold(name)
    return bool(countries_in(folded)) and not countries_in(folded, False)


def _phrase_countries(text: str) -> dict[str, str]:
    """The names of more than one word in ``text`` (as the text writes them), looked up by their
    first word; a hyphen and a space stand for each other ("Papouasie Nouvelle-Guinée"), and the
    last word may go on into its people's word ("Papua New Guinean", "sierra-léonais", "South
    Sudanese", "Costa Rican")."""
    by_first = _phrases_by_first_word()
    candidates = {p for w in set(re.findall(r"[a-z]+", text)) for p in by_first.get(w, ())}
    found = {}
    for phrase in candidates:
        pattern = re.sub(r"\\[ -]", r"[\\s-]", re.escape(phrase))
        if len(last := re.split(r"[ -]", phrase)[-1]) >= 4 and last.isalpha():
            pattern = pattern[: len(pattern) - len(last)] + re.escape(last.rstrip("aeiou")) + "[a-z]*"
        for m in re.finditer(rf"(?<![\w-]){pattern}(?![\w-])", text):
            found[m.group()] = multiword_names()[phrase]
    return found


@lru_cache(maxsize=1)
def _phrases_by_first_word() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for phrase in multiword_names():
        index.setdefault(re.match(r"[a-z]*", phrase).group(), []).append(phrase)
    return {w: tuple(ps) for w, ps in index.items()}


# groups of countries people name that M49 does not hold, with their usual membership, and the
# folded words naming them in either language ("les pays baltes", "la déclaration balte", "the
# Nordic countries", "la Corne de l'Afrique"); a phrase's last word may go on ("baltes", "nordiques")
_GROUPS = {
    "nordic": (("pays nordiques", "nordique", "nordic"), ("DK", "FI", "IS", "NO", "SE")),
    "baltic": (("balte", "baltique", "baltic"), ("EE", "LT", "LV")),
    "maghreb": (("maghreb",), ("DZ", "LY", "MA", "MR", "TN")),
    "horn": (("corne de l'afrique", "horn of africa"), ("DJ", "ER", "ET", "SO")),
    "gulf": (("pays du golfe", "etats du golfe", "monarchies du golfe", "gulf states", "gulf countries"),
             ("AE", "BH", "KW", "OM", "QA", "SA")),
    "balkans": (("balkans",), ("AL", "BA", "ME", "MK", "RS")),
}


@lru_cache(maxsize=1)
def _members() -> dict[str, frozenset[str]]:
    data = json.loads(Path(__file__).with_name("m49.json").read_text(encoding="utf-8"))
    groups = {code: frozenset(countries) for code, (_, countries) in _GROUPS.items()}
    return {code: frozenset(countries) for code, countries in data.items()} | groups


@lru_cache(maxsize=1)
def _region_names() -> tuple[tuple[str, str], ...]:
    """(folded name, M49 code) of every region, longest first, in CLDR's words and in the
    direction words people use; a name that is also a country's ("Afrique du Sud") stays its."""
    from babel import Locale

    members = _members()
    countries = set(single_word_names()) | set(multiword_names())
    found: dict[str, str] = {}
    for locale in (Locale("fr"), Locale("en")):
        for code, name in locale.territories.items():
            if code not in members:
                continue
            name = fold_name(name)
            variants = {name}
            for word, spoken in _DIRECTIONS.items():
                for v in list(variants):
                    if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", v):
                        variants.update(re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", s, v) for s in spoken)
            for v in variants:
                if v not in countries:
                    found.setdefault(v, code)
    for code, (names, _) in _GROUPS.items():
        for name in names:
            found.setdefault(name, code)
    return tuple(sorted(found.items(), key=lambda kv: -len(kv[0])))
