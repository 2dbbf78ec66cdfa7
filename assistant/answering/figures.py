"""What a figure answers: a count of what the question counts, for the year it asks ("combien
d'appels en 2022": "11 230 l'année précédente", not "trois compagnies" nor "72 pour cent des
survivants"), or a number to dial ("quel numéro": "+502 5555 0123", not "18 500 abonnés").

Evidence for the extractive answerer (:mod:`assistant.answering.slots` holds the question types).
"""

from __future__ import annotations

import re

from assistant.text.country_names import people_of
from assistant.text.dates import YEAR, is_month
from assistant.text.money import without_currencies
from assistant.text.normalize import fold, fold_name, unify_apostrophes
from assistant.text.sentences import sentence_spans
from assistant.text.terms import cognate, is_stopword, stem_word

# a figure in digits or in words
NUMBER = re.compile(r"\d+(?:[.,]\d+)?|\b(deux|trois|quatre|cinq|six|sept|huit|neuf|dix|cent|mille|millions?|milliards?|douzaine)\b", re.I)
# "combien de victimes", "le nombre d'appels", "how many trafficking victims", "the number of calls":
# the thing counted follows; French gives its noun first (then adjectives), English its noun last
# or a part of a whole: "combien étaient mineures", "combien d'entre elles étaient des femmes"
_COUNTED_FR = re.compile(r"\bcombien\s+(?:d'entre\s+(?:eux|elles)\s+)?(?:étaient|sont|était|est|seront|sera)(?:-(?:ils|elles))?"
                         r"\s+(?:des\s+|de\s+|d')?(\w+)|\b(?:combien|nombre)\s+(?:de\s+|d')(\w+)", re.I)
_COUNTED_EN = re.compile(r"\bhow\s+many\s+(?:of\s+(?:them|these|those)\s+)?(?:were|are|was|is|will\s+be)\s+(.*)"
                         r"|\b(?:how\s+many|number\s+of)\s+(.*)", re.I)
_NEXT_WORD = re.compile(r"\s*(\w+)")
_COMPOUND = re.compile(r"-(\w{3,})")
_COORDINATED = re.compile(r"^\s*(?:,|\bet\b|\bou\b)\s*(?:de\s+|d'|des\s+)?(\w+)(.*)", re.I)
# the same unit in either language and in either French form (an/année, jour/journée)
_UNITS = {
    **dict.fromkeys(["an", "ans", "annee", "annees", "year", "years"], "an"),
    **dict.fromkeys(["mois", "month", "months"], "mois"),
    **dict.fromkeys(["jour", "jours", "journee", "journees", "day", "days"], "jour"),
    **dict.fromkeys(["semaine", "semaines", "week", "weeks"], "semaine"),
}
# "combien de personnes", "le nom de la personne à contacter": anyone, not a kind of people
ANYONE = {"personne", "personnes", "person", "persons", "people", "individu", "individus", "individual", "individuals"}
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|\w+|[,;:()«»\"“”%]")
_NEAR = 3  # content words between a figure and the thing it counts
# words that count cases of a thing, which a release may count by the thing itself ("combien de cas
# de victimes": "3 118 victimes")
_CASES = frozenset({"cas", "dossiers", "cases", "records"})
_OF_THING = re.compile(r"\s+(?:de\s+(?:la\s+|l')?|d'|des\s+|of\s+)(\w{3,})", re.I)
_COUNT_WORDS = {"nombre", "total", "chiffre", "number"}


