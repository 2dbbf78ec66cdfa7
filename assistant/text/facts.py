"""The facts a sentence states: numbers and proper names, each defined once (dates:
:mod:`assistant.text.dates`).

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
from functools import lru_cache

from assistant.text.dates import MONTHS
from assistant.text.normalize import fold, fold_name
from assistant.text.ordinals import is_ordinal, ordinal_pattern
from assistant.text.places import french_forms
from assistant.text.spellings import spelled_otherwise
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
    * a longer name by its first five letters (Cambodia, Cambodge; Ukrainian, Ukraine), in
      the words a French text gives an English place, people or month (Netherlands:
      "Pays-Bas"; Dutch: "néerlandais"; March: "mars"), or in the other transliteration of a
      name from another script (Batumi: "Batoumi"; Ganja: "Gandja";
      :mod:`assistant.text.spellings`);
    * a step of a sequence ("2:phase") in any of its words ("seconde phase", "phase II");
    * an international body's acronym in the other language too ("NGO": "ONG", "ILO": "OIT").
    """
    pattern = ordinal_pattern(term) if is_ordinal(term) else _mention_pattern(term)
    return pattern.search(folded_text) is not None or spelled_otherwise(term, folded_text)


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
