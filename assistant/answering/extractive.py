"""The extractive answerer (default, no LLM): quote the sentences that answer the question.

Each sentence of the retrieved chunks is scored by its e5 similarity to the question
(embeddings precomputed at ingest), the share of the question's informative terms it
contains (IDF-weighted, French stems, accents folded), the rank of its chunk, and whether
it holds what the question type asks for (a number for "combien", a date for "quand", a
name for "qui"). The best sentence is quoted; a second one joins when it scores nearly as
well (a neighbouring sentence, or another release for questions spanning two). When even
the best sentence scores under the calibrated threshold, the answerer abstains.

The quoted sentence must also fill the question's answer slot with something the question does
not already give: a count question needs a figure other than its own numbers, next to the thing
counted ("combien d'appels" is not answered by "trois compagnies"), and dated by the year asked
("en 2006" is not answered by a figure "depuis 1991"); a naming question ("comment s'appellent
les auteurs") needs a sentence that mentions whom it names and gives a new name. Where the
release does not use the question's word for the thing (an English question, a paraphrase),
only the year is checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from assistant.retrieval.hybrid import RetrievedChunk
from assistant.store import ReleaseStore
from assistant.text.normalize import fold, normalize_space, unify_apostrophes
from assistant.text.terms import compact, content_terms, detect_language, identifiers, is_stopword, stem_words
from assistant.types import Answer, Citation

# ---------------------------------------------------------------------- question types

_TYPES = [
    # money and phone numbers before counts: "quel est le montant" wants a currency, "quel numéro" digits
    ("amount", r"\b(montant|budget|co[uû]t|combien d'argent|quelle somme|how much money|what amount|budget|cost)\b"),
    ("phone", r"\b(quel(le)? est (le|ce) numéro|quel numéro|(phone|hotline|toll-free) number|what number)\b"),
    ("how_many", r"\b(combien|quel(le)? est (le|ce|cette|la) (numéro|nombre|chiffre|montant|somme|population)|what( [\w-]+)? (number|figure|amount)|quel(le)?s? (est le )?(nombre|montant|proportion|pourcentage|part)|nombre de|how (many|much)|number of|what (percentage|share|proportion))\b"),
    ("when", r"\b(quand|quelle (date|année|annee|période|periode)|en quelle année|à quel moment|depuis quand|when|what (year|date|month)|since when)\b"),
    ("where", r"\b(où|ou se|dans quel(le)?s? (pays|ville|région|region|lieu)|quelle ville|quel pays|where|which (country|countries|city|region))\b"),
    ("who", r"(^|\b)(qui|comment s'appellen?t|quel est le nom|what is the name|(what|which) (team|person|official|expert)|quel(le)?s?( [\w-]+){0,2} (équipe|organisation|entreprise|société|societe|compagnie|opérateur|operateur|personne|responsable|bailleur|partenaire|agence|organisme|gouvernement|ministère)s?|who|whom|which( [\w-]+){0,3} (company|companies|organi[sz]ation|organi[sz]ations|operators?|agency|government|partners?))\b"),
    ("why", r"\b(pourquoi|dans quel but|pour quelle raison|why|for what (reason|purpose))\b"),
]
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?|\b(deux|trois|quatre|cinq|six|sept|huit|neuf|dix|cent|mille|millions?|milliards?|douzaine)\b", re.I)
_DATE = re.compile(
    r"\b(1[89]\d\d|20\d\d|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    r"novembre|décembre|decembre|depuis|années)\b",
    re.I,
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-ÖØ-Þ][\wÀ-ÿ-]+")
_WINDOW = 250  # characters around a sentence where the names and numbers of the question count as near
_HOUSE = {"OIM", "IOM", "ONU", "Nations", "Unies", "Etat", "État", "Etats", "Membres"}
_REASON = re.compile(r"\b(afin|pour|parce que|puisque|car|en raison|vise|visant|objectif|but)\b", re.I)


def question_type(question: str) -> str:
    q = question.lower()
    for name, pattern in _TYPES:
        if re.search(pattern, q):
            return name
    return "what"


_HARD_TYPES = {"how_many", "when", "amount", "phone"}


@lru_cache(maxsize=256)
def _figures_in(text: str) -> frozenset[str]:
    """The figures of a text, lower-cased ("527", "trois", "millions"): a question's own are not
    its answer (remembered: the answerer asks this of one question for every sentence)."""
    return frozenset(m.group().lower() for m in _NUMBER.finditer(text))
_CURRENCY = re.compile(r"(\$|€|£|\b(dollars?|euros?|francs?|usd|eur|chf)\b)", re.I)


def _type_match(qtype: str, sentence: str, question: str = "") -> float:
    if qtype == "amount":
        return 1.0 if _CURRENCY.search(sentence) else 0.0
    if qtype == "phone":
        asked = set(re.findall(r"\d{3,}", question))
        return 1.0 if any(n not in asked for n in re.findall(r"\d{3,}", sentence)) else 0.0
    if qtype == "how_many":
        asked = _figures_in(question)
        return 1.0 if any(m.group().lower() not in asked for m in _NUMBER.finditer(sentence)) else 0.0
    if qtype == "when":
        return 1.0 if _DATE.search(sentence) else 0.0
    if qtype in ("who", "where"):
        # a name the question does not already give (the answer, not the topic)
        asked = fold(question)
        names = (m.group() for m in _NAME.finditer(sentence))
        return 1.0 if any(n not in _HOUSE and fold(n)[:5] not in asked for n in names) else 0.0
    if qtype == "why":
        return 1.0 if _REASON.search(sentence) else 0.0
    return 0.5


# ---------------------------------------------------------------------- what a figure counts, and when

# "combien de victimes", "le nombre d'appels", "how many trafficking victims", "the number of calls":
# the thing counted follows; French gives its noun first (then adjectives), English its noun last
_COUNTED_FR = re.compile(r"\b(?:combien|nombre)\s+(?:de\s+|d')(\w+)", re.I)
_COUNTED_EN = re.compile(r"\b(?:how\s+many|number\s+of)\s+(.*)", re.I)
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
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|\w+|[,;:()«»\"“”]")
_NEAR = 3  # content words between a figure and the thing it counts
_COUNT_WORDS = {"nombre", "total", "chiffre", "number"}
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d|'?s\b)")  # not "the 1990s"
_DECADE = re.compile(r"\bann[ée]es\s+$", re.I)


def counted_things(question: str) -> list[str]:
    """The words naming what a count question counts: "appels" in "Combien d'appels le numéro
    a-t-il reçus ?", "hommes", "femmes", "enfants" in "combien d'hommes, de femmes et d'enfants",
    "trafficking", "victims" in "How many trafficking victims …". Empty for other questions."""
    q = unify_apostrophes(question)
    things: list[str] = []
    for m in _COUNTED_FR.finditer(q):
        things.append(m.group(1))
        rest = q[m.end() :]
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
    return _stem(a) == _stem(b)


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    return stem_words([word])[0]


def counts_what_was_asked(things: list[str], sentence: str, asked: set[str]) -> bool:
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
            if not t[:1].isalnum():  # a comma, a bracket or a quote ends the phrase
                return False
            if not (is_number[j] or is_stopword(t) or len(t) < 2):
                if is_wanted(j) and (step > 0 or counted_by_number(j)):
                    return True
                seen += 1
            j += step
        return False

    return any(
        is_number[i] and tokens[i] not in asked and (near(i, 1) or near(i, -1)) for i in range(len(tokens))
    )


def names_what_was_asked(things: list[str], sentence: str, question: str) -> bool:
    """Whether ``sentence`` mentions whom the question asks the name of and gives a name the
    question does not: "Les auteurs de ce rapport recommandent …" mentions the authors but names
    nobody, so it does not answer "Comment s'appellent les auteurs du rapport ?"."""
    wanted = [fold(t) for t in things]
    mentions = any(_same_word(fold(t), w) for t in re.findall(r"\w+", sentence) for w in wanted)
    return mentions and _type_match("who", sentence, question) > 0


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
    return all(y in context for y in years)


# ---------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Weights:
    """Weights of the sentence score and the abstention threshold, calibrated on the eval
    questions (README, "Calibration")."""

    dense: float = 1.0
    lexical: float = 0.20
    focus: float = 1.0  # extra IDF weight of the question's first content word (its predicate)
    chunk_rank: float = 0.04
    type_match: float = 0.03
    unknown_specific: float = 0.25  # per number or name of the question no retrieved release holds
    foreign_specific: float = 0.06  # per number or name the sentence's own release does not hold
    distant_specific: float = 0.10  # per number or name not within a few lines of the sentence
    threshold: float = 0.92
    # English questions share no words with the French releases, so the term overlap that
    # lifts French scores is missing: they get their own threshold
    threshold_en: float = 0.84
    second_ratio: float = 0.93  # a second sentence joins when it scores this close to the best


@dataclass
class ScoredSentence:
    id: str
    release_id: str
    title: str
    index: int
    start: int
    end: int
    text: str
    dense: float
    lexical: float
    type_match: float
    chunk_rank: int
    unknown: int = 0
    foreign: int = 0
    distant: int = 0
    kind: str = "what"
    fits: bool = True  # fills the answer slot: the thing counted, the year asked, whom the name is of
    score: float = 0.0

    def rescore(self, w: Weights) -> float:
        self.score = (
            w.dense * self.dense
            + w.lexical * self.lexical
            + w.chunk_rank / (1 + self.chunk_rank)
            + w.type_match * self.type_match
            - w.unknown_specific * self.unknown
            - w.foreign_specific * self.foreign
            - w.distant_specific * self.distant
        )
        return self.score


def specific_terms(question: str) -> list[str]:
    """Numbers and proper names of the question (not its first word): the facts it pins down."""
    tokens = re.findall(r"(?u)\b\w+\b", unify_apostrophes(question))
    specific = [t for t in tokens if t.isdigit() and len(t) >= 2]
    specific += [
        t for t in tokens[1:]
        if t[:1].isupper() and len(t) > 3 and not t.isupper() and not is_stopword(t)
    ]
    # codes, numbers with separators and acronyms, whole ("Zorblax017", "1-800-555-0199", "ASEAN")
    specific += [t for t in identifiers(question) if t.upper() not in _HOUSE]
    folded = {fold(t) for t in specific}
    # a code's pieces ("800", "Zorblax017" within "1-800-…") are not facts of their own
    pieces = {p for t in folded if _identifier_like(t) for p in re.split(r"[-./]", t) if p != t}
    kept: dict[str, str] = {}  # folded -> the term as first written
    for t in specific:
        if fold(t) not in kept and (fold(t) not in pieces or _identifier_like(fold(t))):
            kept[fold(t)] = t
    return list(kept.values())


def _identifier_like(folded: str) -> bool:
    return any(c.isdigit() for c in folded) and (any(c.isalpha() for c in folded) or bool(re.search(r"[-./]", folded)))


def _mentions(term: str, folded_text: str) -> bool:
    """Whether a folded text mentions a term; names match on a 5-letter stem across languages
    (Cambodia/Cambodge, Ukrainian/Ukraine)."""
    return _mention_pattern(term).search(folded_text) is not None


@lru_cache(maxsize=1024)
def _mention_pattern(term: str) -> re.Pattern[str]:
    folded = fold(term)
    if folded.isdigit():
        return re.compile(rf"(?<!\d){folded}(?!\d)")
    if _identifier_like(folded) or (term.isupper() and len(term) >= 2):
        # an identifier matches whole, as written or without its separators: "zorblax017" is
        # not "zorblax019", "trafik-24" is also "trafik24"
        forms = "|".join(re.escape(f) for f in dict.fromkeys((folded, compact(folded))))
        return re.compile(rf"(?<![\w-])(?:{forms})(?![\w]|-\w)")
    return re.compile(rf"\b{re.escape(folded[:5])}")


class ExtractiveAnswerer:
    def __init__(self, store: ReleaseStore, weights: Weights | None = None) -> None:
        self.store = store
        self.weights = weights or Weights()

    def score_sentences(
        self, question: str, query_vector: np.ndarray, chunks: list[RetrievedChunk], current: str | None = None
    ) -> list[ScoredSentence]:
        """Score the sentences of ``chunks`` for ``question`` (a follow-up's condensed query);
        ``current``, the question as the user typed it, decides what kind of fact is asked."""
        current = current or question
        ids: list[str] = []
        chunk_of: dict[str, tuple[int, RetrievedChunk]] = {}
        for rank, chunk in enumerate(chunks):
            for sid in chunk.sentence_ids():
                if sid not in chunk_of:
                    ids.append(sid)
                    chunk_of[sid] = (rank, chunk)
        rows = self.store.sentences(ids)
        if not rows:
            return []
        # term overlap, IDF-weighted; the question's first content word (its predicate:
        # "finance" in "Qui finance …") weighs more, since the rest is mostly the topic
        idf = self.store.term_idf()
        default_idf = max(idf.values(), default=1.0)
        q_terms = content_terms(question)
        weight = {t: idf.get(t, default_idf) for t in q_terms}
        if q_terms:
            weight[q_terms[0]] *= 1 + self.weights.focus
        total = sum(weight.values()) or 1.0
        qtype = question_type(current)
        # numbers and names the question pins down, looked up in the retrieved releases
        specifics = specific_terms(question)
        # a count question's figure must count what was asked, and for the year asked
        things = counted_things(current) if qtype == "how_many" else []
        years = asked_years(current) if qtype in ("how_many", "amount") else []
        # a naming question's sentence must mention whom it names
        named = named_things(current)
        needed = specifics or things or years or named
        raw_texts = self.store.release_texts(c.release_id for c in chunks) if needed else {}
        asked_numbers = _figures_in(current)
        # a French question counts with the releases' words; an English one may name the thing
        # with a word the French release does not share ("people" for "personnes"), so its count
        # is checked only where the release shows the word (as for a name's role in any language)
        strict = detect_language(current) != "en"
        vocabularies: dict[str, set[str]] = {}

        def shows(release_id: str, wanted: list[str]) -> bool:
            if release_id not in vocabularies:
                vocabularies[release_id] = set(re.findall(r"\w+", release_texts[release_id]))
            folded = [fold(t) for t in wanted]
            return any(_same_word(v, w) for w in folded for v in vocabularies[release_id])

        release_texts = {rid: self.store.folded_release_text(rid) for rid in raw_texts}
        # which retrieved release mentions which number or name of the question (once, not per sentence)
        mentioned = {rid: {t for t in specifics if _mentions(t, txt)} for rid, txt in release_texts.items()}
        unknown = sum(not any(t in found for found in mentioned.values()) for t in specifics)
        vectors = np.asarray([r[3] for r in rows], dtype=np.float32)
        dense = vectors @ query_vector
        scored = []
        for (sid, text, meta, _), sim in zip(rows, dense):
            rank, chunk = chunk_of[sid]
            s_terms = set(content_terms(text))
            start, end = int(meta["start"]), int(meta["end"])
            window = fold(raw_texts[chunk.release_id][max(0, start - _WINDOW) : end + _WINDOW]) if specifics else ""
            foreign = sum(t not in mentioned.get(chunk.release_id, ()) for t in specifics) - unknown
            # a figure that does not count what was asked, or not for the year asked, cannot be
            # the answer; nor can a sentence that does not name whom the question asks the name of
            fits = True
            if things and (strict or shows(chunk.release_id, things)):
                fits = counts_what_was_asked(things, text, asked_numbers)
            if years:
                raw = raw_texts[chunk.release_id]
                fits = fits and dated_as_asked(years, text, raw[max(0, start - _WINDOW) : start])
            if named and shows(chunk.release_id, named):
                fits = fits and names_what_was_asked(named, text, current)
            s = ScoredSentence(
                id=sid,
                release_id=meta["release_id"],
                title=chunk.title,
                index=int(meta["index"]),
                start=start,
                end=end,
                text=text,
                dense=float(sim),
                lexical=sum(w for t, w in weight.items() if t in s_terms) / total,
                type_match=_type_match(qtype, text, current),
                fits=fits,
                chunk_rank=rank,
                unknown=unknown,
                foreign=foreign,
                kind=qtype,
                distant=sum(not _mentions(t, window) for t in specifics) - unknown - foreign,
            )
            s.rescore(self.weights)
            scored.append(s)
        scored.sort(key=lambda s: -s.score)
        return scored

    def choose(self, scored: list[ScoredSentence], language: str = "fr") -> list[ScoredSentence]:
        """The sentences to quote: the best, and at most one more scoring nearly as well."""
        w = self.weights
        threshold = w.threshold_en if language == "en" else w.threshold
        scored = sorted(scored, key=lambda s: -s.score)
        # the primary quote must hold what was asked: "combien" is not answered by a sentence
        # without a number, "quand" without a date, "quel montant" without a currency, "quel
        # numéro" without digits; "combien d'appels en 2006" not by a figure counting something
        # else ("trois compagnies") or dated otherwise ("depuis 1991"), "comment s'appellent les
        # auteurs" not by a sentence naming nobody beside the authors
        eligible = [s for s in scored if (s.kind not in _HARD_TYPES or s.type_match > 0) and s.fits]
        if not eligible or eligible[0].score < threshold:
            return []
        best = eligible[0]
        others = [s for s in scored if s is not best]
        second = others[0] if others else None
        if second and second.score >= max(threshold, w.second_ratio * best.score):
            # the sentence holding what was asked (the number for "combien") leads
            return sorted([best, second], key=lambda s: -s.type_match)
        return [best]

    def answer(
        self,
        question: str,
        query_vector: np.ndarray,
        chunks: list[RetrievedChunk],
        language: str,
        current: str | None = None,
    ) -> Answer:
        """The answer to ``current``, the question as typed (``question`` is what was retrieved
        with: the same, or a follow-up condensed with the previous question)."""
        asked = current or question
        chosen = self.choose(self.score_sentences(question, query_vector, chunks, current), language)
        if not chosen:
            return abstention(asked, language)
        citations = [
            Citation(
                release_id=s.release_id,
                title=s.title,
                quote=s.text,
                score=round(s.score, 4),
                start=s.start,
                end=s.end,
                chunk_id=s.id,
            )
            for s in chosen
        ]
        return Answer(
            text=compose(citations, language),
            citations=citations,
            abstained=False,
            question=asked,
            language=language,
        )


def compose(citations: list[Citation], language: str) -> str:
    """The answer text: each quoted passage with its ``[n]`` marker, introduced by its release."""
    lead = "D'après les communiqués :" if language == "fr" else "According to the press releases (in French):"
    lines = [lead]
    for n, c in enumerate(citations, start=1):
        lines.append(f"« {normalize_space(c.quote)} » [{n}]")
    return "\n".join(lines)


def abstention(question: str, language: str) -> Answer:
    text = (
        "Les communiqués ne répondent pas à cette question : aucun passage ne traite de ce point."
        if language == "fr"
        else "The press releases do not answer this question: no passage covers it."
    )
    return Answer(text=text, citations=[], abstained=True, question=question, language=language)
