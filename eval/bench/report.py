"""What a run shows: the ingest comparison, the issue's targets met or not, the latency plot and
the printed tables."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any


def nearest_size(rows: list[dict[str, Any]], target: int) -> dict[str, Any]:
    """The measured row closest to ``target`` chunks (on a log scale)."""
    return min(rows, key=lambda r: abs(math.log(r["chunks"] / target)))


def compare_ingest(ours: dict[str, Any], plain: dict[str, Any]) -> dict[str, Any]:
    """Our ingest (part (a)) against plain llama-index's of the same files: time per chunk and
    their ratio (ours / plain), chunks and tokens embedded by each."""
    if ours["corpus"] != plain["corpus"]:
        raise RuntimeError(f"the two ingests read different files: {ours['corpus']} against {plain['corpus']}")
    per_chunk = {name: r["seconds"] / r["chunks"] for name, r in (("ours", ours), ("plain", plain))}
    return {
        "releases": ours["corpus"]["files"],
        "seconds": {"ours": ours["seconds"], "plain": plain["seconds"]},
        "chunks": {"ours": ours["chunks"], "plain": plain["chunks"]},
        "ms_per_chunk": {name: round(1000 * v, 1) for name, v in per_chunk.items()},
        "ratio_per_chunk": round(per_chunk["ours"] / per_chunk["plain"], 3),
        "ratio_total": round(ours["seconds"] / plain["seconds"], 3),
        "tokens_embedded": {"ours": ours["tokens_embedded"], "plain": plain["tokens_embedded"]},
        "texts_embedded": {"ours": ours["texts_embedded"], "plain": plain["texts_embedded"]},
        "tokens_ratio": round(ours["tokens_embedded"] / plain["tokens_embedded"], 3),
        "embed_share": {"ours": ours["embed_share"], "plain": plain["embed_share"]},
        "chunk_vectors": ours.get("chunk_vectors", "text"),
        # the chunks' own pass over their text (title line included), beside the sentences'
        "second_pass_tokens": ours["chunk_tokens"] if ours.get("chunk_vectors", "text") == "text" else 0,
    }


def targets(ingest: dict[str, Any], rows: list[dict[str, Any]],
            comparison: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The issue's targets measured in this run, each with its figure and whether it is met."""
    out: list[dict[str, Any]] = []

    def add(name: str, value: float, limit: float, met: bool, at: str) -> None:
        out.append({"target": name, "value": round(value, 3), "limit": limit, "met": met, "at": at})

    if comparison:
        ratio = comparison["ratio_per_chunk"]
        add("ingest ratio (time per chunk, ours / plain llama-index)", ratio, 1.15, ratio <= 1.15,
            f"{comparison['releases']} releases, {comparison['chunks']['ours']} chunks")
    add("embedding share of ingest time", ingest["embed_share"], 0.9, ingest["embed_share"] >= 0.9,
        f"{ingest['chunks']} chunks")
    if not rows:
        return out
    mid = nearest_size(rows, 10_000)
    ask, ref = mid["latency_ms"]["ask"], mid["latency_ms"]["llamaindex"]
    at = f"{mid['chunks']} chunks"
    add("full answer p50 / llama-index retrieval p50", ask["p50"] / ref["p50"], 1.5, ask["p50"] <= 1.5 * ref["p50"], at)
    add("full answer p95 (ms)", ask["p95"], 150, ask["p95"] < 150, at)
    small, large = rows[0], rows[-1]
    if large is not small:
        span = f"{small['chunks']} -> {large['chunks']} chunks"
        for kind in ("ask", "retrieve"):
            for q in ("p50", "p95"):
                growth = large["latency_ms"][kind][q] / small["latency_ms"][kind][q]
                add(f"latency growth, {'full answer' if kind == 'ask' else 'retrieval'} {q}", growth, 2.0,
                    growth < 2.0, span)
    add("unchanged re-ingest (s)", mid["reingest_seconds"], 5.0, mid["reingest_seconds"] < 5.0, at)
    return out


