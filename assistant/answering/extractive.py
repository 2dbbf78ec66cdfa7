"""The extractive answerer (default, no LLM): quote the sentences that answer the question.

Each sentence of the retrieved chunks gets its evidence (embeddings precomputed at ingest): its e5
similarity to the question (and to a follow-up's own words), and how it stands out from its
release's other sentences (a lede is close to any question about it); the share of the question's
informative terms it and its neighbours contain (IDF-weighted, French stems, accents folded, an
English word by its French cognate); the ranks of its chunk; whether it holds what the question
type asks for (a number for "combien", a name for "qui") and fills its slot (what a count counts,
for the year asked; whom a name is of); and whether the question's names and numbers are in its
release and near it. A logistic ranker fitted on the dev split
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

from assistant.answering import (
    acronyms,
    candidates,
    crosslingual,
    figures,
    naming,
    particulars,
    people,
    qualifiers,
    quotes,
    roles,
    slots,
)
from assistant.answering import contact_asked as contacts
from assistant.answering.candidates import ScoredSentence, Weights, relative_to_release
from assistant.answering.confidence import RANKER_PATH, Model, evidence, sentence_evidence
from assistant.answering.names import NameMatcher, written_near
from assistant.answering.passages import with_passages
from assistant.answering.replies import abstention, compose
from assistant.answering.specifics import specific_terms
from assistant.ingest.contacts import block_start
from assistant.retrieval.followups import OWN_WORDS
from assistant.retrieval.hybrid import RetrievedChunk
from assistant.store import ReleaseStore
from assistant.text.facts import OPENING, mentions, published_on
from assistant.text.funding import asks_for_funder, names_payer, payer_asked, speaks_of_funding
from assistant.text.geography import countries_in, countries_named, places_asked
from assistant.text.normalize import fold, folded_slice, folds_in_place, spelled_out
from assistant.text.ordinals import is_ordinal, said_of
from assistant.text.place_figures import counted_elsewhere, summed_or_given
from assistant.text.places import names_country
from assistant.text.tense import asks_about_future, asks_for_result, tense_fits
from assistant.text.terms import content_terms, detect_language
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
        question, current = spelled_out(question), spelled_out(current or question)
        asked = slots.kind_asked_in(current, question)
        qtype = slots.question_type(asked)
        funder = qtype == "who" and asks_for_funder(asked)  # "Qui paie …", "Who funded …", "Et pour l'Indonésie ?"
        contact_asked, hotline = contacts.contact_or_hotline(current, question, asked, qtype)
        chunks = with_passages(self.store, chunks, current, funder, contact_asked)  # (read when not retrieved)
        chunk_of: dict[str, tuple[int, RetrievedChunk]] = {}
        for rank, chunk in enumerate(chunks):
            for sid in chunk.sentence_ids():
                chunk_of.setdefault(sid, (rank, chunk))
        # "Quand ?" alone names nothing to answer about: no candidate, so the answerer abstains
        q_terms = content_terms(question)
        found = self.store.sentences_of(c.id for c in chunks) if q_terms else {}
        rows = [(sid, *found[sid]) for sid in chunk_of if sid in found]
        if not rows:
            return []
        # term overlap, IDF-weighted; the predicate ("finance" in "Qui finance …") weighs more: the rest is the topic
        idf = self.store.term_idf()
        default_idf = max(idf.values(), default=1.0)
        weight = {t: idf.get(t, default_idf) for t in q_terms}
        # a follow-up's own words say what is asked now; those carried from the question before
        # ("What did IOM join in Geneva? Who are its founding members?") say what it is about
        # (an elliptical one, "Et en 2024 ?", asks what the question before asked: all of it counts)
        own_terms = [t for t in content_terms(current) if t in weight] if asked == current != question else []
        for t in weight.keys() - set(own_terms) if own_terms else ():
            weight[t] *= self.weights.carried
        predicate = own_terms[0] if own_terms else q_terms[0]
        weight[predicate] *= 1 + self.weights.focus
        total = sum(weight.values()) or 1.0
        specifics = specific_terms(question)  # the numbers and names it pins down
        # a count question's figure must count what was asked, and for the year asked
        things = figures.counted_things(current) if qtype == "how_many" else []
        # asked as an average or per period ("en moyenne", "each year"): a sentence giving one
        asked_as = qualifiers.qualifiers_asked(current) if qtype in ("how_many", "amount") else []
        years = figures.asked_years(current) if qtype in ("how_many", "amount") else []
        required = particulars.required(current, qtype)  # a recommendation, a court's sentence, a site
        payer = payer_asked(current) if qtype == "amount" else ""  # who gave the sum ("Combien l'Australie …")
        # a naming question's sentence must mention whom it names
        named, country_asked = naming.named_things(current), qtype == "where" and slots.asks_for_countries(current)
        tense = qtype != "when" and asks_about_future(current), asks_for_result(current)  # ("quand" reads its dates)
        role = people.person_asked(current) if qtype == "who" else None  # a role's holder asked ("head")
        house = role == "" and roles.names_house_role(current)  # or anyone in a role of IOM's
        # the countries the question asks about, with those of a region it names
        places = places_asked(question)
        for_country = qtype in ("how_many", "amount") and bool(places) and not places.regions
        # the releases' texts (their chunks' sentences were just read with them: no further read)
        raw_texts = self.store.release_texts(c.release_id for c in chunks)
        blocks = {rid: block_start(t) for rid, t in raw_texts.items()}  # where each contact block starts
        published = {rid: published_on(t[:OPENING]) for rid, t in raw_texts.items()} if qtype == "when" else {}
        asked_numbers = slots.figures_in(current)
        english = detect_language(current) == "en"
        release_texts = {rid: self.store.folded_release_text(rid) for rid in raw_texts}
        funded = {rid: speaks_of_funding(txt) for rid, txt in release_texts.items()} if funder else {}
        # whether a sentence's surroundings can be sliced from the folded text (read only for specifics)
        aligned = {rid: folds_in_place(txt) for rid, txt in raw_texts.items()} if specifics else {}
        # which retrieved release mentions which number or name of the question (once, not per sentence)
        mentioned = {rid: {t for t in specifics if mentions(t, txt)} for rid, txt in release_texts.items()}
        # a place the release names otherwise: a region by a country of it ("Asie du Sud-Est": Cambodia),
        # a country by another of its names, its people's word or its capital
        place_codes = countries_named(specifics, places, question)
        named_by = {rid: countries_in(txt) for rid, txt in release_texts.items()} if places or place_codes else {}
        for rid, named_here in named_by.items() if place_codes else ():
            mentioned[rid] |= {t for t, codes in place_codes.items() if codes & named_here}
        # what a quote of another release may add to the answer: a country asked that its release
        # names and the quoted ones do not ("combien de Nigérianes et combien de Maliens")
        asked_named = ({rid: frozenset(f"@{c}" for c in named_here & places.countries)
                        for rid, named_here in named_by.items()} if places else {})
        # (and the acronyms a release writes for a name the question spells out: near where they are)
        written_as = self.names.count_paraphrases(specifics, mentioned, raw_texts,
                                                  [(c.release_id, c.content_hash) for c in chunks], question)
        unknown_terms = [t for t in specifics if not any(t in found for found in mentioned.values())]
        # a release that holds none of the question's names and numbers that other retrieved
        # releases hold (by any of their names), nor a country it asks about, is about something
        # else: Ukraine's "527" does not answer "en Moldavie" when another release speaks of Moldova
        # (its sentences are no candidates). A follow-up's own come first ("Et d'Ukrainiens ?")
        known = set(specifics) - set(unknown_terms)
        # (a follow-up's own names: those its question as typed gives)
        typed = set(specific_terms(current)) if current != question else set(specifics)
        own = known & typed if current != question else set()
        pinned = [t for t in specifics if t in typed]
        elsewhere = {rid for rid in raw_texts if (own and not mentioned[rid] & own)
                     or (not own and known and not mentioned[rid] & known and not asked_named.get(rid))}
        rows = [row for row in rows if row[2]["release_id"] not in elsewhere]
        if not rows:  # (a release whose chunks were removed while the question was read)
            return []
        unknown = len(unknown_terms)
        # a count's other words (not the thing, nor its names and numbers), in French: an English
        # question's reach a French sentence only through cognates ("convicted": "condamnés")
        rest_asked = (set(content_terms(current)) - set(content_terms(" ".join(things + specifics)))
                      if things and not english else set())
        if things and english:  # "children": the "enfants" a release counts
            things = crosslingual.french_things(things, [r[1] for r in rows], self.store.embedder) or things
        steps = {t for t in known if is_ordinal(t)}
        # the years asked ("en 2020", not "les années 1990") that a retrieved release mentions
        question_years = set(figures.asked_years(question))
        dated = question_years & known
        # a country (by its name or its people's: "Maliens") or a year no retrieved release names
        unknown_places = sum(names_country(t) or t in question_years for t in unknown_terms)
        vectors = np.asarray([r[3] for r in rows], dtype=np.float32)
        dense = vectors @ query_vector
        if len(own_terms) >= OWN_WORDS:  # a follow-up that says in its own words what it asks now
            dense = (dense + vectors @ self.store.embedder.query_vector(current)) / 2
        terms = {(meta["release_id"], int(meta["index"])): set(content_terms(text)) for _, text, meta, _ in rows}
        terms = candidates.with_cognates(terms, weight) if english else terms  # "victims": "victimes"
        named_places = {(meta["release_id"], int(meta["index"])): countries_in(fold(text)) if places else frozenset()
                        for _, text, meta, _ in rows}
        # the countries each release's title names (read for a count only)
        homes = {c.release_id: countries_in(fold(c.title)) for c in chunks} if things and places else {}
        scored = []
        for (sid, text, meta, _), sim in zip(rows, dense):
            rank, chunk = chunk_of[sid]
            here = (meta["release_id"], int(meta["index"]))
            s_terms = terms[here]
            window_terms = s_terms.union(*(terms.get((here[0], here[1] + d), set()) for d in (-1, 1)))
            # the places it and its neighbours name: one asked, or only others ("en Indonésie")
            near_places = named_places[here].union(*(named_places.get((here[0], here[1] + d), ()) for d in (-1, 1)))
            place_match = bool(near_places & places.countries)
            start, end = int(meta["start"]), int(meta["end"])
            window = folded_slice(raw_texts[chunk.release_id], release_texts[chunk.release_id],
                                  max(0, start - slots.WINDOW), end + slots.WINDOW,
                                  aligned[chunk.release_id]) if specifics else ""
            # a place of the question is near when the window names its country (a region: one of its)
            near_codes = countries_in(window) if place_codes else frozenset()
            foreign = sum(t not in mentioned.get(chunk.release_id, ()) for t in specifics) - unknown
            # a figure that does not count what was asked (unless by a word close in meaning), or not for
            # the year asked, cannot be the answer; nor a sentence not naming whom the question asks the
            # name of. Checked where the release uses a word for the thing ("people": "personnes")
            before, after = (raw_texts[chunk.release_id][max(0, start - slots.WINDOW) : start],
                             raw_texts[chunk.release_id][end : end + slots.WINDOW])
            counts = (figures.counts_what_was_asked(things, text, asked_numbers, current, before)
                      if things and slots.shows(things, release_texts[chunk.release_id]) else None)
            fits = figures.dated_as_asked(years, text, before, current) if years else True
            # a count left unchecked (its release never names the thing counted) needs what else was
            # asked nearby ("Combien de trafiquants ont été condamnés …": a word of "condamner")
            fits = fits and not (counts is None and rest_asked and not rest_asked & window_terms)
            fits = fits and all(qualifiers.gives(q, text) for q in asked_as)
            fits = fits and all(gives(text) for gives in required)  # "Que préconise …": a sentence recommending
            # a count for a place: not a figure counted for other countries ("En Albanie, … 117 victimes")
            if things and counted_elsewhere(fold(text), named_places[here], near_codes, places, window,
                                            homes.get(chunk.release_id, frozenset())):
                fits = False
            if payer:  # named by the sentence or just before it ("Le Japon … Sa contribution …")
                fits = fits and names_payer(payer, text, before)
            if named and slots.shows(named, release_texts[chunk.release_id]):
                fits = fits and naming.names_what_was_asked(named, text, current, before)
            # one asking for a person must name one (in the role asked); who won, speak of winning;
            # for a country ("De quel pays est originaire …"), name one; about the future, speak of it;
            # for what something showed, not only plan it
            fits = fits and naming.holds_what_was_asked(text, current) and not (
                country_asked and not slots.type_match(qtype, text, current)) and tense_fits(text, *tense)
            # a step asked ("la deuxième phase") that its release names: it, those before, or one after saying what it was
            fits = fits and said_of(steps & mentioned.get(chunk.release_id, set()), text, before, after)
            funds = funder and speaks_of_funding(text)
            # a release that never mentions the year asked does not answer for it, though another does
            fits = fits and not (dated and not dated & mentioned.get(chunk.release_id, set()))
            in_block = start >= blocks[chunk.release_id]  # (a question after a contact: the answer)
            fits = fits and not (in_block and hotline)  # (a press office's line is no hotline)
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
                window_lexical=sum(w for t, w in weight.items() if t in window_terms) / total,
                focus=float(predicate in s_terms),
                chunk_dense_rank=chunk.dense_rank,
                chunk_bm25_rank=chunk.bm25_rank,
                english=english,
                type_match=slots.type_match(qtype, text, current, published.get(chunk.release_id)) * (
                    0.5 if funder and funded[chunk.release_id] and not funds else 1.0),
                fits=fits and counts is not False,
                contact=in_block and not contact_asked,
                in_block=in_block and contact_asked,
                funds=funds,
                chunk_rank=rank,
                chunk_id=chunk.id,
                unknown=unknown,
                unknown_places=unknown_places,
                foreign=foreign,
                covers=frozenset(mentioned.get(chunk.release_id, ())) | asked_named.get(chunk.release_id, frozenset()),
                kind=qtype,
                # (a follow-up's names carried from the question before say what it is about: the
                # release holds them, the answer need not be near them)
                distant=sum(t in mentioned.get(chunk.release_id, ()) and not (
                    bool(place_codes.get(t, frozenset()) & near_codes)
                    or written_near(t, window, raw_texts[chunk.release_id], start, end, written_as)) for t in pinned),
                place_match=float(place_match),
                # (not for a question asking which countries: other countries are its answer)
                place_conflict=float(bool(named_places[here]) and not named_places[here] & places.countries
                                     and qtype != "where" and not funder),
            )
            s.counted, s.uncounted = bool(counts) and s.type_match > 0, fits and counts is False and s.type_match > 0
            # a slot filled, as a count's: fitting, it names a person in the role asked (holds_what_was_asked)
            s.role_held = s.fits and (bool(role) or (house and roles.names_house_role(text)))
            if for_country:  # its own figure for a country asked, or one figure for it and others
                s.given_for = summed_or_given(fold(text), named_places[here], places.countries)
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
        the kind asked; then one sentence of each other release that the release model trusts to
        hold part of the answer (:mod:`assistant.answering.quotes`), up to five in all. None under
        the threshold chosen on dev."""
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

