"""The facts a sentence states: numbers, proper names and dates, each defined once.

A claim is only as good as its figures and names: "2 000 personnes" and "2000 people" state one
number, "Cambodia" names the "Cambodge" of a French release, and "OIM" is the organisation
that speaks in every release, not a fact of one of them. The generative answerer's verifier
checks a model's sentence with these helpers, and the extractive answerer looks up the names and
numbers of a question with the same :func:`mentions`.

>>> sorted(numbers_in("2 000 personnes, soit 1,5 % des 100,000 spectateurs"))
['1.5', '100000', '2000']
>>> names_in("L'OIM et le ministère néerlandais de la Justice financent la campagne au Cambodge.")
['Cambodge']
>>> mentions("Cambodia", "l'oim au cambodge")
True
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from assistant.text.normalize import fold, fold_name
from assistant.text.ordinals import is_ordinal, ordinal_pattern
from assistant.text.places import french_forms
from assistant.text.terms import compact, is_stopword

# ---------------------------------------------------------------------- numbers

# a number grouped by thousands ("2 000", "100,000", "1.500.000"; the spaces may be no-break
# ones), else a plain or decimal one ("527", "1,5"): the grouped form first, so that "2 000"
# is one number and not two
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?!\d)|\d+(?:[.,]\d+)?")
_GROUPED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+")


def number_forms(text: str) -> dict[str, str]:
    """The numbers of a text, normalised, each with the form the text first gives it:
    ``"2 000"`` and ``"2000"`` are ``"2000"``, ``"1,5"`` is ``"1.5"``.

    >>> number_forms("1,5 million et 2 000 personnes")
    {'1.5': '1,5', '2000': '2 000'}
    """
    found: dict[str, str] = {}
    for m in _NUMBER.finditer(text):
        value = m.group()
        found.setdefault(_ungroup(value).replace(",", "."), value)  # (a grouped one has no comma left)
    return found


def _ungroup(number: str) -> str:
    """A number grouped by thousands in plain digits ("2 000", "2,000": "2000"), another as written."""
    return re.sub(r"\D", "", number) if _GROUPED.fullmatch(number) else number


def numbers_in(text: str) -> set[str]:
    """The normalised numbers of a text (see :func:`number_forms`)."""
    return set(number_forms(text))


def ungrouped(text: str) -> str:
    """``text`` with each number grouped by thousands written in plain digits: a question's
    "2 000", "2,000" and "2000" pin down one number.

    >>> ungrouped("2 000 personnes, 100,000 spectateurs, 1,5 million, en 2019")
    '2000 personnes, 100000 spectateurs, 1,5 million, en 2019'
    """
    return _NUMBER.sub(lambda m: _ungroup(m.group()), text)


# ---------------------------------------------------------------------- names

# The organisation's own names (IOM, OIM, the United Nations) and the words that name its members
# as a whole ("États membres", "Member States"), folded: every release and every answer says
# them, so they are never what a question pins down or a claim adds.
HOUSE = frozenset({
    "oim", "iom", "onu", "un", "nations", "unies", "united", "organisation", "organization", "internationale",
    "international", "migrations", "migration", "etat", "etats", "membres", "member", "states",
})
# what an answer calls its sources ("selon le communiqué", "the press release")
_SOURCES = frozenset({"communique", "communiques", "press", "release", "releases"})
# title-case words of English answers that translate French common nouns ("the Ministry of
# Justice" for "le ministère de la Justice"): capitalised, yet not names
_COMMON_NOUNS_EN = frozenset({
    "ministry", "department", "bureau", "office", "government", "world", "cup", "day", "national", "police",
    "state", "states", "union", "agency", "council", "commission", "programme", "program", "report",
    "campaign", "hotline", "free", "general", "director", "deputy", "chief", "head", "mission", "coalition",
    "initiative", "conference", "summit", "foundation", "justice", "population", "refugees", "according",
})
_NOT_NAMES = HOUSE | _SOURCES | _COMMON_NOUNS_EN
_CAPITALISED = re.compile(r"(?<![\w'’-])[A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’-]*")


def names_in(text: str) -> list[str]:
    """Proper names a sentence states: its capitalised words but the first (which any sentence
    capitalises) and its acronyms, without stop words, the organisation's own names, the words
    for the releases themselves and English common nouns in title case.

    >>> names_in("Selon le communiqué, la Roumanie et la Moldavie coopèrent avec l'OIM.")
    ['Roumanie', 'Moldavie']
    """
    names = []
    for i, m in enumerate(_CAPITALISED.finditer(text.lstrip(" -*•«\"“'(0123456789."))):
        word = m.group().strip("'’-")
        if i == 0 or len(word) < 2 or is_stopword(word) or fold(word) in _NOT_NAMES:
            continue
        names.append(word)
    return list(dict.fromkeys(names))


# the acronyms of bodies and common terms that English and French write with other letters (a
# French release writes "ONG" for a question's "NGO", "OIT" for "ILO"), folded, both ways; the
# house's own ("IOM", "OIM", "UN", "ONU") are no name a question pins down (:data:`HOUSE`)
_ACRONYM_PAIRS = (
    ("ngo", "ong"), ("ngos", "ong"), ("eu", "ue"), ("ilo", "oit"), ("who", "oms"), ("unodc", "onudc"),
    ("unhcr", "hcr"), ("undp", "pnud"), ("wfp", "pam"), ("ohchr", "hcdh"), ("ecowas", "cedeao"),
    ("asean", "anase"), ("idp", "pdi"), ("idps", "pdi"), ("gbv", "vbg"), ("sdg", "odd"),
    ("sdgs", "odd"), ("cso", "osc"), ("csos", "osc"), ("eccas", "ceeac"), ("eac", "cae"), ("oas", "oea"),
    ("unfpa", "fnuap"), ("oecd", "ocde"), ("icc", "cpi"), ("nrm", "mnr"),
)
ACRONYMS_ACROSS: dict[str, tuple[str, ...]] = {}
for _en, _fr in _ACRONYM_PAIRS:
    ACRONYMS_ACROSS[_en] = (*ACRONYMS_ACROSS.get(_en, ()), _fr)
    ACRONYMS_ACROSS[_fr] = (*ACRONYMS_ACROSS.get(_fr, ()), _en)


def mentions(term: str, folded_text: str) -> bool:
    """Whether a text, folded (:func:`~assistant.text.normalize.fold`, apostrophes unified),
    mentions ``term``, the one rule for both answerers:

    * a number, whole ("2008" is not in "20081"), and by its value: "2000" is also the "2 000"
      of a French text and the "2,000" of an English one, "1.4" the French "1,4";
    * a code, a number with separators or an acronym, whole, as written or without its
      separators ("Zorblax017" is not "Zorblax019"; "trafik-24" is also "trafik24");
    * a short name (three letters or fewer) as a whole word;
    * a longer name by its first five letters (Cambodia, Cambodge; Ukrainian, Ukraine), or in
      the words a French text gives an English place, people or month (Netherlands:
      "Pays-Bas"; Dutch: "néerlandais"; March: "mars");
    * a step of a sequence ("2:phase") in any of its words ("seconde phase", "phase II");
    * an international body's acronym in the other language too ("NGO": "ONG", "ILO": "OIT").
    """
    pattern = ordinal_pattern(term) if is_ordinal(term) else _mention_pattern(term)
    return pattern.search(folded_text) is not None


@lru_cache(maxsize=2048)
def _mention_pattern(term: str) -> re.Pattern[str]:
    folded = fold_name(term)
    if folded.isdigit():
        # its groups of three digits from the right, each may be set off by a space, a dot or a
        # comma; not a piece of a longer number ("2 000" is not in "12 000" nor in "2 000 000")
        head = len(folded) % 3 or 3
        groups = [folded[:head], *(folded[i : i + 3] for i in range(head, len(folded), 3))]
        return re.compile(rf"(?<!\d)(?<!\d[ .,]){'[ .,]?'.join(groups)}(?!\d)(?![ .,]\d{{3}}(?!\d))")
    if decimal := re.fullmatch(r"(\d+)[.,](\d+)", folded):  # "1.4" is the "1,4" of a French text
        return re.compile(rf"(?<![\d.,]){decimal[1]}[.,]{decimal[2]}(?![\d]|[.,]\d)")
    if identifier_like(folded) or (term.isupper() and len(term) >= 2):
        forms = "|".join(re.escape(f) for f in dict.fromkeys((folded, compact(folded), *ACRONYMS_ACROSS.get(folded, ()))))
        return re.compile(rf"(?<![\w-])(?:{forms})(?![\w]|-\w)")
    if len(folded) <= 3:
        return re.compile(rf"(?<!\w){re.escape(folded)}(?!\w)")
    stems = [folded[:5], *french_forms(folded), *([MONTHS[folded]] if folded in MONTHS else [])]
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(s) for s in dict.fromkeys(stems))})")


def identifier_like(folded: str) -> bool:
    """A code or a number with separators ("zorblax017", "1-800-555-0199"), folded."""
    return any(c.isdigit() for c in folded) and (any(c.isalpha() for c in folded) or bool(re.search(r"[-./]", folded)))


def is_house(word: str) -> bool:
    """Whether a word is one of the organisation's own names (OIM, IOM, the United Nations, its
    member States): said by every release, never what a question or a claim pins down."""
    return fold(word).strip("'’-") in HOUSE


def states_facts(text: str) -> bool:
    """Whether a sentence states a number or a name, that is, something a source must give."""
    return bool(numbers_in(text) or names_in(text))


# ---------------------------------------------------------------------- dates

# English month names, folded, and the French ones of the releases
MONTHS = {
    "january": "janvier", "february": "fevrier", "march": "mars", "april": "avril", "may": "mai", "june": "juin",
    "july": "juillet", "august": "aout", "september": "septembre", "october": "octobre", "november": "novembre",
    "december": "decembre",
}
_YEAR = r"(?:1[89]\d\d|20\d\d)"
YEAR = re.compile(rf"\b{_YEAR}\b")
_MONTH_NAMES = frozenset(MONTHS) | frozenset(MONTHS.values())
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_MONTH = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))


def is_month(word: str) -> bool:
    """Whether a word names a month, in French or English ("juin", "Février", "June")."""
    return fold(word) in _MONTH_NAMES


_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
# a day before its month, both captured: "19 avril", "1er mai"
_DAY_OF_MONTH = rf"({_DAY})(?:er)?\s+({_MONTH})"
# a day of the calendar, in a folded text: "19 avril", "1er mai", "April 19", "19/04/2024", a
# weekday, or a day said from the release's own date ("demain")
_DAY_GIVEN = re.compile(
    rf"\b(?:{_DAY}(?:er)?\s+(?:{_MONTH})|(?:{_MONTH})\s+{_DAY}(?:st|nd|rd|th)?|{_DAY}[/.]\d{{1,2}}[/.]\d{{2,4}}"
    rf"|{_WEEKDAY}|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|aujourd['’]hui|hier|demain|today|yesterday|tomorrow)\b")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")
_MONTH_NUMBER = {**{fr: i for i, fr in enumerate(MONTHS.values(), 1)}, **{en: i for i, en in enumerate(MONTHS, 1)}}
# a day with its weekday and its year, if written ("le samedi 9 mars", "14 novembre 2024")
_DAY_MONTH = re.compile(rf"(?:{_WEEKDAY}\s+)?{_DAY_OF_MONTH}(?:\s+({_YEAR}))?\b")
OPENING = 400  # characters of a release's text that hold its dateline
# the dateline that opens a release: "Koweït, le 21 novembre 2024 – L'OIM …"
_PUBLISHED = re.compile(rf"^[^\n]{{0,60}}?,\s*(?:le\s+)?{_DAY_OF_MONTH}\s+({_YEAR})\s*[-–—]", re.M)
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\s+({_YEAR})\b")
# the first month of a span whose year is written after the second ("entre mars et octobre 2024")
_MONTH_SPAN = re.compile(rf"\b({_MONTH})(?=\s+(?:et|a|au|-|–)\s+(?:{_MONTH})\s+({_YEAR})\b)")
# what is said of the release's own day or of the time before it
_BEFORE = re.compile(r"\b(?:aujourd['’]hui|hier|today|yesterday|(?:an|annee|mois|semaine)\s+(?:derniere?|passee?)|"
                     r"(?:last|past)\s+(?:year|month|week)|"
                     # a time gone by up to now: "dirigeait depuis neuf ans", "il y a deux ans", "two years ago"
                     r"(?:depuis|il\s+y\s+a)\s+(?:[\w-]+\s+){1,2}?(?:ans?|annees?|mois|semaines?|jours?|years?|months?|weeks?|days?)"
                     r"|[\w-]+\s+(?:years?|months?|weeks?|days?)\s+ago)\b")


def gives_day(text: str) -> bool:
    """Whether a text gives a day of the calendar (:data:`_DAY_GIVEN`), not only a year or a
    period ("en 2026", "dans le courant de l'année")."""
    return bool(_DAY_GIVEN.search(fold(text)))


@lru_cache(maxsize=4096)
def published_on(opening: str) -> date | None:
    """The day a release was published, read from its dateline in its ``opening`` lines
    ("Koweït, le 21 novembre 2024 – …"); None without one."""
    m = _PUBLISHED.search(fold(opening))
    return _day(m, None) if m else None


def _day(m: re.Match, year: int | None) -> date | None:
    try:
        return date(int(m.group(3)) if m.group(3) else year, _MONTH_NUMBER[m.group(2)], int(m.group(1)))
    except (TypeError, ValueError):  # no year to put it in, or no such day ("31 février")
        return None


def what_is_to_come(text: str, published: date | None) -> str:
    """``text``, folded, without what it dates of the past when its release was ``published``:
    its days up to that day (the dateline's own, "s'est tenu le samedi 9 mars"; a day without its
    year is of the release's), its months and years before it ("en février 2023", "en 2016"),
    "hier", "aujourd'hui", "l'année dernière". What is left may date something still to come
    ("le 19 avril", "d'ici la fin de 2026", "demain"). Without a publication day, only the words
    of today and yesterday go."""
    folded = _BEFORE.sub(" ", fold(text))
    if published is None:
        return folded
    day = (published.year, published.month, published.day)
    return _without_dates(folded, published.year, lambda when: when <= day if len(when) == 3 else when < day[: len(when)])


# what is still to come, said without a date of the calendar
_AFTER = re.compile(r"\b(?:demain|tomorrow|prochaine?s?|next|upcoming|d['’]ici)\b")


def what_has_been(text: str, published: date | None) -> str:
    """``text``, folded, without what it dates still to come when its release was ``published``:
    its days after that day ("un forum réunira le 20 juin", the release being of 12 June), its
    months and years after it, "demain", "prochain", "d'ici". What is left may date what has
    been. Without a publication day, only those words go."""
    folded = _AFTER.sub(" ", fold(text))
    if published is None:
        return folded
    day = (published.year, published.month, published.day)
    return _without_dates(folded, published.year, lambda when: when > day[: len(when)])


def _without_dates(folded: str, year: int, gone) -> str:
    """``folded`` without the days, months (alone in a span before the year, or with it) and
    years that ``gone`` holds gone, each given as (year, month, day), (year, month) or (year,);
    a day without its year is of ``year``'s."""

    def day(m: re.Match) -> str:
        when = _day(m, year)
        return " " if when is not None and gone((when.year, when.month, when.day)) else m.group()

    def month(m: re.Match) -> str:
        return " " if gone((int(m.group(2)), _MONTH_NUMBER[m.group(1)])) else m.group()

    folded = _DAY_MONTH.sub(day, folded)
    folded = _MONTH_YEAR.sub(month, _MONTH_SPAN.sub(month, folded))
    return YEAR.sub(lambda m: " " if gone((int(m.group()),)) else m.group(), folded)


def part_of_date(text: str, figure: re.Match) -> bool:
    """Whether a figure of ``text`` is part of a date, no count: a day before its month ("le 19
    avril"), or a year ("Lancé en février 2023, le fonds …", "entre 2021 et 2023"), four digits
    from 1800 to 2099 that no word of their own follows ("2024 personnes" is a count). The
    English "may" is no month here, a verb as often ("5 may be")."""
    after = _NEXT_WORD.match(text, figure.end())
    word = fold(after.group(1)) if after else ""
    month = word in _MONTH_NAMES and word != "may"
    if month and figure.group().isdigit() and 1 <= int(figure.group()) <= 31:
        return True
    return bool(YEAR.fullmatch(figure.group())) and (not word or is_stopword(word) or month)
