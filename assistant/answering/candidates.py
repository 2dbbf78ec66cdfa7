"""A candidate sentence of the extractive answerer and its evidence, the hand-set score that
ranks candidates before (and as one feature of) the learned ranker, and the choices made among
candidates once ranked (the sentence going on with the quote, a funder's or a country's)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import numpy as np

from assistant.answering import slots
from assistant.answering.figures import closest_counted
from assistant.answering.people import people_named
from assistant.text.terms import cognate


@dataclass(frozen=True)
class Weights:
    """Weights of the sentence score that ranks the candidates, set on the dev questions
    (README, "Calibration"). Whether the best one is quoted at all is the confidence model's."""

    dense: float = 1.0
    lexical: float = 0.20
    focus: float = 1.0  # extra IDF weight of the question's first content word (its predicate)
    carried: float = 0.5  # weight of a word a follow-up's query carries from the question before
    chunk_rank: float = 0.04
    type_match: float = 0.03
    unknown_specific: float = 0.25  # per number or name of the question no retrieved release holds
    foreign_specific: float = 0.06  # per number or name the sentence's own release does not hold
    distant_specific: float = 0.10  # per number or name not within a few lines of the sentence


@dataclass
class ScoredSentence:
    """A candidate sentence (offsets into its release's text) and the evidence gathered for it."""

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
    unknown_places: int = 0  # of them, countries and years (Moldova, 2021, when no release names them)
    foreign: int = 0
    covers: frozenset[str] = frozenset()  # the question's names and numbers its release mentions, and "@" + asked countries it names
    distant: int = 0
    kind: str = "what"
    fits: bool = True  # fills the answer slot: the thing counted, the year asked, whom the name is of
    counted: bool = False  # a figure of it counts what the question counts, by the question's word
    uncounted: bool = False  # fails only that: its figures count other words (maybe the same thing)
    window_lexical: float = 0.0  # term overlap of the sentence and its neighbours with the question
    focus: float = 0.0  # holds the question's predicate ("finance" in "Qui finance …")
    chunk_dense_rank: int | None = None
    chunk_bm25_rank: int | None = None
    english: bool = False
    place_match: float = 0.0  # it or a neighbour names a country the question asks about (or of its region)
    place_conflict: float = 0.0  # it names countries, none of them asked
    contact: bool = False  # in its release's closing contact block, for a question not after a contact
    in_block: bool = False  # in its release's closing contact block, for a question after a contact
    funds: bool = False  # a funder is asked and the sentence speaks of funding
    given_for: bool | None = None  # a count for a country asked: it gives it a figure of its own, or sums it with others'
    role_held: bool = False  # it names the holder of the role asked ("Who is the chief executive …"), or of one of IOM's
    centrality: float = 0.0  # e5 similarity to its release's retrieved sentences as a whole (a lede is central)
    dense_z: float = 0.0  # e5 similarity to the question against its release's other sentences
    score: float = 0.0  # the ranker's probability (the hand-set score without a ranker)
    hand: float = 0.0  # the hand-set score

    def rescore(self, w: Weights) -> float:
        self.score = self.hand = (
            w.dense * self.dense
            + w.lexical * self.lexical
            + w.chunk_rank / (1 + self.chunk_rank)
            + w.type_match * self.type_match
            - w.unknown_specific * self.unknown
            - w.foreign_specific * self.foreign
            - w.distant_specific * self.distant
        )
        return self.score

    @property
    def eligible(self) -> bool:
        """Holds what was asked: "combien" is not answered by a sentence without a number,
        "quand" without a date, "quel montant" without a currency, "quel numéro" without digits;
        "combien d'appels en 2006" not by a figure counting something else ("trois compagnies")
        or dated otherwise ("depuis 1991"), "comment s'appellent les auteurs" not by a sentence
        naming nobody beside the authors. Nor is a question about a country no retrieved release
        names ("en Moldavie", when they speak of Ukraine), nor one about a year none of them
        mentions ("en 2021"): a demonym, a capital or a region of a country they name is another
        spelling (:mod:`assistant.answering.names`), not this."""
        return (self.kind not in slots.HARD_TYPES or self.type_match > 0) and self.fits and not self.unknown_places


def covers_more(candidate: ScoredSentence, chosen: list[ScoredSentence]) -> bool:
    """Whether ``candidate``'s release mentions a name or number of the question, or names a
    country it asks about ("@UA"), that none of the quoted releases does: the other release of a
    two-release question ("en Indonésie, et combien d'Ukrainiens"), not another release on the
    same topic."""
    return bool(candidate.covers - frozenset().union(*(c.covers for c in chosen)))


