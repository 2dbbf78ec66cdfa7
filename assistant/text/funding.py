"""Who pays for something: questions that ask for a funder, and sentences that name funding.

"Qui finance la campagne ?", "Quel pays paie la série radio ?", "Who paid for the training?",
"Which government is funding the programme?", "Quel est le bailleur de fonds du projet ?" ask
for a funder, whatever their verb: the interrogative is the subject of a verb of paying, or asks
for a funder by name. "Quels projets la Norvège finance-t-elle ?", "Which projects is Ottawa
paying for?" give the funder and ask what it pays for; "la campagne financée par l'UE" gives it
too. A sentence answers a funder question only if it speaks of funding ("financée par", "grâce
à un financement de", "bailleurs", "donateurs", "une contribution danoise"), not one that names
the programme's partners or the agency that runs it.

>>> asks_for_funder("Quel gouvernement paie la formation des gardes-frontières ?")
True
>>> asks_for_funder("Et qui la finance ?")
True
>>> asks_for_funder("Which anti-trafficking projects is Ottawa paying for?")
False
>>> asks_for_funder("Quels pays sont couverts par la campagne ?")
False
>>> asks_for_funder("Qui a lancé la campagne financée par l'Union européenne ?")
False
>>> speaks_of_funding("Ces activités sont financées par le Fonds fiduciaire de l'UE.")
True
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.geography import countries_in
from assistant.text.money import holds_sum, without_currencies
from assistant.text.normalize import fold
from assistant.text.terms import detect_language, is_stopword

# folded word starts: the verbs and nouns of funding, French and English
_FUNDING = ("financ", "fund", "sponsor", "subvention", "bailleur", "donateur", "donor", "mecen", "contribution")
# the verb "to pay" in its forms ("pays" only in English: in French it is a country)
_PAYING_FR = frozenset({"paie", "paient", "paiera", "paieront", "payer", "paye", "payee", "payees", "payes", "payent",
                        "payait", "payaient", "payant"})
_PAYING_EN = frozenset({"pay", "paid", "paying", "pays", "payer", "payers"})
# the interrogative that stands as the subject: "qui", "quel pays (scandinave)", "quels
# gouvernements ou bailleurs", "who", "which (East Asian) government"; no article in it ("quels
# projets la Norvège finance" has another subject)
_WORD = r"\s+(?!(?:la|le|les|l|un|une|des|du|de|the|a|an)\b)[\w-]+"
_ASKING = rf"(?:qui|who|(?:quel|quelle|quels|quelles|which|what)(?:{_WORD}){{1,3}}?)"
# between it and the verb: an auxiliary, an object pronoun, an adverb ("qui la finance", "qui a
# également payé", "which government is co-funding", "who has paid")
_BETWEEN = (r"(?:\s+(?:a|ont|avait|avaient|va|vont|est|sont|la|le|les|l|lui|leur|en|y|aussi|egalement|donc|"
            r"is|are|was|were|has|have|had|will|also|currently|co))*")
_FUNDING_VERB = r"(?:financ|fund|sponsor|subvention)\w*"
_SUBJECT_FR = re.compile(rf"\b{_ASKING}{_BETWEEN}\s+(?:{_FUNDING_VERB}|{'|'.join(sorted(_PAYING_FR))})\b")
_SUBJECT_EN = re.compile(rf"\b{_ASKING}{_BETWEEN}\s+(?:{_FUNDING_VERB}|{'|'.join(sorted(_PAYING_FR | _PAYING_EN))})\b")
# a funder asked by its name: "quel est le bailleur", "qui sont les donateurs", "who is the donor"
_FUNDER_NOUN = re.compile(r"\b(?:qui|quel(?:le)?s?|who|which|what)\b(?:\s+\w+){0,3}?\s+(?:bailleurs?|donateurs?|financeurs?|"
                          r"mecenes?|donors?|funders?|sponsors?)\b")
# the agent asked: "financée par qui", "par qui la campagne est-elle payée", "funded by whom"
_BY_WHOM = re.compile(r"\b(?:par qui|by whom)\b")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def speaks_of_funding(text: str) -> bool:
    """Whether ``text`` names funding (a funder, a grant, a donor): "financé par", "bailleurs",
    or a sum given by someone ("dont 8,8 millions apportés par l'Union européenne")."""
    return any(w.startswith(_FUNDING) for w in _words(text)) or bool(_GIVEN_BY.search(fold(text)) and holds_sum(text))


# a sum's giver: "apportés par", "versés par", "alloués par", "provided by", "granted by"
_GIVEN_BY = re.compile(r"\b(?:apport|vers|allou|accord|octroy|debloqu|offert|donne|provided|granted|contributed|given|"
                       r"pledged|donated)\w*\s+(?:par|by)\b")


@lru_cache(maxsize=256)
def asks_for_funder(question: str) -> bool:
    """Whether ``question`` asks who funds or pays for something (by any verb of paying): its
    interrogative is the verb's subject ("Qui paie …", "Which government is funding …") or its
    agent ("financée par qui"), or it asks for a funder by name ("quel est le bailleur").
    Remembered: the question's type and the answerer both ask it of the same question."""
    english = detect_language(question) == "en"
    words = _words(question)
    text = " ".join(words)
    paying = _PAYING_FR | (_PAYING_EN if english else frozenset())
    return bool((_SUBJECT_EN if english else _SUBJECT_FR).search(text) or _FUNDER_NOUN.search(text)
                or (_BY_WHOM.search(text) and any(w.startswith(_FUNDING) or w in paying for w in words)))


