"""What the retrieved releases hold for a question, read once per question rather than per
sentence: their texts, which of the question's names and numbers each mentions (by any of their
names: a demonym, a capital, a region, an acronym), which are about something else, and whether a
sentence of theirs fills the slot asked (:func:`fills`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assistant.answering import figures, naming, qualifiers, slots, years
from assistant.answering.asked import Asked
from assistant.answering.names import NameMatcher
from assistant.answering.particulars import undecided
from assistant.ingest.contacts import block_start
from assistant.retrieval.hybrid import RetrievedChunk
from assistant.store import ReleaseStore
from assistant.text.dates import OPENING, published_on
from assistant.text.facts import mentions
from assistant.text.funding import names_payer, speaks_of_funding
from assistant.text.geography import countries_in, countries_named
from assistant.text.money import holds_sum
from assistant.text.normalize import fold, folded_slice, folds_in_place
from assistant.text.ordinals import is_ordinal, said_of
from assistant.text.place_figures import counted_elsewhere
from assistant.text.places import names_country
from assistant.text.tense import tense_fits


@dataclass(frozen=True)
class Retrieved:
    raw: dict[str, str]  # release id → its text
    folded: dict[str, str]  # → its folded text
    aligned: dict[str, bool]  # → whether folding kept its offsets (read only for a question's names)
    blocks: dict[str, int]  # → where its closing contact block starts
    published: dict[str, date | None]  # → its date (read for "quand" only)
    funded: dict[str, bool]  # → whether it speaks of funding (read for a funder asked only)
    mentioned: dict[str, set[str]]  # → the question's names and numbers it mentions, by any of their names
    place_codes: dict[str, frozenset[str]]  # a name of the question → the countries it stands for
    asked_named: dict[str, frozenset[str]]  # release id → "@" + the countries asked it names
    written_as: dict[str, set[str]]  # the acronyms a release writes for words of the question
    unknown: list[str]  # the question's names and numbers no retrieved release mentions
    unknown_places: int  # of them, countries (by name or people) and years
    elsewhere: frozenset[str]  # the releases about something else
    steps: frozenset[str]  # the steps asked ("la deuxième phase") a release mentions
    dated: frozenset[str]  # the years asked that a release mentions
    homes: dict[str, frozenset[str]]  # release id → the countries its title names (read for a count only)

    def covers(self, rid: str) -> frozenset[str]:
        """What a quote of release ``rid`` may add to an answer: the question's names and numbers
        it mentions, and the countries asked it names (``"@UA"``)."""
        return frozenset(self.mentioned.get(rid, ())) | self.asked_named.get(rid, frozenset())

    def window(self, rid: str, start: int, end: int) -> str:
        """The folded text around a sentence, where the question's names count as near it."""
        return folded_slice(self.raw[rid], self.folded[rid], max(0, start - slots.WINDOW), end + slots.WINDOW,
                            self.aligned[rid])


