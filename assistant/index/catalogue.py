"""What a store holds, as records: one per release (the commit point), and the metadata its
chunks and sentences are stored with. The ingest and the benchmark write the same records."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from llama_index.core.schema import TextNode

from assistant.text.normalize import fold
from assistant.types import Chunk, Release, Sentence

PAGE = 5000  # records read per call in a full scan


@dataclass(frozen=True)
class ReleaseRecord:
    """What the store knows of one committed release."""

    id: str
    title: str
    content_hash: str
    source_hash: str
    source: str
    n_chunks: int
    n_sentences: int
    dateline: str | None = None
    contacts: tuple[dict, ...] = ()
    ingested_at: float = 0.0


def sentence_metadata(sentence: Sentence, content_hash: str) -> dict:
    return {"release_id": sentence.release_id, "content_hash": content_hash, "index": sentence.index,
            "start": sentence.start, "end": sentence.end}


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


def release_metadata(release: Release, source_hash: str, n_chunks: int, n_sentences: int, ingested_at: float) -> dict:
    """The commit record's metadata (its document is the release text, its vector the title's)."""
    return {
        "title": release.title,
        "content_hash": release.content_hash,
        "source_hash": source_hash,
        "source": release.source,
        "n_chunks": n_chunks,
        "n_sentences": n_sentences,
        "dateline": release.dateline or "",
        "contacts": json.dumps([c.__dict__ for c in release.contacts], ensure_ascii=False),
        "ingested_at": ingested_at,
    }


def record_from_metadata(release_id: str, meta: dict) -> ReleaseRecord:
    """A release's record from the metadata :func:`release_metadata` made."""
    return ReleaseRecord(
        id=release_id,
        title=meta["title"],
        content_hash=meta["content_hash"],
        source_hash=meta["source_hash"],
        source=meta.get("source", ""),
        n_chunks=int(meta["n_chunks"]),
        n_sentences=int(meta["n_sentences"]),
        dateline=meta.get("dateline") or None,
        contacts=tuple(json.loads(meta.get("contacts") or "[]")),
        ingested_at=float(meta.get("ingested_at", 0.0)),
    )


def scan(collection, with_documents: bool = False) -> Iterator[tuple[str, str | None, dict]]:
    """(id, document or None, metadata) of every record of a collection, read in pages: one read
    of all of them holds them in memory at once (28k releases: 530 MB more at the peak; paged,
    130 MB)."""
    include = ["documents", "metadatas"] if with_documents else ["metadatas"]
    offset = 0
    while True:
        got = collection.get(include=include, limit=PAGE, offset=offset)
        if not got["ids"]:
            return
        documents = got["documents"] if with_documents else [None] * len(got["ids"])
        yield from zip(got["ids"], documents, got["metadatas"])
        offset += len(got["ids"])


def delete_stale(chroma, release_id: str, keep_hash: str | None) -> None:
    """Delete a release's chunks and sentences of any version but ``keep_hash`` (None: all)."""
    for collection in (chroma.chunks, chroma.sentences):
        got = collection.get(where={"release_id": release_id}, include=["metadatas"])
        stale = [i for i, m in zip(got["ids"], got["metadatas"]) if m.get("content_hash") != keep_hash]
        if stale:
            collection.delete(ids=stale)


def delete_leftovers(chroma, catalogue: dict[str, ReleaseRecord], is_current: Callable[[dict], bool]) -> bool:
    """Remove chunks and sentences no committed release owns (a killed ingest's leftovers);
    whether there were any."""
    found = False
    for collection, expected in (
        (chroma.chunks, sum(r.n_chunks for r in catalogue.values())),
        (chroma.sentences, sum(r.n_sentences for r in catalogue.values())),
    ):
        if collection.count() == expected:
            continue  # the usual case: counting is cheap, listing every id is not
        stale = [i for i, _, meta in scan(collection) if not is_current(meta)]
        for start in range(0, len(stale), PAGE):
            collection.delete(ids=stale[start : start + PAGE])
        found |= bool(stale)
    return found


class ReleaseTexts:
    """Release texts (plain and accent-folded) for the last few hundred releases read: the
    answerer reads those of the retrieved chunks at every question. Locked, since the chat
    page opens releases outside the service's lock."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._texts: OrderedDict[str, tuple[str, str]] = OrderedDict()  # id -> (text, folded text)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._texts)

    def get(self, release_ids: Iterable[str], read: Callable[[list[str]], dict]) -> dict[str, str]:
        """The texts of ``release_ids``; those not remembered are read with one ``read(ids)``
        (a Chroma ``get`` result)."""
        wanted = list(dict.fromkeys(release_ids))
        with self._lock:
            missing = [rid for rid in wanted if rid not in self._texts]
            if missing:
                got = read(missing)
                for rid, text in zip(got["ids"], got["documents"]):
                    self._texts[rid] = (text, fold(text))
            out = {}
            for rid in wanted:
                if rid in self._texts:
                    self._texts.move_to_end(rid)
                    out[rid] = self._texts[rid][0]
            while len(self._texts) > self.size:
                self._texts.popitem(last=False)
            return out

    def folded(self, release_id: str, text: str) -> str:
        with self._lock:
            cached = self._texts.get(release_id)
        return cached[1] if cached is not None and cached[0] is text else fold(text)

    def forget(self, release_id: str) -> None:
        with self._lock:
            self._texts.pop(release_id, None)

    def clear(self) -> None:
        with self._lock:
            self._texts.clear()


@dataclass
class EmbeddedRelease:
    """A release ready to write: its pieces and their vectors (rows aligned with the pieces)."""

    release: Release
    source_hash: str
    sentences: list[Sentence]
    sentence_vectors: np.ndarray
    chunks: list[Chunk]
    chunk_vectors: np.ndarray
