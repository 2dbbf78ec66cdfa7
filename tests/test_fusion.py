"""Reciprocal-rank fusion keeps BM25's best match: a chunk that BM25 ranks first and e5 does not
rank at all (its first ``candidates`` chunks are other ones) scores below every chunk both rank,
and fell out of the chunks read, though it shares the question's names and words."""

from __future__ import annotations

from assistant.retrieval.fusion import reciprocal_rank_fusion


def _ids(fused) -> list[str]:
    return [f.id for f in fused]


def test_a_first_hit_of_one_ranking_only_is_kept_in_place_of_the_last():
    rankings = {"dense": ["a", "b", "c", "e"], "bm25": ["d", "b", "c", "e"]}
    assert _ids(reciprocal_rank_fusion(rankings, k=60, top_k=3)) == ["b", "c", "e"]  # plain fusion drops "d"
    kept = reciprocal_rank_fusion(rankings, k=60, top_k=3, keep_first=("bm25",))
    assert _ids(kept) == ["b", "c", "d"]
    assert kept[-1].ranks == {"bm25": 0}


def test_a_first_hit_already_among_the_best_changes_nothing():
    rankings = {"dense": ["a", "b"], "bm25": ["b", "c"]}
    assert _ids(reciprocal_rank_fusion(rankings, k=60, top_k=2, keep_first=("bm25",))) == ["b", "a"]
    assert _ids(reciprocal_rank_fusion({"dense": ["a"], "bm25": []}, k=60, top_k=2, keep_first=("bm25",))) == ["a"]


def test_the_retriever_reads_bm25_s_best_chunk_when_e5_does_not_rank_it(service, monkeypatch):
    """On the shipped store, e5 made to rank every chunk but the one holding "527": the hybrid
    search still reads that chunk, BM25's best match for the number."""
    retriever, store = service.retriever, service.store
    question = "Quel est le numéro 527 ?"
    best_bm25 = retriever.bm25(question)[0].id
    ranked = [h.id for h in retriever.dense(question, store.embedder.query_vector(question))]
    monkeypatch.setattr(retriever, "_dense_ids", lambda vector: [cid for cid in ranked if cid != best_bm25])
    chunks = retriever.retrieve_chunks(question, store.embedder.query_vector(question), top_k=2)
    assert best_bm25 in [c.id for c in chunks]
    assert "527" in next(c.text for c in chunks if c.id == best_bm25)
