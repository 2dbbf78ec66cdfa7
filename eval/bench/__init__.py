"""Scale benchmark: ``python -m eval.bench [--sizes 1000,10000,100000] [--ingest-chunks 1000]``.

Two parts, in one run, every heavy step in its own subprocess (so that each peak memory
figure is that step's own):

(a) **Ingest** (:mod:`.run`). A synthetic corpus of about ``--ingest-chunks`` chunks
    (:mod:`.corpus`) is ingested through the real ``AssistantService.ingest`` into a fresh
    store, embedded for real. Measured: chunks/s and tiktoken tokens/s (of every text
    embedded: chunks with their title, sentences, titles), the share of the ingest time
    spent inside ``passage_vectors``, then the time to re-ingest the unchanged folder.

(b) **Questions against size.** For each size (ascending), the store grows to about that many
    chunks (:mod:`.build`): part (a)'s store is the base, and further synthetic releases are
    written through the store's public write path with vectors *derived* from part (a)'s
    real ones (:mod:`.derive`). The unchanged re-ingest measured afterwards (every release
    recognised, nothing embedded) checks the records. Then, on the same store (:mod:`.run`):
    question latency of retrieval, of a full answer and of the plain llama-index retriever
    as the reference, where an answer's time goes, the first question of a fresh process,
    the unchanged re-ingest, store size on disk and peak memory (``VmHWM``).

Writes ``bench.json`` and ``bench.png`` (latency against corpus size) to ``--out``
(default ``eval/reports/bench/``) and prints a table and the issue's targets, met or not
(:mod:`.report`). Timings are wall-clock on whatever else the machine is doing: the load
average is recorded.
"""