def counted_things(question: str) -> list[str]:
    """The words naming what a count question counts: "appels" in "Combien d'appels le numéro
    a-t-il reçus ?", "hommes", "femmes", "enfants" in "combien d'hommes, de femmes et d'enfants",
    "victims" in "How many trafficking victims …" (the noun, not the words saying which).
    Empty for other questions."""
    q = unify_apostrophes(question)
    things: list[str] = []
    for m in _COUNTED_FR.finditer(q):
        # past the determiners: "combien de ces femmes", "d'autres victimes", "de leurs enfants";
        # "combien d'entre elles" counts what was named before it: no thing to check here
        word, rest = m.group(1) or m.group(2), q[m.end() :]
        if fold(word) == "entre":
            continue
        while is_stopword(word) and (after := _NEXT_WORD.match(rest)) is not None:
            word, rest = after.group(1), rest[after.end() :]
        if is_stopword(word):
            continue
        things.append(word)
        if fold(word) in _CASES and (of := _OF_THING.match(rest)):  # "combien de cas de victimes": victims
            things.append(of.group(1))
        if part := _COMPOUND.match(rest):  # "marins-pêcheurs": a release may say "pêcheurs"
            things.append(part.group(1))
        while (more := _COORDINATED.match(rest)) is not None and not is_stopword(more.group(1)):
            things.append(more.group(1))  # "services et agences", "d'hommes, de femmes et d'enfants"
            rest = more.group(2)
    for m in _COUNTED_EN.finditer(q):
        phrase = []
        for word in re.findall(r"\w+", m.group(1) or m.group(2))[:3]:  # the noun phrase, up to the verb
            if is_stopword(word):
                break
            phrase.append(word)
        # the noun ends the phrase; the words before it say which or whose ("labour inspectors",
        # "Moroccan women"): what is counted is the noun
        things += phrase[-1:]
    if not things and _CAPACITY.search(q):  # a place's capacity is counted in beds or places
        things = ["lits", "places"]
    # "combien de personnes" counts any people (hommes, femmes et enfants): it names no thing
    return [t for t in dict.fromkeys(things) if not t.isdigit() and fold(t) not in ANYONE]


_CAPACITY = re.compile(r"\b(?:capacity|capacit[ée]s?)\b", re.I)  # (asked as a count: "Quelle est la capacité d'accueil …")


def same_word(a: str, b: str) -> bool:
    """Two folded words name the same thing: same French stem, same unit (ans/années/years),
    a shared 5-letter start across languages (victims/victimes) for words of about one length,
    one country's people in either language ("Malians"/"Maliens", "Dutch"/"néerlandais",
    "Filipinos"/"Philippins"), or one French word vector ("instituteurs"/"enseignants")."""
    if a == b:
        return True
    if (people := people_of(a)) and people & people_of(b):
        return True
    if _UNITS.get(a, a) == _UNITS.get(b, b) and (a in _UNITS or b in _UNITS):
        return True
    if cognate(a, b):
        return True
    return stem_word(a) == stem_word(b) or _one_vector(a, b)


def _one_vector(a: str, b: str) -> bool:
    """Whether spaCy's French table gives two words one vector, its row (a rare word gets the row
    of a common synonym: "instituteurs" and "enseignants"), not neighbours' ("policiers" and
    "gendarmes", 0.86)."""
    return (row := _vector_row(a)) is not None and row == _vector_row(b)


def _vector_row(word: str) -> int | None:
    if len(word) < 4 or not word.isalpha():
        return None
    from assistant.text.word_vectors import row

    return row(word)


class Vocabulary:
    """The (folded) words of a text, indexed by what :func:`same_word` compares, so that whether
    the text has a word the same as another is a few look-ups, not a pass over all of them."""

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words
        self.stems = frozenset(stem_word(w) for w in words)
        self.peoples = frozenset().union(*(people_of(w) for w in words))
        self.units = frozenset(_UNITS.get(w, w) for w in words)
        self.unit_names = frozenset(_UNITS[w] for w in words if w in _UNITS)
        self.rows = frozenset(r for w in words if (r := _vector_row(w)) is not None)
        self.lengths: dict[str, set[int]] = {}  # a 5-letter start: the lengths of the words with it
        for w in words:
            if len(w) >= 5:
                self.lengths.setdefault(w[:5], set()).add(len(w))

    def has_same_word(self, b: str) -> bool:
        """``any(same_word(a, b) for a in self.words)``."""
        return (b in self.words or bool(people_of(b) & self.peoples)
                or (_UNITS[b] in self.units if b in _UNITS else b in self.unit_names)
                or (len(b) >= 5 and any(abs(n - len(b)) <= 3 for n in self.lengths.get(b[:5], ())))
                or stem_word(b) in self.stems or _vector_row(b) in self.rows)


_SHARE = re.compile(r"\b(part|parts|proportion|pourcentage|percentage|share|pour cent|percent)\b|%", re.I)


def _in_percentage(tokens: list[str], i: int) -> bool:
    """Whether the figure ``tokens[i]`` is a percentage ("72 %", "72 pour cent") or the "cent" of one."""
    return (tokens[i + 1 : i + 2] in (["%"], ["percent"], ["pourcent"]) or tokens[i + 1 : i + 3] == ["pour", "cent"]
            or (i > 0 and tokens[i - 1 : i + 1] == ["pour", "cent"]))


