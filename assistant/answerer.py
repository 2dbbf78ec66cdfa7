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
from .text import content_terms, fold, normalize_space

# ---------------------------------------------------------------------- question types

_TYPES = [
    ("how_many", r"\b(combien|quel(le)?s? (est le )?(nombre|montant|proportion|pourcentage|part)|nombre de|how (many|much)|number of|what (percentage|share|proportion))\b"),
    ("when", r"\b(quand|quelle (date|année|annee|période|periode)|en quelle année|à quel moment|depuis quand|when|what (year|date|month)|since when)\b"),
    ("where", r"\b(où|ou se|dans quel(le)?s? (pays|ville|région|region|lieu)|quelle ville|quel pays|where|which (country|countries|city|region))\b"),
    ("who", r"(^|\b)(qui|quel(le)?s? (organisation|entreprise|société|societe|compagnie|opérateur|operateur|personne|responsable|bailleur|partenaire|agence|organisme|gouvernement|ministère)s?|who|whom|which (company|companies|organi[sz]ation|organi[sz]ations|operators?|agency|government|partners?))\b"),
    ("why", r"\b(pourquoi|dans quel but|pour quelle raison|why|for what (reason|purpose))\b"),
]
_NUMBER = re.compile(r"\d|\b(deux|trois|quatre|cinq|six|sept|huit|neuf|dix|cent|mille|millions?|milliards?|douzaine)\b", re.I)
_DATE = re.compile(
    r"\b(1[89]\d\d|20\d\d|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    r"novembre|décembre|decembre|depuis|années)\b",
    re.I,
)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-ÖØ-Þ][\wÀ-ÿ-]+")
_REASON = re.compile(r"\b(afin|pour|parce que|puisque|car|en raison|vise|visant|objectif|but)\b", re.I)


def question_type(question: str) -> str:
    q = question.lower()
    for name, pattern in _TYPES:
        if re.search(pattern, q):
            return name
    return "what"


def _type_match(qtype: str, sentence: str) -> float:
    if qtype == "how_many":
        return 1.0 if _NUMBER.search(sentence) else 0.0
    if qtype == "when":
        return 1.0 if _DATE.search(sentence) else 0.0
    if qtype in ("who", "where"):
        return 1.0 if _NAME.search(sentence) else 0.0
    if qtype == "why":
        return 1.0 if _REASON.search(sentence) else 0.0
    return 0.5


# ---------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Weights:
    """Weights of the sentence score and the abstention threshold, calibrated on eval/ questions."""

    dense: float = 1.0
    lexical: float = 0.30
    chunk_rank: float = 0.04
    type_match: float = 0.03
    unknown_specific: float = 0.08  # penalty per number or name of the question absent from the corpus
    threshold: float = 0.90
    second_ratio: float = 0.97  # a second sentence joins when it scores this close to the best


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
    score: float = 0.0


def _specific_terms(question: str) -> list[str]:
    """Numbers and capitalised names of the question (not its first word): facts it pins down."""
    tokens = re.findall(r"(?u)\b\w[\w-]*\b", question.replace("’", "'"))
    specific = [t for t in tokens if t.isdigit() and len(t) >= 2]
    specific += [t for t in tokens[1:] if t[:1].isupper() and len(t) > 2 and not t.isupper()]
    return specific


class ExtractiveAnswerer:
    def __init__(self, store: ReleaseStore, weights: Weights | None = None) -> None:
        self.store = store
        self.weights = weights or Weights()

    def score_sentences(
        self, question: str, query_vector: np.ndarray, chunks: list[RetrievedChunk]
    ) -> list[ScoredSentence]:
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
        idf = self.store.term_idf()
        default_idf = max(idf.values(), default=1.0)
        q_terms = set(content_terms(question))
        q_weight = sum(idf.get(t, default_idf) for t in q_terms) or 1.0
        qtype = question_type(question)
        vectors = np.asarray([r[3] for r in rows], dtype=np.float32)
        dense = vectors @ query_vector
        w = self.weights
        penalty = w.unknown_specific * self._unknown_specifics(question)
        scored = []
        for (sid, text, meta, _), sim in zip(rows, dense):
            rank, chunk = chunk_of[sid]
            s_terms = set(content_terms(text))
            lexical = sum(idf.get(t, default_idf) for t in q_terms & s_terms) / q_weight
            tm = _type_match(qtype, text)
            s = ScoredSentence(
                id=sid,
                release_id=meta["release_id"],
                title=chunk.title,
                index=int(meta["index"]),
                start=int(meta["start"]),
                end=int(meta["end"]),
                text=text,
                dense=float(sim),
                lexical=lexical,
                type_match=tm,
                chunk_rank=rank,
            )
            s.score = (
                w.dense * s.dense
                + w.lexical * lexical
                + w.chunk_rank / (1 + rank)
                + w.type_match * tm
                - penalty
            )
            scored.append(s)
        scored.sort(key=lambda s: -s.score)
        return scored

    def _unknown_specifics(self, question: str) -> int:
        vocabulary = self.store.folded_vocabulary()
        unknown = 0
        for term in _specific_terms(question):
            folded = fold(term)
            if folded in vocabulary:
                continue
            # English names of French places share a prefix (Cambodia/Cambodge, Thailand/Thaïlande)
            if not folded.isdigit() and any(v.startswith(folded[:4]) for v in vocabulary if len(v) >= 4):
                continue
            unknown += 1
        return unknown

    def answer(
        self, question: str, query_vector: np.ndarray, chunks: list[RetrievedChunk], language: str
    ) -> Answer:
        scored = self.score_sentences(question, query_vector, chunks)
        w = self.weights
        if not scored or scored[0].score < w.threshold:
            return abstention(question, language)
        best = scored[0]
        chosen = [best]
        for s in scored[1:4]:
            if s.score < max(w.threshold, w.second_ratio * best.score):
                break
            if s.release_id == best.release_id and abs(s.index - best.index) > 1:
                continue
            chosen.append(s)
            break
        citations: list[Citation] = []
        for s in chosen:
            citations.append(
                Citation(
                    release_id=s.release_id,
                    title=s.title,
                    quote=s.text,
                    score=round(s.score, 4),
                    start=s.start,
                    end=s.end,
                    chunk_id=s.id,
                )
            )
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
