"""The release the search put first is read whole: a detail of a long release may sit in a chunk
whose words are not the question's, while its other chunks rank above it."""

from __future__ import annotations

from assistant.answering.passages import WHOLE_RELEASE_CHUNKS, with_whole_release
from assistant.retrieval.hybrid import chunk_from_record
from assistant.types import chunk_id

UKRAINE = "003_36d60928ab47fd18"
ASEAN_REPORT = "001_4f2cdcae036ebb31"
TECH_COALITION = "000_28533a0da6088d55"


def _chunks(store, release_id: str) -> list:
    record = store.record(release_id)
    ids = [chunk_id(record.id, record.content_hash, i) for i in range(record.n_chunks)]
    return [chunk_from_record(*row) for row in store.chunk_records(ids)]


def test_the_first_retrieved_release_is_read_whole_after_the_retrieved_chunks(service):
    store = service.store
    ukraine, asean = _chunks(store, UKRAINE), _chunks(store, ASEAN_REPORT)
    assert 1 < len(ukraine) <= WHOLE_RELEASE_CHUNKS and len(asean) > 1
    retrieved = [ukraine[-1], asean[0]]  # the search reached one chunk of each
    read = with_whole_release(store, retrieved)
    # the retrieved ones first, in their order; then the first release's others; not the second's
    assert [c.id for c in read[:2]] == [ukraine[-1].id, asean[0].id]
    assert sorted(c.id for c in read[2:]) == sorted(c.id for c in ukraine[:-1])
    assert with_whole_release(store, []) == []


def test_a_detail_of_a_chunk_the_search_did_not_reach_is_quoted(service):
    """Asked with only the Ukrainian release's last chunk retrieved, the answerer still reads
    the chunk that holds the figure asked (through the service, retrieval reaches it anyway)."""
    store = service.store
    ukraine = _chunks(store, UKRAINE)
    holding = [c for c in ukraine if "3500 victimes" in c.text]
    assert holding and holding[0] is not ukraine[-1]
    question = "Combien de victimes l'OIM a-t-elle aidées directement en Ukraine ces cinq dernières années ?"
    answer = service.answerer.answer(question, store.embedder.query_vector(question), [ukraine[-1]], "fr")
    assert not answer.abstained
    assert answer.citations[0].release_id == UKRAINE and "3500 victimes" in answer.citations[0].quote


def test_the_release_read_whole_is_the_first_not_about_something_else(service):
    """A release the question's names and places set aside (about something else) is not the
    one read whole: the next retrieved release is."""
    store = service.store
    ukraine, asean = _chunks(store, UKRAINE), _chunks(store, ASEAN_REPORT)
    read = with_whole_release(store, [ukraine[-1], asean[0]], aside=frozenset({UKRAINE}))
    assert sorted(c.id for c in read[2:]) == sorted(c.id for c in asean[1:])
    assert with_whole_release(store, [ukraine[-1]], aside=frozenset({UKRAINE})) == [ukraine[-1]]


def test_an_answer_in_a_chunk_of_the_second_retrieved_release_is_quoted(service):
    """"Which three Ukrainian mobile operators teamed up with IOM …", with the tech coalition's
    release first among the chunks read and a Ukrainian chunk without the operators' names after
    it: the coalition names nothing Ukrainian and is set aside, so the Ukrainian release is the one
    read whole, and its sentence naming Astelit, KyivStar and UMC answers."""
    store = service.store
    coalition, ukraine = _chunks(store, TECH_COALITION), _chunks(store, UKRAINE)
    elsewhere = [c for c in ukraine if "Astelit" not in c.text]
    assert elsewhere and any("Astelit" in c.text for c in ukraine)
    question = "Which three Ukrainian mobile operators teamed up with IOM against trafficking?"
    answer = service.answerer.answer(question, store.embedder.query_vector(question), [coalition[0], elsewhere[0]], "en")
    assert not answer.abstained and answer.citations[0].release_id == UKRAINE
    assert all(name in answer.citations[0].quote for name in ("Astelit", "KyivStar", "UMC"))
