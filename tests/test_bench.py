"""The scale and load benchmarks run end to end at a tiny size (no timing is asserted)."""

from __future__ import annotations

import json
import signal
import socket

import pytest

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
    assert result["ingest_comparison"]["chunks"]["plain"] >= 1  # both parts run by default


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


def test_ingest_comparison_reads_the_same_files(tmp_path):
    out = tmp_path / "out"
    result = main(["--parts", "ingest", "--ingest-chunks", "25", "--out", str(out), "--work", str(tmp_path / "work")])
    assert result == json.loads((out / "bench.json").read_text(encoding="utf-8"))
    assert result["sizes"] == [] and not (out / "bench.png").exists()  # only the ingest comparison ran
    ours, plain, compared = result["ingest"], result["ingest_reference"], result["ingest_comparison"]
    assert ours["corpus"] == plain["corpus"] and plain["corpus"]["files"] >= 7
    assert ours["seconds"] > 0 and plain["seconds"] > 0
    # the same splitter at the same size over the same files: about as many chunks on each side
    assert abs(ours["chunks"] - plain["chunks"]) <= max(2, 0.15 * ours["chunks"])
    assert plain["texts_embedded"] == plain["chunks"]  # plain llama-index embeds each chunk once
    assert ours["tokens_embedded"] > 0 and plain["tokens_embedded"] > 0
    ratio = (ours["seconds"] / ours["chunks"]) / (plain["seconds"] / plain["chunks"])
    assert abs(compared["ratio_per_chunk"] - ratio) < 0.01
    target = next(t for t in result["targets"] if t["target"].startswith("ingest ratio"))
    assert target["limit"] == 1.15 and target["met"] == (compared["ratio_per_chunk"] <= 1.15)
    # the default embeds the chunks a second time beside their sentences: the bench says how much
    assert compared["chunk_vectors"] == "text"
    assert 0.3 * ours["tokens_embedded"] < compared["second_pass_tokens"] < 0.7 * ours["tokens_embedded"]


def test_load_sessions_ask_follow_ups_with_their_history():
    from eval.bench.load import session_questions

    pool = [f"q{i}" for i in range(10)]
    plan = session_questions(pool, 3, 4)
    assert plan == [["q0", "q1", "q2", "q3"], ["q3", "q4", "q5", "q6"], ["q6", "q7", "q8", "q9"]]
    assert session_questions(pool, 1, 12)[0][10:] == ["q0", "q1"]  # wraps around the pool


def test_load_bench_stays_offline():
    import socket

    from eval.bench.load import local_only

    original = socket.getaddrinfo
    with local_only({"127.0.0.1"}) as outside:
        assert socket.getaddrinfo("127.0.0.1", 80)
        with pytest.raises(socket.gaierror):
            socket.getaddrinfo("huggingface.co", 443)
    assert outside == ["huggingface.co"]
    assert socket.getaddrinfo is original


def test_load_bench_against_the_page(shipped_store, tmp_path):
    out = tmp_path / "load.json"
    result = main(["load", "--sessions", "2", "--questions", "3", "--store", str(shipped_store), "--out", str(out)])
    assert result == json.loads(out.read_text(encoding="utf-8"))
    assert result["requests"] == 6 and result["answered"] + result["errors"] == result["requests"]
    assert result["errors"] == 0 and result["error_messages"] == []
    assert result["followups"] == 2  # the second question of each session carries its history
    assert result["cited"] >= 3 and result["outside_hosts"] == []
    lat = result["latency_s"]
    assert 0 < lat["p50"] <= lat["p95"] <= lat["max"] and result["throughput_qps"] > 0
    assert result["server"]["exit"] in (0, -signal.SIGTERM)  # stopped by SIGTERM, not killed


def test_bench_against_a_chroma_server(tmp_path):
    out, work = tmp_path / "out", tmp_path / "work"
    result = main(["--parts", "sizes", "--ingest-chunks", "30", "--sizes", "30", "--questions", "2", "--repeats", "1",
                   "--chroma-server", "--out", str(out), "--work", str(work)])
    assert result == json.loads((out / "bench.json").read_text(encoding="utf-8"))
    url = result["chroma"]
    assert url.startswith("http://127.0.0.1:") and result["chroma_server"]["url"] == url
    assert result["ingest"]["chroma"] == url and result["ingest_reference"] is None
    (row,) = result["sizes"]
    assert row["chroma"] == url and row["llamaindex_reads"] == f"chunks @ {url}/api/v2"
    assert row["reingest_embedded"] == 0 and row["reingest_unchanged"] == row["releases"]
    assert row["server_memory"]["peak_mb"] > 0 and row["disk_mb"] > 0
    # everything went to the server's data folder, nothing to an embedded store
    assert any((work / "chroma-server").iterdir()) and not (work / "store" / "chroma").exists()
    with pytest.raises(OSError):  # the server is stopped at the end
        socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=1)
