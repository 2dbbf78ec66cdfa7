"""The release store: two Chroma collections and a BM25 index kept in step with them.

* ``chunks``: retrieval units, as llama-index's ``ChromaVectorStore`` stores nodes, each with
  the spans and e5 vectors of the sentences it covers (:mod:`assistant.index.chunks`);
* ``releases``: one record per release (text, title, hashes, contacts), written *last*: the
  commit point. Chunks whose content hash differs from their release's record are ignored, so
  a killed write leaves the previous state, and the next ingest resumes.

Chroma's side is :mod:`assistant.index.chroma`, the BM25 index :mod:`assistant.index.bm25`,
the records :mod:`assistant.index.catalogue`."""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np

from assistant.config import Settings
from assistant.index import bm25 as bm25_index
from assistant.index import catalogue as records
from assistant.index import chunks as chunk_records
from assistant.index import snapshot, upgrade
from assistant.index.catalogue import ReleaseRecord, ReleaseTexts
from assistant.index.chroma import Published, collections_for, reachable
from assistant.index.chunks import EmbeddedRelease
from assistant.index.embedding import E5Embedding
from assistant.ingest import pipeline
from assistant.types import Release, chunk_owner

log = logging.getLogger(__name__)


class ReleaseStore:
    """Releases, their chunks and sentences, in Chroma; plus the BM25 index of the chunks."""

    def __init__(self, settings: Settings, embedder: E5Embedding | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or E5Embedding()
        self.chroma = collections_for(settings)  # shared with this process's other stores on it
        self.records = records.Catalogue(lambda: self.chroma.releases)
        self._texts = ReleaseTexts()
        self._chunks = chunk_records.ChunkRecords()
        self._generation: str | None = None
        self._stored_fingerprint: str | None = None
        self._sequence = 0  # of this process's write, while it runs
        self._published = Published(None, None, 0)  # the state last seen or published
        self._copy = snapshot.path_for(bm25_index.directory(settings))  # of the catalogue (snapshot.py)
        self._synced = False  # whether what other processes published was read once
        self._bm25: bm25_index.BM25Index | None = None
        self._bm25_fingerprint: str | None = None

    # ------------------------------------------------------------------ the catalogue and other processes

    @reachable
    def catalogue(self) -> dict[str, ReleaseRecord]:
        """Every committed release, by id (cached; refreshed on writes). A question reads only
        the records it needs: :meth:`record`."""
        return self._seen().all()

    @reachable
    def record(self, release_id: str) -> ReleaseRecord | None:
        """The committed record of one release, or None."""
        return self._seen().get(release_id)

    def _seen(self) -> records.Catalogue:
        """The records, once this process knows which writes were published."""
        if not self._synced:
            self.sync()
        return self.records

    def refresh(self) -> None:
        for cache in (self.records, self._texts, self._chunks):
            cache.clear()

    @reachable
    def sync(self) -> None:
        """Notice another process's ingest or removal (a CLI ingest while the chat page runs, or
        a colleague's on a shared Chroma server): one metadata read, a refresh only on change."""
        state = self.chroma.state()
        self._synced = True
        if state.generation != self._generation:
            if self._generation is not None or self.records.is_read():
                # another process wrote: an embedded client's cached vectors miss its work
                self.chroma.reopen()
            self._generation, self._stored_fingerprint = state.generation, state.fingerprint
            self.records.visible, self._published = state.sequence, state
            self.refresh()
            self.records.copy = lambda: snapshot.load(self._copy, state)  # the copy of it, if any

    def _bump_generation(self, sequence: int | None = None) -> None:
        # a fresh token rather than a counter: two writers never need to read-modify-write it;
        # the fingerprint beside it spares readers a read of every record to find their BM25 index
        self._generation, self._stored_fingerprint = uuid.uuid4().hex, self.records.fingerprint()
        self._published = Published(self._generation, self._stored_fingerprint, self._sequence if sequence is None else sequence)
        self.chroma.publish(self._published)

    @reachable
    def is_current(self, metadata: dict) -> bool:
        """Whether a chunk belongs to the committed version of its release."""
        return self._seen().current([(metadata.get("release_id", ""), metadata.get("content_hash"))])[0]

    @reachable
    def current_chunks(self, chunk_ids: list[str]) -> list[bool]:
        """Whether each chunk belongs to the committed version of its release: looked up in the
        BM25 index's chunk ids when the index open is the committed state's (built from exactly
        the committed chunks: no read), else from the releases' records (one read)."""
        index = self._committed_index()
        if index is not None:
            return index.holds(chunk_ids)
        return self._seen().current(chunk_owner(cid) for cid in chunk_ids)

    def _committed_index(self) -> bm25_index.BM25Index | None:
        """The BM25 index open if it is the committed state's: then it holds exactly the committed
        chunks, its copy their records and texts. None after this process's write, until reopened."""
        index = self._bm25
        if (index is not None and self._stored_fingerprint is not None
                and self._bm25_fingerprint == self._seen().fingerprint(self._stored_fingerprint)):
            return index
        return None

    @reachable
    def is_empty(self) -> bool:
        return self._seen().count() == 0

    def chunk_count(self) -> int:
        return sum(r.n_chunks for r in self.catalogue().values())

    # ------------------------------------------------------------------ reading

    @reachable
    def nearest_chunks(self, vector, k: int) -> list[str]:
        """Ids of the ``k`` chunks nearest to a query vector, nearest first (ids only: reading
        each hit's document and metadata costs more than the search itself)."""
        got = self.chroma.chunks.query(query_embeddings=[vector], n_results=k, include=["distances"])
        return got["ids"][0] if got["ids"] else []

    @reachable
    def chunk_records(self, ids: list[str]) -> list[tuple[str, str, dict]]:
        """(id, text, metadata) of the given chunks that exist and are current, in one read; the
        metadata carries their sentences, which :meth:`sentences_of` then takes from memory."""
        return [(cid, *row) for cid, row in self._current_records(ids, self._chunks.read).items()]

    def _current_records(self, ids: list[str], read: Callable) -> dict[str, tuple[str, dict]]:
        """(text, metadata) of those of the chunks ``ids`` that exist and are current, in their
        order: ``read`` is the chunk records' ``read`` (from Chroma) or ``get`` (remembered)."""
        found = read(ids, self._read_chunks)
        ids = [cid for cid in dict.fromkeys(ids) if cid in found]
        return {cid: found[cid] for cid, ok in zip(ids, self.current_chunks(ids)) if ok}

    def _read_chunks(self, ids: list[str]) -> dict:
        index = self._committed_index()  # its copy, if any: no request to Chroma
        return index.copy.chunks(ids) if index is not None else self.chroma.chunks.get(ids=ids, include=["documents", "metadatas"])

    @reachable
    def all_chunks(self) -> Iterator[tuple[str, str, dict]]:
        """(id, text, metadata, sentences included) of every committed chunk, read in pages."""
        self.catalogue()  # every record at once, not one read per release
        return records.committed_chunks(self.chroma.chunks, self.is_current)

    @reachable
    def sentences_of(self, chunk_ids: Iterable[str]) -> dict[str, tuple[str, dict, np.ndarray]]:
        """The sentences the given chunks cover (:func:`~assistant.index.chunks.sentences_by_id`),
        from the chunks' records as :meth:`chunk_records` read them, else one read of them."""
        ids = list(dict.fromkeys(chunk_ids))
        metas = [meta for _, meta in self._current_records(ids, self._chunks.get).values()] if ids else []
        return chunk_records.sentences_by_id(metas, self.release_texts(meta["release_id"] for meta in metas))

    @reachable
    def release_text(self, release_id: str) -> str:
        """The cleaned text of a committed release (citation offsets point into it)."""
        texts = self.release_texts([release_id])
        if release_id not in texts:
            raise KeyError(f"no release {release_id!r} in the store")
        return texts[release_id]

    @reachable
    def release_texts(self, release_ids: Iterable[str]) -> dict[str, str]:
        """The cleaned texts of the given releases that the store holds, read in one call (from
        the committed index's copy, if any) and remembered for the last few hundred asked for."""
        return self._texts.get(release_ids, self._read_texts)

    def _read_texts(self, ids: list[str]) -> dict:
        index = self._committed_index()
        return index.copy.texts(ids) if index is not None else self.chroma.releases.get(ids=ids, include=["documents"])

    def folded_release_text(self, release_id: str) -> str:
        """:func:`~assistant.text.normalize.fold` of :meth:`release_text`, folded once per release read."""
        return self._texts.folded(release_id, self.release_text(release_id))

    # ------------------------------------------------------------------ BM25 and term statistics

    @reachable
    def term_idf(self) -> dict[str, float]:
        """IDF of the content stems over the committed chunks (for the answerer's term overlap)."""
        index = self.bm25()
        return index.idf if index is not None else {}

    @reachable
    def bm25(self) -> bm25_index.BM25Index | None:
        """The BM25 index of the committed chunks: opened from disk, rebuilt only when stale."""
        fingerprint = self._seen().fingerprint(self._stored_fingerprint)
        if self._bm25_fingerprint != fingerprint:
            self._bm25 = None if self.is_empty() else bm25_index.open_or_build(
                bm25_index.directory(self.settings), fingerprint, self.settings.candidates, self.all_chunks,
                lambda: records.committed_texts(self.chroma.releases, self.catalogue()))
            self._bm25_fingerprint = fingerprint
        return self._bm25

    # ------------------------------------------------------------------ writing

    @reachable
    def ingest(self, paths: list[str | Path], progress: bool = False) -> pipeline.IngestReport:
        """Add or update the releases found in ``paths`` (files or folders): see
        :mod:`assistant.ingest.pipeline`."""
        with self.writing():
            return pipeline.ingest(self, paths, progress)

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """This process as the store's one writer, on a fresh view of what others committed; every
        write (the benchmark's bulk writes too) runs inside it and ends with :meth:`publish`."""
        with self.chroma.writing(self.settings.write_wait):
            state = self.chroma.state()
            # this write's records carry the next sequence number: others see them when it ends
            self._generation, self._stored_fingerprint, self._sequence = state.generation, None, state.sequence + 1
            self.records.visible, self._synced, self._published = self._sequence, True, state
            self.refresh()
            self.records.copy = lambda: snapshot.load_for_writer(self._copy, state, self.chroma)
            if upgrade.upgrade_in_place(self.chroma, bm25_index.directory(self.settings)):
                self._chunks.clear()  # their records changed under the same ids, and the index's copy
                self._bm25_fingerprint = None
                self._bump_generation(state.sequence)
            yield

    @reachable
    def upgrade(self) -> None:
        """Bring a store an older version wrote up to date now (:mod:`assistant.index.upgrade`)."""
        if upgrade.has_legacy_sentences(self.chroma):
            with self.writing():
                self.bm25()

    def publish(self, changed: bool) -> None:
        """End a write: re-read the catalogue if it changed (or a killed write left records this one
        found unchanged), drop leftovers, build the BM25 index now, then tell other processes."""
        changed = changed or snapshot.pending(self.chroma.releases, self._published.sequence)
        if changed:
            self.refresh()
            self._stored_fingerprint = None
        catalogue = self.catalogue()
        changed |= records.delete_leftovers(self.chroma, catalogue, self.is_current)
        self.bm25()
        if changed:
            self._bump_generation()
        snapshot.save_whole(self._copy, self._published, self.records)

    def put(self, release: Release, source_hash: str, report: pipeline.IngestReport | None = None) -> None:
        """Write one parsed release (:func:`assistant.ingest.pipeline.put_release`)."""
        pipeline.put_release(self, release, source_hash, report if report is not None else pipeline.IngestReport())

    def write_releases(self, items: list[EmbeddedRelease], counts: dict[str, tuple[int, int]] | None = None,
                       batch: int = 1000) -> None:
        """Write embedded releases: their chunks with their sentences in batches across
        releases, then each one's commit record. ``counts`` gives (chunks, sentences) per
        release where the items hold only the missing ones. Call inside :meth:`writing`, then
        :meth:`publish`."""
        counts = counts or {}
        chunk_records.add_chunks(self.chroma.chunks, items, batch)
        self.write_records([(it.release, it.source_hash, *counts.get(it.release.id, (len(it.chunks), len(it.sentences))))
                             for it in items], batch)

    def write_records(self, entries: list[tuple[Release, str, int, int]], batch: int = 1000,
                      sequence: int | None = None) -> None:
        """The commit records of (release, source hash, chunk count, sentence count): the titles
        embedded in one call, the records upserted in batches, the caches kept in step. They
        carry this write's sequence number, or ``sequence`` (a record rewritten unchanged keeps
        its own: it stays visible to other processes)."""
        vectors = self.embedder.passage_vectors([release.title for release, *_ in entries])
        sequence = self._sequence if sequence is None else sequence
        for record in records.upsert(self.chroma.releases, entries, vectors, sequence, batch):
            self.records.put(record)
            self._texts.forget(record.id)

    @reachable
    def remove(self, release_id: str) -> bool:
        """Delete one release and all its chunks; False when the store does not hold it."""
        with self.writing():
            if release_id not in self.catalogue():
                return False
            self.chroma.releases.delete(ids=[release_id])  # uncommit first: its chunks stop counting at once
            self.refresh()
            self._bump_generation()
            records.delete_stale(self.chroma, release_id, keep_hash=None)
            self.bm25()
            snapshot.save_whole(self._copy, self._published, self.records)
            return True
