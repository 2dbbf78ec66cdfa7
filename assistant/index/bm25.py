"""The BM25 index of the committed chunks: built from them, persisted with a fingerprint of the
catalogue it was built from, and opened memory-mapped; with it, the local copy of what a question
reads (:mod:`assistant.index.local_copy`)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

import bm25s
import numpy as np
from llama_index.core.schema import MetadataMode, TextNode
from llama_index.core.vector_stores.utils import node_to_metadata_dict
from llama_index.retrievers.bm25 import BM25Retriever

from assistant.config import Settings
from assistant.index.chunks import NOT_COPIED
from assistant.index.local_copy import CopyWriter, LocalCopy
from assistant.text.geography import french_names
from assistant.text.terms import idf_from_texts, index_tokens

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets its own logger to DEBUG

# the on-disk format: an index of another format is rebuilt (2: term IDF and chunk ids stored
# beside it; only the title of the metadata indexed; 3: identifiers whole; 4: the local copy of
# the chunk records and release texts beside it)
FORMAT = 6  # 5: a feminine agent noun indexed by its masculine stem; 6: capitalised words whole too
_IDF_FILE = "term_idf.json"
_IDS_FILE = "chunk_ids.json"
_STAMP_FILE = "fingerprint.json"


class BM25Index:
    """The persisted BM25 index of the committed chunks, opened memory-mapped: its scores (paged
    in as questions touch them) and the chunks llama-index stores with them stay on disk, so a
    process's memory does not grow with the corpus; the chunk ids in index order and the term
    IDF sit beside it, and the local copy of the chunks' records and the releases' texts
    (:attr:`copy`), which a question reads while the index is the committed state's."""

    def __init__(self, path: Path, top_k: int) -> None:
        # quietly: bm25s otherwise draws a progress bar and logs on the root logger, in a
        # user's terminal, each time an index is opened or closed
        self.retriever = BM25Retriever.from_persist_dir(str(path), mmap=True, show_progress=False, verbosity=0)
        ids = json.loads((path / _IDS_FILE).read_text(encoding="utf-8"))
        self.idf: dict[str, float] = json.loads((path / _IDF_FILE).read_text(encoding="utf-8"))
        self._ids = np.array(ids, dtype=object)  # aligned with the index: bm25s returns them directly
        self._rows = {cid: row for row, cid in enumerate(ids)}  # 100k chunks: about 20 ms
        self.copy = LocalCopy(path, self._rows)
        self.top_k = min(top_k, len(ids))

    def holds(self, chunk_ids: list[str]) -> list[bool]:
        """Whether each chunk is one the index was built from: one of the committed chunks, when
        the index is the committed state's."""
        return [cid in self._rows for cid in chunk_ids]

    def search(self, query: str) -> list[tuple[str, float]]:
        """(chunk id, score) of the best chunks for ``query``, best first; zero scores dropped."""
        # a place the question names otherwise (a country by its people, its English name or "la
        # capitale sénégalaise"; a region) is searched by its French names too: the releases' words
        tokens = index_tokens(" ".join([query, *french_names(query)]))
        if not tokens:
            return []
        found, scores = self.retriever.bm25.retrieve([tokens], corpus=self._ids, k=self.top_k, show_progress=False)
        return [(cid, float(score)) for cid, score in zip(found[0], scores[0]) if score > 0]


def directory(settings: Settings) -> Path:
    """Where a store's BM25 index lives: beside its Chroma files, or, on a Chroma server, in
    each process's own store directory."""
    if settings.chroma_url:
        key = hashlib.sha1(settings.chroma_url.encode()).hexdigest()[:10]
        return settings.store_dir / f"bm25-{key}"
    return settings.chroma_dir / "bm25"


def open_or_build(path: Path, fingerprint: str, top_k: int, chunks: Callable[[], Iterable[tuple[str, str, dict]]],
                  texts: Callable[[], Iterable[tuple[str, str]]]) -> BM25Index:
    """The index at ``path`` built from the catalogue ``fingerprint`` names, built first from
    ``chunks()`` (with the releases' ``texts()`` for the local copy) when it is missing or stale."""
    index = open_index(path, fingerprint, top_k)
    if index is None:
        build_index(path, chunks(), fingerprint, texts())
        index = BM25Index(path, top_k)
    return index


def open_index(path: Path, fingerprint: str, top_k: int) -> BM25Index | None:
    """The index at ``path`` if it was built from the catalogue ``fingerprint`` names."""
    try:
        stamp = json.loads((path / _STAMP_FILE).read_text())
        if stamp.get("fingerprint") == fingerprint and stamp.get("format") == FORMAT and LocalCopy.exists(path):
            return BM25Index(path, top_k)
    except (OSError, ValueError, KeyError) as exc:
        log.debug("BM25 index not loadable (%s); rebuilding", exc)
    return None


def build_index(path: Path, chunks: Iterable[tuple[str, str, dict]], fingerprint: str,
                texts: Iterable[tuple[str, str]]) -> None:
    """Index ``(id, text, metadata)`` chunks at ``path``, with the local copy of them and of the
    releases' ``(id, text)`` (every committed release: a question reads its texts there), swapped
    in whole."""
    # a name of its own: two processes rebuilding at once must not write into one folder
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    tmp.mkdir(parents=True)
    try:
        _write(tmp, chunks, fingerprint, texts)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap_in(tmp, path)


def _write(tmp: Path, chunks: Iterable[tuple[str, str, dict]], fingerprint: str, texts: Iterable[tuple[str, str]]) -> None:
    copy = CopyWriter(tmp)
    nodes = []
    for cid, text, meta in chunks:  # the copy written as the chunks are read: they are not all held
        copy.add_chunk(text, meta)
        meta = {k: v for k, v in meta.items() if k not in NOT_COPIED}
        # only the title joins the text: ids, hashes and offsets are not words to match
        nodes.append(TextNode(id_=cid, text=text, metadata=meta, excluded_embed_metadata_keys=[k for k in meta if k != "title"]))
    copy.add_releases(texts)
    copy.close()
    # tokenised here, not by bm25s: identifiers ("Zorblax017", "1-800-555-0199") count whole
    bm25 = bm25s.BM25()
    bm25.index([index_tokens(node.get_content(metadata_mode=MetadataMode.EMBED)) for node in nodes], show_progress=False)
    bm25.corpus = [node_to_metadata_dict(node) | {"node_id": node.node_id} for node in nodes]
    retriever = BM25Retriever(existing_bm25=bm25, similarity_top_k=len(nodes), skip_stemming=True)
    retriever.persist(str(tmp), show_progress=False)
    (tmp / _IDS_FILE).write_text(json.dumps([node.node_id for node in nodes]), encoding="utf-8")
    idf = idf_from_texts([node.text for node in nodes])
    (tmp / _IDF_FILE).write_text(json.dumps(idf, ensure_ascii=False), encoding="utf-8")
    (tmp / _STAMP_FILE).write_text(json.dumps({"fingerprint": fingerprint, "format": FORMAT}))


def _swap_in(tmp: Path, path: Path) -> None:
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
