"""The assistant inside llama-index: our retriever in its RetrieverQueryEngine, our query engine.

Offline: no LLM is called (a MockLLM stands in where llama-index wants one), nothing downloaded.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import CARIBBEAN
from llama_index.core import get_response_synthesizer
from llama_index.core.base.response.schema import Response
from llama_index.core.llms import MockLLM
from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import MetadataMode, NodeWithScore, QueryBundle

from assistant.integrations.llama_index import as_query_engine, as_retriever
from assistant.retrieval.hybrid import HybridRetriever

QUESTION = "Qui finance la campagne de sensibilisation dans les Caraïbes ?"


def test_our_retriever_runs_in_llama_index_retriever_query_engine(service):
    assert isinstance(service.retriever, BaseRetriever)
    # MockLLM answers with the prompt it was given: the synthesizer's own work, offline
    synthesizer = get_response_synthesizer(llm=MockLLM())
    engine = RetrieverQueryEngine(retriever=service.retriever, response_synthesizer=synthesizer)
    response = engine.query(QUESTION)
    assert response.source_nodes
    assert response.source_nodes[0].node.metadata["release_id"] == CARIBBEAN
    assert response.source_nodes[0].node.get_content() in response.response
    # the LLM reads the release id and title beside the text, not the offsets
    shown = response.source_nodes[0].node.get_content(metadata_mode=MetadataMode.LLM)
    assert CARIBBEAN in shown and "content_hash" not in shown
    text = service.release_text(CARIBBEAN)
    for hit in response.source_nodes:
        meta = hit.node.metadata
        assert {"release_id", "title", "content_hash", "start", "end", "first_sentence", "last_sentence",
                "dense_rank", "bm25_rank"} <= set(meta)
        assert hit.node.ref_doc_id == meta["release_id"]
        if meta["release_id"] == CARIBBEAN:
            assert hit.node.get_content() in text


def test_nodes_are_the_chunks_the_service_answers_from(service):
    """One implementation: the llama-index path gives the chunks, order and scores of the service's."""
    query, chunks = service.retrieve(QUESTION)
    nodes = service.retriever.retrieve(query)
    assert [n.node.node_id for n in nodes] == [c.id for c in chunks]
    assert [n.score for n in nodes] == [c.score for c in chunks]
    assert all(isinstance(n, NodeWithScore) for n in nodes)
    # an embedding the caller already holds is used as is
    vector = service.store.embedder.query_vector(query)
    bundle = QueryBundle(query_str=query, embedding=vector.tolist())
    assert [n.node.node_id for n in service.retriever.retrieve(bundle)] == [c.id for c in chunks]


def test_as_retriever_overrides_apply_to_that_retriever_only(service):
    retriever = as_retriever(service, mode="bm25", top_k=2)
    assert isinstance(retriever, HybridRetriever) and retriever is not service.retriever
    nodes = retriever.retrieve(QUESTION)
    assert 0 < len(nodes) <= 2
    assert all(n.node.metadata["dense_rank"] is None for n in nodes)
    assert as_retriever(service) is service.retriever
    assert len(as_retriever(service.store, top_k=1).retrieve(QUESTION)) == 1
    with pytest.raises(ValueError, match="unknown retriever"):
        as_retriever(service, mode="fuzzy")


def test_as_query_engine_returns_the_cited_answer(service):
    response = as_query_engine(service).query(QUESTION)
    answer = service.ask(QUESTION)
    assert isinstance(response, Response)
    assert response.response == answer.text
    assert response.metadata["abstained"] is False
    assert len(response.source_nodes) == len(answer.citations)
    first = response.source_nodes[0]
    assert first.node.metadata["release_id"] == CARIBBEAN
    text = service.release_text(CARIBBEAN)
    quote = first.node.get_content()
    assert quote in text
    assert text[first.node.metadata["start"] : first.node.metadata["end"]] == quote
    assert first.score == answer.citations[0].score
    assert set(first.node.metadata) == {"release_id", "title", "start", "end"}


def test_as_query_engine_abstains_with_no_sources(service):
    response = as_query_engine(service).query("Quelle est la recette de la ratatouille ?")
    assert response.metadata["abstained"] is True
    assert response.source_nodes == []
    with pytest.raises(ValueError, match="unknown retriever"):
        as_query_engine(service, mode="fuzzy")


def test_query_bundle_embedding_must_come_from_the_store_model(service):
    with pytest.raises(ValueError, match="3 dimensions, the store's e5 model 384"):
        service.retriever.retrieve(QueryBundle(query_str=QUESTION, embedding=np.zeros(3).tolist()))
