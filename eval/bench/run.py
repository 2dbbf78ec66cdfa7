"""The timed parts: ingest embedded for real (part (a)), then questions at one store size.

At each size, on the same store: retrieval alone (``service.retrieve``, query embedding
included), a full extractive answer (``service.ask``) and the plain llama-index path
(``VectorStoreIndex.from_vector_store(...).as_retriever().retrieve``, its own query embedding
included) as the reference; a p50 breakdown of one answer; the first question of a fresh
process; the unchanged re-ingest of the whole corpus; store size on disk; peak memory.

With ``--chroma-server`` (:mod:`.server`) all of it runs against the bench's Chroma server: the
store's client, and so the reference retriever on the store's ``chunks`` collection, are the
server's; disk usage is the server's data folder; the server's own memory is read from /proc.
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.evaluation.metrics import percentile
from eval.bench.corpus import CorpusGenerator
from eval.bench.derive import VectorLibrary
from eval.bench.ingest_reference import corpus_fingerprint
from eval.bench.server import data_dir
from eval.bench.vocabulary import QUESTIONS
from eval.bench.worker import (
    bench_settings,
    disk_usage_mb,
    load_average,
    log,
    peak_memory_mb,
    reset_peak,
    server_memory,
    timed,
)

if TYPE_CHECKING:
    import numpy as np

    from assistant.index.embedding import E5Embedding
    from assistant.service import AssistantService
    from assistant.store import ReleaseStore

WARM_UP = "Quelles actions l'OIM mène-t-elle contre la traite ?"


class TimedEmbedding:
    """Wraps the store's embedder: times ``passage_vectors`` and keeps every text and vector."""

    def __init__(self, inner: E5Embedding) -> None:
        self.inner = inner
        self.seconds = 0.0
        self.texts: list[str] = []
        self.vectors: list[np.ndarray] = []

    def passage_vectors(self, texts: list[str]) -> np.ndarray:
        """The inner embedder's vectors, timed and kept (they are the base of part (b))."""
        seconds, vectors = timed(lambda: self.inner.passage_vectors(texts))
        self.seconds += seconds
        self.texts.extend(texts)
        self.vectors.append(vectors)
        return vectors

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def summary_ms(seconds: list[float]) -> dict[str, float]:
    """p50, p95 and mean of timings, in milliseconds."""
    ms = [1000 * s for s in seconds]
    return {"p50": round(percentile(ms, 50), 2), "p95": round(percentile(ms, 95), 2),
            "mean": round(statistics.fmean(ms), 2), "n": len(ms)}


