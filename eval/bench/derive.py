"""Vectors beyond the real base: derived from the passage vectors part (a) really computed.

Embedding 100k chunks takes hours on two cores, so the larger stores get derived vectors. A
text identical to a base text gets that text's real vector; any other text gets the real
vector of the base text sharing the most words with it (IDF-weighted cosine over hashed,
accent-folded words), plus Gaussian noise (sigma 0.02 per dimension, seeded by the text),
L2-normalised.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.text.normalize import fold

if TYPE_CHECKING:  # numpy and the model are loaded in the workers only
    import numpy as np

    from assistant.index.embedding import E5Embedding

NOISE_SIGMA = 0.02
HASH_DIMS = 4096


class VectorLibrary:
    """The real passage vectors of part (a), looked up by text or by word overlap."""

    def __init__(self, texts: list[str], vectors: np.ndarray, dims: int = HASH_DIMS) -> None:
        import numpy as np

        self.vectors = vectors
        self.dims = dims
        self._exact = {t: i for i, t in enumerate(texts)}
        self._buckets: dict[str, int] = {}
        features = [self._features(t) for t in texts]
        df = np.zeros(dims, dtype=np.float32)
        for idx, _ in features:
            df[idx] += 1
        self._idf = np.log1p(len(texts) / np.maximum(df, 1)).astype(np.float32)
        self._matrix = np.zeros((dims, len(texts)), dtype=np.float32)  # bucket-major: one row per word bucket
        for j, (idx, tf) in enumerate(features):
            weights = tf * self._idf[idx]
            self._matrix[idx, j] = weights / (np.linalg.norm(weights) or 1.0)

    @classmethod
    def load(cls, folder: Path) -> VectorLibrary:
        """The library part (a) saved in ``folder``."""
        import numpy as np

        texts = json.loads((folder / "base_texts.json").read_text(encoding="utf-8"))
        return cls(texts, np.load(folder / "base_vectors.npy"))

    @staticmethod
    def save(folder: Path, texts: list[str], vectors: np.ndarray) -> None:
        """Keep part (a)'s texts and their real vectors (rows aligned) for the build workers."""
        import numpy as np

        (folder / "base_texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        np.save(folder / "base_vectors.npy", vectors)

    def _features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np

        from assistant.text.normalize import words

        counts = Counter(self._bucket(w) for w in words(fold(text)))
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.sqrt(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        return idx, tf

    def _bucket(self, word: str) -> int:
        bucket = self._buckets.get(word)
        if bucket is None:
            bucket = self._buckets[word] = zlib.crc32(word.encode()) % self.dims
        return bucket

    def nearest(self, text: str) -> int:
        """Index of the base text sharing the most (IDF-weighted) words with ``text``."""
        import numpy as np

        idx, tf = self._features(text)
        if not len(idx):
            return zlib.crc32(text.encode()) % len(self.vectors)
        return int(np.argmax((tf * self._idf[idx]) @ self._matrix[idx]))

    def derive(self, text: str, seed: int) -> np.ndarray:
        """A real vector for a base text; else its nearest base text's vector plus seeded noise."""
        import numpy as np

        exact = self._exact.get(text)
        if exact is not None:
            return self.vectors[exact]
        rng = np.random.default_rng([seed, zlib.crc32(text.encode())])
        vector = self.vectors[self.nearest(text)] + rng.normal(0.0, NOISE_SIGMA, self.vectors.shape[1])
        return (vector / np.linalg.norm(vector)).astype(np.float32)


class DerivedEmbedding:
    """Stands in for the store's embedder while the larger stores are built: derived vectors."""

    def __init__(self, inner: E5Embedding, library: VectorLibrary, seed: int) -> None:
        self.inner = inner
        self.library = library
        self.seed = seed

    def passage_vectors(self, texts: list[str]) -> np.ndarray:
        """One derived vector per text (see :meth:`VectorLibrary.derive`)."""
        import numpy as np

        out = np.zeros((len(texts), self.library.vectors.shape[1]), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self.library.derive(text, self.seed)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
