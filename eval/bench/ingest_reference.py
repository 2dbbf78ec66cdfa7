"""Plain llama-index ingest of part (a)'s corpus: the reference our ingest time is compared with.

What a llama-index user writes to index a folder of releases into Chroma, with our embedder and
our chunking (``SentenceSplitter`` at ``Settings.chunk_tokens`` / ``chunk_overlap``, sized in
llama-index's tiktoken tokens, as :mod:`assistant.ingest.chunking` splits)::

    documents = SimpleDirectoryReader(corpus, filename_as_id=True).load_data()
    VectorStoreIndex.from_documents(documents, storage_context=StorageContext.from_defaults(vector_store=store),
                                    embed_model=E5Embedding(), transformations=[splitter])

The reader keeps the file name as metadata only (not embedded: its default ``file_path`` would be
embedded with every chunk and shrink the chunks), so both sides split the same text into chunks
of the same size. Run in a fresh interpreter, after part (a) and on the same files (their
fingerprint is recorded by both). Measured: seconds (reading, splitting, embedding, Chroma
writes), chunks, tokens embedded (every text the embedder got) and the embedding's share.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from pathlib import Path
from typing import Any

from eval.bench.worker import bench_settings, load_average, log, peak_memory_mb, timed

COLLECTION = "plain"


def corpus_fingerprint(folder: Path) -> dict[str, Any]:
    """How many files a corpus folder holds, their bytes, and a hash of their names and contents."""
    digest = hashlib.sha256()
    files = total = 0
    for path in sorted(folder.glob("*.txt")):
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data + b"\0")
        files += 1
        total += len(data)
    return {"files": files, "bytes": total, "sha256": digest.hexdigest()[:16]}


def counting_embedding() -> Any:
    """Our embedder (``E5Embedding``) as llama-index calls it, keeping every text it embeds and
    the seconds it takes. Defined here, not at import: the orchestrating process, which imports
    this module for :func:`corpus_fingerprint`, stays free of llama-index."""
    from pydantic import PrivateAttr

    from assistant.index.embedding import E5Embedding

    class CountingEmbedding(E5Embedding):
        _texts: list[str] = PrivateAttr(default_factory=list)
        _seconds: float = PrivateAttr(default=0.0)

        def passage_vectors(self, texts: list[str]):  # noqa: ANN202 (the parent's numpy array)
            started = time.perf_counter()
            vectors = super().passage_vectors(texts)
            self._seconds += time.perf_counter() - started
            self._texts.extend(texts)
            return vectors

        @property
        def texts(self) -> list[str]:
            return self._texts

        @property
        def seconds(self) -> float:
            return self._seconds

    return CountingEmbedding()


def plain_ingest(corpus: Path, chroma_dir: Path, chunk_tokens: int, chunk_overlap: int) -> dict[str, Any]:
    """Index ``corpus`` with plain llama-index into a fresh Chroma collection under ``chroma_dir``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.utils import get_tokenizer
    from llama_index.vector_stores.chroma import ChromaVectorStore

    client = chromadb.PersistentClient(path=str(chroma_dir), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.create_collection(COLLECTION, configuration={"hnsw": {"space": "cosine"}},
                                          embedding_function=None)  # the space our chunks use; no default embedder
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    embedder = counting_embedding()
    splitter = SentenceSplitter(chunk_size=chunk_tokens, chunk_overlap=chunk_overlap, tokenizer=get_tokenizer())

    def ingest() -> None:
        reader = SimpleDirectoryReader(str(corpus), required_exts=[".txt"], filename_as_id=True,
                                       file_metadata=lambda path: {"file_name": Path(path).name})
        VectorStoreIndex.from_documents(reader.load_data(), storage_context=storage, embed_model=embedder,
                                        transformations=[splitter])

    seconds, _ = timed(ingest)
    tokenizer = get_tokenizer()
    return {
        "chunks": collection.count(),
        "texts_embedded": len(embedder.texts),
        "tokens_embedded": sum(len(tokenizer(t)) for t in embedder.texts),
        "seconds": round(seconds, 2),
        "embed_seconds": round(embedder.seconds, 2),
        "embed_share": round(embedder.seconds / seconds, 4) if seconds else None,
    }


def worker_ingest_reference(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Plain llama-index ingest of ``WORK/corpus`` (part (a)'s files), in this fresh interpreter."""
    settings = bench_settings(work / "store")
    corpus = work / "corpus"
    load = load_average()
    fingerprint = corpus_fingerprint(corpus)
    log(f"ingest reference: {fingerprint['files']} releases of {corpus} with plain llama-index "
        f"(SentenceSplitter {settings.chunk_tokens}/{settings.chunk_overlap}, E5Embedding, Chroma)")
    chroma_dir = work / "plain-chroma"
    result = plain_ingest(corpus, chroma_dir, settings.chunk_tokens, settings.chunk_overlap)
    log(f"ingest reference: {result['chunks']} chunks, {result['tokens_embedded']:,} tokens embedded "
        f"in {result['seconds']:.1f} s")
    return {
        **result,
        "releases": fingerprint["files"],
        "corpus": fingerprint,
        "chunk_tokens": settings.chunk_tokens,
        "chunk_overlap": settings.chunk_overlap,
        "chunks_per_s": round(result["chunks"] / result["seconds"], 2) if result["seconds"] else None,
        "peak_memory_mb": round(peak_memory_mb(), 1),
        "load_before": load,
        "load_after": load_average(),
    }
