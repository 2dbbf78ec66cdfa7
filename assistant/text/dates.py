"""Dates in the releases' text: years, months in either language, days of the calendar, the
day a release was published (its dateline), and what a sentence dates before or after that
day: "Quand doit paraître l'enquête ?" is not answered by "entre mars et octobre 2024" in a
release of February 2025, nor "Quel jour s'est tenue la soirée ?" by "le 20 juin" in one of 12
June."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from assistant.text.normalize import fold
from assistant.text.terms import is_stopword

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
                     r"|[\w-]+\s+(?:years?|months?|weeks?|days?)\s+ago"
                     # a year or a day since which something holds: "siège depuis 2011", "since March 2019"
                     r"|(?:depuis|since)\s+(?:(?:le\s+)?\d{1,2}(?:er)?\s+)?(?:[a-z]+\s+)?(?:19|20)\d\d)\b")


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
