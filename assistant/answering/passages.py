"""The passages a question's kind asks for, read beside the retrieved chunks even when the search
did not reach them: a release names its funders, its press contacts, the holder of a role and
what an acronym stands for once each, often in words the question does not use ("Who pays for
…": "Financées par …"; "Who is the chief executive …": "…, administratrice déléguée de …").
And the rest of the release the search put first: in a long release, the detail asked may sit in
a chunk whose words are not the question's ("How many times had the app been downloaded": "…
téléchargée 64 000 fois"), while its other chunks, about the same topic, rank above it."""

from __future__ import annotations

from assistant.answering import acronyms, candidates, people
from assistant.answering import contact_asked as contacts
from assistant.retrieval.hybrid import RetrievedChunk
from assistant.store import ReleaseStore

ROLE_RELEASES = 2  # the retrieved releases read for the holder of a role asked
# the first retrieved release is read whole when it has at most this many chunks (a press release
# has a few; a long report's other chunks would only add noise and time); one release, not two:
# reading the second too cost dev citations (README, journal)
WHOLE_RELEASE_CHUNKS = 16


def with_passages(store: ReleaseStore, chunks: list[RetrievedChunk], current: str, funder: bool,
                  contact_asked: bool) -> list[RetrievedChunk]:
    """``chunks`` and, after them, the chunks holding the passage ``current`` asks for: a funder
    (``funder``), a press contact (``contact_asked``), a role's holder, an acronym's meaning."""
    if funder or contact_asked:
        chunks = (candidates.with_funding_chunks if funder else contacts.with_contact_chunks)(store, chunks)
    if role := people.person_asked(current):  # (a particular role: "" asks for anyone)
        releases = list(dict.fromkeys(c.release_id for c in chunks))[:ROLE_RELEASES]
        chunks = chunks + candidates.chunks_holding(store, releases, chunks, lambda c: people.names_holder(role, c.text))
    if acronym := acronyms.asked(current):
        chunks = acronyms.with_gloss_chunks(store, chunks, acronym.acronym)
    return with_whole_release(store, chunks)


def with_whole_release(store: ReleaseStore, chunks: list[RetrievedChunk]) -> list[RetrievedChunk]:
    """``chunks`` and, after them, the other chunks of the first retrieved release (of one of at
    most :data:`WHOLE_RELEASE_CHUNKS` chunks), unranked."""
    record = store.record(chunks[0].release_id) if chunks else None
    if record is None or record.n_chunks > WHOLE_RELEASE_CHUNKS:
        return chunks
    return chunks + candidates.chunks_holding(store, [record.id], chunks, lambda c: True)
