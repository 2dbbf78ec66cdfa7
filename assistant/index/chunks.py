"""What a chunk's record holds: the node llama-index's ``ChromaVectorStore`` writes, plus the
sentences the chunk covers (their spans in the release text and their e5 vectors), so that
answering reads the sentences of a few chunks and searches none. The ingest and the benchmark
write the same records."""

from __future__ import annotations

import base64
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from llama_index.core.schema import MetadataMode, TextNode
from llama_index.core.vector_stores.utils import node_to_metadata_dict

from assistant.index.embedding import DIMENSION, chunk_vector
from assistant.types import Chunk, Release, Sentence, covered_sentence_ids

# a chunk's sentences, in its Chroma metadata beside llama-index's own keys (not in the node:
# llama-index would copy them into its ``_node_content`` too): their spans in the release text,
# as JSON, and their e5 vectors, float16, base64
SENTENCE_SPANS, SENTENCE_VECTORS = "sentence_spans", "sentence_vectors"
# keys the BM25 index's copy of a chunk leaves out (llama-index's own, and the sentences)
NOT_COPIED = (SENTENCE_SPANS, SENTENCE_VECTORS)


def pack_vectors(vectors: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vectors, dtype="<f2").tobytes()).decode("ascii")


def unpack_vectors(packed: str, dimension: int) -> np.ndarray:
    return np.frombuffer(base64.b64decode(packed), dtype="<f2").astype(np.float32).reshape(-1, dimension)


def chunk_node(chunk: Chunk, content_hash: str, vector: np.ndarray) -> TextNode:
    return TextNode(
        id_=chunk.id,
        text=chunk.text,
        embedding=vector.tolist(),
        metadata={
            "release_id": chunk.release_id,
            "title": chunk.title,
            "content_hash": content_hash,
            "chunk_index": chunk.index,
            "start": chunk.start,
            "end": chunk.end,
            "first_sentence": chunk.first_sentence,
            "last_sentence": chunk.last_sentence,
        },
    )


def chunk_row(node: TextNode, sentences: list[Sentence], sentence_vectors: np.ndarray) -> tuple[str, list[float], str, dict]:
    """(id, vector, document, metadata) of a chunk as Chroma stores it: the record
    ``ChromaVectorStore.add`` writes (so llama-index reads it back as a node), plus the chunk's
    sentences (see :data:`SENTENCE_SPANS`)."""
    metadata = node_to_metadata_dict(node, remove_text=True, flat_metadata=True)
    metadata[SENTENCE_SPANS] = json.dumps([[s.start, s.end] for s in sentences])
    metadata[SENTENCE_VECTORS] = pack_vectors(sentence_vectors)
    return node.node_id, node.get_embedding(), node.get_content(metadata_mode=MetadataMode.NONE), metadata


def chunk_sentences(meta: dict, release_text: str) -> Iterator[tuple[str, str, dict, np.ndarray]]:
    """(sentence id, text, metadata, e5 vector) of the sentences a chunk's record carries, in
    order; the metadata gives ``release_id``, ``index``, ``start`` and ``end``."""
    if SENTENCE_SPANS not in meta:
        return
    release_id, first = meta["release_id"], int(meta["first_sentence"])
    spans = json.loads(meta[SENTENCE_SPANS])
    vectors = unpack_vectors(meta[SENTENCE_VECTORS], DIMENSION)
    ids = covered_sentence_ids(release_id, meta["content_hash"], first, first + len(spans) - 1)
    for k, (sid, (start, end), vector) in enumerate(zip(ids, spans, vectors)):
        yield sid, release_text[start:end], {"release_id": release_id, "index": first + k, "start": start, "end": end}, vector


def sentences_by_id(metas: Iterable[dict], texts: dict[str, str]) -> dict[str, tuple[str, dict, np.ndarray]]:
    """(text, metadata, e5 vector) by sentence id of the sentences the chunk records ``metas``
    carry (:func:`chunk_sentences`), in their order, for those whose release text is in ``texts``."""
    out: dict[str, tuple[str, dict, np.ndarray]] = {}
    for meta in (m for m in metas if m["release_id"] in texts):
        for sid, *row in chunk_sentences(meta, texts[meta["release_id"]]):
            out.setdefault(sid, tuple(row))
    return out