# a share asked ("Quelle part des Nigérianes …", "What share are boys?"), not a count
_SHARE_ASKED = re.compile(
    r"\b(?:quel(?:le)?s?\s+(?:est\s+|sont\s+|était\s+)?(?:la\s+|le\s+)?(?:part|proportion|pourcentage|fraction)"
    r"|dans\s+quelle\s+proportion|combien\s+pour\s*cent"
    r"|what\s+(?:is\s+the\s+|was\s+the\s+)?(?:share|percentage|proportion|fraction|part)|how\s+many\s+per\s*cent)\b",
    re.I,
)
# a share given: a percentage, or a fraction in words ("la moitié", "un enfant sur trois", "half"),
# not a span of time ("un atelier sur trois jours")
_SHARE_GIVEN = re.compile(
    r"%|\b(?:pour\s*cent|percent|per\s+cent|moitié|tiers|quarts?|cinquième|dixième|half|third|quarter"
    r"|(?:un|une|deux|trois|quatre|one|two|three|four)\s+(?:[\w-]+\s+)?(?:sur|in|out\s+of)\s+"
    r"(?:deux|trois|quatre|cinq|six|dix|two|three|four|five|six|ten)\b(?!\s+(?:jours?|mois|ans|années|semaines|"
    r"heures|days?|months?|years?|weeks?|hours?)))\b",
    re.I,
)


def asks_for_share(question: str) -> bool:
    return bool(_SHARE_ASKED.search(question))


def gives_share(sentence: str) -> bool:
    """Whether a sentence gives a share: "72 pour cent", "31 %", "la moitié", "un sur trois"."""
    return bool(_SHARE_GIVEN.search(sentence))


def counts_what_was_asked(things: list[str], sentence: str, asked: set[str], question: str = "", before: str = "") -> bool:
    """Whether a figure of ``sentence`` (not one of the question's own, ``asked``) counts what the
    question counts: the thing follows it within a few words ("2 000 personnes", "100000 le
    nombre d'Ukrainiens") or is the "nombre de" it ends ("le nombre d'appels atteint 300").
    "Ces trois compagnies […] tous les appels" does not count calls. A sentence whose verb takes
    the pronoun "en" ("Le Guatemala en a recensé 512") counts what the sentence before it
    (the end of ``before``) counts. A currency's name counts nothing ("180 000 shillings kényans")."""
    wanted = [fold(t) for t in things]
    tokens = [fold(t) for t in _TOKEN.findall(without_currencies(fold_name(unify_apostrophes(sentence))))]
    is_number = [bool(NUMBER.fullmatch(t)) for t in tokens]

    def is_wanted(j: int) -> bool:
        return any(same_word(tokens[j], w) for w in wanted)

    def counted_by_number(j: int) -> bool:  # "nombre d'appels", "number of calls"
        k = j - 1
        while k >= 0 and tokens[k] in ("de", "d", "of", "des"):
            k -= 1
        return k >= 0 and tokens[k] in _COUNT_WORDS

    def of_verb(j: int) -> bool:  # "téléchargée" for "téléchargements" (stems of folded words)
        stem = stem_word(tokens[j])
        return len(stem) >= 5 and any(stem_word(w).startswith(stem) or stem.startswith(stem_word(w)) for w in wanted)

    def times(i: int) -> bool:  # "téléchargée 3 460 fois": the verb before it says what is counted
        j = i + 1
        while j < len(tokens) and is_number[j]:
            j += 1
        return j < len(tokens) and tokens[j] in ("fois", "times")

    def near(i: int, step: int) -> bool:
        seen, j = 0, i + step
        while 0 <= j < len(tokens) and seen < _NEAR:
            t = tokens[j]
            if t == "%":  # part of its figure
                j += step
                continue
            # a comma, a bracket, a quote or a purpose ends it ("24 h sur 24 pour signaler un enfant")
            if not t[:1].isalnum() or (step > 0 and t in ("pour", "afin") and tokens[j + 1:j + 2] != ["cent"]):
                return False
            if not (is_number[j] or is_stopword(t) or len(t) < 2):
                if (is_wanted(j) and (step > 0 or counted_by_number(j))) or (step < 0 and times(i) and of_verb(j)):
                    return True
                seen += 1
            j += step
        return False

    # a share ("72 pour cent des survivants") is not a count of them, unless a share is asked
    share = bool(_SHARE.search(question))
    figures = [i for i in range(len(tokens)) if is_number[i] and tokens[i] not in asked
               and (share or not _in_percentage(tokens, i))]
    # "Le nombre d'enfants retirés des embarcations est passé de 146 en 2019 à 311": a sentence
    # whose subject is the count asked gives its value, however far the figure is (not a year);
    # so does one whose "en" stands for it ("Le Guatemala en a recensé 512")
    if (any(is_wanted(j) and counted_by_number(j) for j in range(len(tokens)))
            or _counted_before(wanted, sentence, before)):
        return any(not YEAR.fullmatch(tokens[i]) for i in figures)
    return any(near(i, 1) or near(i, -1) for i in figures)


