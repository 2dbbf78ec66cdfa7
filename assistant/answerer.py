"""The extractive answerer (default, no LLM): quote the sentences that answer the question.

Each sentence of the retrieved chunks is scored by its e5 similarity to the question
(embeddings precomputed at ingest), the share of the question's informative terms it
contains (IDF-weighted, French stems, accents folded), the rank of its chunk, and whether
it holds what the question type asks for (a number for "combien", a date for "quand", a
name for "qui"). The best sentence is quoted; a second one joins when it scores nearly as
well (a neighbouring sentence, or another release for questions spanning two). When even
the best sentence scores under the calibrated threshold, the answerer abstains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .chunking import sentence_id
from .models import Answer, Citation
from .retrieval import RetrievedChunk
from .store import ReleaseStore
from .text import content_terms, fold, is_stopword, normalize_space

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
_CURRENCY = re.compile(r"(\$|€|£|\b(dollars?|euros?|francs?|usd|eur|chf)\b)", re.I)


def _type_match(qtype: str, sentence: str, question: str = "") -> float:
    if qtype == "amount":
        return 1.0 if _CURRENCY.search(sentence) else 0.0
    if qtype == "phone":
        asked = set(re.findall(r"\d{3,}", question))
        return 1.0 if any(n not in asked for n in re.findall(r"\d{3,}", sentence)) else 0.0
    if qtype == "how_many":
        asked = {m.group().lower() for m in _NUMBER.finditer(question)}
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
    tokens = re.findall(r"(?u)\b\w+\b", question.replace("’", "'"))
    specific = [t for t in tokens if t.isdigit() and len(t) >= 2]
    specific += [
        t for t in tokens[1:]
        if t[:1].isupper() and len(t) > 3 and not t.isupper() and not is_stopword(t)
    ]
    return list(dict.fromkeys(specific))


def _mentions(term: str, folded_text: str) -> bool:
    """Whether a folded text mentions a term; names match on a 5-letter stem across languages
    (Cambodia/Cambodge, Ukrainian/Ukraine)."""
    folded = fold(term)
    if folded.isdigit():
        return re.search(rf"(?<!\d){folded}(?!\d)", folded_text) is not None
    return re.search(rf"\b{re.escape(folded[:5])}", folded_text) is not None


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
            for i in range(chunk.first_sentence, chunk.last_sentence + 1):
                sid = sentence_id(chunk.release_id, i, chunk.content_hash)
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
        raw_texts = {rid: self.store.release_text(rid) for rid in {c.release_id for c in chunks}} if specifics else {}
        release_texts = {rid: fold(text) for rid, text in raw_texts.items()}
        unknown = sum(not any(_mentions(t, txt) for txt in release_texts.values()) for t in specifics)
        vectors = np.asarray([r[3] for r in rows], dtype=np.float32)
        dense = vectors @ query_vector
        scored = []
        for (sid, text, meta, _), sim in zip(rows, dense):
            rank, chunk = chunk_of[sid]
            s_terms = set(content_terms(text))
            own = release_texts.get(chunk.release_id, "")
            start, end = int(meta["start"]), int(meta["end"])
            window = fold(raw_texts[chunk.release_id][max(0, start - _WINDOW) : end + _WINDOW]) if specifics else ""
            foreign = sum(not _mentions(t, own) for t in specifics) - unknown
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
        # numéro" without digits
        eligible = [s for s in scored if s.kind not in _HARD_TYPES or s.type_match > 0]
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
        chosen = self.choose(self.score_sentences(question, query_vector, chunks, current), language)
        if not chosen:
            return abstention(question, language)
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
            question=question,
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
