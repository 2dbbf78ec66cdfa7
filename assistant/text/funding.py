"""Who pays for something: questions that ask for a funder, and sentences that name funding.

"Qui finance la campagne ?", "Quel pays paie la série radio ?", "Who paid for the training?",
"Which government is funding the programme?" ask for a funder, whatever their verb; a sentence
answers them only if it speaks of funding ("financée par", "grâce à un financement de",
"bailleurs", "donateurs", "une contribution danoise"), not one that names the programme's
partners or the agency that runs it.

>>> asks_for_funder("Quel gouvernement paie la formation des gardes-frontières ?")
True
>>> asks_for_funder("Quels pays sont couverts par la campagne ?")
False
>>> asks_for_funder("Qui a lancé la campagne financée par l'Union européenne ?")
False
>>> speaks_of_funding("Ces activités sont financées par le Fonds fiduciaire de l'UE.")
True
"""

from __future__ import annotations

import re

from assistant.text.normalize import fold
from assistant.text.terms import detect_language

# folded word starts: the verbs and nouns of funding, French and English
_FUNDING = ("financ", "fund", "sponsor", "subvention", "bailleur", "donateur", "donor", "mecen", "contribution")
# the verb "to pay" in its forms ("pays" only in English: in French it is a country)
_PAYING_FR = frozenset({"paie", "paient", "paiera", "paieront", "payer", "paye", "payee", "payees", "payes", "payent",
                        "payait", "payaient", "payant"})
_PAYING_EN = frozenset({"pay", "paid", "paying", "pays", "payer", "payers"})


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def speaks_of_funding(text: str) -> bool:
    """Whether ``text`` names funding (a funder, a grant, a donor): "financé par", "bailleurs"."""
    return any(w.startswith(_FUNDING) for w in _words(text))


def asks_for_funder(question: str) -> bool:
    """Whether ``question`` asks who funds or pays for something (by any verb of paying); not
    when it gives the funder ("la campagne financée par l'UE", "the study funded by Norway")."""
    paying = _PAYING_FR | (_PAYING_EN if detect_language(question) == "en" else frozenset())
    words = _words(question) + [""]
    return any((w.startswith(_FUNDING) or w in paying) and after not in ("par", "by")
               for w, after in zip(words, words[1:]))
