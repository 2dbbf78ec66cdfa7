"""Particular things a question may ask, each with the sentence that gives it: what someone
recommends ("Que préconise l'étude …": "Les auteurs recommandent …", "L'étude formule sept
recommandations"), a court's sentence ("À quelle peine …": "condamné à 9 ans d'emprisonnement",
not "la première condamnation"), where a document can be read ("Où peut-on lire le rapport ?":
"disponible sur le site www.iom.int"). A sentence that does not give it cannot answer
(:func:`required`), however close its words are to the question's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# what someone recommends ("Que préconise l'étude …", "What does the report recommend?") and a
# sentence recommending ("Les auteurs recommandent …", "L'étude formule six recommandations", "appelle
# les gouvernements à …")
_ADVICE_ASKED = re.compile(r"\b(?:pr[ée]conis\w*|recommand\w*|recommend\w*|conseill\w*|advis\w*|suggest\w*|sugg[èée]r\w*)\b", re.I)
_ADVICE = re.compile(r"\b(?:pr[ée]conis\w*|recommand\w*|recommend\w*|conseill\w*|suggest\w*|sugg[èée]r\w*|"
                     r"appel\w*\s+(?:\w+\s+){0,4}?[àa]|exhort\w*|urg\w*|invit\w*\s+(?:\w+\s+){0,4}?[àa]|"
                     r"demand\w*\s+(?:notamment\s+|aussi\s+|également\s+)?(?:de|d['’]|aux?|que))\b", re.I)
# a court's sentence asked ("À quelle peine", "quelles peines de prison", "What sentence did … get",
# "how long in prison") and given ("condamné à 16 ans de prison", "sentenced to", "une amende de")
_PENALTY_ASKED = re.compile(r"\b(?:quel(?:le)?s?\s+(?:(?:est|sont|était|étaient)\s+(?:la|les|leur|leurs|sa|ses)\s+|\w+\s+)?peines?|peines?\s+de\s+prison|what\s+(?:\w+\s+)?sentences?"
                            r"|(?:prison|jail)\s+(?:terms?|sentences?)|how\s+long\s+in\s+(?:prison|jail))\b", re.I)
_PENALTY = re.compile(r"\b(?:condamn(?:e|é|ée|és|ées|ent|ait|aient|a|er)\s+(?:[\w'’]+\s+){0,4}?[àa]\s|\d+\s+(?:ans?|mois|years?|months?)\s+(?:de\s+prison|"
                      r"d['’]emprisonnement|de\s+r[ée]clusion|ferme|in\s+(?:prison|jail))|amendes?\b|fines?\b|"
                      r"sentenced\s+to|peines?\s+(?:de|allant)\b|prison\s+(?:à\s+perpétuité|ferme))", re.I)
# where a document can be read: a verb of reading, or of finding with a document named
_DOCUMENTS = r"(?:rapport|étude|etude|texte|guide|manuel|déclaration|declaration|document|vidéos?|videos?|publication|report|study|text|manual|findings)s?"
_FOUND = r"(?:trouver|obtenir|disponibles?|find|get|available|published|publiée?s?)"
_READ_ASKED = re.compile(
    r"\b(?:où|where)\b[^?]*\b(?:lire|consult\w*|t[ée]l[ée]charg\w*|regarder|visionner|read|download\w*|view\w*|watch\w*)\b"
    rf"|\b(?:où|where)\b[^?]*\b{_FOUND}\b[^?]*\b{_DOCUMENTS}|\b(?:où|where)\b[^?]*\b{_DOCUMENTS}\b[^?]*\b{_FOUND}\b",
    re.I)
_ADDRESS = re.compile(r"www\.|https?://|\w\.(?:int|org|com|net|gov)\b|\bsites?\b|\ben ligne\b|\bonline\b|\bwebsite\b", re.I)


# a title asked ("Comment s'intitule le rapport …", "Sous quel titre …", "What is the report
# called?") and given: after "intitulé" or "titled", or in quotation marks closed within the
# sentence, capitalised, short and not a speaker's sentence ("« Récoltes invisibles : … »", not
# "« Ces chiffres ne décrivent pas un phénomène marginal. »" nor "« aidera les responsables … »")
_TITLE_ASKED = re.compile(
    r"\b(?:comment\s+s['’]intitul\w*|sous\s+quel(?:le)?\s+(?:titre|intitulé|nom)|quel(?:le)?\s+(?:est|était)\s+(?:le\s+|l['’])?"
    r"(?:titre|intitulé)|\b(?:le|son|leur)\s+titre\s+(?:du|de\s+la|de\s+l['’]|des)\b|what\s+(?:is|was)\s+the\s+title"
    r"|under\s+what\s+(?:title|name)|what\s+(?:is|was)\s+(?:the|this|that|its)\s+(?:[\w-]+\s+){0,3}?(?:called|titled|entitled)"
    r"|title\s+of\s+the)\b", re.I)
_TITLE_SAID = re.compile(r"\b(?:intitul\w*|titled|entitled|sous\s+le\s+(?:titre|nom))\b", re.I)
_QUOTED = re.compile(r"[«“\"]\s*([^«»“”\"]{3,160}?)\s*[»”\"]")


def asks_for_title(question: str) -> bool:
    """Whether the question asks for a title ("Comment s'intitule le rapport …")."""
    return bool(_TITLE_ASKED.search(question))


def gives_title(sentence: str) -> bool:
    """Whether a sentence gives a title: said to be one ("intitulé", "titled"), or quoted
    whole within it, a phrase rather than a speaker's sentence."""
    return bool(_TITLE_SAID.search(sentence)) or any(
        m.group(1)[:1].isupper() and len(m.group(1).split()) <= 20 and not re.search(r"[.!?]$", m.group(1))
        for m in _QUOTED.finditer(sentence))


