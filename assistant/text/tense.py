"""What is still to come. A question about the future ("Combien de places comptera le futur
foyer ?", "Dans quelle ville se tiendra la prochaine réunion ?", "Who will run the new office?")
is answered by a sentence that speaks of what is to come: a verb in the future ("passera de 45 à
70 places", "sera hébergée à Rome", "va cartographier"), a plan or a commitment ("prévu", "d'ici 2027", "doit",
"se sont engagés à"). A sentence about what is or was ("Le foyer dispose de 20 places") holds
the present of something else, not the future asked.

"Quand" questions read the dates themselves (:func:`assistant.text.facts.what_is_to_come`).
"""

from __future__ import annotations

import re
from functools import lru_cache

# a French verb in the simple future, in lower case (a name such as "Madeira" or "Sandra" is none),
# its subject after it or not ("appliqueront-ils")
_FUTURE_VERB = r"(?<![\w-])[a-zàâçéèêëîïôûùüÿœ]{3,}(?:era|eront|iront|ira|dra|dront)(?=$|[^\w-]|-(?:t-)?(?:il|elle|on)s?\b)"
_ASKS = re.compile(
    rf"{_FUTURE_VERB}|(?i:\b(?:sera|seront|aura|auront|pourra|pourront|à l['’]avenir|will|shall|going to|upcoming"
    r"|(?:is|are)\s+(?:expected|scheduled|due|planned|set)\s+to)\b)")
_TELLS = re.compile(
    rf"{_FUTURE_VERB}|(?i:\b(?:sera|seront|aura|auront|pourra|pourront|devra|devront|doit|doivent|futur(?:e|s|es)?"
    r"|à venir|prochaine?s?|prévue?s?|prévoit|prévoient|d['’]ici|objectif|engag\w*|(?:va|vont)\s+\w+(?:er|ir|re)|will|shall)\b)")


@lru_cache(maxsize=256)
def asks_about_future(question: str) -> bool:
    """Whether a question asks about what is still to come ("comptera", "se tiendra", "will")."""
    return bool(_ASKS.search(question))


def speaks_of_future(sentence: str) -> bool:
    """Whether a sentence speaks of what is still to come, planned or promised."""
    return bool(_TELLS.search(sentence))
