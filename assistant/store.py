"""The release store: three Chroma collections and a BM25 index kept in step with them.

* ``chunks``: retrieval units, written through llama-index's ``ChromaVectorStore``;
* ``sentences``: every sentence with its own embedding, so that answering needs no
  embedding work beyond the question;
* ``releases``: one record per release (text, title, hashes, contacts), written *last*: the
  commit point. Chunks and sentences whose content hash differs from their release's record
  are ignored, so a killed write leaves the previous state, and the next ingest resumes.

Chroma's side (one writer, fresh views) is :mod:`assistant.index.chroma`; the BM25 index
:mod:`assistant.index.bm25`; the records :mod:`assistant.index.catalogue`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

from assistant.config import Settings
from assistant.index import bm25 as bm25_index
from assistant.index import catalogue as records
from assistant.index.catalogue import EmbeddedRelease, ReleaseRecord, ReleaseTexts
from assistant.index.chroma import collections_for, reachable
from assistant.index.embedding import E5Embedding
from assistant.ingest import pipeline
from assistant.ingest.chunking import split_release, split_sentences
from assistant.types import Release


class ReleaseStore:
    """Releases, their chunks and sentences, in Chroma; plus the BM25 index of the chunks."""

    def __init__(self, settings: Settings, embedder: E5Embedding | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or E5Embedding()
        self.chroma = collections_for(settings)  # shared with this process's other stores on it
        self._catalogue: dict[str, ReleaseRecord] | None = None
        self._fingerprint_cache: str | None = None
        self._texts = ReleaseTexts()
        self._generation: str | None = None
        self._bm25: bm25_index.BM25Index | None = None
        self._bm25_fingerprint: str | None = None

    # ------------------------------------------------------------------ the catalogue and other processes

    @reachable
    def catalogue(self) -> dict[str, ReleaseRecord]:
        """The committed releases, by id (cached; writes and other processes' writes refresh it)."""
        if self._catalogue is None:
            found = {rid: records.record_from_metadata(rid, meta) for rid, _, meta in records.scan(self.chroma.releases)}
            self._catalogue = dict(sorted(found.items()))
        return self._catalogue

    def refresh(self) -> None:
        self._catalogue = None
        self._fingerprint_cache = None
        self._texts.clear()

    @reachable
    def sync(self) -> None:
        """Notice another process's ingest or removal (a CLI ingest while the chat page runs, or
        a colleague's on a shared Chroma server): one metadata read, a refresh only on change."""
        generation = self.chroma.generation()
        if generation != self._generation:
            if self._generation is not None or self._catalogue is not None:
                # another process wrote: an embedded client's cached vectors miss its work
                self.chroma.reopen()
            self._generation = generation
            self.refresh()

    def _bump_generation(self) -> None:
        # a fresh token rather than a counter: two writers never need to read-modify-write it
        self._generation = uuid.uuid4().hex
        self.chroma.set_generation(self._generation)

    def is_current(self, metadata: dict) -> bool:
        """Whether a chunk or sentence belongs to the committed version of its release."""
        return self.is_current_version(metadata.get("release_id", ""), metadata.get("content_hash"))

    def is_current_version(self, release_id: str, content_hash: str | None) -> bool:
        record = self.catalogue().get(release_id)
        return record is not None and record.content_hash == content_hash

    def is_empty(self) -> bool:
        return not self.catalogue()

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
        """(id, text, metadata) of the given chunks that exist and are current: from the BM25
        index's copy (built from the same committed chunks), else from Chroma."""
        index = self.bm25()
        rows, missing = [], []
        for cid in ids:
            found = index.chunk(cid) if index is not None else None
            if found is None:
                missing.append(cid)
            else:
                rows.append((cid, *found))
        if missing:
            got = self.chroma.chunks.get(ids=missing, include=["documents", "metadatas"])
            rows += zip(got["ids"], got["documents"], got["metadatas"])
        return [row for row in rows if self.is_current(row[2])]

    @reachable
    def all_chunks(self) -> Iterator[tuple[str, str, dict]]:
        """(id, text, metadata) of every committed chunk, read in pages."""
        for cid, text, meta in records.scan(self.chroma.chunks, with_documents=True):
            if self.is_current(meta):
                yield cid, text, {k: v for k, v in meta.items() if not k.startswith("_")}

    @reachable
    def sentences(self, ids: list[str]) -> list[tuple[str, str, dict, list[float]]]:
        """(id, text, metadata, embedding) of the given sentences that exist and are current."""
        if not ids:
            return []
        got = self.chroma.sentences.get(ids=ids, include=["documents", "metadatas", "embeddings"])
        rows = zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"])
        return [row for row in rows if self.is_current(row[2])]

    @reachable
    def release_text(self, release_id: str) -> str:
        """The cleaned text of a committed release (citation offsets point into it)."""
        texts = self.release_texts([release_id])
        if release_id not in texts:
            raise KeyError(f"no release {release_id!r} in the store")
        return texts[release_id]

    @reachable
    def release_texts(self, release_ids: Iterable[str]) -> dict[str, str]:
        """The cleaned texts of the given releases that the store holds, read in one call and
        remembered for the last few hundred releases asked for."""
        return self._texts.get(release_ids, lambda ids: self.chroma.releases.get(ids=ids, include=["documents"]))

    def folded_release_text(self, release_id: str) -> str:
        """:func:`~assistant.text.normalize.fold` of :meth:`release_text`, folded once per release read."""
        text = self.release_text(release_id)
        return self._texts.folded(release_id, text)

    # ------------------------------------------------------------------ BM25 and term statistics

    @reachable
    def term_idf(self) -> dict[str, float]:
        """IDF of the content stems over the committed chunks (for the answerer's term overlap)."""
        index = self.bm25()
        return index.idf if index is not None else {}

    def _fingerprint(self) -> str:
        # computed once per catalogue: at 28k releases hashing it costs 33 ms, twice per question
        if self._fingerprint_cache is None:  # reset with the catalogue
            items = sorted((r.id, r.content_hash) for r in self.catalogue().values())
            self._fingerprint_cache = hashlib.sha256(json.dumps(items).encode()).hexdigest()[:16]
        return self._fingerprint_cache

    @property
    def _bm25_dir(self) -> Path:
        if self.settings.chroma_url:  # each process keeps its own, beside its store directory
            key = hashlib.sha1(self.settings.chroma_url.encode()).hexdigest()[:10]
            return self.settings.store_dir / f"bm25-{key}"
        return self.settings.chroma_dir / "bm25"

    @reachable
    def bm25(self) -> bm25_index.BM25Index | None:
        """The BM25 index of the committed chunks: opened from disk, rebuilt only when stale."""
        fingerprint = self._fingerprint()
        if self._bm25_fingerprint == fingerprint:
            return self._bm25
        self._bm25 = None
        if self.catalogue():
            path, top_k = self._bm25_dir, self.settings.candidates
            self._bm25 = bm25_index.open_index(path, fingerprint, top_k)
            if self._bm25 is None:
                bm25_index.build_index(path, self.all_chunks(), fingerprint)
                self._bm25 = bm25_index.BM25Index(path, top_k)
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
        """This process as the store's one writer, on a fresh view of what others committed;
        every write (and the benchmark's bulk writes) runs inside it and ends with :meth:`publish`."""
        with self.chroma.writing(self.settings.write_wait):
            self._generation = self.chroma.generation()
            self.refresh()
            yield

    def publish(self, changed: bool) -> None:
        """End a write: re-read the catalogue, drop leftovers, build the BM25 index now (not at
        the first question), then, if anything changed, tell other processes, which then load
        that index instead of rebuilding it."""
        self.refresh()
        changed |= self._cleanup_leftovers()
        self.bm25()
        if changed:
            self._bump_generation()

    def put(self, release: Release, source_hash: str, report: pipeline.IngestReport | None = None) -> None:
        """Write one parsed release: missing embeddings, then the commit record, then cleanup."""
        report = report if report is not None else pipeline.IngestReport()
        record = self.catalogue().get(release.id)
        if record and record.content_hash == release.content_hash:
            self._write_records([(release, source_hash, record.n_chunks, record.n_sentences)])
            report.unchanged.append(release.id)
            return
        every_sentence = split_sentences(release)
        chunks = split_release(release, every_sentence, self.settings.chunk_tokens, self.settings.chunk_overlap)
        # what a killed ingest already embedded is not embedded again
        missing = self._missing(self.chroma.sentences, [s.id for s in every_sentence])
        sentences = [s for s in every_sentence if s.id in missing]
        missing = self._missing(self.chroma.chunks, [c.id for c in chunks])
        todo = [c for c in chunks if c.id in missing]
        embed = self.embedder.passage_vectors
        item = EmbeddedRelease(release, source_hash, sentences, embed([s.text for s in sentences]),
                               todo, embed([c.embed_text for c in todo]))
        self.write_releases([item], counts={release.id: (len(chunks), len(every_sentence))})
        report.embedded_sentences += len(sentences)
        report.embedded_chunks += len(todo)
        if record:  # a new release has no older version to delete (leftovers: _cleanup_leftovers)
            records.delete_stale(self.chroma, release.id, release.content_hash)
        (report.updated if record else report.added).append(release.id)

    def write_releases(self, items: list[EmbeddedRelease], counts: dict[str, tuple[int, int]] | None = None,
                       batch: int = 1000) -> None:
        """Write embedded releases: their sentences and chunks in batches across releases, then
        each one's commit record. ``counts`` gives (chunks, sentences) per release where the
        items hold only the missing ones. Call inside :meth:`writing`, then :meth:`publish`."""
        counts = counts or {}
        rows = [(s, v, it.release.content_hash) for it in items for s, v in zip(it.sentences, it.sentence_vectors)]
        for lo in range(0, len(rows), batch):
            part = rows[lo : lo + batch]
            self.chroma.sentences.add(ids=[s.id for s, _, _ in part], embeddings=[v.tolist() for _, v, _ in part],
                                      documents=[s.text for s, _, _ in part],
                                      metadatas=[records.sentence_metadata(s, h) for s, _, h in part])
        nodes = [records.chunk_node(c, it.release.content_hash, v) for it in items for c, v in zip(it.chunks, it.chunk_vectors)]
        for lo in range(0, len(nodes), batch):
            self.chroma.vector_store.add(nodes[lo : lo + batch])
        self._write_records([(it.release, it.source_hash, *counts.get(it.release.id, (len(it.chunks), len(it.sentences))))
                             for it in items], batch)

    def _missing(self, collection, ids: list[str]) -> set[str]:
        present = set(collection.get(ids=ids, include=[])["ids"]) if ids else set()
        return set(ids) - present

    def _write_records(self, entries: list[tuple[Release, str, int, int]], batch: int = 1000) -> None:
        """The commit records of (release, source hash, chunk count, sentence count): the titles
        embedded in one call, the records upserted in batches, the caches kept in step."""
        vectors = self.embedder.passage_vectors([release.title for release, *_ in entries])
        now = time.time()
        for lo in range(0, len(entries), batch):
            part = entries[lo : lo + batch]
            metadatas = [records.release_metadata(r, h, nc, ns, now) for r, h, nc, ns in part]
            self.chroma.releases.upsert(ids=[r.id for r, *_ in part], embeddings=vectors[lo : lo + batch].tolist(),
                                        documents=[r.text for r, *_ in part], metadatas=metadatas)
            for (release, *_), metadata in zip(part, metadatas):
                if self._catalogue is not None:  # kept in step here: re-reading it per release costs O(store)
                    self._catalogue[release.id] = records.record_from_metadata(release.id, metadata)
                    self._fingerprint_cache = None
                self._texts.forget(release.id)

    def _cleanup_leftovers(self) -> bool:
        """Remove chunks and sentences no committed release owns (a killed ingest's leftovers)."""
        return records.delete_leftovers(self.chroma, self.catalogue(), self.is_current)

    @reachable
    def remove(self, release_id: str) -> bool:
        """Delete one release and all its chunks; False when the store does not hold it."""
        with self.writing():
            if release_id not in self.catalogue():
                return False
            self.chroma.releases.delete(ids=[release_id])  # uncommit first: its chunks stop counting at once
            self._bump_generation()
            self.refresh()
            records.delete_stale(self.chroma, release_id, keep_hash=None)
            self.bm25()
            return True
