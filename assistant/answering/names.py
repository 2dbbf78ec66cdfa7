"""A name of the question that a release spells otherwise: a demonym for its country
("tchadiennes", "au Tchad"), a capital or a region for the countries it names, a translation.

The exact and 5-letter-stem matches of :func:`assistant.text.facts.mentions` miss these. An
acronym the release writes in full ("l'UE": "l'Union européenne") is found by its initials
(:func:`spells_out`), and is near a sentence that stands near its full form. Otherwise e5
similarity between the question's name and the release's own names finds them. e5 puts any
two names at 0.78–0.85, so a name counts as another spelling of one of the release's names only
when it is close to it *and* clearly closer than to the others ("tchadiennes": Tchad 0.88,
Niger 0.79), never when all are alike. The constants were set on a handful of demonyms, capitals
and regions against country names, not on the eval questions.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from functools import lru_cache

import numpy as np

from assistant.answering import slots
from assistant.index.embedding import DIMENSION, E5Embedding
from assistant.text.facts import is_house, mentions
from assistant.text.normalize import fold, unaccent
from assistant.text.terms import is_stopword

_NAMES = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’-]{2,}(?:\s+(?:de\s+|du\s+|d'|la\s+)?[A-ZÀ-ÖØ-Þ][\wÀ-ÿ-]+)*")
_ACRONYM = re.compile(r"^[A-ZÀ-ÖØ-Þ]{2,}$")
# the words an acronym's letters skip ("Organisation internationale pour les migrations": OIM)
_LINKS = r"(?:(?:de|du|des|la|le|les|pour|et|en|aux|au|a|of|the|and|for|on)\s+|[ld]['’])"
FLOOR, SPAN, MARGIN = 0.84, 0.04, 0.05
_MAX_NAMES = 48  # per release: enough for its places and organisations, bounded for question time
_CACHED = 64


class NameMatcher:
    """Scores how far a release holds a question's name spelled otherwise (0..1), embedding
    each release's names once and keeping the last few dozen releases."""

    def __init__(self, embedder: E5Embedding) -> None:
        self.embedder = embedder
        self._names: OrderedDict[str, np.ndarray] = OrderedDict()

    def support(self, name: str, release_key: str, release_text: str) -> float:
        vectors = self._release_names(release_key, release_text)
        if len(vectors) == 0:
            return 0.0
        sims = np.sort(vectors @ self.embedder.query_vector(name))[::-1]
        best = float(sims[0])
        margin = best - float(sims[1]) if len(sims) > 1 else MARGIN
        return min(1.0, max(0.0, (best - FLOOR) / SPAN)) * min(1.0, margin / MARGIN)

    def _release_names(self, key: str, text: str) -> np.ndarray:
        if key not in self._names:
            names = release_names(text)[:_MAX_NAMES]
            self._names[key] = (self.embedder.passage_vectors(names) if names
                                else np.zeros((0, DIMENSION), dtype=np.float32))
            while len(self._names) > _CACHED:
                self._names.popitem(last=False)
        self._names.move_to_end(key)
        return self._names[key]

    def count_paraphrases(self, specifics: list[str], mentioned: dict[str, set[str]], texts: dict[str, str],
                          ranked_releases: list[tuple[str, str]], question: str = "") -> dict[str, set[str]]:
        """Count as mentioned (in ``mentioned``, release id → names) the names no retrieved
        release writes alike but the releases name otherwise (an acronym in full or a name by
        its acronym, in any of them; a demonym, a capital, a region, in the first two): a
        different spelling lowers confidence through the similarity, it no longer vetoes the
        answer. Returns the acronyms a release writes for words of ``question``."""
        aliases: dict[str, set[str]] = {}
        missing = [t for t in specifics if not any(t in found for found in mentioned.values())
                   and not any(c.isdigit() for c in t)]
        for term in [t for t in missing if _ACRONYM.match(t)]:  # "l'UE": "l'Union européenne"
            for rid, text in texts.items():
                if spells_out(term, text):
                    mentioned[rid].add(term)
        for rid, text in texts.items() if question else ():  # "Southern African …": "SADC"
            written = acronyms_spelled(question, text)
            for term in [t for t in specifics if fold(t) in written]:
                mentioned[rid].add(term)
                aliases.setdefault(term, set()).add(written[fold(term)])
        missing = [t for t in missing if not any(t in found for found in mentioned.values())]
        for rid, content_hash in list(dict.fromkeys(ranked_releases))[:2] if missing else []:
            key = f"{rid}:{content_hash}"  # the version the chunks are of: the committed one
            for term in missing:
                if self.support(term, key, texts[rid]) >= 0.5:
                    mentioned[rid].add(term)
        return aliases


