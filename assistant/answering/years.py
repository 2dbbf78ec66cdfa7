"""The years a question dates its figure by ("en 2006", "in 2006"), and whether a sentence's
figure is dated as asked: a year a period starts from ("depuis 2019") or a figure compared with
("contre 26 pour cent en 2023") dates another figure than the sentence's own."""

from __future__ import annotations

import re

from assistant.text.terms import is_stopword

# a year in running text, not a decade ("the 1990s"); a figure alone is :data:`assistant.text.dates.YEAR`
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d|'?s\b)")
_PREVIOUS_YEAR = re.compile(
    r"\b(l['’]ann[ée]e (pr[ée]c[ée]dente|d['’]avant|derni[èe]re)|un an (plus t[ôo]t|auparavant)|"
    r"the (previous|preceding) year|the year before|a year earlier|last year)\b", re.I)
# a period that starts at the year after it: "depuis 2019", "depuis son ouverture en 2020", "since
# 2019", "à partir de 2021", "dès 2018"
_SINCE = re.compile(r"\b(depuis|since|[àa] partir d[e']|dès)\b(?:\s+[\w'’]+){0,3}\s*$", re.I)
_DECADE = re.compile(r"\bann[ée]es\s+$", re.I)
_COMPARED = re.compile(r"\b(contre|par rapport [àa]|compared (?:with|to)|against|(?:up|down) from)\b[^.;:!?]{0,80}$", re.I)


# a span of years written as one ("le plan 2025-2029", "2017–2021"): a period a plan or a phase is
# named by, not a year its figure is dated by
_SPAN = re.compile(r"(?<!\d)(?:1[89]|20)\d\d\s*[-–/]\s*(?:1[89]|20)\d\d(?!\d)")


def asked_years(question: str) -> list[str]:
    """Years the question dates its figure by ("au cours de l'année 2006", "in 2006"); a decade
    ("les années 1990") is a period, not a year, nor is a span named as one ("sa feuille de route
    pour 2025-2029"), and a number that counts what follows it ("la libération de 2000
    personnes", "2000 people") is a count."""
    spans = [m.span() for m in _SPAN.finditer(question)]
    return [m.group() for m in _YEAR.finditer(question)
            if not _DECADE.search(question[: m.start()]) and not _counts(question, m)
            and not any(a <= m.start() < b for a, b in spans)]


# a word that can follow a year: "en 2006 l'OIM", "in 2019 IOM", "2019 et 2020", "de 2019 à 2023"
_THEN = re.compile(r"\s+([^\W\d_][\w'’-]*)")
# what dates the number before it: "en 2019 victims were …" still dates
_DATED_BY = re.compile(r"\b(en|in|depuis|since|dès|ann[ée]es?|years?|during|pendant|until|jusqu'en|"
                       r"avant|après|before|after|de l'ann[ée]e|fin|end|début|mid)\s+$", re.I)


def _counts(question: str, year: re.Match[str]) -> bool:
    """Whether a year-like number counts the word that follows it: a lower-case word that is no
    stop word ("2000 personnes", "1500 victims"), unless a word of time stands before it."""
    after = _THEN.match(question, year.end())
    if after is None or not after.group(1).islower() or is_stopword(after.group(1)):
        return False
    # (a year before a noun in the singular after "the" names it: "the 2024 cohort", "its 2023
    # report"; "the 2000 people" counts them)
    if re.search(r"\b(?:the|its|their|this|that)\s+$", question[: year.start()], re.I) and not (
            after.group(1).endswith("s") or after.group(1) in ("people", "children", "men", "women")):
        return False
    return not _DATED_BY.search(question[: year.start()])


def dated_as_asked(years: list[str], sentence: str, before: str, question: str = "") -> bool:
    """A figure answers "in 2006" only if its sentence is about 2006: the year is in the sentence,
    or, when the sentence dates nothing itself, in the lines just before it. A year a period
    starts from ("depuis son ouverture en 2020", "since 2019") dates a total since then, not the
    year's own figure: it answers only a question asking since when it is counted."""
    if not years:
        return True
    since_asked = {m.group() for m in _YEAR.finditer(question) if _SINCE.search(question[: m.start()])}
    found = list(_YEAR.finditer(sentence))
    own = {m.group() for m in found if m.group() in since_asked or not _SINCE.search(sentence[: m.start()])}
    # a year the figure is compared with ("23 pour cent, contre 26 pour cent en 2023", up to a clause
    # on: "contre 71 pour cent lors d'une enquête menée en 2019") dates that other figure: the
    # sentence's own is dated as if it named no year, and answers for both
    compared = {m.group() for m in found if _COMPARED.search(sentence[: m.start()])}
    if compared and own <= compared:
        found = []
    context = own if found else set(_YEAR.findall(before))
    if not found and not context:  # dated by nothing near it: by its release (whose years are checked apart)
        return True
    if not found:  # (a sentence that named no year has nothing compared)
        context |= compared
    if _PREVIOUS_YEAR.search(sentence):  # "14 560 appels en 2023, contre 11 230 l'année précédente"
        context |= {str(int(y) - 1) for y in context}
    return all(y in context for y in years)
