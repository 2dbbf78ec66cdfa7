"""What a question asks for, and whether a sentence holds it: the question's type (a count,
a date, an amount, a phone number, a name, a place, a reason), its answer slot (what a count
counts and for which year, whom a name belongs to), and the names and numbers it pins down.

These checks were written against the dev questions; the extractive answerer uses them as
evidence for its learned scores (:mod:`assistant.answering.evidence`), never as a veto.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text import geography
from assistant.text.facts import is_house
from assistant.text.funding import asks_for_funder
from assistant.text.money import holds_sum
from assistant.text.normalize import fold, unify_apostrophes
from assistant.text.terms import is_stopword, stem_word

# ---------------------------------------------------------------------- question types

_TYPES = [
    # money and phone numbers before counts: "quel est le montant" wants a currency, "quel numéro" digits
    # "how much" (not "how many"), and "combien" with a verb of paying rather than "combien de"
    ("amount", r"\b(montant|budget|co[uû]t(?:s|e|é|ent|er|era|erait|eront|ait)?|combien d'argent|quelle somme|how much(?! time)|what amount|budget|cost)\b"
               r"|\bcombien\b(?!\s+(?:de|d'|d’))[^?]*?\b(?:(?:vers|pay|pai|donn)(?:é|ée|és|er|e|ent|ait|aient|a|era|eront)\b"
               r"|(?:financ|contribu|d[ée]pens|allou|d[ée]bloqu|investi|octroy|gagn)\w*)"
               # a pay asked for ("quel salaire", "quel est leur salaire", "what daily wage"), not who pays it
               r"|\bquel(?:le)?s?\s+(?:(?:est|sont|était|étaient|sera|seront)\s+)?(?:(?:le|la|les|leur|leurs)\s+|l')?"
               r"(?:salaires?|r[ée]mun[ée]rations?)\b"
               r"|\bwhat\s+(?:(?:is|was|are|were)\s+)?(?:(?:the|their|his|her)\s+)?(?:\w+\s+)?(?:salary|salaries|wages?)\b"),
    ("phone", r"\b(quel(le)? est (le|ce) numéro|quel numéro|(phone|hotline|toll-free) number|what number)\b"),
    ("how_many", r"\b(combien|quel(le)? est (le|ce|cette|la) (numéro|nombre|chiffre|montant|somme|population)|what( [\w-]+)? (number|figure|amount)|quel(le)?s? (est le )?(nombre|montant|proportion|pourcentage|part)|nombre de|how (many|much)|number of|what (percentage|share|proportion))\b"),
    ("when", r"\b(quand|quelle (date|année|annee|période|periode)|en quelle année|à quel moment|depuis quand|when|what (year|date|month)|since when)\b"),
    ("where", r"\b(où|ou se|dans quel(le)?s? (pays|ville|région|region|lieu)|quel(le)?s? (pays|villes?)|where|(which|what) (country|countries|city|cities|region))\b"),
    ("who", r"(^|\b)(qui|comment s'appell(?:e|ent)|quel est le nom|what is the name|(what|which) (team|person|official|expert)|quel(le)?s?( [\w-]+){0,2} (équipe|organisation|entreprise|société|societe|compagnie|opérateur|operateur|personne|responsable|bailleur|partenaire|agence|organisme|gouvernement|ministère)s?|who|whom|which( [\w-]+){0,3} (company|companies|organi[sz]ation|organi[sz]ations|operators?|agency|government|partners?))\b"),
    ("why", r"\b(pourquoi|dans quel but|pour quelle raison|why|for what (reason|purpose))\b"),
]
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?|\b(deux|trois|quatre|cinq|six|sept|huit|neuf|dix|cent|mille|millions?|milliards?|douzaine)\b", re.I)
_DATE = re.compile(
    r"\b(1[89]\d\d|20\d\d|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    r"novembre|décembre|decembre|depuis|années)\b",
    re.I,
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-ÖØ-Þ][\wÀ-ÿ-]+")
WINDOW = 250  # characters around a sentence where the names and numbers of the question count as near
_COUNTRIES_ASKED = re.compile(r"\b(pays|countr(?:y|ies)|nations?)\b", re.I)
_REASON = re.compile(r"\b(afin|pour|parce que|puisque|car|en raison|vise|visant|objectif|but)\b", re.I)


# a question about whatever the releases hold of a kind, not one fact of one release: a plural
# interrogative ("quels pays", "quelles entreprises", "which companies") or the releases
# themselves ("les communiqués", "which releases")
_BROAD = re.compile(
    r"\b(quel(?:le)?s|lesquel(?:le)?s|(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?!(?:is|was|has|does)\b)[\w-]+s|communiqués|releases)\b", re.I
)


def is_broad(question: str) -> bool:
    """Whether the answer may span releases, one quote each: "Dans quels pays l'OIM a-t-elle
    mené des campagnes ?", "Which companies have teamed up with IOM?"."""
    return bool(_BROAD.search(question))