def read_releases(store: ReleaseStore, names: NameMatcher, asked: Asked, chunks: list[RetrievedChunk]) -> Retrieved:
    """What the releases of ``chunks`` hold for ``asked``."""
    specifics, places = asked.specifics, asked.places
    # the releases' texts (their chunks' sentences were just read with them: no further read)
    raw = store.release_texts(c.release_id for c in chunks)
    folded = {rid: store.folded_release_text(rid) for rid in raw}
    # which retrieved release mentions which number or name of the question (once, not per sentence)
    mentioned = {rid: {t for t in specifics if mentions(t, txt)} for rid, txt in folded.items()}
    # a place the release names otherwise: a region by a country of it ("Asie du Sud-Est": Cambodia),
    # a country by another of its names, its people's word or its capital
    place_codes = countries_named(specifics, places, asked.question)
    named_by = {rid: countries_in(txt) for rid, txt in folded.items()} if places or place_codes else {}
    for rid, named_here in named_by.items() if place_codes else ():
        mentioned[rid] |= {t for t, codes in place_codes.items() if codes & named_here}
    asked_named = ({rid: frozenset(f"@{c}" for c in named_here & places.countries)
                    for rid, named_here in named_by.items()} if places else {})
    # (and the acronyms a release writes for a name the question spells out: near where they are)
    written_as = names.count_paraphrases(specifics, mentioned, raw, [(c.release_id, c.content_hash) for c in chunks],
                                         asked.question)
    unknown = [t for t in specifics if not any(t in found for found in mentioned.values())]
    known = set(specifics) - set(unknown)
    return Retrieved(
        raw=raw,
        folded=folded,
        aligned={rid: folds_in_place(txt) for rid, txt in raw.items()} if specifics else {},
        blocks={rid: block_start(t) for rid, t in raw.items()},
        published={rid: published_on(t[:OPENING]) for rid, t in raw.items()} if asked.qtype == "when" else {},
        funded={rid: speaks_of_funding(txt) for rid, txt in folded.items()} if asked.funder else {},
        mentioned=mentioned,
        place_codes=place_codes,
        asked_named=asked_named,
        written_as=written_as,
        unknown=unknown,
        unknown_places=sum(names_country(t) or t in asked.years_named for t in unknown),
        elsewhere=_about_something_else(asked, raw, mentioned, asked_named, known),
        steps=frozenset(t for t in known if is_ordinal(t)),
        dated=asked.years_named & known,
        homes={c.release_id: countries_in(fold(c.title), cities=False) for c in chunks} if asked.qtype == "how_many" and places else {},
    )


def _about_something_else(asked: Asked, raw: dict[str, str], mentioned: dict[str, set[str]],
                          asked_named: dict[str, frozenset[str]], known: set[str]) -> frozenset[str]:
    """The releases that hold none of the question's names and numbers that other retrieved
    releases hold (by any of their names), nor a country it asks about: Ukraine's "527" does not
    answer "en Moldavie" when another release speaks of Moldova (their sentences are no
    candidates). A follow-up's own names come first ("Et d'Ukrainiens ?")."""
    own = known & asked.typed if asked.follow_up else set()
    return frozenset(rid for rid in raw if (own and not mentioned[rid] & own)
                     or (not own and known and not mentioned[rid] & known and not asked_named.get(rid)))


_SENTENCE_GAP = re.compile(r"(?<=[.!?»])\s+")


def _neighbours(before: str, after: str) -> tuple[str, str]:
    """The sentences right before and right after a sentence, from the text around it (``before``,
    ``after``): a locality asked counts there or in the sentence itself, not further off; a
    detail said to be unknown there is not given beside it."""
    return _SENTENCE_GAP.split(before.strip())[-1], _SENTENCE_GAP.split(after.strip())[0]


def _names_no_place_asked(asked: Asked, retrieved: Retrieved, rid: str) -> bool:
    """Whether release ``rid`` names none of the countries a question asks about (by any of their
    names, their people or a city) nor any other name of the question: it speaks of another
    country ("les autorités swazies" are not answered by a release on the Mekong, nor "la ligne
    nationale d'assistance au Swaziland" by Ukraine's free number). A release holding another
    name asked ("à Cox's Bazar, et combien de policiers vietnamiens ?") answers its part; the payer
    asked is none ("Combien Oslo consacre-t-il à la formation des magistrats arméniens ?" is not
    answered by Norway's embassy in Lisbon)."""
    payer = countries_in(asked.payer) if asked.payer else frozenset()
    return bool(asked.places.countries - payer) and not any(
        code[1:] not in payer for code in retrieved.asked_named.get(rid, ())) and not any(
        not t[:1].isdigit() and not (payer and (codes := retrieved.place_codes.get(t)) and codes <= payer)
        for t in retrieved.mentioned.get(rid, ()))


