"""The passages a question's kind asks for, read beside the retrieved chunks even when the search
did not reach them: a release names its funders, its press contacts, the holder of a role and
what an acronym stands for once each, often in words the question does not use ("Who pays for
…": "Financées par …"; "Who is the chief executive …": "…, administratrice déléguée de …").
And the rest of the release the search put first: in a long release, the detail asked may sit in
a chunk whose words are not the question's ("How many times had the app been downloaded": "…
téléchargée 64 000 fois"), while its other chunks, about the same topic, rank above it."""

from __future__ import annotations

from assistant.answering import acronyms, chunk_reads, people
from assistant.answering import contact_asked as contacts
from assistant.retrieval.hybrid import RetrievedChunk, chunk_from_record
from assistant.store import ReleaseStore
from assistant.types import chunk_id

ROLE_RELEASES = 2  # the retrieved releases read for the holder of a role asked
# the first retrieved release is read whole when it has at most this many chunks (a press release
# has a few; a long report's other chunks would only add noise and time); one release, not two:
# reading the second too cost dev citations (README, journal)
WHOLE_RELEASE_CHUNKS = 16


def with_passages(store: ReleaseStore, chunks: list[RetrievedChunk], current: str, funder: bool,
                  contact_asked: bool, aside: frozenset[str] = frozenset()) -> list[RetrievedChunk]:
    """``chunks`` and, after them, the chunks holding the passage ``current`` asks for: a funder
    (``funder``), a press contact (``contact_asked``), a role's holder, an acronym's meaning; and
    the rest of the first retrieved release not ``aside`` (about something else)."""
    if funder or contact_asked:
        chunks = (chunk_reads.with_funding_chunks if funder else contacts.with_contact_chunks)(store, chunks)
    if role := people.person_asked(current):  # (a particular role: "" asks for anyone)
        releases = list(dict.fromkeys(c.release_id for c in chunks))[:ROLE_RELEASES]
        chunks = chunks + chunk_reads.chunks_holding(store, releases, chunks, lambda c: people.names_holder(role, c.text))
    if acronym := acronyms.asked(current):
        chunks = acronyms.with_gloss_chunks(store, chunks, acronym.acronym)
    return with_whole_release(store, chunks, aside)


def with_whole_release(store: ReleaseStore, chunks: list[RetrievedChunk],
                       aside: frozenset[str] = frozenset()) -> list[RetrievedChunk]:
    """``chunks`` and, after them, the other chunks of the first retrieved release not ``aside``
    (of one of at most :data:`WHOLE_RELEASE_CHUNKS` chunks), unranked: their ids follow from the
    retrieved chunk's version, so one read of the chunks' records (the index's local copy, when
    it is the committed state's) and no read of the release's record."""
    first = next((c for c in chunks if c.release_id not in aside), None)
    if first is None:
        return chunks
    have = {c.id for c in chunks}
    ids = [chunk_id(first.release_id, first.content_hash, i) for i in range(WHOLE_RELEASE_CHUNKS + 1)]
    read = store.chunk_records([cid for cid in ids if cid not in have])
    if ids[-1] in have or any(cid == ids[-1] for cid, _, _ in read):  # a longer one
        return chunks
    return chunks + [chunk_from_record(cid, text, meta) for cid, text, meta in read]
