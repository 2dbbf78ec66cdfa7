"""Hybrid retrieval: dense (Chroma, e5) and BM25 (French stems) over the same chunks, fused by RRF.

BM25 wins on names and numbers, dense on paraphrase and on English questions over French
text; reciprocal-rank fusion keeps the best of both without calibrating their scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import numpy as np
from llama_index.core import VectorStoreIndex
from llama_index.core.schema import QueryBundle

from .settings import Settings
from .store import ReleaseStore, StoreError


@dataclass
class RetrievedChunk:
    id: str
    release_id: str
    title: str
    text: str
    content_hash: str
    start: int
    end: int
    first_sentence: int
    last_sentence: int
    score: float = 0.0  # fused RRF score
    dense_rank: int | None = None
    bm25_rank: int | None = None


def _from_node(node, metadata: dict) -> RetrievedChunk:
    return RetrievedChunk(
        id=node.node_id,
        release_id=metadata["release_id"],
        title=metadata.get("title", ""),
        text=node.get_content(),
        content_hash=metadata["content_hash"],
        start=int(metadata["start"]),
        end=int(metadata["end"]),
        first_sentence=int(metadata["first_sentence"]),
        last_sentence=int(metadata["last_sentence"]),
    )


class HybridRetriever:
    """``retrieve(question)`` → the best chunks, fused from the dense and BM25 rankings."""

    def __init__(self, store: ReleaseStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        index = VectorStoreIndex.from_vector_store(store.vector_store, embed_model=store.embedder)
        self._dense = index.as_retriever(similarity_top_k=settings.candidates)

    def dense(self, query: str, vector: np.ndarray) -> list[RetrievedChunk]:
        bundle = QueryBundle(query_str=query, embedding=vector.tolist())
        hits = self._dense_hits(bundle)
        return [_from_node(h.node, h.node.metadata) for h in hits if self.store.is_current(h.node.metadata)]

    def _dense_hits(self, bundle: QueryBundle):
        try:
            return self._dense.retrieve(bundle)
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the Chroma server at {self.settings.chroma_url} ({exc})") from exc

    def bm25(self, query: str) -> list[RetrievedChunk]:
        retriever = self.store.bm25()
        if retriever is None:
            return []
        hits = [h for h in retriever.retrieve(query) if h.score > 0]
        return [_from_node(h.node, h.node.metadata) for h in hits if self.store.is_current(h.node.metadata)]

    def retrieve(self, query: str, vector: np.ndarray, mode: str | None = None) -> list[RetrievedChunk]:
        mode = mode or self.settings.retriever
        self.store.sync()
        if self.store.is_empty():
            return []
        rankings: dict[str, list[RetrievedChunk]] = {}
        if mode in ("hybrid", "dense"):
            rankings["dense"] = self.dense(query, vector)
        if mode in ("hybrid", "bm25"):
            rankings["bm25"] = self.bm25(query)
        fused: dict[str, RetrievedChunk] = {}
        for name, ranking in rankings.items():
            for rank, chunk in enumerate(ranking):
                kept = fused.setdefault(chunk.id, chunk)
                kept.score += 1.0 / (self.settings.rrf_k + rank + 1)
                setattr(kept, f"{name}_rank", rank)
        ordered = sorted(fused.values(), key=lambda c: -c.score)
        return ordered[: self.settings.top_k]