# the payer of a sum asked: "Combien l'Australie a-t-elle versé …", "Quel montant le Japon
# a-t-il accordé …", "How much is the European Union contributing …", "How much money did
# Switzerland put in?"; the words between the interrogative and the verb of giving
# (not what is put under seal or aside: "mis sous scellés")
_GIVING = (r"(?:vers|pay|pai|donn|financ|contribu|accord|allou|debloqu|investi|octroy|apport|offert|offr|consacr|depens|engag"
           r"|(?:mis|met)(?!\w*\s+(?:sous|de\s+cote|a\s+l'abri)))\w*")
_PAYER_FR = re.compile(r"\b(?:combien(?:\s+d'argent(?:\s+liquide)?)?(?!\s+(?:de\b|d'))|quel\s+montant|quelle\s+somme)\s+(.+?)\s+"
                       r"(?:(?:a-t-|va-t-|ont-|vont-|avait-|avaient-)(?:il|elle|ils|elles)\s+|(?=\w+-t-|\w+-(?:il|elle)))"
                       rf"{_GIVING}")
_PAYER_EN = re.compile(r"\bhow\s+much(?:\s+(?:money|funding|aid|support))?\s+(?:did|does|do|has|have|is|are|was|were|will)\s+(.+?)\s+"
                       r"(?:contribut|pay|paid|give|gave|put|provid|grant|donat|fund|spen[dt]|commit|pledg|invest)\w*")
_ARTICLES = re.compile(r"^(?:(?:l'|les\b|le\b|la\b|the\b)\s*)+")


@lru_cache(maxsize=256)
def payer_asked(question: str) -> str:
    """Who gives the sum a question asks ("l'australie" in "Combien l'Australie a-t-elle versé
    pour la campagne ?"), folded, without its article; "" when the question names no payer."""
    text = fold(question).replace("’", "'")
    m = _PAYER_FR.search(text) or _PAYER_EN.search(text)
    payer = _ARTICLES.sub("", m.group(1)).strip() if m else ""
    # donors of a kind ("les bailleurs européens", "the donors") name no one payer
    return "" if payer.split(" ")[0] in _ANY_PAYER else payer


_ANY_PAYER = frozenset({"bailleurs", "donateurs", "partenaires", "pays", "gouvernements", "donors", "funders",
                        "partners", "countries", "governments", "ils", "elles", "they", "chacun", "each"})


