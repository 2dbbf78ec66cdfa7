"""The extractive answerer (default, no LLM): quote the sentences that answer the question.

Each sentence of the retrieved chunks gets its evidence (embeddings precomputed at ingest): its e5
similarity to the question (and to a follow-up's own words), and how it stands out from its
release's other sentences (a lede is close to any question about it); the share of the question's
informative terms it and its neighbours contain (IDF-weighted, French stems, accents folded, an
English word by its French cognate); the ranks of its chunk; whether it holds what the question
type asks for (a number for "combien", a name for "qui") and fills its slot (what a count counts,
for the year asked; whom a name is of); and whether the question's names and numbers are in its
release and near it. What the question asks is read once (:mod:`assistant.answering.asked`), what
the retrieved releases hold of it once per question, with the slot checks of each sentence
(:mod:`assistant.answering.retrieved`). A logistic ranker fitted on the dev split
(:mod:`assistant.answering.confidence`) turns the evidence and a hand-set score (:class:`Weights`)
into the probability that the sentence answers. The best sentence that holds what was asked is
quoted if the calibrated confidence model trusts it (else the answerer says the releases do not
answer), with those of its release that score nearly as well *and* add a name or figure of the
kind asked (for a why answer, the sentence beside it that tells the cause), and of other releases
the release model trusts (:mod:`assistant.answering.quotes`); a press contact asked, with its
release's contact block (:mod:`assistant.answering.contact_asked`); an acronym's meaning, with the
sentence spelling it out (:mod:`assistant.answering.acronyms`).

A name the release spells otherwise (a demonym, a capital, a region, a synonym counted) lowers the
evidence; it does not veto. A country or year no retrieved release names does; so does a release naming
none of the question's names and numbers another retrieved release names, or not the year asked.
"""

from __future__ import annotations

import numpy as np

from assistant.answering import acronyms, candidates, crosslingual, people, quotes, retrieved, roles, slots
from assistant.answering import contact_asked as contacts
from assistant.answering.asked import read_question, term_weights
from assistant.answering.candidates import ScoredSentence, Weights, relative_to_release
from assistant.answering.confidence import RANKER_PATH, Model, evidence, sentence_evidence
from assistant.answering.names import NameMatcher, written_near
from assistant.answering.passages import with_passages
from assistant.answering.replies import abstention, compose
from assistant.retrieval.followups import OWN_WORDS
from assistant.retrieval.hybrid import RetrievedChunk
from assistant.store import ReleaseStore
from assistant.text.funding import speaks_of_funding
from assistant.text.geography import countries_in
from assistant.text.normalize import fold, spelled_out
from assistant.text.place_figures import summed_or_given
from assistant.text.terms import content_terms
from assistant.types import Answer, Citation


