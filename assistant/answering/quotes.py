"""Which further sentences an answer quotes beside its best one: sentences of the same release
that add a name or figure of the kind asked, the sentence of that release listing the places a
question asks for in the plural, and one sentence of each other release that the
**release model** trusts to hold part of the answer (a broad question, "Quels pays …", "Which
companies …", or one that asks two things, "combien … et combien …").

The release model is a logistic regression fitted on the dev split (``python -m eval.calibrate``
writes ``releases.json`` beside this module): for each other retrieved release, its best
sentence that holds what was asked, described by :func:`release_evidence`, against whether the
release is a source of the question. Its threshold is chosen on dev for the answers it adds and
the citation precision it costs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from assistant.answering import slots
from assistant.answering.candidates import ScoredSentence, covers_more
from assistant.answering.confidence import Model
from assistant.answering.people import names_not_of_people
from assistant.text import geography
from assistant.text.funding import asks_for_funder, speaks_of_funding
from assistant.text.normalize import fold
from assistant.text.places import WITHIN_A_COUNTRY

RELEASES_PATH = Path(__file__).with_name("releases.json")
MAX_QUOTES = 5
# a list of places: among the 4 sentences of its release nearest the question, naming 3 at least
LIST_NEAREST, LIST_LEAST = 4, 3

RELEASE_FEATURES: tuple[str, ...] = (
    "score", "ratio", "dense_gap", "lexical", "covers_more", "foreign_more", "broad", "parts", "place_match",
)

# an interrogative: two of them ask two things ("Combien … en Indonésie, et combien … en Ukraine ?")
_ASKS = re.compile(r"\b(qui|quel\w*|combien|où|quand|pourquoi|who|what|which|where|when|why|how)\b", re.I)


def release_evidence(s: ScoredSentence, best: ScoredSentence, chosen: list[ScoredSentence],
                     question: str) -> dict[str, float]:
    """What speaks for quoting ``s``, the best sentence of a release not quoted yet, beside
    ``chosen`` (whose first, ``best``, answers the question)."""
    return {
        "score": s.score,  # the ranker's probability that it answers
        "ratio": s.score / max(best.score, 1e-6),
        "dense_gap": best.dense - s.dense,
        "lexical": s.lexical,
        # its release names a name, number or country of the question the quoted ones do not
        "covers_more": float(covers_more(s, chosen)),
        "foreign_more": float(s.foreign - best.foreign),
        **_asked(question),
        "place_match": s.place_match,
    }


@lru_cache(maxsize=256)
def _asked(question: str) -> dict[str, float]:
    """What the question itself says of its answer spanning releases: whether it is broad and
    whether it asks two things (remembered: it is read for every other release's sentence)."""
    return {"broad": float(slots.is_broad(question)), "parts": float(len(_ASKS.findall(question)) >= 2)}


def of_the_same_release(best: ScoredSentence, scored: list[ScoredSentence], model: Model,
                        question: str) -> list[ScoredSentence]:
    """``best`` and the sentences of its release that score nearly as well *and* add a name or
    figure of the kind asked (the cricket world cup adds nothing to a campaign's funders), missing
    no more of the question's names and numbers than it does."""
    chosen = [best]
    for s in scored:
        if len(chosen) >= MAX_QUOTES or s.score < model.second_ratio * best.score:
            break
        if (s is best or not s.eligible or s.release_id != best.release_id or (best.funds and not s.funds)
                or s.score < model.same_release_ratio * best.score or s.foreign > best.foreign):
            continue
        if slots.adds_to_answer(s.text, [c.text for c in chosen], s.kind, question):
            chosen.append(s)
    return chosen


def with_list_of_places(chosen: list[ScoredSentence], scored: list[ScoredSentence],
                        question: str) -> list[ScoredSentence]:
    """``chosen`` and, for a question asking for several places ("Dans quelles localités …",
    "Which islands …"), the sentence of the quoted release that lists them: one of the
    ``LIST_NEAREST`` of its release nearest the question (e5), not its lede (the release's
    setting), that names at least three names neither the question nor the quotes give, and no
    fewer than the best quote names beside the question's ("Les six espaces sûrs se trouvent à
    Adré (deux), Farchana, Arkoum, Aboutengué et Goz Amer" after the lede that names Adré). Towns,
    provinces or ports asked, a country named is none of them; countries asked, only countries
    count; a sentence about funding lists payers, not places."""
    best = chosen[0]
    if best.kind != "where" or not slots.is_broad(question) or asks_for_funder(question):
        return chosen
    countries, within = slots.asks_for_countries(question), bool(WITHIN_A_COUNTRY.search(question))

    def listed(s: ScoredSentence, known: str) -> int:
        if countries:
            return len(set(geography.answer_countries(s.text, known, question)))
        return len({n for n in names_not_of_people(s.text, known)
                    if not (within and geography.countries_in(fold(n), False))})

    known, least = question + " " + " ".join(c.text for c in chosen), max(LIST_LEAST, listed(best, question))
    release = [s for s in scored if s.release_id == best.release_id]
    nearest = {id(s) for s in sorted(release, key=lambda s: -s.dense)[:LIST_NEAREST]} - {id(c) for c in chosen}
    found = next((s for s in release if id(s) in nearest and s.eligible and s.index > 0
                  and not speaks_of_funding(s.text) and listed(s, known) >= LIST_LEAST
                  and listed(s, question) >= least), None)
    return chosen if found is None else [*chosen, found][:MAX_QUOTES]


def other_releases(chosen: list[ScoredSentence], scored: list[ScoredSentence],
                   question: str) -> list[tuple[ScoredSentence, dict[str, float]]]:
    """The best eligible sentence of each release not quoted in ``chosen``, best first, with its
    :func:`release_evidence` (for a funder asked, only a sentence that speaks of funding)."""
    best = chosen[0]
    seen = {c.release_id for c in chosen}
    out = []
    for s in scored:
        if s.release_id in seen or not s.eligible or (best.funds and not s.funds):
            continue
        seen.add(s.release_id)
        out.append((s, release_evidence(s, best, chosen, question)))
    return out


def from_other_releases(chosen: list[ScoredSentence], scored: list[ScoredSentence], question: str,
                        model: Model | None) -> list[ScoredSentence]:
    """``chosen`` and a sentence of each other release ``model`` trusts, up to ``MAX_QUOTES``."""
    if model is None:
        return chosen
    others = [s for s, evidence in other_releases(chosen, scored, question)
              if model.probability(evidence) >= model.threshold]
    if not spans_releases(question):
        return (chosen + others)[:MAX_QUOTES]
    # a broad question gets one quote per release before a release's second one: the first
    # quote (with the sentence that goes on with it), the other releases, then the rest
    lead = 2 if len(chosen) > 1 and chosen[1].release_id == chosen[0].release_id \
        and chosen[1].index == chosen[0].index + 1 else 1
    return (chosen[:lead] + others + chosen[lead:])[:MAX_QUOTES]


def spans_releases(question: str) -> bool:
    """Whether the question's answer may span releases: broad, or asking two things."""
    asked = _asked(question)
    return bool(asked["broad"] or asked["parts"])
