"""Stores written before sentences moved into their chunks' records kept every sentence in a
``sentences`` collection of its own, which Chroma loads whole to return any vector of it. Such a
store is upgraded in place, once, by its first writer: each chunk's sentences are copied from
that collection into the chunk's record, then the collection is dropped. Nothing is embedded
again; an upgrade cut short resumes where it stopped (a chunk already copied is skipped, and
the old collection goes last).
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np

from assistant.index import chunks
from assistant.index.catalogue import scan
from assistant.index.chroma import LEGACY_SENTENCES
from assistant.types import covered_sentence_ids

log = logging.getLogger(__name__)
PAGE = 500


def has_legacy_sentences(chroma) -> bool:
    names = {getattr(c, "name", c) for c in chroma.client.list_collections()}
    return LEGACY_SENTENCES in names


def upgrade_in_place(chroma, bm25_dir: Path) -> bool:
    """Upgrade a store of the older layout (:func:`move_sentences`); whether it was one. The BM25
    index beside it goes too: its copy of the chunks' records is of the older layout, under the
    same fingerprint."""
    if not has_legacy_sentences(chroma):
        return False
    moved = move_sentences(chroma)
    log.info("store upgraded: the sentences of %d chunks moved into their records", moved)
    shutil.rmtree(bm25_dir, ignore_errors=True)
    return True


def move_sentences(chroma) -> int:
    """Copy the legacy sentences into their chunks' records, drop the legacy collection; the
    number of chunks updated. Run by the store's one writer."""
    old = chroma.client.get_collection(LEGACY_SENTENCES, embedding_function=None)
    todo = [(cid, meta) for cid, _, meta in scan(chroma.chunks) if chunks.SENTENCE_SPANS not in meta]
    if todo:
        log.info("upgrading the store: %d chunks get their sentences from the old sentence collection", len(todo))
    moved = 0
    for lo in range(0, len(todo), PAGE):
        part = todo[lo : lo + PAGE]
        wanted = {cid: covered_sentence_ids(meta["release_id"], meta["content_hash"], int(meta["first_sentence"]),
                                            int(meta["last_sentence"]))
                  for cid, meta in part}
        got = old.get(ids=list(dict.fromkeys(sid for sids in wanted.values() for sid in sids)),
                      include=["metadatas", "embeddings"])
        found = {sid: (meta, vector) for sid, meta, vector in zip(got["ids"], got["metadatas"], got["embeddings"])}
        ids, metadatas = [], []
        for cid, meta in part:
            if not all(sid in found for sid in wanted[cid]):
                continue  # a leftover of an interrupted write: the next ingest's cleanup drops it
            sentences = [found[sid] for sid in wanted[cid]]
            spans = [[int(m["start"]), int(m["end"])] for m, _ in sentences]
            vectors = np.asarray([v for _, v in sentences], dtype=np.float32).reshape(len(sentences), -1)
            ids.append(cid)
            metadatas.append(meta | {chunks.SENTENCE_SPANS: json.dumps(spans),
                                     chunks.SENTENCE_VECTORS: chunks.pack_vectors(vectors)})
        if ids:
            chroma.chunks.update(ids=ids, metadatas=metadatas)
            moved += len(ids)
    chroma.client.delete_collection(LEGACY_SENTENCES)
    return moved