def fills(asked: Asked, things: list[str], retrieved: Retrieved, rid: str, text: str, start: int, end: int,
          window: str, window_terms: set[str], places_here: frozenset[str], near_codes: frozenset[str]
          ) -> tuple[bool, bool | None]:
    """Whether the sentence ``text`` of release ``rid`` (at ``start``:``end``; ``window``, the
    folded text around it; ``window_terms``, its and its neighbours' terms; ``places_here``, the
    countries it names; ``near_codes``, those its window names) fills the slot asked, leaving
    aside whether its figure counts the thing asked, which is returned apart: True or False, or
    None when the question counts nothing or its release never names the thing counted."""
    raw = retrieved.raw[rid]
    before, after = raw[max(0, start - slots.WINDOW) : start], raw[end : end + slots.WINDOW]
    # a figure that does not count what was asked (unless by a word close in meaning), or not for
    # the year asked, cannot be the answer; nor a sentence not naming whom the question asks the
    # name of. Checked where the release uses a word for the thing ("people": "personnes")
    counts = (figures.counts_what_was_asked(things, text, asked.numbers, asked.current, before)
              if things and slots.shows(things, retrieved.folded[rid]) else None)
    fits = years.dated_as_asked(asked.years, text, before, asked.current) if asked.years else True
    # a count left unchecked (its release never names the thing counted) needs what else was
    # asked nearby ("Combien de trafiquants ont été condamnés …": a word of "condamner")
    fits = fits and not (counts is None and asked.rest and not asked.rest & window_terms)
    # nor, in French, a figure that counts nothing close in meaning to it ("9 800 victimes" for
    # "Par combien de voix …")
    fits = fits and not (counts is None and things and not asked.english
                         and figures.counts_something_akin(things, text) is False)
    fits = fits and all(qualifiers.gives(q, text) for q in asked.asked_as)
    fits = fits and all(gives(text) for gives in asked.required)  # "Que préconise …": a sentence recommending
    # (nor a sentence beside one saying what is asked is not known yet: "… seront annoncés ultérieurement")
    previous, following = _neighbours(before, after)
    fits = fits and not undecided(" ".join((previous, text, following)), asked.current, asked.qtype)
    # a count for a place: not a figure counted for other countries ("En Albanie, … 117 victimes"),
    # whatever it counts ("Et aux Philippines ?" after Indonesia's count); a sum is its payer's
    # ("financée par la Direction … suisse, à hauteur de …" answers for Nepal's study)
    counted = bool(things) or (asked.qtype == "how_many" and not holds_sum(text))
    if counted and counted_elsewhere(fold(text), places_here, near_codes, asked.places, fold(previous + " " + text),
                                     retrieved.homes.get(rid, frozenset())):
        fits = False
    # nor anything asked of a country by a release that names neither it nor another name asked
    if _names_no_place_asked(asked, retrieved, rid):
        fits = False
    if asked.payer:  # named by the sentence or just before it ("Le Japon … Sa contribution …")
        fits = fits and names_payer(asked.payer, text, before)
    if asked.named and slots.shows(asked.named, retrieved.folded[rid]):
        fits = fits and naming.names_what_was_asked(asked.named, text, asked.current, before)
    # one asking for a person must name one (in the role asked); who won, speak of winning;
    # for a country ("De quel pays est originaire …"), name one; about the future, speak of it;
    # for what something showed, not only plan it
    fits = fits and naming.holds_what_was_asked(text, asked.current) and not (
        asked.country_asked and not slots.type_match(asked.qtype, text, asked.current)) and tense_fits(text, *asked.tense)
    # a step asked ("la deuxième phase") that its release names: it, those before, or one after saying what it was
    fits = fits and said_of(retrieved.steps & retrieved.mentioned.get(rid, set()), text, before, after)
    # a release that never mentions the year asked does not answer for it, though another does
    fits = fits and not (retrieved.dated and not retrieved.dated & retrieved.mentioned.get(rid, set()))
    # (a press office's line is no hotline, nor its press officer the holder of a role asked:
    # "Who has taken over as IOM's chief of mission?" is not answered by "veuillez contacter …")
    fits = fits and not (start >= retrieved.blocks[rid] and (asked.hotline or (asked.role is not None and not asked.contact)))
    return fits, counts