def asks_for_advice(question: str) -> bool:
    """Whether the question asks what someone recommends ("Que préconise l'étude …")."""
    return bool(_ADVICE_ASKED.search(question))


def recommends(sentence: str) -> bool:
    """Whether a sentence recommends, or says what is recommended ("formule sept recommandations")."""
    return bool(_ADVICE.search(sentence))


def asks_for_penalty(question: str) -> bool:
    """Whether the question asks what sentence a court gave ("À quelle peine …", "What sentence …")."""
    return bool(_PENALTY_ASKED.search(question))


def gives_penalty(sentence: str) -> bool:
    """Whether a sentence gives a court's sentence ("condamné à 9 ans d'emprisonnement", "une amende")."""
    return bool(_PENALTY.search(sentence))


# an end asked ("Jusqu'à quand …", "Until when …", "Jusqu'en quelle année …") and given: "jusqu'en
# septembre 2026", "d'ici 2027", "until", a span of years or months ("2024-2026", "de mai 2024 à
# avril 2027"), an end said ("prendra fin", "s'achèvera", "expire"), not a start or a day alone,
# nor a period over which something was counted ("Entre 2020 et 2022, 74 victimes …")
_END_ASKED = re.compile(r"\b(?:jusqu['’]\s*(?:à|a|en|au)\s+(?:quand|quel(?:le)?\s+(?:date|année|annee|mois|jour))"
                        r"|until\s+when|till\s+when|until\s+what\s+(?:date|year)|how\s+long\s+(?:will|does|is)\b[^?]*\b(?:run|last|funded))\b",
                        re.I)
_YEAR_OR_MONTH = r"(?:(?:19|20)\d\d|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)"
_END = re.compile(r"\bjusqu['’]|\b(?:until|till|through)\b|\bd['’]ici\b|\b(?:19|20)\d\d\s*[-–]\s*(?:19|20)?\d\d\b"
                  rf"|\b(?:de|from)\s+(?:\w+\s+){{0,2}}?{_YEAR_OR_MONTH}\b[^.;]{{0,40}}?\b(?:à|a|au|to)\s+(?:\w+\s+)?{_YEAR_OR_MONTH}\b"
                  r"|\bprendr\w*\s+fin\b|\bs['’]ach[eè]v\w*|\bse\s+termin\w*|\bexpir\w*|\bend(?:s|ing)?\s+in\b|\béchéance\b", re.I)


def asks_for_end(question: str) -> bool:
    """Whether the question asks until when something lasts ("Jusqu'à quand Bruxelles finance-t-elle
    le projet ?"): a day something began or was signed does not answer."""
    return bool(_END_ASKED.search(question))


def gives_end(sentence: str) -> bool:
    """Whether a sentence gives an end ("mis en œuvre jusqu'en septembre 2026", "de mai 2024 à
    avril 2027", "2025-2029", "prendra fin en juin")."""
    return bool(_END.search(sentence))


# a start asked ("À partir de quand …", "Depuis quand …", "Since when …") and given: "depuis", "dès",
# "à partir du", "entrée en vigueur", a thing begun ("ouvert en mars 2020", "lancé", "fondé en 2011")
_START_ASKED = re.compile(r"\b(?:à|a)\s+partir\s+de\s+quand|\bdepuis\s+(?:quand|quel(?:le)?\s+(?:date|année|annee|mois|jour))"
                          r"|\bsince\s+when|\bfrom\s+when|\bsince\s+what\s+(?:date|year)", re.I)