def worker_ingest(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Part (a): generate about ``--ingest-chunks`` chunks, ingest them for real, re-ingest."""
    import numpy as np
    from llama_index.core.utils import get_tokenizer

    from assistant.service import AssistantService

    settings = bench_settings(work / "store", args.server_url)
    corpus = work / "corpus"
    load = load_average()
    files = CorpusGenerator(settings, args.seed).write(corpus, 0, args.ingest_chunks)
    log(f"part (a): {files} synthetic releases written to {corpus}; ingesting them for real")
    service = AssistantService(settings)
    embedder = TimedEmbedding(service.store.embedder)
    service.store.embedder = embedder  # type: ignore[assignment]
    seconds, report = timed(lambda: service.ingest([corpus], progress=True))
    service.store.embedder = embedder.inner  # what the re-ingest embeds (titles) is not the ingest's
    reingest, again = timed(lambda: service.ingest([corpus]))

    tokenizer = get_tokenizer()
    tokens = sum(len(tokenizer(t)) for t in embedder.texts)
    chunk_tokens = sum(len(tokenizer(f"{m['title']}\n{d}")) for _, d, m in service.store.all_chunks())
    VectorLibrary.save(work, embedder.texts, np.vstack(embedder.vectors))
    log(f"part (a): {report.summary()}; re-ingest of the unchanged folder {reingest:.2f} s")
    return {
        "releases": len(report.added),
        "corpus": corpus_fingerprint(corpus),  # the plain llama-index reference must ingest the same files
        "chunks": service.store.chunk_count(),  # what the ingest made, whether or not it embedded them as text
        "embedded_chunks": report.embedded_chunks,
        "sentences": report.embedded_sentences,
        "texts_embedded": len(embedder.texts),
        "tokens_embedded": tokens,
        "chunk_tokens": chunk_tokens,
        "chunk_vectors": settings.chunk_vectors,  # "text": the chunks embedded as a second pass; "mean": not
        "seconds": round(seconds, 2),
        "embed_seconds": round(embedder.seconds, 2),
        "embed_share": round(embedder.seconds / seconds, 4),
        "chunks_per_s": round(service.store.chunk_count() / seconds, 2),
        "tokens_per_s": round(tokens / seconds, 1),
        "embed_tokens_per_s": round(tokens / embedder.seconds, 1),
        "reingest_seconds": round(reingest, 3),
        "reingest_unchanged": len(again.unchanged),
        "reingest_embedded": again.embedded_chunks + again.embedded_sentences,
        "peak_memory_mb": round(peak_memory_mb(), 1),
        "server_memory": server_memory(args.server_pid),
        "chroma": settings.chroma_url or "embedded",
        "load_before": load,
        "load_after": load_average(),
    }


def reference_retriever(store: ReleaseStore, top_k: int) -> tuple[Any, str]:
    """The plain llama-index retriever on the store's own ``chunks`` collection (the server's
    with ``--chroma-server``), and which collection it reads, as its client names it."""
    from llama_index.core import VectorStoreIndex

    reference = VectorStoreIndex.from_vector_store(store.chroma.vector_store, embed_model=store.embedder)
    collection = reference.vector_store.client
    if collection.id != store.chroma.chunks.id:
        raise RuntimeError("the llama-index reference does not read the store's chunks collection")
    api = getattr(getattr(collection, "_client", None), "_api_url", None)  # an HTTP client's server URL
    return reference.as_retriever(similarity_top_k=top_k), f"{collection.name} @ {api or 'embedded'}"


def worker_measure(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Part (b) at one size: question latency (ours and llama-index's), re-ingest, disk, memory."""
    from assistant.service import AssistantService

    settings = bench_settings(work / "store", args.server_url)
    load = load_average()
    # the server's peak from here on, if /proc lets us reset it; since it started otherwise
    since = "this measurement" if args.server_pid and reset_peak(args.server_pid) else None
    opened, service = timed(lambda: AssistantService(settings))
    store = service.store
    catalogue = store.catalogue()
    questions = QUESTIONS[: args.questions]
    log(f"measure: {store.chunk_count()} chunks, {len(catalogue)} releases; {len(questions)} questions "
        f"x {args.repeats}")
    first_ask, _ = timed(lambda: service.ask(questions[0]))  # loads BM25 and the term statistics
    retriever, reference_reads = reference_retriever(store, settings.top_k)
    service.retrieve(WARM_UP)
    service.ask(WARM_UP)
    retriever.retrieve(WARM_UP)

    runs: dict[str, Callable[[str], object]] = {
        "retrieve": service.retrieve,
        "ask": service.ask,
        "llamaindex": retriever.retrieve,
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    abstained = 0
    for repeat in range(args.repeats):
        for i, question in enumerate(questions):
            names = list(runs)
            names = names[i % 3 :] + names[: i % 3]  # rotate the order: no kind always runs first
            for name in names:
                seconds, result = timed(lambda fn=runs[name], q=question: fn(q))
                times[name].append(seconds)
                if name == "ask" and repeat == 0:
                    abstained += bool(getattr(result, "abstained", False))
    parts = answer_breakdown(service, questions)
    memory, server = peak_memory_mb(), server_memory(args.server_pid, since)

    log("measure: re-ingesting the unchanged corpus")
    reingest, report = timed(lambda: service.ingest([work / "corpus"]))
    result = {
        "chunks": store.chunk_count(),
        "sentences": sum(r.n_sentences for r in catalogue.values()),
        "releases": len(catalogue),
        "open_seconds": round(opened, 3),
        "first_ask_seconds": round(first_ask, 3),
        "latency_ms": {name: summary_ms(values) for name, values in times.items()},
        "breakdown_p50_ms": {name: round(1000 * percentile(values, 50), 2) for name, values in parts.items()},
        "abstained": abstained,
        "questions": len(questions),
        "reingest_seconds": round(reingest, 3),
        "reingest_unchanged": len(report.unchanged),
        "reingest_embedded": report.embedded_chunks + report.embedded_sentences,
        # with a server: its data folder; this process's store dir then holds only its BM25 index
        "disk_mb": round(disk_usage_mb(data_dir(work) if settings.chroma_url else settings.store_dir), 1),
        "disk_local_mb": round(disk_usage_mb(settings.store_dir), 1) if settings.chroma_url else None,
        "peak_memory_mb": round(memory, 1),
        "peak_memory_with_reingest_mb": round(peak_memory_mb(), 1),
        "server_memory": server,
        "server_memory_with_reingest": server_memory(args.server_pid, since),
        "chroma": settings.chroma_url or "embedded",
        "llamaindex_reads": reference_reads,
        "load_before": load,
        "load_after": load_average(),
    }
    for kind in ("retrieve", "ask"):
        for q in ("p50", "p95"):
            ref = result["latency_ms"]["llamaindex"][q]
            result["latency_ms"][kind][f"{q}_ratio"] = round(result["latency_ms"][kind][q] / ref, 2) if ref else None
    return result


def answer_breakdown(service: AssistantService, questions: list[str]) -> dict[str, list[float]]:
    """Seconds of each step of a full answer, per question: where its time goes."""
    from assistant.text.terms import detect_language

    embedder, retriever, answerer = service.store.embedder, service.retriever, service.answerer
    parts: dict[str, list[float]] = {"embed": [], "dense": [], "bm25": [], "fuse": [], "answer": []}
    for question in questions:
        seconds, vector = timed(lambda q=question: embedder.query_vector(q))
        parts["embed"].append(seconds)
        parts["dense"].append(timed(lambda q=question, v=vector: retriever.dense(q, v))[0])
        parts["bm25"].append(timed(lambda q=question: retriever.bm25(q))[0])
        seconds, chunks = timed(lambda q=question, v=vector: retriever.retrieve_chunks(q, v))
        parts["fuse"].append(seconds)  # dense + BM25 + sync + fusion, as ask() runs it
        seconds, _ = timed(lambda q=question, v=vector, c=chunks: answerer.answer(q, v, c, detect_language(q)))
        parts["answer"].append(seconds)
    return parts
