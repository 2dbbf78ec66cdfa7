"""What a store holds of each release: its record (the commit point), and how a process reads
them: the catalogue of records, the release texts. Chunk records are :mod:`assistant.index.chunks`'s."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from assistant.text.normalize import fold
from assistant.types import Release

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
    sequence: int = 0  # of the write that committed it (chroma.Published)


def release_metadata(release: Release, source_hash: str, n_chunks: int, n_sentences: int, ingested_at: float,
                     sequence: int = 0) -> dict:
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
        "sequence": sequence,
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
        sequence=int(meta.get("sequence", 0)),
    )


class Catalogue:
    """The committed releases' records as this process sees them. A question reads only the
    records of the releases it touches (a fresh process does not read 28k records to answer);
    listing and ingest read them all, in pages, once. Forgotten (:meth:`clear`) when another
    process writes; a write of this process keeps them in step (:meth:`put`).

    ``collection`` gives the ``releases`` collection (a reopened client gives a new one).
    Records of a write still running (a ``sequence`` above :attr:`visible`) are not seen yet.
    """

    def __init__(self, collection: Callable[[], object]) -> None:
        self._collection = collection
        self.visible = 0  # the last write's sequence number this process has seen published
        self._all: dict[str, ReleaseRecord] | None = None
        self._some: dict[str, ReleaseRecord | None] = {}  # read one by one; None: no such release
        self._count: int | None = None
        self._fingerprint: str | None = None
        # where every record may come from without reading them (:mod:`assistant.index.snapshot`):
        # set by the store for the state it last saw published, forgotten at each clear
        self.copy: Callable[[], dict[str, ReleaseRecord] | None] | None = None
        self.copied = False  # whether :meth:`all` came from that copy
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._all, self._some, self._count, self._fingerprint = None, {}, None, None
            self.copy, self.copied = None, False

    def whole(self) -> dict[str, ReleaseRecord] | None:
        """Every record, if they were read (or copied); None otherwise."""
        return self._all

    def is_read(self) -> bool:
        """Whether anything was read since the last :meth:`clear`."""
        return self._all is not None or bool(self._some) or self._count is not None

    def all(self) -> dict[str, ReleaseRecord]:
        """Every record, by id, sorted."""
        if self._all is None:
            found = self.copy() if self.copy is not None else None
            copied = found is not None
            if found is None:
                found = self._committed((rid, meta) for rid, _, meta in scan(self._collection()))
            with self._lock:
                self._all, self.copied = dict(sorted(found.items())), copied
        return self._all

    def records(self, release_ids: Iterable[str]) -> dict[str, ReleaseRecord]:
        """The records of those of ``release_ids`` that are committed, read in one call at most."""
        wanted = list(dict.fromkeys(release_ids))
        if self._all is not None:
            return {rid: self._all[rid] for rid in wanted if rid in self._all}
        missing = [rid for rid in wanted if rid not in self._some]
        if missing:
            got = self._collection().get(ids=missing, include=["metadatas"])
            found = self._committed(zip(got["ids"], got["metadatas"]))
            with self._lock:
                self._some.update({rid: found.get(rid) for rid in missing})
        return {rid: self._some[rid] for rid in wanted if self._some.get(rid) is not None}

    def get(self, release_id: str) -> ReleaseRecord | None:
        return self.records([release_id]).get(release_id)

    def current(self, pairs: Iterable[tuple[str, str | None]]) -> list[bool]:
        """For (release id, content hash) pairs, whether each is a committed version; the
        records are read in one call at most."""
        pairs = list(pairs)
        found = self.records(rid for rid, _ in pairs)
        return [rid in found and found[rid].content_hash == h for rid, h in pairs]

    def _committed(self, rows: Iterable[tuple[str, dict]]) -> dict[str, ReleaseRecord]:
        """The records of (id, metadata) rows, but those of a write not yet published."""
        found = (record_from_metadata(rid, meta) for rid, meta in rows)
        return {r.id: r for r in found if r.sequence <= self.visible}

    def count(self) -> int:
        if self._all is not None:
            return len(self._all)
        if self._count is None:
            self._count = self._collection().count()
        return self._count

    def fingerprint(self, stored: str | None = None) -> str:
        """What identifies the set of committed release versions (the BM25 index is built per
        fingerprint): ``stored``, the one the last writer left with its generation token, saves
        reading every record."""
        if self._fingerprint is None:
            if stored is not None:
                self._fingerprint = stored
            else:  # computed once per catalogue: at 28k releases hashing it costs 33 ms
                items = sorted((r.id, r.content_hash) for r in self.all().values())
                self._fingerprint = hashlib.sha256(json.dumps(items).encode()).hexdigest()[:16]
        return self._fingerprint

    def put(self, record: ReleaseRecord) -> None:
        """A record this process just committed."""
        with self._lock:
            if self._all is not None:  # kept in step: re-reading it per release costs O(store)
                self._all[record.id] = record
            self._some[record.id] = record
            self._count = self._fingerprint = None


def upsert(collection, entries: list[tuple[Release, str, int, int]], vectors, sequence: int,
           batch: int) -> list[ReleaseRecord]:
    """Write the commit records of (release, source hash, chunk count, sentence count), their
    titles' ``vectors`` aligned, in batches; the records written."""
    now, written = time.time(), []
    for lo in range(0, len(entries), batch):
        part = entries[lo : lo + batch]
        metadatas = [release_metadata(r, h, nc, ns, now, sequence) for r, h, nc, ns in part]
        collection.upsert(ids=[r.id for r, *_ in part], embeddings=vectors[lo : lo + batch].tolist(),
                          documents=[r.text for r, *_ in part], metadatas=metadatas)
        written += [record_from_metadata(r.id, m) for (r, *_), m in zip(part, metadatas)]
    return written


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


def committed_chunks(collection, is_current: Callable[[dict], bool]) -> Iterator[tuple[str, str, dict]]:
    """(id, text, metadata) of every chunk ``is_current`` accepts, read in pages; the metadata
    without llama-index's own keys (its copy of the node), the chunk's sentences included."""
    for cid, text, meta in scan(collection, with_documents=True):
        if is_current(meta):
            yield cid, text, {k: v for k, v in meta.items() if not k.startswith("_")}


def committed_texts(collection, catalogue: dict[str, ReleaseRecord]) -> Iterator[tuple[str, str]]:
    """(id, text) of every release of ``catalogue``, as committed, read in pages."""
    for rid, text, meta in scan(collection, with_documents=True):
        record = catalogue.get(rid)
        if record is not None and record.content_hash == meta.get("content_hash"):
            yield rid, text


def delete_stale(chroma, release_id: str, keep_hash: str | None) -> None:
    """Delete a release's chunks of any version but ``keep_hash`` (None: all)."""
    got = chroma.chunks.get(where={"release_id": release_id}, include=["metadatas"])
    stale = [i for i, m in zip(got["ids"], got["metadatas"]) if m.get("content_hash") != keep_hash]
    if stale:
        chroma.chunks.delete(ids=stale)


def delete_leftovers(chroma, catalogue: dict[str, ReleaseRecord], is_current: Callable[[dict], bool]) -> bool:
    """Remove chunks no committed release owns (a killed ingest's leftovers); whether there were any."""
    if chroma.chunks.count() == sum(r.n_chunks for r in catalogue.values()):
        return False  # the usual case: counting is cheap, listing every id is not
    stale = [i for i, _, meta in scan(chroma.chunks) if not is_current(meta)]
    for start in range(0, len(stale), PAGE):
        chroma.chunks.delete(ids=stale[start : start + PAGE])
    return bool(stale)


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
