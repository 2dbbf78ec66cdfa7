"""The scale benchmark runs end to end at a tiny size (no timing is asserted)."""

from __future__ import annotations

import json

from eval.bench.__main__ import main
from eval.bench.corpus import CorpusGenerator


def test_bench_runs_at_tiny_sizes(tmp_path):
    out = tmp_path / "out"
    main(["--sizes", "5,40", "--ingest-chunks", "5", "--questions", "3", "--repeats", "1",
                "--out", str(out), "--work", str(tmp_path / "work")])
    result = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    assert (out / "bench.png").stat().st_size > 0
    ingest = result["ingest"]
    assert ingest["chunks"] >= 5 and 0 < ingest["embed_share"] <= 1
    assert ingest["reingest_embedded"] == 0 and ingest["reingest_unchanged"] == ingest["releases"]
    small, large = result["sizes"]
    assert small["chunks"] == ingest["chunks"] and large["chunks"] >= 35
    assert large["build"]["chunks_after"] == large["chunks"]
    for row in result["sizes"]:
        assert set(row["latency_ms"]) == {"retrieve", "ask", "llamaindex"}
        assert row["latency_ms"]["ask"]["n"] == 3
        # the bulk-written releases are indistinguishable from ingested ones: nothing to re-embed
        assert row["reingest_embedded"] == 0 and row["reingest_unchanged"] == row["releases"]
    assert {t["target"] for t in result["targets"]} >= {"full answer p95 (ms)", "unchanged re-ingest (s)"}


def test_synthetic_releases_parse_and_vary():
    from assistant.config import Settings
    from assistant.ingest.parse import parse_text

    generator = CorpusGenerator(Settings(), seed=3)
    texts = [generator.text(i) for i in range(20)]
    assert texts == [generator.text(i) for i in range(20)]  # reproducible
    releases = [parse_text(t, generator.release_id(i)) for i, t in enumerate(texts)]
    assert len({r.title for r in releases}) > 10 and len({r.content_hash for r in releases}) == 20
    assert sum(bool(r.contacts) for r in releases) >= 10
    assert all(generator.chunk_count(i, t) >= 1 for i, t in enumerate(texts))