def release_names(text: str) -> list[str]:
    """A release's names, once each, acronyms first ("ONG", "CEDEAO": short, and what a
    question's "NGO" or "ECOWAS" is closest to), then the others in their order. An elided
    article is no part of a name ("L'Organisation": "Organisation"), and what is then no longer
    capitalised is none ("L'accord"), nor is a stop word opening a sentence ("Une", "Entre"), nor
    one of the organisation's own names; a name broken by a line wrap is one ("Nations Unies")."""
    names = []
    for m in _NAMES.finditer(text):
        name = re.sub(r"^[LlDdCc]['’]", "", re.sub(r"\s+", " ", m.group()))
        if name[:1].isupper() and not is_house(name) and not (" " not in name and is_stopword(name)):
            names.append(name)
    return sorted(dict.fromkeys(names), key=lambda n: not _ACRONYM.match(n))


def spells_out(acronym: str, text: str) -> bool:
    """Whether ``text`` writes ``acronym`` in full: a capitalised name whose words' initials,
    accents aside, spell it ("l'Union européenne" for UE; "Communauté économique des États de
    l'Afrique de l'Ouest" for CEDEAO, the "de", "la", "pour" … between them skipped unless a
    letter is theirs); a two-letter one also in the other order, as English puts the adjective
    first ("EU": "Union européenne", "UN": "Nations Unies")."""
    return bool(_spelled(unaccent(acronym).upper(), unaccent(text)))


def _spelled(letters: str, plain: str) -> frozenset[str]:
    """The words, folded, of the first place where ``plain`` (accents stripped) writes the
    acronym of ``letters`` in full; empty when it does not."""
    for order in dict.fromkeys((letters, letters[::-1]) if len(letters) == 2 else (letters,)):
        rest = "".join(rf"[\s-]+{_LINKS}*[{c}{c.lower()}]\w*" for c in order[1:])
        for m in re.finditer(rf"(?<!\w){order[0]}[a-z]\w*{rest}(?!\w)", plain) if len(order) >= 2 else ():
            if not is_stopword(m.group().split()[0]):  # a sentence's opening "Une enquête" names nothing
                return frozenset(fold(w) for w in re.findall(r"\w+", m.group()))
    return frozenset()


def acronyms_spelled(question: str, text: str) -> dict[str, str]:
    """The words of ``question`` that spell out an acronym ``text`` (a release) writes, each with
    that acronym: "the Southern African Development Community" is the release's "SADC"."""
    plain = unaccent(question)
    initials = {w[0] for w in re.findall(r"\b[A-Z]\w+", plain)}
    found: dict[str, str] = {}
    for acronym in (a for a in _acronyms(text) if a[0] in initials):
        for word in _spelled(acronym, plain):
            found.setdefault(word, acronym)
    return found


@lru_cache(maxsize=_CACHED)
def _acronyms(text: str) -> tuple[str, ...]:
    """A release's acronyms of three letters or more, accents aside ("SADC", "CEDEAO")."""
    return tuple(dict.fromkeys(unaccent(n) for n in release_names(text) if _ACRONYM.match(n) and len(n) >= 3))


def written_near(term: str, window: str, text: str, start: int, end: int, acronyms: dict[str, set[str]]) -> bool:
    """Whether ``term`` is written within a few lines of the sentence ``text[start:end]`` of a
    release (``window``: those lines, folded): as it is, in full when it is an acronym ("l'UE" is
    near "financé par l'Union européenne"), or as the acronym the release writes for it
    (``acronyms``, from :meth:`NameMatcher.count_paraphrases`: "Community" is near "la SADC")."""
    return (mentions(term, window) or any(mentions(a, window) for a in acronyms.get(term, ()))
            or (bool(_ACRONYM.match(term)) and spells_out(term, text[max(0, start - slots.WINDOW) : end + slots.WINDOW])))