def question_type(question: str) -> str:
    q = question.lower()
    name = next((name for name, pattern in _TYPES if re.search(pattern, q)), "what")
    # a funder asked is a name, whatever the interrogative: "Quel pays paie …", "Which agencies fund …"
    return "who" if name in ("what", "where") and asks_for_funder(question) else name


HARD_TYPES = {"how_many", "when", "amount", "phone"}


@lru_cache(maxsize=256)
def figures_in(text: str) -> frozenset[str]:
    """The figures of a text, lower-cased ("527", "trois", "millions"): a question's own are not
    its answer (remembered: the answerer asks this of one question for every sentence)."""
    return frozenset(m.group().lower() for m in _NUMBER.finditer(text))


def type_match(qtype: str, sentence: str, question: str = "") -> float:
    if qtype == "amount":
        return 1.0 if holds_sum(sentence) else 0.0
    if qtype == "phone":
        return 1.0 if phone_numbers(sentence, question) else 0.0
    if qtype == "how_many":
        asked = figures_in(question)
        return 1.0 if any(m.group().lower() not in asked for m in _NUMBER.finditer(sentence)) else 0.0
    if qtype == "when":
        return 1.0 if _DATE.search(sentence) else 0.0
    if qtype == "where" and _COUNTRIES_ASKED.search(question):
        # "dans quels pays", "which countries": a country the question does not name
        return 1.0 if geography.new_countries(sentence, question) else 0.0
    if qtype in ("who", "where"):
        # a name the question does not already give (the answer, not the topic); for "qui", not
        # a city ("l'atelier de Bamako"), though a country may be one ("financé par la Norvège")
        asked = fold(question)
        names = (m.group() for m in _NAME.finditer(sentence))
        return 1.0 if any(not is_house(n) and fold(n)[:5] not in asked and not _names_asked_country(n, question)
                          and (qtype == "where" or not geography.is_city(n)) for n in names) else 0.0
    if qtype == "why":
        return 1.0 if _REASON.search(sentence) else 0.0
    return 0.5


def _names_asked_country(name: str, question: str) -> bool:
    """Whether a name is a country the question names in another form ("Japon" for "Japan's
    ambassador", "Guinée" for "ministère guinéen"): the topic, not the answer."""
    codes = geography.countries_in(fold(name), False)
    return bool(codes) and codes <= geography.places_asked(question).countries


# digits run together by spaces, dashes, dots or brackets ("+502 5555 0123", "380 44-568 50 15", "189")
_DIGITS = re.compile(r"\+?\(?\d(?:[\d().-]|\s(?=\(?\d))*")
_DIALLED = re.compile(r"(num[ée]ro|ligne|t[ée]l|appel|compos|joindre|number|call|dial|line)\W*\w*\W*$", re.I)
_AFTER = re.compile(r"\s*(%|[^\W\d_]+)")
_PERCENT = re.compile(r"\s*(pour\s*cent|percent)\b", re.I)


