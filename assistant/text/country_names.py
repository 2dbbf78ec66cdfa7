"""Each country's names, as CLDR gives them in French and English (Babel), and the words its
people are called by, derived from a name ("Cambodge": "cambodgien"; "Honduras": "hondurienne";
"Kirghizistan": "kirghize") or, where no ending derives them, listed ("allemand", "britannique",
"néerlandais"; countryinfo's English ones: "British", "Dutch"); the cities CLDR names time zones
after. The tables :mod:`assistant.text.geography` reads text with.
"""

from __future__ import annotations

from functools import lru_cache

from assistant.text.normalize import fold_name

# what French and English add to a country's name, or to its stem, to name its people or
# what is its ("cambodg-ien", "ougand-ais", "suéd-ois", "ghan-éen", "ukrain-ian")
_SUFFIXES = frozenset(
    {
        f"{stem}{ending}"
        for stem in ("ien", "en", "ais", "ois", "ain", "an", "een", "in", "ite", "ote")
        for ending in ("", "s", "e", "es", "ne", "nes")
    }
    | {"e", "es", "ian", "ians", "ese", "ish", "i", "is", "ique", "iques"}
)
# CLDR names that are also a common word or a given name in French or English ("la Réunion
# des hauts responsables", "Maurice", "une grenade"): only their other names count
_AMBIGUOUS = frozenset({
    "reunion", "la reunion", "grenade", "maurice", "dominique", "salvador", "jersey", "jordan", "chad", "georgia",
    # cities: given names, words, and places of the same name elsewhere
    "darwin", "sydney", "regina", "phoenix", "cayenne", "nome", "canton", "central", "mexico", "eucla",
    "currie", "hebron", "victoria", "santa isabel", "knox", "center", "beulah", "marengo", "vevay", "winamac",
    "tell city", "petersburg", "vincennes", "monticello", "new salem", "unknown location", "lieu inconnu",
    "oral", "davis", "dawson", "stanley", "palmer", "casey", "wake", "easter", "christmas", "resolute", "mendoza",
    "samara", "lindeman", "menominee", "creston",
})
# a people's word proper: not a plural or a feminine that a common word may end in ("réunions")
_PEOPLE_SUFFIXES = frozenset(
    f"{stem}{ending}" for stem in ("ien", "ais", "ois", "ain", "een", "ian", "ese") for ending in ("", "s", "e", "es", "ne", "nes")
)
# stems of a name that are common words ("island" of "Islande", "austral", "Dominic")
_NOT_PEOPLE = frozenset({"island", "austral", "antarctic", "dominic", "jordan"})


# the French words of a country's people that no ending derives from its CLDR name (masculine
# singular; the feminine and the plurals follow): every country's, not only those of the eval
_IRREGULAR_PEOPLE = """
AF afghan; AE émirien émirati; AR argentin; BA bosnien bosniaque; BD bangladais bangladeshi; BE belge;
BF burkinabé burkinabè; BG bulgare; BI burundais; BY biélorusse bélarusse; CD congolais; CF centrafricain;
CG congolais; CI ivoirien; CR costaricien costaricain; CV cap-verdien; CY chypriote; CZ tchèque;
DE allemand; DK danois; DO dominicain; EC équatorien; ES espagnol; GB britannique;
GQ équato-guinéen; GR grec; GT guatémaltèque; GW bissau-guinéen; HR croate; KG kirghiz; KP nord-coréen;
KR sud-coréen; KZ kazakh; LA laotien lao; LK sri-lankais; LS lesothan; LU luxembourgeois; LV letton;
MC monégasque; MD moldave; ME monténégrin; MG malgache; MK macédonien; MM birman; MN mongol;
MW malawite malawien; MX mexicain; MZ mozambicain; NI nicaraguayen; NL néerlandais hollandais;
NZ néo-zélandais; PE péruvien; PG papouan; PH philippin; PL polonais; PS palestinien; PT portugais;
QA qatari qatarien; RO roumain; RS serbe; RU russe; SA saoudien; SI slovène; SK slovaque;
SB salomonais; SL sierra-léonais; SS sud-soudanais; TG togolais; TH thaï thaïlandais; TJ tadjik;
SZ swazi; TL timorais est-timorais; TM turkmène; TR turc; TT trinidadien; US américain étasunien; UZ ouzbek;
VU vanuatais ni-vanuatu; XK kosovar kosovien; ZA sud-africain
"""
# English people's words that are the releases' languages
_NOT_PEOPLE_EN = frozenset({"french", "english"})


def _inflections(word: str) -> set[str]:
    """A French people's word with its feminine and its plurals: "allemand(e)(s)",
    "grec", "grecque(s)", "ivoirien(ne)(s)", "danois(e)(s)", "belge(s)"."""
    if word.endswith("c"):  # turc, grec
        feminine = word + "que"
    elif word.endswith(("ien", "éen", "en")):
        feminine = word + "ne"
    elif word.endswith("e"):
        feminine = word
    else:
        feminine = word + "e"
    forms = {word, feminine, feminine + "s"}
    forms.add(word if word.endswith(("s", "x")) else word + "s")
    return {fold_name(f) for f in forms}


