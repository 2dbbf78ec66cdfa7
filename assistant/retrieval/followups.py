"""The retrieval query of a follow-up: the question before it joins one that leans on it, less
what the follow-up replaces.

"Quel est ce numéro ?" after "Et en Ukraine, qui a lancé un numéro gratuit ?" has too little of
its own to find anything; a question that names its subject stands alone. "Et pour
l'Indonésie ?" after "Qui finance la campagne … dans les Caraïbes ?" asks the same of another
place: the Caribbean goes, or the query finds the Caribbean release again. So does the year of
"… en 2006 ?" before "Et en 2024 ?".
"""

from __future__ import annotations

import re

from assistant.answering.specifics import specific_terms
from assistant.answering.years import asked_years
from assistant.text.country_names import people_of
from assistant.text.geography import countries_named, places_asked
from assistant.text.normalize import fold_name, words
from assistant.text.terms import content_terms
from assistant.types import History

_ANAPHORA = re.compile(
    r"\b(ce|cet|cette|ces|celui|celle|ceux|celles|il|elle|ils|elles|ça|cela|"
    r"it|its|this|that|these|those|they|them|their|he|she|his|her|"
    # the place (or time) of the question before: "Combien de victimes l'OIM a-t-elle aidées
    # là-bas ?", "… l'OIM y a-t-elle aidées ?", "How many were helped there?"
    r"là-bas|là|ici|y|there|here|"
    # what it did to or for them: "Quelle boîte l'a développée ?", "qui leur fait ces propositions ?"
    r"lui|leur)(?![\w-])|\bl['’](?=(?:a|ont|avait|avaient|aura|auront)\b)"
    # what was spoken of, as "en" or as the object of a verb after another: "Qui en sont les membres
    # fondateurs ?", "le bureau qui en parle", "Où peut-on le lire ?" (not "en Ukraine", "la traite")
    r"|\b(?:n['’])?en\s+(?=(?:a|ont|avait|avaient|aura|auront|est|sont|était|étaient|sera|seront|fait|font|"
    r"parle\w*|di[st]\w*|sai[st]\w*|savent|compt\w*|rest\w*|pens\w*|recens\w*)\b)"
    r"|\b(?:peut|peuvent|pourra|pourront|faut|doit|doivent|veut|veulent|sait|savent)(?:-(?:t-)?(?:on|il|elle|ils|elles))?"
    r"\s+(?:le|la|les|l['’])\s*(?=\w+(?:er|ir|re)\b)",
    re.I,
)


# a question that opens on a conjunction goes on from the one before ("Et qui contacter à l'OIM
# pour en savoir plus ?", "And who funds it?")
_GOES_ON = re.compile(r"^\W*(?:et|mais|puis|ensuite|and|but|also|then)\b", re.I)


# a question with fewer words of its own than this says too little alone ("Quel est ce numéro ?",
# "When does it go on air?"): it leans on the one before it
OWN_WORDS = 3

# how many questions back a chain of follow-ups is read ("Quel numéro … en Ukraine ?", "Par
# qui ?", "Combien de victimes l'OIM a-t-elle aidées là-bas ?")
CHAIN = 3


def condense(question: str, history: History | None, depth: int = CHAIN) -> str:
    """A retrieval query for ``question`` after ``history``: the question before it, itself
    condensed when it leaned on the one before it (up to ``CHAIN`` questions back)."""
    if not history or depth <= 0:
        return question
    leans_on_previous = len(content_terms(question)) < OWN_WORDS or _ANAPHORA.search(question) or _GOES_ON.match(question)
    if not leans_on_previous:
        return question
    previous = condense(history[-1][0], history[:-1], depth - 1)
    return f"{without_replaced(previous, question)} {question}"


def without_replaced(previous: str, question: str) -> str:
    """``previous`` less the places and years that ``question`` names others of."""
    drop: set[str] = set()
    mine = _place_terms(question)
    if mine:
        drop |= _place_terms(previous) - mine
    years = set(asked_years(question))
    if years:
        drop |= set(asked_years(previous)) - years
    for term in sorted(drop, key=len, reverse=True):
        previous = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", "", previous)
    return re.sub(r"\s{2,}", " ", previous).strip()


def _place_terms(question: str) -> set[str]:
    """The words of ``question`` that name a country or a region, by any of its names, or its
    people's adjective ("les procureurs sénégalais" before "Et les Ivoiriens ?")."""
    named = countries_named(specific_terms(question), places_asked(question), question)
    adjectives = {w for w in words(question) if w[:1].islower() and people_of(fold_name(w))}
    return {term for term, codes in named.items() if codes} | adjectives
