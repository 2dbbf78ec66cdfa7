"""An English question's counted thing in the words its French releases count with: "How many
children …" counts "enfants", "How many traffickers …" counts "trafiquants". A count is checked
against what the question counts only where the release uses a word for it
(:func:`assistant.answering.slots.shows`), and a French release never uses the English word; so
the thing is looked up among the words the candidate sentences' figures count
(:func:`assistant.answering.figures.counted_words`), then among their plural nouns, by e5's
similarity of the two words, each read as what a count counts ("the number of calls", "le nombre
d'appels"): alone, a word is ambiguous to e5 ("calls" is nearer "messages", 0.897, than
"appels", 0.890), and in a count's phrase it is not ("appels" 0.962, "messages" 0.938). The best
one stands for the English word when it is at least :data:`TRANSLATION` similar: e5 puts a count
of a word's translation at 0.95 or more (of twenty common things counted, "convictions"/
"condamnations" lowest, 0.951) and one of another word of the same field mostly lower
("prosecutors"/"juges" 0.941, "officers"/"procureurs" 0.927). Where none is that near, the count
stays unchecked. Each phrase is embedded once per process, those of a question together."""

from __future__ import annotations

import re

import numpy as np

from assistant.answering.figures import counted_words
from assistant.text.normalize import fold
from assistant.text.terms import is_stopword

TRANSLATION = 0.95
_MAX_WORDS = 40  # the candidate sentences' counted words looked at, in their order
_MAX_NAMED = 24  # and then their other plural nouns


def french_things(things: list[str], sentences: list[str], embedder) -> list[str]:  # noqa: ANN001 (the store's)
    """The French word that translates each English thing, looked for first among the words
    ``sentences``' figures count, then among their plural nouns ("Les appels sont traités par 14
    conseillers" speaks of calls without counting them: a count of calls is then checked, as a
    French question's would be, and "14 conseillers" fails it); [] unless each thing has one (a
    figure counting a thing left untranslated would fail the check), or when no sentence holds a
    figure (there is nothing to check). ``sentences``, nearest first."""
    counted = list(dict.fromkeys(w.lower() for s in sentences for w in counted_words(s)))[:_MAX_WORDS]
    found = _translations(things, counted, embedder)
    if found or not any(_FIGURE.search(s) for s in sentences):
        return found
    named = list(dict.fromkeys(w.lower() for s in sentences for w in _plural_nouns(s)))
    return _translations(things, counted + [w for w in named if w not in counted][:_MAX_NAMED], embedder)


def _translations(things: list[str], words: list[str], embedder) -> list[str]:  # noqa: ANN001
    """Each thing's nearest of ``words`` as counts go, if at least :data:`TRANSLATION` near; [] unless all have one."""
    if not words:
        return []
    asked = [_ENGLISH.format(fold(t)) for t in things]
    phrases = [_french(w) for w in words]
    vectors = _vectors(embedder, asked + phrases)
    found = []
    for thing in asked:
        similarity = np.asarray([float(vectors[thing] @ vectors[p]) for p in phrases])
        if similarity.max() < TRANSLATION:
            return []
        found.append(words[int(similarity.argmax())])
    return found


_ENGLISH = "the number of {}"
_FIGURE = re.compile(r"\d")
_PLURAL = re.compile(r"\b[^\W\d_]{3,}[sx]\b")


def _plural_nouns(sentence: str) -> list[str]:
    """The words of ``sentence`` that may name things counted: plural, neither stop words nor
    names (capitalised)."""
    return [w for w in _PLURAL.findall(sentence) if not is_stopword(w) and not w[0].isupper()]


def _french(word: str) -> str:
    """What a count of ``word`` is in French: "le nombre d'appels", "le nombre de victimes"."""
    return f"le nombre d'{word}" if fold(word)[:1] in _ELIDED else f"le nombre de {word}"


_ELIDED = frozenset("aeiouyh")
_VECTORS: dict[tuple[int, str], np.ndarray] = {}  # (the embedder's id, a phrase) -> its vector
_KEPT = 8192


def _vectors(embedder, words: list[str]) -> dict[str, np.ndarray]:  # noqa: ANN001
    """Each phrase's e5 vector, those not seen yet embedded together."""
    new = [w for w in dict.fromkeys(words) if (id(embedder), w) not in _VECTORS]
    if len(_VECTORS) + len(new) > _KEPT:
        _VECTORS.clear()
        new = list(dict.fromkeys(words))
    for word, vector in zip(new, embedder.query_vectors(new) if new else ()):
        _VECTORS[(id(embedder), word)] = vector
    return {w: _VECTORS[(id(embedder), w)] for w in words}
