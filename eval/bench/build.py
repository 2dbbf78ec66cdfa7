"""Growing the store to a size: more synthetic releases, derived vectors, bulk writes.

The releases are parsed and split by the store's own functions and written through the
store's public write path (:meth:`ReleaseStore.write_releases`, inside
:meth:`ReleaseStore.writing`, ended by :meth:`ReleaseStore.publish`), many releases a call:
``put`` costs several Chroma calls per release, which makes a 100k-chunk store a matter of
hours even with free vectors. One release per size goes through ``put`` itself and the two
are compared.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eval.bench.corpus import CorpusGenerator
from eval.bench.derive import DerivedEmbedding, VectorLibrary
from eval.bench.worker import bench_settings, load_average, log, peak_memory_mb, server_memory

if TYPE_CHECKING:
    from assistant.store import ReleaseStore

RELEASES_PER_WRITE = 200


class BulkWriter:
    """Writes many releases a call, with the records the ingest writes for each.

    Sentences, chunks and then the commit records are written in batches across releases
    (:meth:`ReleaseStore.write_releases`); vectors come from the store's embedder,
    derived ones while the store grows. Call inside :meth:`ReleaseStore.writing`.
    """

    def __init__(self, store: ReleaseStore, batch: int = 5000) -> None:
        self.store = store
        self.batch = batch
        # "chroma" also holds the title vectors, which the store embeds as it writes the records
        self.seconds = {"parse_split": 0.0, "vectors": 0.0, "chroma": 0.0}
        self.chunks = self.sentences = self.releases = 0

    def write(self, paths: list[Path]) -> None:
        """Parse, split, embed and write the releases of ``paths`` (new to the store)."""
        from assistant.index.chunks import EmbeddedRelease
        from assistant.ingest.chunking import split_release, split_sentences
        from assistant.ingest.parse import parse_file
        from assistant.ingest.pipeline import file_hash

        store, settings = self.store, self.store.settings
        started = time.perf_counter()
        parsed = []
        for path in paths:
            release = parse_file(path)
            sentences = split_sentences(release)
            chunks = split_release(release, sentences, settings.chunk_tokens, settings.chunk_overlap)
            parsed.append((release, file_hash(path), sentences, chunks))
        self.seconds["parse_split"] += time.perf_counter() - started

        started = time.perf_counter()
        embed = store.embedder.passage_vectors
        text_vectors = settings.chunk_vectors == "text"
        items = [EmbeddedRelease(release, source_hash, sentences, embed([s.text for s in sentences]),
                                 chunks, embed([c.embed_text for c in chunks]) if text_vectors else None)
                 for release, source_hash, sentences, chunks in parsed]
        self.seconds["vectors"] += time.perf_counter() - started

        started = time.perf_counter()
        store.write_releases(items, batch=self.batch)
        self.seconds["chroma"] += time.perf_counter() - started
        self.releases += len(items)
        self.sentences += sum(len(it.sentences) for it in items)
        self.chunks += sum(len(it.chunks) for it in items)


def worker_build(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Grow the store to about ``--target`` chunks with derived vectors (see :class:`BulkWriter`)."""
    from assistant.ingest.parse import parse_file
    from assistant.ingest.pipeline import file_hash
    from assistant.store import ReleaseStore

    settings = bench_settings(work / "store", args.server_url)
    corpus = work / "corpus"
    load = load_average()
    store = ReleaseStore(settings)
    before = store.chunk_count()
    start = len(list(corpus.glob("syn*.txt")))
    # splitting every release twice (here to count, then to write) would cost minutes at 100k:
    # the chunks per release of the store so far tell how many more releases make the size
    per_release = before / max(1, len(store.catalogue()))
    files = max(2, math.ceil((args.target - before) / per_release))
    generator = CorpusGenerator(settings, args.seed)
    started = time.perf_counter()
    paths = [corpus / f"{generator.release_id(i)}.txt" for i in range(start, start + files)]
    for index in range(start, start + files):
        generator.write_one(corpus, index)
    generate = time.perf_counter() - started
    log(f"build: {files} more releases (about {files * per_release:.0f} chunks) written in {generate:.0f} s; "
        "storing them with derived vectors")

    store.embedder = DerivedEmbedding(store.embedder, VectorLibrary.load(work), args.seed)  # type: ignore[assignment]
    writer = BulkWriter(store)
    with store.writing():
        started = time.perf_counter()
        first = parse_file(paths[0])
        store.put(first, file_hash(paths[0]))  # one release through the ingest's own write path
        put_seconds = time.perf_counter() - started
        for lo in range(1, len(paths), RELEASES_PER_WRITE):
            writer.write(paths[lo : lo + RELEASES_PER_WRITE])
            if (lo // RELEASES_PER_WRITE) % 10 == 0 or lo + RELEASES_PER_WRITE >= len(paths):
                log(f"build: {writer.releases + 1}/{files} releases, {writer.chunks} chunks, "
                    f"{writer.sentences} sentences in {time.perf_counter() - started:.0f} s")
        write_seconds = time.perf_counter() - started
        started = time.perf_counter()
        store.publish(changed=True)  # as an ingest ends: the BM25 index of the whole store, rebuilt and persisted
        bm25_seconds = time.perf_counter() - started
    log(f"build: {store.chunk_count()} chunks in the store; written in {write_seconds:.0f} s "
        f"({', '.join(f'{k} {v:.0f} s' for k, v in writer.seconds.items())}), BM25 rebuilt in {bm25_seconds:.0f} s")
    first_record = store.catalogue()[first.id]
    return {
        "chunks_before": before,
        "chunks_after": store.chunk_count(),
        "releases_added": writer.releases + 1,
        "chunks_added": writer.chunks + first_record.n_chunks,
        "sentences_added": writer.sentences + first_record.n_sentences,
        "generate_seconds": round(generate, 1),
        "put_one_release_seconds": round(put_seconds, 3),
        "write_seconds": round(write_seconds, 1),
        "write_breakdown_seconds": {k: round(v, 1) for k, v in writer.seconds.items()},
        "bm25_seconds": round(bm25_seconds, 1),
        "seconds": round(generate + write_seconds + bm25_seconds, 1),
        "peak_memory_mb": round(peak_memory_mb(), 1),
        "server_memory": server_memory(args.server_pid),
        "load_before": load,
        "load_after": load_average(),
    }