def phone_numbers(sentence: str, question: str = "") -> list[str]:
    """The numbers of ``sentence`` that may be dialled: three digits or more, run together by
    spaces, dashes or brackets, that the question does not give. A figure followed by what it
    counts ("18 500 abonnés", "1 260 travailleurs") or by a unit ("100 pour cent") is a quantity,
    and a year ("en 2023") a date, unless a word of dialling comes just before ("la ligne 189")."""
    asked = {re.sub(r"\D", "", m.group()) for m in _DIGITS.finditer(question)}
    found = []
    for m in _DIGITS.finditer(sentence):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) < 3 or digits in asked:
            continue
        dialled = bool(_DIALLED.search(sentence[max(0, m.start() - 25) : m.start()]))
        after = _AFTER.match(sentence, m.end())
        word = after.group(1) if after else ""
        quantity = (word == "%" or (len(word) > 1 and not is_stopword(word))
                    or bool(_PERCENT.match(sentence, m.end())))
        if dialled or not (quantity or _YEAR.fullmatch(digits)):
            found.append(m.group().strip(" .-()"))
    return found


# ---------------------------------------------------------------------- what a figure counts, and when

# "combien de victimes", "le nombre d'appels", "how many trafficking victims", "the number of calls":
# the thing counted follows; French gives its noun first (then adjectives), English its noun last
_COUNTED_FR = re.compile(r"\b(?:combien|nombre)\s+(?:de\s+|d')(\w+)", re.I)
_COUNTED_EN = re.compile(r"\b(?:how\s+many|number\s+of)\s+(.*)", re.I)
_NEXT_WORD = re.compile(r"\s*(\w+)")
_COORDINATED = re.compile(r"^\s*(?:,|\bet\b|\bou\b)\s*(?:de\s+|d'|des\s+)?(\w+)(.*)", re.I)
# the same unit in either language and in either French form (an/année, jour/journée)
_UNITS = {
    **dict.fromkeys(["an", "ans", "annee", "annees", "year", "years"], "an"),
    **dict.fromkeys(["mois", "month", "months"], "mois"),
    **dict.fromkeys(["jour", "jours", "journee", "journees", "day", "days"], "jour"),
    **dict.fromkeys(["semaine", "semaines", "week", "weeks"], "semaine"),
}
# "combien de personnes", "le nom de la personne à contacter": anyone, not a kind of people
_ANYONE = {"personne", "personnes", "person", "persons", "people", "individu", "individus", "individual", "individuals"}
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|\w+|[,;:()«»\"“”%]")
_NEAR = 3  # content words between a figure and the thing it counts
_COUNT_WORDS = {"nombre", "total", "chiffre", "number"}
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d|'?s\b)")  # not "the 1990s"
_PREVIOUS_YEAR = re.compile(
    r"\b(l'ann[ée]e (pr[ée]c[ée]dente|d'avant|derni[èe]re)|un an (plus t[ôo]t|auparavant)|"
    r"the (previous|preceding) year|the year before|a year earlier|last year)\b", re.I)
_DECADE = re.compile(r"\bann[ée]es\s+$", re.I)


def counted_things(question: str) -> list[str]:
    """The words naming what a count question counts: "appels" in "Combien d'appels le numéro
    a-t-il reçus ?", "hommes", "femmes", "enfants" in "combien d'hommes, de femmes et d'enfants",
    "trafficking", "victims" in "How many trafficking victims …". Empty for other questions."""
    q = unify_apostrophes(question)
    things: list[str] = []
    for m in _COUNTED_FR.finditer(q):
        # past the determiners: "combien de ces femmes", "d'autres victimes", "de leurs enfants";
        # "combien d'entre elles" counts what was named before it: no thing to check here
        word, rest = m.group(1), q[m.end() :]
        if fold(word) == "entre":
            continue
        while is_stopword(word) and (after := _NEXT_WORD.match(rest)) is not None:
            word, rest = after.group(1), rest[after.end() :]
        if is_stopword(word):
            continue
        things.append(word)
        while (more := _COORDINATED.match(rest)) is not None and not is_stopword(more.group(1)):
            things.append(more.group(1))  # "services et agences", "d'hommes, de femmes et d'enfants"
            rest = more.group(2)
    for m in _COUNTED_EN.finditer(q):
        for word in re.findall(r"\w+", m.group(1))[:3]:  # the noun phrase, up to the verb
            if is_stopword(word):
                break
            things.append(word)
    # "combien de personnes" counts any people (hommes, femmes et enfants): it names no thing
    return [t for t in dict.fromkeys(things) if not t.isdigit() and fold(t) not in _ANYONE]


