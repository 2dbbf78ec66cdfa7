"""Chunks read beside the retrieved ones, from their own records: a release names its funders,
its press contacts, the holder of a role and what an acronym stands for once each, in words a
question does not use; the search on the question found the release, not that passage."""

from __future__ import annotations

from collections.abc import Callable

from assistant.retrieval.hybrid import RetrievedChunk, chunk_from_record
from assistant.store import ReleaseStore
from assistant.text.funding import speaks_of_funding
from assistant.types import chunk_id


def with_funding_chunks(store: ReleaseStore, chunks: list[RetrievedChunk]) -> list[RetrievedChunk]:
    """``chunks`` and, for a funder asked, the chunks of the first retrieved release that speak
    of funding when none of its retrieved ones does: a release names its funders once, often
    near its end ("Financées par …"), in words a question does not use ("Who pays for …",
    "Quels bailleurs soutiennent …"); the search on the question found the release, not that
    passage."""
    return with_passage_chunks(store, chunks, lambda c: speaks_of_funding(c.text))


def with_passage_chunks(store: ReleaseStore, chunks: list[RetrievedChunk],
                        holds: Callable[[RetrievedChunk], bool]) -> list[RetrievedChunk]:
    """``chunks`` and, when none of the first retrieved release's chunks ``holds`` the passage
    asked for, that release's chunks that do: read from its own chunk records, ranked after
    the retrieved ones."""
    if not chunks or any(holds(c) for c in chunks if c.release_id == chunks[0].release_id):
        return chunks
    return chunks + chunks_holding(store, [chunks[0].release_id], chunks, holds)


def chunks_holding(store: ReleaseStore, release_ids: list[str], chunks: list[RetrievedChunk],
                   holds: Callable[[RetrievedChunk], bool]) -> list[RetrievedChunk]:
    """The chunks of the committed versions of ``release_ids``, not among ``chunks``, that
    ``holds``: read from their records in one call, unranked."""
    have = {c.id for c in chunks}
    ids = [chunk_id(r.id, r.content_hash, i) for r in map(store.record, release_ids) if r is not None
           for i in range(r.n_chunks)]
    read = (chunk_from_record(cid, text, meta) for cid, text, meta in
            store.chunk_records([cid for cid in ids if cid not in have]))
    return [c for c in read if holds(c)]
