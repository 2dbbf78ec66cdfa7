"""An English question's counted thing in the words its French releases count with: "How many
children …" counts "enfants", "How many traffickers …" counts "trafiquants". A count is checked
against what the question counts only where the release uses a word for it
(:func:`assistant.answering.slots.shows`), and a French release never uses the English word; so
the thing is looked up among the words the candidate sentences' figures count
(:func:`assistant.answering.figures.counted_words`), by e5's similarity of the two words alone.
The best one stands for the English word when it is at least :data:`TRANSLATION` similar: e5 puts
a word's translation near 0.95 ("children"/"enfants" 0.965, "traffickers"/"trafiquants" 0.946)
and a word of the same field lower ("prosecutors"/"juges" 0.906, "girls"/"femmes" 0.913); a
translation it places lower ("calls"/"appels" 0.89) is not found, and that count stays unchecked,
as before. Each word is embedded once per process, those of a question together."""

from __future__ import annotations

import numpy as np

from assistant.answering.figures import counted_words
from assistant.text.normalize import fold

TRANSLATION = 0.925
_MAX_WORDS = 40  # the candidate sentences' counted words looked at, in their order


def french_things(things: list[str], sentences: list[str], embedder) -> list[str]:  # noqa: ANN001 (the store's)
    """The French word of ``sentences``' counts that translates each English thing; [] unless
    each has one (a figure counting a thing left untranslated would fail the check)."""
    words = list(dict.fromkeys(w.lower() for s in sentences for w in counted_words(s)))[:_MAX_WORDS]
    if not words:
        return []
    asked = [fold(t) for t in things]
    vectors = _vectors(embedder, asked + words)
    found = []
    for thing in asked:
        similarity = np.asarray([float(vectors[thing] @ vectors[w]) for w in words])
        if similarity.max() < TRANSLATION:
            return []
        found.append(words[int(similarity.argmax())])
    return found


_VECTORS: dict[tuple[int, str], np.ndarray] = {}  # (the embedder's id, a word) -> the word's vector
_KEPT = 8192


def _vectors(embedder, words: list[str]) -> dict[str, np.ndarray]:  # noqa: ANN001
    """Each word's e5 vector, those not seen yet embedded together."""
    new = [w for w in dict.fromkeys(words) if (id(embedder), w) not in _VECTORS]
    if len(_VECTORS) + len(new) > _KEPT:
        _VECTORS.clear()
        new = list(dict.fromkeys(words))
    for word, vector in zip(new, embedder.query_vectors(new) if new else ()):
        _VECTORS[(id(embedder), word)] = vector
    return {w: _VECTORS[(id(embedder), w)] for w in words}