# "Comment s'appellent les auteurs du rapport ?", "Quel est le nom du chef de mission ?", "What is
# the name of the company …": the words after it say whom the name belongs to
_NAMING = re.compile(
    r"\b(?:comment\s+s'appel\w*|noms?\s+(?:de\s+|du\s+|des\s+|d')|names?\s+of\s+)(.*)", re.I
)
_ARTICLES = {"le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "the", "a", "an", "this", "ce", "cette", "ces"}


def named_things(question: str) -> list[str]:
    """The words naming whom a naming question asks the name of: "auteurs" in "Comment
    s'appellent les auteurs du rapport ?", "technology", "company" in "What is the name of the
    technology company that …". Empty for other questions."""
    m = _NAMING.search(unify_apostrophes(question))
    if not m:
        return []
    # the role named ("chief of mission" in "IOM's chief of mission"): its common nouns and
    # adjectives, up to "du", "that", "of"; the names and numbers around it are context
    words_ = re.findall(r"\w+", re.sub(r"'s\b", "", m.group(1)))
    while words_ and fold(words_[0]) in _ARTICLES:
        words_ = words_[1:]
    things: list[str] = []
    for word in words_[:4]:
        if is_stopword(word):
            break
        if not word[:1].isupper() and fold(word) not in _ANYONE and not _NUMBER.fullmatch(word):
            things.append(word)
    return things[:3]


def _same_word(a: str, b: str) -> bool:
    """Two folded words name the same thing: same French stem, same unit (ans/années/years),
    or a shared 5-letter start across languages (victims/victimes) for words of about one length."""
    if a == b:
        return True
    if _UNITS.get(a, a) == _UNITS.get(b, b) and (a in _UNITS or b in _UNITS):
        return True
    if len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5] and abs(len(a) - len(b)) <= 3:
        return True  # not a derived word: "official" is not "officiellement"
    return stem_word(a) == stem_word(b)


_SHARE = re.compile(r"\b(part|parts|proportion|pourcentage|percentage|share|pour cent|percent)\b|%", re.I)


def _is_percentage(tokens: list[str], i: int) -> bool:
    return tokens[i + 1 : i + 2] in (["%"], ["percent"], ["pourcent"]) or tokens[i + 1 : i + 3] == ["pour", "cent"]


def counts_what_was_asked(things: list[str], sentence: str, asked: set[str], question: str = "") -> bool:
    """Whether a figure of ``sentence`` (not one of the question's own, ``asked``) counts what the
    question counts: the thing follows it within a few words ("2 000 personnes", "100000 le
    nombre d'Ukrainiens") or is the "nombre de" it ends ("le nombre d'appels atteint 300").
    "Ces trois compagnies […] tous les appels" does not count calls."""
    wanted = [fold(t) for t in things]
    tokens = [fold(t) for t in _TOKEN.findall(unify_apostrophes(sentence))]
    is_number = [bool(_NUMBER.fullmatch(t)) for t in tokens]

    def is_wanted(j: int) -> bool:
        return any(_same_word(tokens[j], w) for w in wanted)

    def counted_by_number(j: int) -> bool:  # "nombre d'appels", "number of calls"
        k = j - 1
        while k >= 0 and tokens[k] in ("de", "d", "of", "des"):
            k -= 1
        return k >= 0 and tokens[k] in _COUNT_WORDS

    def near(i: int, step: int) -> bool:
        seen, j = 0, i + step
        while 0 <= j < len(tokens) and seen < _NEAR:
            t = tokens[j]
            if t == "%":  # part of its figure
                j += step
                continue
            if not t[:1].isalnum():  # a comma, a bracket or a quote ends the phrase
                return False
            if not (is_number[j] or is_stopword(t) or len(t) < 2):
                if is_wanted(j) and (step > 0 or counted_by_number(j)):
                    return True
                seen += 1
            j += step
        return False

    # a share ("72 pour cent des survivants") is not a count of them, unless a share is asked
    share = bool(_SHARE.search(question))
    figures = [i for i in range(len(tokens)) if is_number[i] and tokens[i] not in asked
               and (share or not (_is_percentage(tokens, i) or tokens[i - 1 : i + 1] == ["pour", "cent"]))]
    # "Le nombre d'enfants retirés des embarcations est passé de 146 en 2019 à 311": a sentence
    # whose subject is the count asked gives its value, however far the figure is (not a year)
    if any(is_wanted(j) and counted_by_number(j) for j in range(len(tokens))):
        return any(not _YEAR.fullmatch(tokens[i]) for i in figures)
    return any(near(i, 1) or near(i, -1) for i in figures)