def names_payer(payer: str, text: str, before: str = "") -> bool:
    """Whether ``text`` names the payer asked (folded, :func:`payer_asked`) as the giver of its
    sum: its country by any of its names ("ministère néerlandais" for "the Dutch ministry"), or
    else one of its words ("Union européenne" for "European Union"), in the clause that gives
    the sum or right beside it. "Financé par la Norvège à hauteur de 2,4 millions d'euros, avec
    une contribution du gouvernement australien" gives no Australian sum. ``before``, the lines
    before a sentence, name the payer for a sentence that refers back to it and names no country
    ("Le Japon a accordé … Sa contribution …"); one that does not gives a sum of its own (a plan
    "estimé à 4,6 millions de dollars" after "… du Japon."), and one naming a country says itself
    whose money it is ("la contribution danoise" is not the EU's named a paragraph earlier)."""
    if before and _REFERS_BACK.search(fold(text)) and not countries_in(fold(text)):
        return _names(payer, fold(before) + " " + fold(text))
    if not holds_sum(text):
        return _names(payer, fold(text))
    clauses = [c for c in _CLAUSE.split(_BRACKETS.sub(" ", text)) if c.strip()]
    sums = [holds_sum(c) for c in clauses]
    named = [_names(payer, fold(c)) for c in clauses]
    # a clause bringing in another party: opening on "avec", "et", …, or naming another country
    other = [bool(_ANOTHER.match(c)) or (not here and bool(countries_in(fold(c)))) for c, here in zip(clauses, named)]
    for i in (i for i, here in enumerate(named) if here):
        if i > 0 and sums[i - 1] and not _ANOTHER.match(clauses[i]):  # "2 millions d'euros, versés par la Suède"
            return True
        for k in range(i, len(clauses)):  # its sum follows, before another party comes in
            if k > i and other[k]:
                break
            if sums[k]:
                return True
    return False


# a sum said to be the one named before: "Sa contribution …", "Ce financement …", "This grant …"
_REFERS_BACK = re.compile(r"\b(?:sa|son|ses|leur|leurs|cette|ce|cet|ces|its|their|this|that|these)\s+(?:\w+\s+)?"
                          r"(?:contributions?|financements?|dons?|apports?|subventions?|enveloppes?|sommes?|montants?"
                          r"|soutiens?|grants?|funding|donations?|support)\b")
# a sentence's clauses, its brackets set aside ("(DFAT)", "(2022-2024)"); one opening on "avec",
# "ainsi que", "and" brings in another party than the sum's before it
_BRACKETS = re.compile(r"\([^()]*\)")
_CLAUSE = re.compile(r",(?!\d)|[;:–—]")  # (not a decimal comma: "2,4 millions")
_ANOTHER = re.compile(r"\s*(?:avec|ainsi|tandis|alors|mais|et|with|while|whereas|and|but|as well)\b", re.I)
# a payer named by the acronym of its country ("How much is the UK providing?"), read for a payer
# only: as a place, "the UK government" is not what a question asks about
_PAYER_ACRONYMS = {"uk": "royaume-uni", "u.k.": "royaume-uni", "britain": "royaume-uni", "the uk": "royaume-uni",
                   "us": "etats-unis", "u.s.": "etats-unis", "usa": "etats-unis", "the us": "etats-unis"}
# where money goes: "en Arménie", "au Tchad", "aux Philippines", "in Armenia", "to Nepal"
_WHERE_IT_GOES = re.compile(r"\b(?:en|au|aux|dans|in|into|to)\s+(?:la\s+|le\s+|les\s+|l')?[\w'-]+")
# a payer named by its seat: "Bruxelles" gives for the European Union
_SEATS = dict.fromkeys(("bruxelles", "brussels"),
                       re.compile(r"\b(?:union europeenne|commission europeenne|ue|european union|european commission|eu)\b"))


def _names(payer: str, folded: str) -> bool:
    if payer in _SEATS and _SEATS[payer].search(folded):
        return True
    codes = countries_in(_PAYER_ACRONYMS.get(payer, payer))
    if codes:  # ("4,5 millions de dollars canadiens" is no Canadian money)
        text = without_currencies(folded)
        if not codes & countries_in(text):
            # its institution named in a sentence naming no country ("Lithuania's interior ministry":
            # "financée par le ministère de l'Intérieur"): whose it is, the release's country says
            rest = [w for w in re.findall(r"[\w-]+", payer)
                    if len(w) > 2 and not is_stopword(w) and not countries_in(w)]
            # (each a word of its own: "Irish Aid"'s "aid" is any "aide humanitaire")
            rest = rest if all(len(w) >= 5 for w in rest) else []
            return bool(rest) and not countries_in(text) and all(re.search(rf"\b{re.escape(w[:5])}", text) for w in rest)
        # a country named only where the money goes, where another gives it ("La Norvège a accordé
        # 3,8 millions d'euros … en Arménie"), is not the giver; alone, it may be ("Au Kenya, le
        # gouvernement a consacré …")
        givers = countries_in(_WHERE_IT_GOES.sub(" ", text), cities=False)
        return bool(codes & givers) or not givers - codes
    words = [w for w in re.findall(r"[\w-]+", payer) if len(w) > 2 and not is_stopword(w)]
    return not words or any(re.search(rf"\b{re.escape(w[:5])}", folded) for w in words)
