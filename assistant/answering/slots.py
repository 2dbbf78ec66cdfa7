"""What a question asks for, and whether a sentence holds it: the question's type (a count,
a date, an amount, a phone number, a name, a place, a reason) and its answer slot (whom a name
belongs to is :mod:`assistant.answering.naming`; what a count counts and for which year,
:mod:`assistant.answering.figures`).

These checks were written against the dev questions; the extractive answerer uses them as
evidence for its learned scores (:mod:`assistant.answering.evidence`), never as a veto.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from assistant.answering import particulars
from assistant.answering.body_kinds import body_kind_asked, named_beside
from assistant.answering.figures import NUMBER, Vocabulary, asks_for_share, gives_share
from assistant.answering.people import SAYING, asks_for_person, names_not_of_people, new_names
from assistant.answering.phones import in_number_to_dial, phone_numbers
from assistant.text import geography
from assistant.text.dates import YEAR, gives_day, part_of_date, what_has_been, what_is_to_come
from assistant.text.funding import asks_for_funder
from assistant.text.languages import names_language
from assistant.text.money import holds_sum
from assistant.text.normalize import fold, unify_apostrophes
from assistant.text.places import PLACE_KINDS_EN, PLACE_KINDS_FR
from assistant.text.tense import asks_to_come, asks_what_has_been

# ---------------------------------------------------------------------- question types

_TYPES = [
    # money and phone numbers before counts: "quel est le montant" wants a currency, "quel numéro" digits
    # "how much" (not "how many"), and "combien" with a verb of paying rather than "combien de"
    ("amount", r"\b(montant|budget|co[uû]t(?:s|e|é|ent|er|era|erait|eront|ait)?|combien d'argent|quelle somme|how much(?! time)|what amount|budget|cost)\b"
               # a sum asked by its name: "Quelle enveloppe totale …", "Quelle dotation …", "Quelle subvention …"
               r"|\bquel(?:le)?s?\s+(?:(?:est|était|sera)\s+(?:l['’]|la\s+|le\s+))?(?:enveloppe|dotation|subvention)s?\b"
               # in English: "What was the maximum reintegration grant …", "What allowance do they get"
               r"|\bwhat\s+(?:(?:is|was|are|were|will\s+be)\s+)?(?:(?:the|their|its|each)\s+)?(?:[\w-]+\s+){0,2}"
               r"(?:grants?|allowances?|stipends?|envelopes?|endowments?)\b"
               r"|\bcombien\b(?!\s+(?:de|d'|d’))[^?]*?\b(?:(?:vers|pay|pai|donn)(?:é|ée|és|er|e|ent|ait|aient|a|era|eront)\b"
               r"|(?:financ|contribu|d[ée]pens|allou|d[ée]bloqu|investi|octroy|gagn|apport|fourni|consacr|engag)\w*|sur\s+la\s+table"
               # what a payer puts in, its subject after the verb: "Combien l'UE met-elle dans …", "a-t-il mis"
               r"|\bmet(?:tent)?-(?:t-)?(?:il|elle|ils|elles|on)\b|\b(?:a|ont)-(?:t-)?(?:il|elle|ils|elles|on)\s+mis\b)"
               # a sum named before the "combien" that asks its value: "la contribution canadienne,
               # elle s'élève à combien ?" (not "Combien de pays ont apporté une contribution ?")
               r"|\b(?:contributions?|financements?|subventions?|enveloppes?|dons?|apports?)\b[^?]*\bcombien\b(?!\s+(?:de|d'|d’))"
               # a pay asked for ("quel salaire", "quel est leur salaire", "what daily wage"), not who pays it
               r"|\bquel(?:le)?s?\s+(?:(?:est|sont|était|étaient|sera|seront)\s+)?(?:(?:le|la|les|leur|leurs)\s+|l')?"
               r"(?:salaires?|r[ée]mun[ée]rations?)\b"
               r"|\bwhat\s+(?:(?:is|was|are|were)\s+)?(?:(?:the|their|his|her)\s+)?(?:\w+\s+)?(?:salary|salaries|wages?)\b"),
    # a number that is no count ("what's the number for Ugandans?", not "the number of calls")
    # singular or plural: "quels numéros verts", "which hotline numbers", "what numbers can victims call"
    ("phone", r"\b(quel(le)?s? (?:est|sont) (le|ce|les|ces|son|sa|leur|leurs) numéros?|quels? numéros?|(?<!de )num[ée]ros? de t[ée]l[ée]phone"
              r"|(phone|telephone|hotline|helpline|toll-free|emergency) numbers?|(?:what|which)(?: [\w-]+){0,2} numbers?(?! of)"
              r"|what(?:'s|’s| is| was| are| were) (?:the|their|its) numbers?(?! of)"
              # a line asked for, to call: "which helplines can people call", "quelle ligne appeler",
              # or a free one as the interrogative's noun: "quelles lignes gratuites", "which free hotlines"
              r"|(?:help|hot)lines?\b[^?]*\bcall|lignes?\b[^?]*\b(?:appeler|composer)|(?:which|what)(?: [\w-]+)?"
              r" (?:free|toll-free) (?:hot|help)lines?|quel(?:le)?s?\s+lignes?\s+(?:(?:d'\w+|téléphoniques?)\s+)?(?:verte|gratuite)s?"
              # a code or a number to dial: "What code can a jobseeker dial …", "Quel code faut-il composer ?"
              r"|(?<!many )(?<!de )(?:codes?|numbers?|num[ée]ros?)\b[^?]*\b(?:dial(?:led|ed|ling)?|compose[rz]?))\b"),
    # the languages something is said or offered in ("en quelles langues", "what languages"): their names
    ("language", r"\b(quel(?:le)?s?\s+langues?|(?:which|what)\s+languages?)\b"),
    ("how_many", r"\b(combien|quel(le)? est (le|ce|cette|la) (numéro|nombre|chiffre|montant|somme|population)|what( [\w-]+)? (number|figure|amount)|quel(le)?s? ((est|était|sont|étaient|sera|serait) )?((le|la|les) |l')?(nombre|montant|proportion|pourcentage|part)|nombre de|how (many|much)|number of|what (percentage|share|proportion))\b"
                 # a capacity or a headcount is a count ("Quelle est la capacité d'accueil du refuge ?", "What is the shelter's capacity?")
                 r"|\b(?:quel(?:le)?s?\s+(?:est|était|sera|sont)\s+(?:(?:la|le|les|sa|son|leur)\s+|l['’])(?:capacit[ée]|effectif)s?"
                 r"|(?:what|which)\s+(?:is|was|will\s+be)\s+(?:the|its|their)\s+(?:[\w'’-]+\s+){0,2}(?:capacity|headcount))\b"),
    ("when", r"\b(quand|quel(?:le)?s? (?:\w+ |est la )?(dates?|jours?|années?|annees?|périodes?|periodes?)|en quelle année|à quel moment|depuis quand|when|(?:what|which) (?:\w+ |is the )?(years?|dates?|months?|days?)|since when)\b"),
    # a place of any kind, in the singular or the plural ("dans quelles régions", "in which towns",
    # "which islands", "à quel poste frontière")
    ("where", r"\b(où|ou se|(?:dans|en|à|a|vers|de|sur)\s+quel(le)?s? (?:\w+ )?" + PLACE_KINDS_FR + r"|quel(le)?s? (?:\w+ )?" + PLACE_KINDS_FR
              + r"|where|(?:which|what)(?: [\w-]+){0,3} " + PLACE_KINDS_EN
              # a part of a country named ("Dans quelle partie de la Gambie …", "in which part of the country")
              + r"|(?:dans|en|de|sur)\s+quelle\s+partie\s+(?:du|de\s+la|de\s+l'|des|d')|(?:in\s+)?which\s+parts?\s+of"
              # a nationality is a country too ("de quelle nationalité étaient les victimes ?")
              + r"|quel(le)?s? nationalités?|(which|what) nationalit(y|ies))\b"),
    ("who", r"(^|\b)((?<!est-ce )(?<!\bce )qui|comment s'appell(?:e|ent)|quel est le nom|what is the name|(what|which) (team|person|official|expert)|quel(le)?s?( [\w-]+){0,2} (équipe|organisation|entreprise|société|societe|compagnie|opérateur|operateur|personne|responsable|bailleur|partenaire|agence|organisme|gouvernement|ministère|ong|association|fondation|syndicat)s?|who|whom|which( [\w-]+){0,3} (company|companies|firms?|organi[sz]ation|organi[sz]ations|operators?|agency|agencies|government|partners?|ngos?|charity|charities|foundations?|unions?))\b"),
    ("why", r"\b(pourquoi|dans quel but|pour quelle raison|why|for what (reason|purpose))\b"),
]
# a time expression: a year or a decade, a month, a day of the week, a day relative to today,
# a period relative to now ("l'an prochain", "d'ici la fin de l'année", "dans trois mois"), or a
# duration a "depuis" counts from ("depuis deux ans"); not "depuis" alone ("attendue depuis longtemps")
_NUMBER_WORD = r"(?:\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|plusieurs|quelques)"
_PERIOD = r"(?:ans?|ann[ée]es?|mois|semaines?|jours?|trimestres?|semestres?|d[ée]cennies?|years?|months?|weeks?|days?)"
_DATE = re.compile(
    r"\b(?:1[89]\d\d|20\d\d|ann[ée]es\s+(?:19)?[0-9]0"
    r"|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre"
    r"|january|february|march|april|june|july|august|september|october|november|december"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|aujourd['’]hui|hier|demain|today|yesterday|tomorrow"
    r"|(?:l['’]|cet(?:te)?\s+|ce\s+|la\s+|le\s+|l['’]\s*)?(?:an|ann[ée]e|mois|semaine|[ée]t[ée]|hiver|printemps|automne)"
    r"\s+(?:prochaine?|derni[èe]re?|pass[ée]e?|en cours|suivante?)"
    r"|(?:fin|d[ée]but|milieu|courant)\s+(?:de\s+l['’]\s*ann[ée]e|d['’]ann[ée]e|du\s+mois|de\s+(?:ce|cette)\s+\w+)"
    r"|d['’]ici\s+(?:[àa]\s+)?(?:la\s+fin|le\s+d[ée]but|" + _NUMBER_WORD + r")"
    r"|(?:dans|depuis|pendant|durant|within|for|in)\s+" + _NUMBER_WORD + r"\s+" + _PERIOD
    + r"|(?:next|last|this)\s+(?:year|month|week|spring|summer|autumn|winter))\b",
    re.I,
)
# a part of a sum set aside for something ("quelle part est réservée à", "what share goes to")
_SET_ASIDE = re.compile(r"\b(?:réservée?s?|consacrée?s?|allouée?s?|destinée?s?|affectée?s?|budget|enveloppe|"
                        r"set\s+aside|earmarked|allocated|goes\s+to|go\s+to)\b", re.I)
_YEAR_ASKED = re.compile(r"\b(?:quel(?:le)?s?\s+ann[ée]es?|(?:what|which)\s+years?)\b", re.I)
_DAY_ASKED = re.compile(r"\bquel(?:le)?s?\s+(?:\w+\s+|est\s+la\s+)?(?:dates?|jours?)\b"
                        r"|\b(?:what|which)\s+(?:\w+\s+|is\s+the\s+)?(?:dates?|days?)\b", re.I)
WINDOW = 250  # characters around a sentence where the names and numbers of the question count as near
# countries asked ("dans quels pays", "which two countries"), not "dans quelles régions du pays"
_COUNTRIES_ASKED = re.compile(r"\b(?:quel(?:le)?s?|which|what)\s+(?:(?!(?:du|de|des|of)\b)[\w-]+\s+){0,2}?"
                              r"(pays|countr(?:y|ies)|nations?|nationalit(?:é|és|y|ies))\b", re.I)


def asks_for_countries(question: str) -> bool:
    """Whether a country is the answer: "Dans quels pays …", "De quel pays est originaire …",
    "which countries", "de quelle nationalité"."""
    return bool(_COUNTRIES_ASKED.search(question))


_REASON = re.compile(r"\b(afin|pour|parce que|puisque|car|en raison|vise|visant|objectif|but)\b", re.I)
# why someone thinks or says something ("Selon le responsable de l'OIM, pourquoi …", "Pourquoi la
# directrice appelle-t-elle …", "Why does the minister say …"): the reasons are the speaker's words
_VIEW_ASKED = re.compile(
    r"\b(?:selon|d['’]apr[èe]s|according to|estime\w*|jug\w*|pense\w*|appelle\w*|pr[ée]conis\w*|insist\w*|"
    r"explique\w*|affirme\w*|says?|said|argues?|believes?|thinks?|calls?|urges?|warns?)\b", re.I)
# the end of a speaker's words and who said them: "…durable », a souligné Javier Montiel"
# (read on the folded sentence)
_ATTRIBUTED = re.compile(rf"[»”]\s*,?\s*(?:a-t-(?:il|elle)\s+|(?:a|ont|avait)\s+)?(?:\w+\s+)?"
                         rf"(?:{SAYING}|insist|conclu|said|says|explain|add|stress|warn)")


# a question about whatever the releases hold of a kind, not one fact of one release: a plural
# interrogative ("quels pays", "quelles entreprises", "which companies") or the releases
# themselves ("les communiqués", "which releases")
_BROAD = re.compile(r"\b(quel(?:le)?s|lesquel(?:le)?s|(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?!(?:is|was|has|does)\b)[\w-]+s"
                    r"|communiqués|releases)\b", re.I)


def is_broad(question: str) -> bool:
    """Whether the answer may span releases, one quote each: "Dans quels pays …", "Which companies …"."""
    return bool(_BROAD.search(question))


_INTERROGATIVE = re.compile(
    r"\b(qui|que|qu'|quoi|quel\w*|lequel\w*|combien|comment|où|quand|pourquoi|est-ce|who|whom|what|which|where"
    r"|when|why|how)\b|^\s*(?:\w+\s+){0,3}\w+-(?:t-)?(?:il|elle|ils|elles|on)\b",
    re.I,
)


def kind_asked_in(current: str, query: str) -> str:
    """The text that says what kind of fact is asked: the question as typed, or for an
    elliptical follow-up with no interrogative of its own ("Et en 2024 ?", "And in Kenya?"), the
    condensed query that carries the question before it."""
    return current if _INTERROGATIVE.search(unify_apostrophes(current)) else query


def question_type(question: str) -> str:
    if asks_for_person(question):  # "Which IOM specialist says … the number of victims": a name
        return "who"
    name = _type_asked(question.lower())
    # a funder asked is a name, whatever the interrogative: "Quel pays paie …", "Which agencies fund …"
    return "who" if name in ("what", "where") and asks_for_funder(question) else name


def _type_asked(q: str) -> str:
    """The first kind in ``_TYPES``' order whose words the (lower-cased) question uses; but a
    count or a sum that is the criterion, not the interrogative, asks nothing: "Quel pays compte
    le plus grand nombre de victimes ?" asks for a country, "Quelle organisation a reçu le plus
    gros budget ?" for a name, "En quelle année le nombre d'appels a-t-il dépassé 1 000 ?" for a
    date. The interrogative phrase (the one holding the question's first interrogative word)
    decides then; a count or sum asked by an interrogative of its own is asked."""
    found = [(name, m) for name, pattern in _TYPES if (m := re.search(pattern, q))]
    if not found:
        return "what"
    name, match = found[0]
    interrogatives = list(_INTERROGATIVE.finditer(q))
    # (a second question's own, "…, et pour quel montant ?", is asked: parts.py reads both)
    if name in ("how_many", "amount") and interrogatives and not any(_opens(match, i) for i in interrogatives):
        return next((other for other, m in found[1:] if other in ("where", "who", "when")
                     and _opens(m, interrogatives[0])), name)
    return name


def _opens(match: re.Match, interrogative: re.Match) -> bool:
    """Whether ``match`` is the interrogative phrase: it holds the interrogative word or starts
    right after it ("quel montant", "dans quel pays", "combien")."""
    return match.start() <= interrogative.end() + 1 and match.end() > interrogative.start()


HARD_TYPES = {"how_many", "when", "amount", "phone", "language"}


@lru_cache(maxsize=256)
def figures_in(text: str) -> frozenset[str]:
    """The figures of a text, lower-cased ("527", "trois", "millions"): a question's own are not
    its answer (remembered: the answerer asks this of one question for every sentence)."""
    return frozenset(m.group().lower() for m in NUMBER.finditer(text))


@lru_cache(maxsize=256)
def _when_asked(question: str) -> tuple[bool, bool, bool, bool]:
    """Whether a "when" question asks about something still to come, for a day, for a year, or
    for the day of something that has been (read once a question: the answerer asks it for
    every candidate sentence)."""
    to_come = asks_to_come(question)
    return (to_come, bool(_DAY_ASKED.search(question)), bool(_YEAR_ASKED.search(question)),
            not to_come and asks_what_has_been(question))


def type_match(qtype: str, sentence: str, question: str = "", published: date | None = None) -> float:
    """1 when ``sentence`` holds the kind of thing ``question`` asks for, 0 when it cannot (0.5:
    the kind cannot be told). ``published``: the day its release was published, if known."""
    if qtype == "amount":
        return 1.0 if holds_sum(sentence) else 0.0
    if qtype == "phone":
        return 1.0 if phone_numbers(sentence, question) else 0.0
    if qtype == "how_many":
        if asks_for_share(question):  # "quelle part": a share ("26 pour cent", "la moitié"); of a
            # sum set aside, a sum too ("quelle part est réservée aux déplacés": "300 000 euros")
            return 1.0 if gives_share(sentence) or (_SET_ASIDE.search(question) and holds_sum(sentence)) else 0.0
        asked = figures_in(question)
        # (not a date's, nor a number to dial: "la ligne 1098", "appeler le 1098")
        return 1.0 if any(m.group().lower() not in asked and not part_of_date(sentence, m)
                          and not (m.group()[0].isdigit() and in_number_to_dial(sentence, m.start()))
                          for m in NUMBER.finditer(sentence)) else 0.0
    if qtype == "when":
        # a year asked is a year given ("d'ici la fin de l'année" answers "quand", not "en quelle
        # année"); a date asked, a day ("en 2026" or "dans le courant de l'année" is no date)
        # What is still to come is dated after the release's day ("s'est tenu le 9 mars", the
        # dateline's day, "hier" and "en 2016" date what has been)
        to_come, day, year, has_been = _when_asked(question)
        if to_come:
            sentence = what_is_to_come(sentence, published)
        elif has_been:  # the day of what has been is not one still to come
            sentence = what_has_been(sentence, published)
        if day:
            return 1.0 if gives_day(sentence) else 0.0
        return 1.0 if (YEAR if year else _DATE).search(sentence) else 0.0
    if qtype == "where" and asks_for_countries(question):
        # "dans quels pays", "which countries": a country the question does not name
        return 1.0 if geography.answer_countries(sentence, question, question) else 0.0
    if qtype in ("who", "where"):
        # a name the question does not already give (the answer, not the topic); for "qui", not
        # a city ("l'atelier de Bamako"), though a country may be one ("financé par la Norvège");
        # for "où", not a person's ("explique Brian Otieno Ochieng")
        names = names_not_of_people(sentence, question) if qtype == "where" else new_names(sentence, question)
        names = [n for n in names if not _names_asked_country(n, question) and (qtype == "where" or not geography.is_city(n))]
        # a kind of body asked ("which tech firm", "quelles ONG"): a name beside no word of that
        # kind ("l'association Tugisild", "Kemet Digital Labs, une jeune entreprise") may be
        # another body's (half a match)
        if names and qtype == "who" and (kind := body_kind_asked(question)) and not named_beside(kind, names, fold(sentence)):
            return 0.5
        return 1.0 if names else 0.0
    if qtype == "why":  # a reason given, or the words of the speaker whose view is asked
        return 1.0 if _REASON.search(sentence) or (_VIEW_ASKED.search(question) and _ATTRIBUTED.search(fold(sentence))) else 0.0
    if qtype == "what" and particulars.asks_for_advice(question):  # what someone recommends: a sentence recommending
        return 1.0 if particulars.recommends(sentence) else 0.0
    if qtype == "language":  # "en quelles langues …": a language named (CLDR's names)
        return 1.0 if names_language(sentence) else 0.0
    return 0.5


def _names_asked_country(name: str, question: str) -> bool:
    """Whether a name is a country the question names in another form ("Japon" for "Japan's
    ambassador", "Guinée" for "ministère guinéen"): the topic, not the answer."""
    codes = geography.countries_in(fold(name), False)
    return bool(codes) and codes <= geography.places_asked(question).countries


def shows(wanted: list[str], folded_text: str) -> bool:
    """Whether a (folded) release uses a word for the thing ``wanted`` names: where it does not
    (an English question, a paraphrase), the slot cannot be checked on its words."""
    vocabulary = _vocabulary(folded_text)
    return any(vocabulary.has_same_word(fold(w)) for w in wanted)


@lru_cache(maxsize=64)
def _vocabulary(folded_text: str) -> Vocabulary:
    return Vocabulary(frozenset(re.findall(r"\w+", folded_text)))


_FIGURE = re.compile(r"\d[\d\s.,]*\d|\d")


def adds_to_answer(text: str, chosen: list[str], kind: str, question: str) -> bool:
    """Whether a further quote of the quoted release holds part of the answer the chosen quotes
    do not: a name ("qui", "où") or a figure ("combien", "quel montant") of the kind asked that
    neither they nor the question give. A sentence about the cricket world cup adds nothing to
    the funders of a campaign."""
    known = question + " " + " ".join(chosen)
    if kind == "where" and asks_for_countries(question):  # another country
        return bool(geography.answer_countries(text, known, question))
    if kind in ("who", "where"):
        return bool(new_names(text, known))
    if kind in ("how_many", "amount"):
        figures = {f.strip() for f in _FIGURE.findall(known)}
        return any(f.strip() not in figures for f in _FIGURE.findall(text))
    return False
