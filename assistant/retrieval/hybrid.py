"""Hybrid retrieval: dense (Chroma, e5) and BM25 (French stems) over the same chunks, fused by RRF.

BM25 wins on names and numbers, dense on paraphrase and on English questions over French
text; reciprocal-rank fusion keeps the best of both without calibrating their scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.config import Settings
from assistant.ingest.chunking import sentence_id
from assistant.store import ReleaseStore


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

    def sentence_ids(self) -> list[str]:
        """Ids of the sentences the chunk covers, in order (a cut sentence included)."""
        return [sentence_id(self.release_id, i, self.content_hash) for i in range(self.first_sentence, self.last_sentence + 1)]


def _chunk(cid: str, text: str, metadata: dict) -> RetrievedChunk:
    return RetrievedChunk(
        id=cid,
        release_id=metadata["release_id"],
        title=metadata.get("title", ""),
        text=text,
        content_hash=metadata["content_hash"],
        start=int(metadata["start"]),
        end=int(metadata["end"]),
        first_sentence=int(metadata["first_sentence"]),
        last_sentence=int(metadata["last_sentence"]),
    )


@dataclass
class Hit:
    """A ranked chunk before fusion."""

    id: str
    release_id: str
    content_hash: str


def _owner(chunk_id: str) -> tuple[str, str]:
    """(release id, content hash) from a chunk id, ``{release}:{hash}:c{i}`` (chunking.py)."""
    release_id, content_hash, _ = chunk_id.rsplit(":", 2)
    return release_id, content_hash


class HybridRetriever:
    """``retrieve(question)`` → the best chunks, fused from the dense and BM25 rankings.

    Both rankings are lists of ids; only the ``top_k`` chunks that survive fusion are
    materialised (llama-index's vector retriever builds a node for each of the ``candidates``
    hits, about half a millisecond each, for 20 hits of which 6 are kept).
    """

    def __init__(self, store: ReleaseStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    def dense(self, query: str, vector: np.ndarray) -> list[Hit]:
        return self._current(self.store.nearest_chunks(vector, self.settings.candidates))

    def bm25(self, query: str) -> list[Hit]:
        index = self.store.bm25()
        return self._current([cid for cid, _ in index.search(query)]) if index is not None else []

    def _current(self, ranked_ids: list[str]) -> list[Hit]:
        """The ranking without chunks of a release version that is no longer committed."""
        hits = [Hit(cid, *_owner(cid)) for cid in ranked_ids]
        return [h for h in hits if self.store.is_current_version(h.release_id, h.content_hash)]

    def retrieve(self, query: str, vector: np.ndarray, mode: str | None = None) -> list[RetrievedChunk]:
        mode = mode or self.settings.retriever
        self.store.sync()
        if self.store.is_empty():
            return []
        rankings: dict[str, list[Hit]] = {}
        if mode in ("hybrid", "dense"):
            rankings["dense"] = self.dense(query, vector)
        if mode in ("hybrid", "bm25"):
            rankings["bm25"] = self.bm25(query)
        scores: dict[str, float] = {}
        ranks: dict[str, dict[str, int]] = {}
        for name, ranking in rankings.items():
            for rank, hit in enumerate(ranking):
                scores[hit.id] = scores.get(hit.id, 0.0) + 1.0 / (self.settings.rrf_k + rank + 1)
                ranks.setdefault(hit.id, {})[name] = rank
        best = sorted(scores, key=lambda cid: -scores[cid])[: self.settings.top_k]
        chunks = {cid: _chunk(cid, text, meta) for cid, text, meta in self.store.chunk_records(best)}
        out = []
        for cid in best:
            if cid in chunks:  # removed between the ranking and the fetch: skip it
                chunk = chunks[cid]
                chunk.score = scores[cid]
                chunk.dense_rank = ranks[cid].get("dense")
                chunk.bm25_rank = ranks[cid].get("bm25")
                out.append(chunk)
        return out
