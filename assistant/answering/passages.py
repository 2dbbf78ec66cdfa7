"""The passages a question's kind asks for, read beside the retrieved chunks even when the search
did not reach them: a release names its funders, its press contacts, the holder of a role and
what an acronym stands for once each, often in words the question does not use ("Who pays for
…": "Financées par …"; "Who is the chief executive …": "…, administratrice déléguée de …")."""

from __future__ import annotations

from assistant.answering import acronyms, candidates, people
from assistant.answering import contact_asked as contacts
from assistant.retrieval.hybrid import RetrievedChunk
from assistant.store import ReleaseStore

ROLE_RELEASES = 2  # the retrieved releases read for the holder of a role asked


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
    return chunks