@lru_cache(maxsize=1)
def people_words() -> dict[str, frozenset[str]]:
    """The listed words of countries' people, every form, folded -> codes ("congolais": both
    Congos): the French ones no ending derives, and countryinfo's English ones ("British",
    "Dutch", "Ivorian") with their plurals. "anglais" and "French" are left out: they are the
    languages a release is written or quoted in ("disponible en anglais et en français")."""
    from countryinfo import all_countries

    words: dict[str, set[str]] = {}
    for entry in _IRREGULAR_PEOPLE.replace("\n", " ").split(";"):
        code, *people = entry.split()
        for word in people:
            for form in _inflections(word):
                words.setdefault(form, set()).add(code)
    for country in all_countries():  # of a million people or more: "American" is not the Mariana Islands'
        demonym = fold_name(country.info().get("demonym") or "")
        if (demonym.isalpha() and demonym not in _NOT_PEOPLE_EN and country.iso(2)
                and (country.population() or 0) >= 1_000_000):
            for form in (demonym, demonym + "s"):
                words.setdefault(form, set()).add(country.iso(2))
    return {w: frozenset(codes) for w, codes in words.items()}


@lru_cache(maxsize=65536)
def derived_from_name(word: str) -> frozenset[str]:
    """The countries a word is derived from: a listed people's word ("allemandes", "British"),
    a stem of a name and an ending of its people's words ("hondur-iennes", "kirghiz-e"), or a
    stem that is itself their word ("ouzbek", "philippin")."""
    if word in people_words():
        return people_words()[word]
    bases = _bases()
    if len(word) >= 6 and word in bases and word not in single_word_names() and word not in _NOT_PEOPLE:
        return frozenset(bases[word])
    # where a word splits more than one way, the split whose ending continues the name wins:
    # "nigér-ien" is Niger's (a whole name), "nigéri-an" Nigeria's (its "a" kept), not "nigéri-en"
    cuts = [cut for cut in range(len(word) - 1, 3, -1) if word[cut:] in _SUFFIXES and word[:cut] in bases]
    if len(cuts) > 1:
        cuts = [cut for cut in cuts if _continues(word[:cut], word[cut:])] or cuts
    if cuts:
        return frozenset(bases[word[: cuts[0]]])
    # a name that is also a common word keeps its people's words ("salvadorien", "mauricienne")
    for cut in range(len(word) - 2, 3, -1):
        if word[cut:] in _PEOPLE_SUFFIXES and word[:cut] in _ambiguous_bases():
            return frozenset(_ambiguous_bases()[word[:cut]])
    return frozenset()


def people_of(word: str) -> frozenset[str]:
    """The countries whose people a folded word names: a people's word, not a country's own name
    ("ukrainiens", not "ukraine"), which :func:`derived_from_name` also derives."""
    return frozenset() if word in single_word_names() else derived_from_name(word)


def _continues(stem: str, ending: str) -> bool:
    """Whether a people's word's ending continues the name its stem was cut from: the stem is a
    whole name ("niger" + "ien"), or the ending starts with the letter the cut dropped
    ("nigeri" + "an" of "nigeria")."""
    names = single_word_names()
    return stem in names or any(n.startswith(stem) and ending.startswith(n[len(stem)]) for n in names
                                if len(n) > len(stem))


@lru_cache(maxsize=1)
def _names() -> dict[str, set[str]]:
    """Each country's folded French and English CLDR names (code -> names)."""
    from babel import Locale

    names: dict[str, set[str]] = {}
    for locale in (Locale("fr"), Locale("en")):
        for code, name in locale.territories.items():
            if code.isalpha() and len(code) == 2 and code not in ("EU", "EZ", "UN", "ZZ", "QO"):
                # "Myanmar (Birmanie)", "Myanmar (Burma)": each name alone ("Saint-Martin (partie
                # néerlandaise)" stays whole: it is not Saint-Martin)
                first, _, other = name.partition(" (")
                alone = [first, other.rstrip(")")] if other and " " not in other.strip() else [name]
                names.setdefault(code, set()).update(fold_name(n) for n in alone)
    for code, other in _OTHER_NAMES.items():
        names.setdefault(code, set()).update(fold_name(n.strip()) for n in other.split(","))
    return names


# names in common use that CLDR does not give: former names ("Swaziland", "Macédoine"), English
# ones it has replaced ("Turkey", "Ivory Coast", "East Timor"), a part for the whole ("Angleterre")
# and acronyms ("RDC", "DRC", "UAE"; not "EAU", a word)
_OTHER_NAMES = {
    "SZ": "Swaziland", "MK": "Macédoine, Macedonia", "TR": "Turkey", "CI": "Ivory Coast", "TL": "East Timor",
    "GB": "Grande-Bretagne, Great Britain, Angleterre, England", "CD": "RDC, DRC", "AE": "UAE",
    "CZ": "Czech Republic, République tchèque",
}