def names_what_was_asked(things: list[str], sentence: str, question: str) -> bool:
    """Whether ``sentence`` mentions whom the question asks the name of and gives a name the
    question does not: "Les auteurs de ce rapport recommandent …" mentions the authors but names
    nobody, so it does not answer "Comment s'appellent les auteurs du rapport ?"."""
    wanted = [fold(t) for t in things]
    mentions = any(_same_word(fold(t), w) for t in re.findall(r"\w+", sentence) for w in wanted)
    return mentions and type_match("who", sentence, question) > 0


def asked_years(question: str) -> list[str]:
    """Years the question dates its figure by ("au cours de l'année 2006", "in 2006"); a decade
    ("les années 1990") is a period, not a year."""
    return [m.group() for m in _YEAR.finditer(question) if not _DECADE.search(question[: m.start()])]


def dated_as_asked(years: list[str], sentence: str, before: str) -> bool:
    """A figure answers "in 2006" only if its sentence is about 2006: the year is in the sentence,
    or, when the sentence dates nothing itself, in the lines just before it."""
    if not years:
        return True
    own = set(_YEAR.findall(sentence))
    context = own or set(_YEAR.findall(before))
    if _PREVIOUS_YEAR.search(sentence):  # "14 560 appels en 2023, contre 11 230 l'année précédente"
        context |= {str(int(y) - 1) for y in context}
    return all(y in context for y in years)


def shows(wanted: list[str], folded_text: str) -> bool:
    """Whether a (folded) release uses a word for the thing ``wanted`` names: where it does not
    (an English question, a paraphrase), the slot cannot be checked on its words."""
    vocabulary = _vocabulary(folded_text)
    return any(_same_word(v, fold(w)) for w in wanted for v in vocabulary)


@lru_cache(maxsize=64)
def _vocabulary(folded_text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", folded_text))


_FIGURE = re.compile(r"\d[\d\s.,]*\d|\d")


def adds_to_answer(text: str, release_id: str, chosen: list[tuple[str, str]], kind: str, question: str) -> bool:
    """Whether a further quote holds part of the answer the chosen quotes (text, release id) do
    not: it comes from another release, or it gives a name ("qui", "où") or a figure
    ("combien", "quel montant") of the kind asked that neither they nor the question give.
    A sentence about the cricket world cup adds nothing to the funders of a campaign."""
    if all(rid != release_id for _, rid in chosen):
        return True
    known = question + " " + " ".join(t for t, _ in chosen)
    if kind == "where" and _COUNTRIES_ASKED.search(question):  # another country
        return bool(geography.new_countries(text, known))
    if kind in ("who", "where"):
        folded = fold(known)
        return any(not is_house(n) and fold(n)[:5] not in folded for n in (m.group() for m in _NAME.finditer(text)))
    if kind in ("how_many", "amount"):
        figures = {f.strip() for f in _FIGURE.findall(known)}
        return any(f.strip() not in figures for f in _FIGURE.findall(text))
    return False