# a sentence that opens on what the one before it said: a demonstrative ("Cette aide inclut …",
# "Ces inspections …"), a subject pronoun ("Elle prendra ses fonctions …"), "la plupart", "parmi
# eux", or a connective that continues it ("Outre …", "En effet …", "Par ailleurs …")
_CONTINUES = re.compile(
    r"^[«\"“\s]*(?:ce|cet|cette|ces|son|sa|ses|leur|leurs|celui-ci|celle-ci|ceux-ci|celles-ci|il|elle|ils|elles|cela|ceci|outre|en effet"
    r"|par ailleurs|de plus|la plupart|parmi (?:eux|elles|ces|ceux)|selon (?:lui|elle))\b",
    re.I,
)

# "en effet" anywhere: the sentence explains the one before it ("Les représentants consulaires …
# peuvent en effet être amenés à …")
_EXPLAINS = re.compile(r"\ben effet\b", re.I)


_TOLD = {"what", "why"}  # kinds of fact a sentence tells in words, not in a name or figure


def continuation(quoted: ScoredSentence, scored: list[ScoredSentence], person: bool = False) -> ScoredSentence | None:
    """The candidate right after ``quoted`` in its release when it goes on with what ``quoted``
    says: the question's words set the topic in one sentence, and the next often holds the
    answer ("Outre … l'OIM apporte une aide directe aux victimes. Cette aide inclut des soins
    médicaux, un soutien psychologique …"). ``person``: the question asks for a person, whom
    only a sentence naming one holds."""
    after = next((s for s in scored if s.release_id == quoted.release_id and s.index == quoted.index + 1), None)
    if after is None or not (_CONTINUES.match(after.text) or _EXPLAINS.search(after.text)):
        return None
    # a quote that holds the fact asked (a name, a figure, a day) needs no sentence without one
    # after it ("… explique John McGeoghan, expert de l'OIM. Ce rapport est disponible sur …");
    # what and why are told in words, and may go on in the next sentence
    holds = after.type_match > 0 and (not person or bool(people_named(after.text)))  # not "le site Internet"
    settled = quoted.kind not in _TOLD and quoted.type_match > 0 and not holds
    return None if settled else after


FUNDS_RATIO = 0.5  # another release's funding sentence against the best (a quarter: the same answers)


def funding_sentence(best: ScoredSentence, scored: list[ScoredSentence]) -> ScoredSentence:
    """For a funder asked, the sentence to lead with when ``best`` speaks of no funding: its
    release's that does, however the ranker placed it ("Who pays for …" put the campaign's poster
    above "Financées par …"), or another release's scoring at least ``FUNDS_RATIO`` of it."""
    if best.funds:
        return best
    return next((s for s in scored if s.eligible and s.funds and (
        s.release_id == best.release_id or s.score >= FUNDS_RATIO * best.score)), best)


def figure_of_place(best: ScoredSentence, scored: list[ScoredSentence]) -> ScoredSentence:
    """For a count asked for a country, the sentence of ``best``'s release giving that country a
    figure of its own ("… devant la Tchéquie (103)") when ``best`` gives it none (a total summed
    over several countries, "318 victimes en Pologne, en Tchéquie et en Slovaquie"), however the
    ranker placed it. Its figure must count the word asked ("148 victimes … mongoles" does not
    count "professeurs"). A sentence naming no other country than those asked is left as it is."""
    if best.given_for is not False:
        return best
    return next((s for s in scored if s.eligible and s.given_for and s.release_id == best.release_id
                 and s.counted), best)


_BESIDE = 3  # how high a reason's neighbouring sentence ranks among the eligible ones to be quoted


def with_reason_beside(chosen: list[ScoredSentence], scored: list[ScoredSentence]) -> list[ScoredSentence]:
    """A why answer with the sentence just before or after its first one when that one is among
    the best ``_BESIDE`` eligible sentences: a release tells a fact in one sentence and its cause
    in the next ("… plus d'un an en mer sans toucher terre"), or the other way round."""
    lead = chosen[0]
    if lead.kind != "why":
        return chosen
    for s in [s for s in scored if s.eligible][:_BESIDE]:
        if s not in chosen and s.release_id == lead.release_id and abs(s.index - lead.index) == 1:
            return [s, *chosen] if s.index < lead.index else [lead, s, *chosen[1:]]
    return chosen


_QUOTE_LENGTH = 4  # sentences of one speaker's words read back to where they open


