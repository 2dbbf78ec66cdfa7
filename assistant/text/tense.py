"""What is still to come, and what has been done. A question about the future ("Combien de places
comptera le futur foyer ?", "Dans quelle ville se tiendra la prochaine réunion ?", "Who will run
the new office?") is answered by a sentence that speaks of what is to come: a verb in the future
("passera de 45 à 70 places", "sera hébergée à Rome", "va cartographier"), a plan or a commitment
("prévu", "d'ici 2027", "doit", "se sont engagés à"). A sentence about what is or was ("Le foyer
dispose de 20 places") holds the present of something else, not the future asked. And a result
asked ("Quelles ont été les conclusions …") is not answered by a sentence that only plans it.

"Quand" questions read the dates themselves (:func:`assistant.text.dates.what_is_to_come`); whether
one asks of what is to come or of what has been is read here (:func:`asks_to_come`,
:func:`asks_what_has_been`).
"""

from __future__ import annotations

import re
from functools import lru_cache

# a French verb in the simple future, in lower case (a name such as "Madeira" or "Sandra" is none),
# its subject after it or not ("appliqueront-ils")
_FUTURE_VERB = r"(?<![\w-])[a-zàâçéèêëîïôûùüÿœ]{3,}(?:era|eront|iront|ira|dra|dront)(?=$|[^\w-]|-(?:t-)?(?:il|elle|on)s?\b)"
# the future of "être", "avoir", "pouvoir" and the English modals, in a question or a sentence
_WILL = r"sera|seront|aura|auront|pourra|pourront|will|shall"
_ASKS = re.compile(
    rf"{_FUTURE_VERB}|(?i:\b(?:{_WILL}|à l['’]avenir|going to|upcoming"
    r"|(?:is|are)\s+(?:expected|scheduled|due|planned|set)\s+to)\b)")
_TELLS = re.compile(
    rf"{_FUTURE_VERB}|(?i:\b(?:{_WILL}|devra|devront|doit|doivent|futur(?:e|s|es)?"
    r"|à venir|prochaine?s?|prévue?s?|prévoit|prévoient|d['’]ici|objectif|engag\w*|(?:va|vont)\s+\w+(?:er|ir|re))\b)")


@lru_cache(maxsize=256)
def asks_about_future(question: str) -> bool:
    """Whether a question asks about what is still to come ("comptera", "se tiendra", "will")."""
    return bool(_ASKS.search(question))


# an event still to come when the release was published, as a "when" question asks it ("Quand
# doit-il entrer en vigueur ?", "Quand est prévue …", "When is the next …"): the future, a plan, a
# duty, the next one
_TO_COME = re.compile(
    r"\b(?:doit|doivent|devra|devront|sera|seront|aura|auront|prévue?s?|prochaine?s?|will|shall|"
    r"(?:is|are)\s+(?:expected|scheduled|due|planned|set)|next|upcoming)\b", re.I)
# what has been, as a "when" question asks it: "Quel jour s'est tenue la soirée …", "Quand l'accord
# a-t-il été signé ?", "When was the centre opened?"
_HAS_BEEN = re.compile(
    r"\b(?:s['’]est|a|ont|avait|avaient|s['’]étai(?:t|ent))(?:-t-(?:il|elle|ils|elles|on))?\s+(?:[\w'’]+\s+)?"
    r"(?:été|eu|[\w-]+(?:é|ée|és|ées|u|ue|us|ues))\b|\b(?:did|was|were|has\s+been|had\s+been)\b", re.I)


def asks_to_come(question: str) -> bool:
    """Whether a "when" question asks the day of something still to come when its release was
    published ("Quand la loi doit-elle entrer en vigueur ?"): wider than :func:`asks_about_future`,
    a duty or a plan ("doit", "prévu") counts."""
    return bool(_TO_COME.search(question))


def asks_what_has_been(question: str) -> bool:
    """Whether a "when" question asks the day of something that has been ("Quand l'accord a-t-il
    été signé ?", "When was the centre opened?")."""
    return bool(_HAS_BEEN.search(question))


def speaks_of_future(sentence: str) -> bool:
    """Whether a sentence speaks of what is still to come, planned or promised."""
    return bool(_TELLS.search(sentence))


# what something showed or found, asked in the past: "Quelles ont été les conclusions …", "Qu'a
# montré le premier bilan …", "What did the evaluation find?"
_RESULT_ASKED = re.compile(
    r"(?i:\bqu['’](?:a|ont)(?:-t-(?:il|elle|ils|elles))?\s+(?:montré|révélé|donné|conclu|appris)\b"
    r"|\bquel(?:le)?s?\s+(?:ont|a|avaient|avait)\s+été\s+(?:les?|la)\s+(?:\w+\s+)?(?:conclusions?|résultats?|bilan|enseignements?)\b"
    r"|\bwhat\s+(?:did|have|has)\b[^?]*\b(?:show|find|reveal|conclude)\b"
    r"|\bwhat\s+(?:were|was)\s+the\s+(?:\w+\s+)?(?:findings?|results?|conclusions?|outcomes?)\b)")
# a verb of the past: an auxiliary and its participle ("ont montré", "a été", "avaient payé")
_PAST = re.compile(r"(?i:\b(?:a|ont|avait|avaient|eu|été|était|étaient|fut|furent|has|have|had|was|were)\s+"
                   r"(?:\w+\s+)?\w+(?:é|és|ée|ées|i|is|ie|ies|u|us|ue|ues|t|ts|te|tes|ed|en)\b)")


@lru_cache(maxsize=256)
def asks_for_result(question: str) -> bool:
    """Whether a question asks what something showed or found ("Quelles ont été les principales
    conclusions de la cartographie ?"): a plan to carry it out ("s'attèlera à cartographier")
    does not answer."""
    return bool(_RESULT_ASKED.search(question))


def only_planned(sentence: str) -> bool:
    """Whether a sentence speaks of what is to come and of nothing done ("Une évaluation est
    prévue en février 2024 ; elle mesurera …")."""
    return speaks_of_future(sentence) and not _PAST.search(sentence)


def tense_fits(sentence: str, future: bool, result: bool) -> bool:
    """Whether a sentence can answer a question about the ``future`` (it speaks of it) or asking
    a ``result`` (it does not only plan it)."""
    return not (future and not speaks_of_future(sentence)) and not (result and only_planned(sentence))