def plot(rows: list[dict[str, Any]], path: Path, title: str) -> None:
    """Latency against store size (left) and where an answer's time goes at each size (right)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["chunks"] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
    series = [("ask", "full extractive answer", "tab:red"), ("retrieve", "retrieval (hybrid)", "tab:blue"),
              ("llamaindex", "llama-index retriever (reference)", "tab:gray")]
    for key, label, colour in series:
        left.plot(sizes, [r["latency_ms"][key]["p50"] for r in rows], "o-", color=colour, label=f"{label}, p50")
        left.plot(sizes, [r["latency_ms"][key]["p95"] for r in rows], "s--", color=colour, alpha=0.6,
                  label=f"{label}, p95")
    left.set_xscale("log")
    left.set_xlabel("chunks in the store")
    left.set_ylabel("latency per question (ms)")
    left.set_ylim(bottom=0)
    left.grid(True, which="both", alpha=0.3)
    left.legend(fontsize=7)
    left.set_title("question latency")
    bottom = [0.0] * len(rows)
    steps = [("query embedding", "tab:green", lambda b: b["embed"]), ("dense", "tab:blue", lambda b: b["dense"]),
             ("BM25", "tab:orange", lambda b: b["bm25"]),
             ("rest of retrieval (sync, fusion)", "tab:purple",
              lambda b: max(0.0, b["fuse"] - b["dense"] - b["bm25"])),
             ("answerer", "tab:red", lambda b: b["answer"])]
    for label, colour, value in steps:
        values = [value(r["breakdown_p50_ms"]) for r in rows]
        right.bar(range(len(rows)), values, bottom=bottom, color=colour, label=label)
        bottom = [b + v for b, v in zip(bottom, values)]
    right.set_xticks(range(len(rows)), [f"{s:,}" for s in sizes])
    right.set_xlabel("chunks in the store")
    right.set_ylabel("p50 per step (ms)")
    right.set_title("where a full answer's time goes (p50 of each step)")
    right.legend(fontsize=7)
    fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def print_report(result: dict[str, Any]) -> None:
    """Part (a)'s figures, part (b)'s table, the p50 per step and the targets, on stdout."""
    a = result["ingest"]
    print()
    print(chroma_header(result))
    print()
    print(f"Part (a) ingest, vectors computed for real (load {a['load_before']} -> {a['load_after']}):")
    print(f"  {a['releases']} releases, {a['chunks']} chunks, {a['sentences']} sentences, "
          f"{a['tokens_embedded']:,} tokens embedded in {a['seconds']:.1f} s")
    print(f"  {a['chunks_per_s']:.2f} chunks/s, {a['tokens_per_s']:.0f} tokens/s "
          f"(embedding alone {a['embed_tokens_per_s']:.0f} tokens/s); "
          f"embedding {100 * a['embed_share']:.1f} % of the ingest time")
    print(f"  unchanged re-ingest: {a['reingest_seconds']:.2f} s ({a['reingest_unchanged']} releases, "
          f"{a['reingest_embedded']} texts embedded)")
    if a.get("server_memory"):
        print(f"  Chroma server at the end of the ingest: {memory_text(a['server_memory'])}")
    if result.get("ingest_comparison"):
        print_ingest_comparison(result["ingest_comparison"], result["ingest_reference"])
    if result["sizes"]:
        print_sizes(result)
    print()
    print("Targets:")
    for t in result["targets"]:
        print(f"  [{'met' if t['met'] else 'NOT met'}] {t['target']}: {t['value']} (limit {t['limit']}; {t['at']})")


def chroma_header(result: dict[str, Any]) -> str:
    """Which Chroma the run measured: embedded, or the bench's server (and where its data is)."""
    server = result.get("chroma_server")
    if not server:
        return "Chroma: embedded (a PersistentClient in each process, on WORK/store/chroma)"
    return (f"Chroma: server {server['url']} (chroma run, data in {server['data_dir']}): every part but the "
            "plain llama-index ingest reference, which ran embedded; disk MB = the server's data folder")


def memory_text(server: dict[str, Any]) -> str:
    """A Chroma server's RSS and peak, as read from /proc."""
    return f"RSS {server['rss_mb']} MB, peak {server['peak_mb']} MB (since {server['peak_since']})"