def with_quotation(chosen: list[ScoredSentence], scored: list[ScoredSentence]) -> list[ScoredSentence]:
    """``chosen``, its first sentence preceded by those that open the words it closes: a
    speaker's words run over several sentences ("« Nos adolescents passent des heures sur leur
    téléphone. C'est là que les recruteurs les trouvent. L'école doit leur donner les réflexes »,
    a déclaré …"), and a question about what or why they said finds the last one, which names the
    speaker; the words are quoted whole, as one passage (:func:`joined`). Unchanged when the
    first closes no quotation opened before it, or when what is asked is a name or a figure."""
    opening = _quotation(chosen[0], scored)
    return opening + [s for s in chosen if s not in opening]


def _quotation(quoted: ScoredSentence, scored: list[ScoredSentence]) -> list[ScoredSentence]:
    if quoted.kind not in _TOLD or not _closes_quotation(quoted.text):
        return []
    mine = {s.index: s for s in scored if s.release_id == quoted.release_id}
    before: list[ScoredSentence] = []
    for index in range(quoted.index - 1, max(-1, quoted.index - _QUOTE_LENGTH), -1):
        if index not in mine or "»" in mine[index].text:
            return []  # (a sentence not read, or one that closes another quotation)
        before.insert(0, mine[index])
        if "«" in mine[index].text:
            return before
    return []


def _closes_quotation(text: str) -> bool:
    """Whether ``text`` closes with "»" a quotation it does not open."""
    close = text.find("»")
    return close >= 0 and "«" not in text[:close]


def joined(chosen: list[ScoredSentence], texts: dict[str, str]) -> list[ScoredSentence]:
    """``chosen`` with each run of consecutive sentences of one release quoted as one passage
    (``texts``: the releases' texts the offsets point into)."""
    out: list[ScoredSentence] = []
    for s in chosen:
        last = out[-1] if out else None
        if last is not None and last.release_id == s.release_id and s.index == last.index + 1 and s.start >= last.end:
            out[-1] = dataclasses.replace(last, text=texts[s.release_id][last.start : s.end], end=s.end, index=s.index)
        else:
            out.append(s)
    return out


def relative_to_release(scored: list[ScoredSentence], vectors: np.ndarray) -> None:
    """How central each sentence is to its release's retrieved sentences, and how much more
    similar to the question than they are: a release's lede is close to any question about the
    release, the sentence that answers a detail question stands out."""
    releases = np.asarray([s.release_id for s in scored])
    dense = np.asarray([s.dense for s in scored])
    for rid in set(releases.tolist()):
        mine = releases == rid
        centre = vectors[mine].mean(axis=0)
        centre /= np.linalg.norm(centre) or 1.0
        central = vectors[mine] @ centre
        z = (dense[mine] - dense[mine].mean()) / (dense[mine].std() + 0.01)
        for s, c, zz in zip((s for s, m in zip(scored, mine) if m), central, z):
            s.centrality, s.dense_z = float(c), float(zz)


def with_cognates(terms: dict, asked: dict) -> dict:
    """Each sentence's terms with the question's terms it holds a cognate of (an English
    question's words against French sentences)."""
    seen = set().union(*terms.values()) if terms else set()
    aliases = {t: {x for x in seen if cognate(t, x)} for t in asked if t not in seen}
    aliases = {t: found for t, found in aliases.items() if found}
    return {key: held | {t for t, found in aliases.items() if found & held} for key, held in terms.items()}


# how close a word the count counts must be to the word the question counts with (French word
# vectors): "enseignants" for "professeurs" (0.91), "poursuites" for "affaires" (0.58), not
# "compagnies" for "appels" (0.31); chosen on dev and probe (0.4 answered one unanswerable more)
SYNONYM = 0.5


def counted_otherwise(scored: list[ScoredSentence], things: list[str]) -> None:
    """Let a figure count what the question names with another word ("professeurs", release:
    "96 enseignants"; "familles": "3 418 ménages"): in a release where no candidate's figure
    counts the word asked, a sentence failing only that check is eligible again when a figure
    of it counts a word close in meaning (:mod:`assistant.text.word_vectors`), as a half match of
    the type asked. Where the release counts the word asked somewhere, the figures that count
    something else stay out ("57 enfants" does not answer "combien de femmes")."""
    for rid in {s.release_id for s in scored if s.uncounted}:
        mine = [s for s in scored if s.release_id == rid]
        if any(s.counted for s in mine):
            continue
        for s in mine:
            if s.uncounted and closest_counted(things, s.text) >= SYNONYM:
                s.fits, s.uncounted, s.type_match = True, False, 0.5