@lru_cache(maxsize=1)
def multiword_names() -> dict[str, str]:
    """Names of more than one word ("sri lanka", "cote d'ivoire", "pays-bas", "phnom penh",
    "port-d'espagne") and people's words of two ("sud-africain"), found as phrases."""
    names = {n: code for code, ns in _names().items() for n in ns if not n.isalpha()}
    # a people's word of two ("sud-africain", "néo-zélandaises") names its country as its name does
    names.update({w: next(iter(codes)) for w, codes in people_words().items() if not w.isalpha() and len(codes) == 1})
    for city, code in zone_cities().items():
        if not city.isalpha():
            names.setdefault(city, code)
    return {n: code for n, code in names.items() if n not in _AMBIGUOUS}


@lru_cache(maxsize=1)
def zone_cities() -> dict[str, str]:
    """The cities CLDR names time zones after (most capitals and large cities: Bamako, Kampala,
    Phnom Penh, Port-d'Espagne, Katmandou), in French and English, and their countries."""
    from babel import Locale
    from babel.core import get_global

    territories = get_global("zone_territories")
    zones = {z: c for z, c in territories.items() if "/" in z and len(c) == 2
             and not z.startswith(("Etc/", "SystemV/"))}
    cities: dict[str, str] = {}
    for zone, code in zones.items():
        cities.setdefault(fold_name(zone.split("/")[-1].replace("_", " ")), code)
    for locale in (Locale("fr"), Locale("en")):
        for zone, names in locale.time_zones.items():
            if zone in zones and names.get("city"):
                cities.setdefault(fold_name(names["city"]), zones[zone])
    for city, code in capitals().items():  # no zone is named after Abuja, Ottawa or Rabat
        cities.setdefault(city, code)
    return {c: code for c, code in cities.items() if c not in _AMBIGUOUS and len(c) > 3}


# a capital that is also a common word ("sucre" is sugar; Bolivia's other capital, La Paz, names a zone)
_NOT_CAPITALS = frozenset({"sucre"})


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """The capitals of countries of a million people or more (countryinfo's table; smaller
    countries' and territories' capitals are too often a given name or a common word: Victoria,
    Hamilton, Male), folded, and their countries."""
    from countryinfo import all_countries

    capitals: dict[str, str] = {}
    for country in sorted(all_countries(), key=lambda c: -(c.population() or 0)):
        if (country.population() or 0) < 1_000_000 or not country.iso(2):
            continue
        names = country.capital()
        for name in names if isinstance(names, list) else [names] if names else []:
            folded = fold_name(name)
            if folded not in _NOT_CAPITALS:
                capitals.setdefault(folded, country.iso(2))
    return capitals


@lru_cache(maxsize=1)
def single_word_names() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for code, ns in _names().items():
        for n in ns:
            if n.isalpha() and n not in _AMBIGUOUS:
                out.setdefault(n, set()).add(code)
    return out


@lru_cache(maxsize=1)
def named_with_article() -> dict[str, set[str]]:
    """The one-word French and English names left out as also common words or given names, by
    which a text still names the country with its masculine article ("le Salvador", "au
    Salvador", "du Salvador") or an English preposition ("in Jordan", "from Chad", "to
    Georgia"): a given name takes none ("Salvador Dalí", "Michael Jordan"). Countries of a million people or more,
    as for capitals (the islands' names are fabrics and fruit too: "du jersey")."""
    from babel import Locale
    from countryinfo import all_countries

    populous = {c.iso(2) for c in all_countries() if c.iso(2) and (c.population() or 0) >= 1_000_000}
    out: dict[str, set[str]] = {}
    for locale in (Locale("fr"), Locale("en")):  # English: after its preposition ("in Jordan", "to Chad")
        for code, name in locale.territories.items():
            folded = fold_name(name)
            if folded in _AMBIGUOUS and folded.isalpha() and code in populous:
                out.setdefault(folded, set()).add(code)
    return out


@lru_cache(maxsize=1)
def _bases() -> dict[str, set[str]]:
    """The stems a one-word name derives its people's words from: the name, and the name
    without its last vowel or ending ("cambodge": "cambodg"; "moldavie": "moldav"; "honduras":
    "hondur"; "kirghizistan": "kirghiz")."""
    return _stems(single_word_names())


@lru_cache(maxsize=1)
def _ambiguous_bases() -> dict[str, set[str]]:
    """The stems of the names that are also common words or given names, and of the last word of
    a longer name that is one ("el salvador"): only their people's words name the country."""
    names: dict[str, set[str]] = {}
    for code, ns in _names().items():
        for n in ns:
            last = n.split()[-1]
            if last in _AMBIGUOUS and last.isalpha():
                names.setdefault(last, set()).add(code)
    return _stems(names)


def _stems(names: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for n, codes in names.items():
        stems = {n}
        for ending in ("istan", "stan", "ie", "ia", "as", "es", "e", "a", "s"):
            if n.endswith(ending) and len(n) - len(ending) >= 4:
                stems.add(n[: -len(ending)])
        for s in stems:
            out.setdefault(s, set()).update(codes)
    # a stem that is a whole name stays that country's: "niger" (Niger), not also Nigeria's "nigér-ia"
    return {s: set(names[s]) if s in names else codes for s, codes in out.items()}