def print_ingest_comparison(c: dict[str, Any], plain: dict[str, Any]) -> None:
    """Our ingest against plain llama-index's, side by side."""
    print()
    print(f"Ingest, ours against plain llama-index (VectorStoreIndex.from_documents, same embedder, splitter "
          f"and files, Chroma {plain.get('chroma', 'embedded')}; load {plain['load_before']} -> {plain['load_after']}):")
    print(f"  {'':>6} {'seconds':>8} {'chunks':>7} {'ms/chunk':>9} {'texts embedded':>15} {'tokens embedded':>16} "
          f"{'embedding share':>16}")
    for name in ("ours", "plain"):
        print(f"  {name:>6} {c['seconds'][name]:>8.1f} {c['chunks'][name]:>7} {c['ms_per_chunk'][name]:>9.1f} "
              f"{c['texts_embedded'][name]:>15,} {c['tokens_embedded'][name]:>16,} "
              f"{100 * c['embed_share'][name]:>15.1f}%")
    print(f"  ratio ours / plain: {c['ratio_per_chunk']:.2f} per chunk ({c['ratio_total']:.2f} in total), "
          f"{c['tokens_ratio']:.2f} in tokens embedded")
    second = c.get("second_pass_tokens", 0)
    if second:
        print(f"  chunk vectors 'text': the chunks are embedded a second time ({second:,} tokens, "
              f"{100 * second / c['tokens_embedded']['ours']:.0f}% of ours) beside their sentences, because a mean of the "
              "sentence vectors ranks worse on the eval's dev and test splits (README, 'Each token embedded once?'); "
              "ASSISTANT_CHUNK_VECTORS=mean embeds each token once")
    else:
        print(f"  chunk vectors '{c.get('chunk_vectors')}': derived from the sentence vectors, each token embedded once")


def print_sizes(result: dict[str, Any]) -> None:
    """Part (b)'s table and the p50 per step of each size."""
    print()
    print("Part (b) questions against size (ms; ratio = ours / llama-index retriever on the same store):")
    header = (f"{'chunks':>8} {'build s':>8} {'disk MB':>8} {'peak MB':>8} {'retrieve p50/p95':>17} "
              f"{'answer p50/p95':>15} {'llama-index p50/p95':>20} {'ret/ref p50':>11} {'ans/ref p50':>11} "
              f"{'re-ingest s':>11} {'1st ask s':>9} {'load':>5}")
    print(header)
    print("-" * len(header))
    for r in result["sizes"]:
        lat = r["latency_ms"]
        build = r.get("build", {}).get("seconds")
        print(f"{r['chunks']:>8} {build if build is not None else '-':>8} {r['disk_mb']:>8.1f} "
              f"{r['peak_memory_mb']:>8.0f} "
              f"{lat['retrieve']['p50']:>8.1f}/{lat['retrieve']['p95']:<8.1f} "
              f"{lat['ask']['p50']:>7.1f}/{lat['ask']['p95']:<7.1f} "
              f"{lat['llamaindex']['p50']:>10.1f}/{lat['llamaindex']['p95']:<9.1f} "
              f"{lat['retrieve']['p50_ratio']:>11.2f} {lat['ask']['p50_ratio']:>11.2f} "
              f"{r['reingest_seconds']:>11.2f} {r['first_ask_seconds']:>9.2f} {r['load_before'][0]:>5.1f}")
    servers = [r for r in result["sizes"] if r.get("server_memory")]
    if servers:
        print()
        print("Chroma server's memory at each size (the table's peak MB is the measuring process's):")
        for r in servers:
            questions, end = r["server_memory"], r["server_memory_with_reingest"]
            print(f"  {r['chunks']:>8} chunks: peak {questions['peak_mb']} MB over the questions, {end['peak_mb']} MB "
                  f"with the re-ingest (since {end['peak_since']}); RSS at the end {end['rss_mb']} MB")
    print()
    print("p50 per step (ms):  " + "   ".join(
        f"{r['chunks']}: " + ", ".join(f"{k} {v:.1f}" for k, v in r["breakdown_p50_ms"].items())
        for r in result["sizes"]))

