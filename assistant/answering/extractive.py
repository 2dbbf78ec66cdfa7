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

from dataclasses import dataclass

import numpy as np

from assistant.answering import slots
from assistant.answering.names import NameMatcher
from assistant.answering.specifics import specific_terms
from assistant.retrieval.hybrid import RetrievedChunk
from assistant.store import ReleaseStore
from assistant.text.facts import mentions
from assistant.text.normalize import fold, normalize_space
from assistant.text.terms import content_terms, detect_language
from assistant.types import Answer, Citation

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
    """A candidate sentence (offsets into its release's text) and what its score is made of."""

    text: str
    id: str
    release_id: str
    index: int  # in its release
    title: str
    start: int
    end: int
    dense: float
    lexical: float
    type_match: float
    chunk_rank: int
    chunk_id: str = ""  # the retrieved chunk the sentence was read from
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



MAX_QUOTES = 5


class ExtractiveAnswerer:
    def __init__(self, store: ReleaseStore, weights: Weights | None = None) -> None:
        self.store = store
        self.weights = weights or Weights()
        self.names = NameMatcher(store.embedder)

    def score_sentences(
        self, question: str, query_vector: np.ndarray, chunks: list[RetrievedChunk], current: str | None = None
    ) -> list[ScoredSentence]:
        """Score the sentences of ``chunks`` for ``question`` (a follow-up's condensed query);
        ``current``, the question as the user typed it, decides what kind of fact is asked."""
        current = current or question
        chunk_of: dict[str, tuple[int, RetrievedChunk]] = {}
        for rank, chunk in enumerate(chunks):
            for sid in chunk.sentence_ids():
                chunk_of.setdefault(sid, (rank, chunk))
        found = self.store.sentences_of(c.id for c in chunks)
        rows = [(sid, *found[sid]) for sid in chunk_of if sid in found]
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
        qtype = slots.question_type(current)
        # numbers and names the question pins down, looked up in the retrieved releases
        specifics = specific_terms(question)
        # a count question's figure must count what was asked, and for the year asked
        things = slots.counted_things(current) if qtype == "how_many" else []
        years = slots.asked_years(current) if qtype in ("how_many", "amount") else []
        # a naming question's sentence must mention whom it names
        named = slots.named_things(current)
        needed = specifics or things or years or named
        raw_texts = self.store.release_texts(c.release_id for c in chunks) if needed else {}
        asked_numbers = slots.figures_in(current)
        # a French question counts with the releases' words; an English one may name the thing
        # with a word the French release does not share ("people" for "personnes"), so its count
        # is checked only where the release shows the word (as for a name's role in any language)
        strict = detect_language(current) != "en"
        release_texts = {rid: self.store.folded_release_text(rid) for rid in raw_texts}
        # which retrieved release mentions which number or name of the question (once, not per sentence)
        mentioned = {rid: {t for t in specifics if mentions(t, txt)} for rid, txt in release_texts.items()}
        self._paraphrased_names(specifics, mentioned, raw_texts, [c.release_id for c in chunks])
        unknown = sum(not any(t in found for found in mentioned.values()) for t in specifics)
        vectors = np.asarray([r[3] for r in rows], dtype=np.float32)
        dense = vectors @ query_vector
        scored = []
        for (sid, text, meta, _), sim in zip(rows, dense):
            rank, chunk = chunk_of[sid]
            s_terms = set(content_terms(text))
            start, end = int(meta["start"]), int(meta["end"])
            window = fold(raw_texts[chunk.release_id][max(0, start - slots.WINDOW) : end + slots.WINDOW]) if specifics else ""
            foreign = sum(t not in mentioned.get(chunk.release_id, ()) for t in specifics) - unknown
            # a figure that does not count what was asked, or not for the year asked, cannot be
            # the answer; nor can a sentence that does not name whom the question asks the name of
            fits = True
            if things and (strict or slots.shows(things, release_texts[chunk.release_id])):
                fits = slots.counts_what_was_asked(things, text, asked_numbers)
            if years:
                raw = raw_texts[chunk.release_id]
                fits = fits and slots.dated_as_asked(years, text, raw[max(0, start - slots.WINDOW) : start])
            if named and slots.shows(named, release_texts[chunk.release_id]):
                fits = fits and slots.names_what_was_asked(named, text, current)
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
                type_match=slots.type_match(qtype, text, current),
                fits=fits,
                chunk_rank=rank,
                chunk_id=chunk.id,
                unknown=unknown,
                foreign=foreign,
                kind=qtype,
                distant=sum(not mentions(t, window) for t in specifics) - unknown - foreign,
            )
            s.rescore(self.weights)
            scored.append(s)
        scored.sort(key=lambda s: -s.score)
        return scored

    def _paraphrased_names(self, specifics: list[str], mentioned: dict[str, set[str]], texts: dict[str, str],
                           ranked_releases: list[str]) -> None:
        """Count as mentioned the names no retrieved release writes alike but the first
        releases name otherwise (a demonym, a capital, a region): a different spelling lowers
        confidence through the similarity, it no longer vetoes the answer."""
        missing = [t for t in specifics if not any(t in found for found in mentioned.values())
                   and not any(c.isdigit() for c in t)]
        for rid in list(dict.fromkeys(ranked_releases))[:2] if missing else []:
            record = self.store.record(rid)
            key = f"{rid}:{record.content_hash if record else ''}"
            for term in missing:
                if self.names.support(term, key, texts[rid]) >= 0.5:
                    mentioned[rid].add(term)

    def choose(self, scored: list[ScoredSentence], language: str = "fr", question: str = "") -> list[ScoredSentence]:
        """The sentences to quote: the best, then those that score nearly as well *and* hold
        part of the answer the others do not: another release's (a question whose answer spans
        several, one quote each, up to five), or a name or figure of the kind asked."""
        w = self.weights
        threshold = w.threshold_en if language == "en" else w.threshold
        scored = sorted(scored, key=lambda s: -s.score)
        # the primary quote must hold what was asked: "combien" is not answered by a sentence
        # without a number, "quand" without a date, "quel montant" without a currency, "quel
        # numéro" without digits; "combien d'appels en 2006" not by a figure counting something
        # else ("trois compagnies") or dated otherwise ("depuis 1991"), "comment s'appellent les
        # auteurs" not by a sentence naming nobody beside the authors
        eligible = [s for s in scored if (s.kind not in slots.HARD_TYPES or s.type_match > 0) and s.fits]
        if not eligible or eligible[0].score < threshold:
            return []
        best = eligible[0]
        chosen = [best]
        for s in scored:
            if len(chosen) >= MAX_QUOTES or s.score < max(threshold, w.second_ratio * best.score):
                break
            if s is not best and slots.adds_to_answer(s.text, s.release_id, [(c.text, c.release_id) for c in chosen],
                                                     s.kind, question):
                chosen.append(s)
        # the sentence holding what was asked (the number for "combien") leads
        return sorted(chosen, key=lambda s: -s.type_match)

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
        chosen = self.choose(self.score_sentences(question, query_vector, chunks, current), language, asked)
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
                chunk_id=s.chunk_id,
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