_START = re.compile(r"\b(?:depuis|dès|des\s+(?:le|la|l['’])|(?:à|a)\s+partir|en\s+vigueur|since|from|starting|effective|onwards?"
                    r"|ouv(?:ert|erte|erts|ertes|erture|re|rira)|inaugur\w*|lanc\w*|cré(?:é|ée|és|ées|ation|era)|fond(?:é|ée|e|ait|ation|atrice|ateur)"
                    r"|commenc\w*|début\w*|démarr\w*|mis\w*\s+en\s+(?:place|service|œuvre|oeuvre)|établi\w*|instaur\w*|fonctions|nomm\w*|succ[eèé]d\w*|appoint\w*|took\s+(?:up|office)|assum\w*|in\s+post"
                    r"|open(?:ed|ing|s)?|launch\w*|found(?:ed|ing)|creat\w*|start\w*|began|begun|establish\w*|set\s+up)\b", re.I)


def asks_for_start(question: str) -> bool:
    """Whether the question asks from when something holds ("À partir de quand la loi
    s'applique-t-elle ?", "Depuis quand le foyer accueille-t-il des victimes ?")."""
    return bool(_START_ASKED.search(question))


def gives_start(sentence: str) -> bool:
    """Whether a sentence gives a start: "entrée en vigueur le 1er septembre", "depuis 2019",
    "ouvert en mars 2020", "fonde Ulendo Safe" (not a vote alone: "adoptée le 11 février" is one)."""
    return bool(_START.search(sentence))


# a detail a sentence says is not known yet: "Leurs horaires … seront annoncés ultérieurement",
# "un second établissement, dont le calendrier n'a pas encore été arrêté", "une date qui reste à fixer"
_NOT_YET = (r"(?:n['’](?:a|ont|est|sont)\s+pas\s+encore|restent?\s+[àa]\s+(?:fixer|d[ée]terminer|d[ée]finir|pr[ée]ciser|arr[êe]ter)"
            r"|(?:sera|seront)\s+(?:\w+\s+){1,2}?ult[ée]rieurement|pas\s+encore\s+(?:été\s+)?(?:fix|arr[êe]t|d[ée]cid|annonc)\w*)")
_UNDECIDED = re.compile(rf"\b(calendrier|dates?|horaires?|lieux?|montants?|modalit[ée]s|composition|budget)\b[^.;]{{0,80}}?\b{_NOT_YET}", re.I)
_TIME_NOUNS = frozenset({"calendrier", "date", "dates"})


def undecided(sentence: str, question: str, qtype: str) -> bool:
    """Whether a sentence says that what is asked is not known yet: a time ("dont le calendrier
    n'a pas encore été arrêté") for a "when" question, or the detail the question names ("Quels
    seront les horaires …": "Leurs horaires … seront annoncés ultérieurement"). It tells that the
    release does not give it."""
    for m in _UNDECIDED.finditer(sentence):
        noun = m.group(1).lower()
        if (qtype == "when" and noun in _TIME_NOUNS) or re.search(rf"\b{noun[:6]}", question, re.I):
            return True
    return False


def asks_where_to_read(question: str) -> bool:
    """Whether the question asks where a document can be read ("Où peut-on lire le rapport ?",
    "Where can the study be downloaded?"): its answer is a web address."""
    return bool(_READ_ASKED.search(question))


def gives_address(sentence: str) -> bool:
    """Whether a sentence gives a web address or a site ("disponible sur le site www.iom.int")."""
    return bool(_ADDRESS.search(sentence))


def required(question: str, qtype: str) -> tuple[Callable[[str], bool], ...]:
    """What a sentence must give to answer ``question`` (of kind ``qtype``): the checks of the
    particular things it asks, none for most questions."""
    checks: list[Callable[[str], bool]] = []
    if qtype == "what" and asks_for_advice(question):
        checks.append(recommends)
    if asks_for_penalty(question):
        checks.append(gives_penalty)
    if qtype == "where" and asks_where_to_read(question):
        checks.append(gives_address)
    if asks_for_title(question):
        checks.append(gives_title)
    if qtype == "when" and asks_for_end(question):
        checks.append(gives_end)
    if qtype == "when" and asks_for_start(question):
        checks.append(gives_start)
    return tuple(checks)
