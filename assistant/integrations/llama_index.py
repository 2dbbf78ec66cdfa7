"""The assistant as llama-index components, to compose with one's own llama-index pieces.

* :func:`as_retriever`: the hybrid retriever (dense + BM25, fused), a ``BaseRetriever`` whose
  nodes are chunks of the releases; it fits in llama-index's ``RetrieverQueryEngine``.
* :func:`as_query_engine`: the whole assistant, a query engine whose ``Response`` is the cited
  answer (``response``) and its citations (``source_nodes``, one per quoted passage).

>>> engine = as_query_engine()
>>> response = engine.query("Qui finance la campagne de sensibilisation dans les Caraïbes ?")
>>> response.source_nodes[0].node.metadata["release_id"]
'002_cd64a4c7dfd5f85e'

Nothing here needs an LLM or a network: the retriever embeds with the store's e5 model, and
the query engine answers as the service is configured (extractive by default).
"""

from __future__ import annotations

import os
from typing import Any

from llama_index.core.base.response.schema import Response
from llama_index.core.query_engine import CustomQueryEngine
from llama_index.core.schema import NodeRelationship, NodeWithScore, RelatedNodeInfo, TextNode

from assistant import get_service
from assistant.retrieval.hybrid import HybridRetriever
from assistant.service import AssistantService
from assistant.store import ReleaseStore
from assistant.types import Answer, Citation

ServiceOrStore = AssistantService | ReleaseStore | str | os.PathLike | None


def _service(service_or_store: ServiceOrStore) -> AssistantService:
    """The service itself, or the shared one of a store directory (default: the user's store)."""
    if isinstance(service_or_store, AssistantService):
        return service_or_store
    if isinstance(service_or_store, ReleaseStore):
        raise TypeError("a query engine needs the service (it answers), not only its store: pass the service")
    return get_service(service_or_store)


def as_retriever(
    service_or_store: ServiceOrStore = None,
    *,
    mode: str | None = None,
    top_k: int | None = None,
    rrf_k: int | None = None,
) -> HybridRetriever:
    """The assistant's retriever as a llama-index ``BaseRetriever``.

    ``service_or_store`` is an :class:`~assistant.service.AssistantService`, a
    :class:`~assistant.store.ReleaseStore`, a store directory, or None for the default store.
    ``mode`` (``"hybrid"``, ``"dense"``, ``"bm25"``), ``top_k`` and ``rrf_k`` override the
    store's settings for this retriever only. (The number of candidates each ranking gives is
    the store's: its BM25 index is built for it.)

    >>> nodes = as_retriever(top_k=3).retrieve("Qui finance la campagne dans les Caraïbes ?")
    >>> nodes[0].node.metadata["release_id"]
    '002_cd64a4c7dfd5f85e'
    """
    knobs = {"retriever": mode, "top_k": top_k, "rrf_k": rrf_k}
    if isinstance(service_or_store, ReleaseStore):
        return HybridRetriever(service_or_store, service_or_store.settings.replace(**knobs))
    service = _service(service_or_store)
    if all(value is None for value in knobs.values()):
        return service.retriever  # the very retriever the service answers with
    return HybridRetriever(service.store, service.settings.replace(**knobs))


def citation_node(citation: Citation) -> NodeWithScore:
    """One citation as a llama-index source node: the quote, where it is, and its score.

    ``metadata`` holds ``release_id``, ``title``, ``start`` and ``end`` (the quote is
    ``release_text[start:end]``); the node's source (``ref_doc_id``) is the release.
    """
    extra: dict[str, Any] = {"id_": citation.chunk_id} if citation.chunk_id else {}
    node = TextNode(
        text=citation.quote,
        metadata={"release_id": citation.release_id, "title": citation.title,
                  "start": citation.start, "end": citation.end},
        start_char_idx=citation.start,
        end_char_idx=citation.end,
        # offsets mean nothing to an LLM reading the node; the release id and title are what it cites
        excluded_llm_metadata_keys=["start", "end"],
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=citation.release_id)},
        **extra,
    )
    return NodeWithScore(node=node, score=citation.score)


def answer_response(answer: Answer) -> Response:
    """An :class:`~assistant.types.Answer` as a llama-index ``Response``.

    ``response`` is the answer's text with its ``[n]`` markers; ``source_nodes[n-1]`` is the
    citation of marker ``[n]``; ``metadata`` holds ``abstained``, ``language``, ``verified``
    and ``notice``.
    """
    return Response(
        response=answer.text,
        source_nodes=[citation_node(c) for c in answer.citations],
        metadata={"abstained": answer.abstained, "language": answer.language,
                  "verified": answer.verified, "notice": answer.notice},
    )


class AssistantQueryEngine(CustomQueryEngine):
    """A llama-index query engine over the assistant: ``query(question)`` → the cited answer."""

    service: AssistantService
    mode: str | None = None

    def custom_query(self, query_str: str) -> Response:
        """Answer ``query_str`` through the service, as ``assistant ask`` does."""
        return answer_response(self.service.ask(query_str, mode=self.mode))


def as_query_engine(service_or_store: ServiceOrStore = None, *, mode: str | None = None) -> AssistantQueryEngine:
    """The whole assistant as a llama-index query engine (retrieval, answer, citations).

    ``service_or_store`` is an :class:`~assistant.service.AssistantService`, a store directory,
    or None for the default store; ``mode`` picks the retriever (default: the settings').
    """
    service = _service(service_or_store)
    service.settings.replace(retriever=mode)  # an unknown mode fails here, not at the first question
    return AssistantQueryEngine(service=service, mode=mode)
