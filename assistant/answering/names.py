"""A name of the question that a release spells otherwise: a demonym for its country
("tchadiennes", "au Tchad"), a capital or a region for the countries it names, a translation.

The exact and 5-letter-stem matches of :func:`assistant.text.facts.mentions` miss these;
e5 similarity between the question's name and the release's own names finds them. e5 puts any
two names at 0.78–0.85, so a name counts as another spelling of one of the release's names only
when it is close to it *and* clearly closer than to the others ("tchadiennes": Tchad 0.88,
Niger 0.79), never when all are alike. The constants were set on a handful of demonyms, capitals
and regions against country names, not on the eval questions.
"""

from __future__ import annotations

import re
from collections import OrderedDict

import numpy as np

from assistant.index.embedding import DIMENSION, E5Embedding
from assistant.text.facts import is_house

_NAMES = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\wÀ-ÿ'’-]{2,}(?:\s+(?:de\s+|du\s+|d'|la\s+)?[A-ZÀ-ÖØ-Þ][\wÀ-ÿ-]+)*")
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
            names = list(dict.fromkeys(m.group() for m in _NAMES.finditer(text) if not is_house(m.group())))
            names = names[:_MAX_NAMES]
            self._names[key] = (self.embedder.passage_vectors(names) if names
                                else np.zeros((0, DIMENSION), dtype=np.float32))
            while len(self._names) > _CACHED:
                self._names.popitem(last=False)
        self._names.move_to_end(key)
        return self._names[key]

    def count_paraphrases(self, specifics: list[str], mentioned: dict[str, set[str]], texts: dict[str, str],
                          ranked_releases: list[tuple[str, str]]) -> None:
        """Count as mentioned (in ``mentioned``, release id → names) the names no retrieved
        release writes alike but the first releases name otherwise (a demonym, a capital, a
        region): a different spelling lowers confidence through the similarity, it no longer
        vetoes the answer."""
        missing = [t for t in specifics if not any(t in found for found in mentioned.values())
                   and not any(c.isdigit() for c in t)]
        for rid, content_hash in list(dict.fromkeys(ranked_releases))[:2] if missing else []:
            key = f"{rid}:{content_hash}"  # the version the chunks are of: the committed one
            for term in missing:
                if self.support(term, key, texts[rid]) >= 0.5:
                    mentioned[rid].add(term)