class ExtractiveAnswerer:
    def __init__(self, store: ReleaseStore, weights: Weights | None = None, model: Model | None = None) -> None:
        self.store = store
        self.weights = weights or Weights()
        self.model = model or Model.load()
        self.ranker = Model.load(RANKER_PATH) if RANKER_PATH.exists() else None
        self.releases = Model.load(quotes.RELEASES_PATH) if quotes.RELEASES_PATH.exists() else None
        self.names = NameMatcher(store.embedder)

    def score_sentences(self, question: str, query_vector: np.ndarray, chunks: list[RetrievedChunk],
                        current: str | None = None) -> list[ScoredSentence]:
        """Score the sentences of ``chunks`` for ``question`` (a follow-up's condensed query);
        ``current``, the question as the user typed it, decides what kind of fact is asked (an
        elliptical follow-up, "Et en 2024 ?", asks what the question before it asked)."""
        asked = read_question(question, current)
        # the passages read when not retrieved; the release read whole, the first not about
        # something else (what the releases hold depends on which they are: read again only when
        # the passages add a release)
        retrieved_ids = {c.release_id for c in chunks}
        first_read = (retrieved.read_releases(self.store, self.names, asked, chunks)
                      if asked.specifics or asked.places else None)
        chunks = with_passages(self.store, chunks, asked.current, asked.funder, asked.contact,
                               first_read.elsewhere if first_read else frozenset())
        chunk_of: dict[str, tuple[int, RetrievedChunk]] = {}
        for rank, chunk in enumerate(chunks):
            for sid in chunk.sentence_ids():
                chunk_of.setdefault(sid, (rank, chunk))
        # "Quand ?" alone names nothing to answer about: no candidate, so the answerer abstains
        found = self.store.sentences_of(c.id for c in chunks) if asked.terms else {}
        rows = [(sid, *found[sid]) for sid in chunk_of if sid in found]
        if not rows:
            return []
        terms = term_weights(asked, self.store.term_idf(), self.weights.carried, self.weights.focus)
        releases = (first_read if first_read is not None and {c.release_id for c in chunks} == retrieved_ids
                    else retrieved.read_releases(self.store, self.names, asked, chunks))
        rows = [row for row in rows if row[2]["release_id"] not in releases.elsewhere]
        if not rows:  # (a release whose chunks were removed while the question was read)
            return []
        vectors = np.asarray([r[3] for r in rows], dtype=np.float32)
        dense = vectors @ query_vector
        things = asked.things
        if things and asked.english:  # "children": the "enfants" a release counts (the nearest sentences first)
            things = crosslingual.french_things(things, [rows[i][1] for i in np.argsort(-dense, kind="stable")],
                                                self.store.embedder) or things
        if len(terms.own) >= OWN_WORDS:  # a follow-up that says in its own words what it asks now
            dense = (dense + vectors @ self.store.embedder.query_vector(asked.current)) / 2
        held = {(meta["release_id"], int(meta["index"])): set(content_terms(text)) for _, text, meta, _ in rows}
        held = candidates.with_cognates(held, terms.weight) if asked.english else held  # "victims": "victimes"
        named_places = {(meta["release_id"], int(meta["index"])): countries_in(fold(text)) if asked.places else frozenset()
                        for _, text, meta, _ in rows}
        scored = []
        for (sid, text, meta, _), sim in zip(rows, dense):
            rank, chunk = chunk_of[sid]
            rid, index, start, end = meta["release_id"], int(meta["index"]), int(meta["start"]), int(meta["end"])
            s_terms = held[(rid, index)]
            window_terms = s_terms.union(*(held.get((rid, index + d), set()) for d in (-1, 1)))
            # the places it and its neighbours name: one asked, or only others ("en Indonésie")
            places_here = named_places[(rid, index)]
            near_places = places_here.union(*(named_places.get((rid, index + d), ()) for d in (-1, 1)))
            window = releases.window(rid, start, end) if asked.specifics else ""
            # a place of the question is near when the window names its country (a region: one of its)
            near_codes = countries_in(window) if releases.place_codes else frozenset()
            fits, counts = retrieved.fills(asked, things, releases, rid, text, start, end, window, window_terms,
                                           places_here, near_codes)
            funds = asked.funder and speaks_of_funding(text)
            in_block = start >= releases.blocks[rid]  # (a question after a contact: the answer)
            s = ScoredSentence(
                id=sid,
                release_id=rid,
                title=chunk.title,
                index=index,
                start=start,
                end=end,
                text=text,
                dense=float(sim),
                lexical=terms.share(s_terms),
                window_lexical=terms.share(window_terms),
                focus=float(terms.predicate in s_terms),
                chunk_dense_rank=chunk.dense_rank,
                chunk_bm25_rank=chunk.bm25_rank,
                english=asked.english,
                type_match=slots.type_match(asked.qtype, text, asked.current, releases.published.get(rid)) * (
                    0.5 if asked.funder and releases.funded[rid] and not funds else 1.0),
                fits=fits and counts is not False,
                contact=in_block and not asked.contact,
                in_block=in_block and asked.contact,
                funds=funds,
                chunk_rank=rank,
                chunk_id=chunk.id,
                unknown=len(releases.unknown),
                unknown_places=releases.unknown_places,
                foreign=sum(t not in releases.mentioned.get(rid, ()) for t in asked.specifics) - len(releases.unknown),
                covers=releases.covers(rid),
                kind=asked.qtype,
                # (a follow-up's names carried from the question before say what it is about: the
                # release holds them, the answer need not be near them)
                distant=sum(t in releases.mentioned.get(rid, ()) and not (
                    bool(releases.place_codes.get(t, frozenset()) & near_codes)
                    or written_near(t, window, releases.raw[rid], start, end, releases.written_as))
                    for t in asked.pinned),
                place_match=float(bool(near_places & asked.places.countries)),
                # (not for a question asking which countries: other countries are its answer)
                place_conflict=float(bool(places_here) and not places_here & asked.places.countries
                                     and asked.qtype != "where" and not asked.funder),
            )
            s.counted, s.uncounted = bool(counts) and s.type_match > 0, fits and counts is False and s.type_match > 0
            # a slot filled, as a count's: fitting, it names a person in the role asked (holds_what_was_asked)
            s.role_held = s.fits and (bool(asked.role) or (asked.house and roles.names_house_role(text)))
            if asked.for_country:  # its own figure for a country asked, or one figure for it and others
                s.given_for = summed_or_given(fold(text), places_here, asked.places.countries)
            s.rescore(self.weights)
            scored.append(s)
        candidates.counted_otherwise(scored, things)  # "professeurs": "96 enseignants"
        relative_to_release(scored, vectors)
        if self.ranker is not None:
            for s, p in zip(scored, self.ranker.probability(sentence_evidence(scored))):
                s.score = float(p)
        scored.sort(key=lambda s: -s.score)
        return scored

    def choose(self, scored: list[ScoredSentence], language: str = "fr", question: str = "") -> list[ScoredSentence]:
        """The sentences to quote: the best eligible one if the confidence model trusts it, with
        the sentence that goes on with it and those of its release that add a name or figure of
        the kind asked (for places asked in the plural, the sentence listing them); then one
        sentence of each other release that the release model trusts to hold part of the answer
        (:mod:`assistant.answering.quotes`), up to five in all. None under the threshold chosen
        on dev."""
        scored, question = sorted(scored, key=lambda s: -s.score), spelled_out(question)
        if (acronym := acronyms.asked(question)) and (spelled := acronyms.gloss(acronym, scored)) is not None:
            return spelled
        if self.confidence(scored) < self.model.threshold:  # (a contact asked: its release's, by its topic)
            return contacts.by_topic(scored, self.confidence, self.model.threshold)
        best = next(s for s in scored if s.eligible)
        if block := contacts.whole_block(best, scored):  # a press contact asked: the block of the answer's release
            return block
        best = candidates.funding_sentence(best, scored)  # a funder asked: a sentence that speaks of funding
        best = candidates.figure_of_place(best, scored)  # a count for a country: the figure given for it
        chosen = quotes.of_the_same_release(best, scored, self.model, question)
        chosen = quotes.with_list_of_places(chosen, scored, question)  # "Dans quelles localités …"
        # what was asked (the number for "combien") leads, with the sentence that goes on with it
        chosen = sorted(chosen, key=lambda s: -s.type_match)
        after = candidates.continuation(chosen[0], scored, people.person_asked(question) is not None)
        if after:
            chosen = (chosen[:1] + [after] + [s for s in chosen[1:] if s is not after])[:quotes.MAX_QUOTES]
        chosen = candidates.with_reason_beside(chosen, scored)
        chosen = quotes.from_other_releases(chosen, scored, question, self.releases)
        return candidates.with_quotation(chosen, scored)  # a speaker's words from where they open

    def confidence(self, ranked: list[ScoredSentence]) -> float:
        """The probability that the best eligible sentence answers the question (0 if none is)."""
        features = evidence(ranked)
        return 0.0 if features is None else self.model.probability(features)

    def answer(self, question: str, query_vector: np.ndarray, chunks: list[RetrievedChunk], language: str,
               current: str | None = None) -> Answer:
        """The answer to ``current``, the question as typed (``question`` is what was retrieved
        with: the same, or a follow-up condensed with the previous question)."""
        asked = current or question
        chosen = self.choose(self.score_sentences(question, query_vector, chunks, current), language, asked)
        if not chosen:
            return abstention(asked, language)
        chosen = candidates.joined(chosen, self.store.release_texts({s.release_id for s in chosen}))
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
        return Answer(text=compose(citations, language), citations=citations, abstained=False,
                      question=asked, language=language)