def chunk_rows(item: EmbeddedRelease) -> Iterator[tuple[str, list[float], str, dict]]:
    """The records of an embedded release's chunks (see :func:`chunk_row`)."""
    by_index = {s.index: (s, v) for s, v in zip(item.sentences, item.sentence_vectors)}
    for k, chunk in enumerate(item.chunks):
        covered = [by_index[i] for i in range(chunk.first_sentence, chunk.last_sentence + 1)]
        vectors = np.stack([v for _, v in covered]) if covered else np.zeros((0, DIMENSION), np.float32)
        vector = item.chunk_vectors[k] if item.chunk_vectors is not None else chunk_vector(vectors)
        yield chunk_row(chunk_node(chunk, item.release.content_hash, vector), [s for s, _ in covered], vectors)


def add_chunks(collection, items: list[EmbeddedRelease], batch: int) -> None:
    """Add the chunk records of embedded releases (:func:`chunk_rows`) in batches across releases."""
    rows = [row for it in items for row in chunk_rows(it)]
    for lo in range(0, len(rows), batch):
        part = rows[lo : lo + batch]
        collection.add(ids=[r[0] for r in part], embeddings=[r[1] for r in part],
                       documents=[r[2] for r in part], metadatas=[r[3] for r in part])


@dataclass
class EmbeddedRelease:
    """A release ready to write: the chunks to write, the sentences they cover and the
    sentences' vectors (rows aligned); the chunks' own vectors when they were embedded apart,
    else None: then each is the mean of its sentences'
    (:func:`~assistant.index.embedding.chunk_vector`)."""

    release: Release
    source_hash: str
    sentences: list[Sentence]
    sentence_vectors: np.ndarray
    chunks: list[Chunk]
    chunk_vectors: np.ndarray | None = None


class ChunkRecords:
    """The Chroma records (text, metadata with the sentences) of the chunks read last, so that
    a question reads its chunks' records once: the retriever reads the fused chunks' records
    (:meth:`read`, always from Chroma), and the answerer's
    :meth:`~assistant.store.ReleaseStore.sentences_of` of the same chunks takes them from here
    (:meth:`get`). A chunk's id names its release version (``{release}:{content hash}:c{i}``),
    so a record read stays right; whether that version is still committed is checked at each
    use, and the store forgets them all when another process writes. Bounded; locked, like the
    release texts."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._rows: OrderedDict[str, tuple[str, dict]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._rows)

    def read(self, chunk_ids: Iterable[str], read: Callable[[list[str]], dict]) -> dict[str, tuple[str, dict]]:
        """(text, metadata) of those of ``chunk_ids`` that exist, read with one ``read(ids)`` (a
        Chroma ``get`` result with documents and metadatas), and kept."""
        return self._get(list(dict.fromkeys(chunk_ids)), read, fresh=True)

    def get(self, chunk_ids: Iterable[str], read: Callable[[list[str]], dict]) -> dict[str, tuple[str, dict]]:
        """As :meth:`read`, but only those not kept are read."""
        return self._get(list(dict.fromkeys(chunk_ids)), read, fresh=False)

    def _get(self, wanted: list[str], read: Callable[[list[str]], dict], fresh: bool) -> dict[str, tuple[str, dict]]:
        with self._lock:
            missing = wanted if fresh else [cid for cid in wanted if cid not in self._rows]
            if fresh:
                for cid in wanted:
                    self._rows.pop(cid, None)
            found = read(missing) if missing else {"ids": [], "documents": [], "metadatas": []}
            for cid, text, meta in zip(found["ids"], found["documents"], found["metadatas"]):
                self._rows[cid] = (text, meta)
            out = {}
            for cid in wanted:
                if cid in self._rows:
                    self._rows.move_to_end(cid)
                    out[cid] = self._rows[cid]
            while len(self._rows) > max(self.size, len(wanted)):
                self._rows.popitem(last=False)
            return out

    def clear(self) -> None:
        with self._lock:
            self._rows.clear()