# "en" as the object of a verb of counting or having: "en a recensé 512", "en compte 286"
_EN_PRONOUN = re.compile(
    r"\b(?:en|n['’]en)\s+(?:a|ont|avait|avaient|aura|auront|compte|comptait|comptaient|comptent|recense|recensait"
    r"|dénombre|dénombrait|accueille|accueillait|héberge|hébergeait)\b"
    # or whose subject stands for it: "En 2020, elles étaient 38.", "Ce nombre était de 58."
    r"|\b(?:ils|elles|they)\s+(?:étaient|sont|seront|furent|ont\s+été|avaient\s+été|were|are|numbered)\b"
    r"|\b(?:ce|le|leur)\s+(?:nombre|chiffre|total)\s+(?:était|est|s['’]élevait|atteignait|était\s+de)\b",
    re.I,
)


def _counted_before(wanted: list[str], sentence: str, before: str) -> bool:
    """Whether ``sentence`` counts with the pronoun "en", or with a subject standing for it
    ("elles étaient 38"), what the last sentence of ``before`` names among ``wanted``."""
    if not (before and _EN_PRONOUN.search(sentence)):
        return False
    spans = sentence_spans(before)
    previous = before[spans[-1][0] : spans[-1][1]] if spans else ""
    return any(same_word(fold(t), w) for t in _TOKEN.findall(unify_apostrophes(previous)) for w in wanted)



_WORD = re.compile(r"\w+")
# words between a figure and what it counts: its unit ("58 pour cent des", "3,2 millions d'abonnés")
_SCALE = frozenset({"cent", "percent", "pourcent", "million", "millions", "milliard", "milliards", "mille", "milliers"})


# how close in meaning (French word vectors) a word a figure counts must be to the thing a French
# question counts, where the release never names that thing: "places" (0.47) or "personnes"
# (0.39) may count "lits", "victimes" (0.22) counts no "voix" nor "jeunes" (0.20) "lits"
AKIN = 0.3
# things counted in units of time or money, which a figure counts by their unit ("trois mois",
# "2 500 euros"), not by a word close to the thing's
_COUNTED_BY_UNIT = frozenset({"temps", "duree", "argent", "fonds", "budget", "montant", "financement"})


def counts_something_akin(things: list[str], sentence: str) -> bool | None:
    """Whether a figure of ``sentence`` counts a word close in meaning to one of ``things`` (a
    French question's), by the French word vectors; None when that cannot be told (no vector for
    the thing, or a thing counted by its unit)."""
    from assistant.text.word_vectors import vector

    judged = [t for t in things if fold(t) not in _COUNTED_BY_UNIT and fold(t) not in _UNITS and vector(t) is not None]
    if not judged:
        return None
    return closest_counted(judged, sentence) >= AKIN


def closest_counted(things: list[str], sentence: str) -> float:
    """How close in meaning (the French word vectors' cosine) the closest word a figure of
    ``sentence`` counts is to one of ``things``; 0.0 when it counts none."""
    from assistant.text.word_vectors import similarity

    return max((similarity(t, w) for t in things for w in counted_words(sentence)), default=0.0)


def counted_words(sentence: str) -> list[str]:
    """The word each figure of ``sentence`` counts: the first one after it that is neither a
    number nor a stop word nor a scale, within five words ("3 418 ménages", "96 enseignants y
    avaient", "58 pour cent des victimes"); a year counts nothing, nor a day ("le 6 juin")."""
    tokens = _WORD.findall(sentence)
    found = []
    for i, t in enumerate(tokens):
        if t.isdigit() and not YEAR.fullmatch(t) and not (i + 1 < len(tokens) and tokens[i + 1].isdigit()):
            j = next((j for j in range(i + 1, min(i + 6, len(tokens)))
                      if not is_stopword(tokens[j]) and fold(tokens[j]) not in _SCALE), None)
            if j is not None and not tokens[j].isdigit() and not (j == i + 1 and is_month(tokens[j])):
                found.append(tokens[j])
    return found
