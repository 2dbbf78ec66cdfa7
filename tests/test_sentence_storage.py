"""Sentences stored with their chunks: read without a search over every sentence, a
question reads only the records it touches, older stores upgraded in place, and a running
process sees another process's ingest, killed ingest and removal correctly, on an embedded
store and on a Chroma server."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import CARIBBEAN, ENV, SHIPPED, copy_releases, open_service
from test_reliability import write_programmes
from test_server import server  # noqa: F401  (the Chroma server fixture)

from assistant.config import Settings
from assistant.index import chunks as chunk_records
from assistant.index.catalogue import Catalogue
from assistant.index.chroma import LEGACY_SENTENCES
from assistant.service import AssistantService

QUESTION = "Qui finance la campagne de sensibilisation dans les Caraïbes ?"


def test_the_sentences_of_a_chunk_come_from_its_record_with_their_vectors(service):
    store = service.store
    names = {c.name for c in store.chroma.client.list_collections()}
    assert names == {"chunks", "releases"}  # no collection of sentences for Chroma to load whole
    chunks = service.retrieve(QUESTION)[1]
    sentences = store.sentences_of(c.id for c in chunks)
    assert sentences
    for chunk in chunks:  # every sentence each chunk covers, at its place in the release
        text = store.release_text(chunk.release_id)
        for sid in chunk.sentence_ids():
            quote, meta, _ = sentences[sid]
            assert quote == text[meta["start"] : meta["end"]] and meta["release_id"] == chunk.release_id
    texts = [quote for quote, _, _ in sentences.values()]
    stored = np.stack([vector for _, _, vector in sentences.values()])
    embedded = store.embedder.passage_vectors(texts)
    assert np.abs(stored - embedded).max() < 2e-3  # float16 of the sentence's own e5 vector


def test_a_question_in_a_fresh_process_reads_only_the_records_it_needs(service, monkeypatch):
    def read_all(self):
        raise AssertionError("a question read every release record")

    fresh = open_service(service.settings.store_dir)  # another process: nothing cached
    monkeypatch.setattr(Catalogue, "all", read_all)
    answer = fresh.ask(QUESTION)
    assert answer.citations[0].release_id == CARIBBEAN
    assert fresh.store.records.count() == 5


def _make_legacy(service: AssistantService) -> dict[str, list]:
    """Turn a store into the layout of older versions: sentences in a collection of their own,
    chunk records without them. Returns what the chunks carried."""
    chroma = service.store.chroma
    got = chroma.chunks.get(include=["metadatas", "documents", "embeddings"])
    texts = service.store.release_texts({m["release_id"] for m in got["metadatas"]})
    old = chroma.client.create_collection(LEGACY_SENTENCES, embedding_function=None,
                                          configuration={"hnsw": {"space": "cosine"}})
    rows = {}
    for meta in got["metadatas"]:
        for sid, _, sentence_meta, vector in chunk_records.chunk_sentences(meta, texts[meta["release_id"]]):
            rows[sid] = (sentence_meta | {"content_hash": meta["content_hash"]}, vector)
    old.add(ids=list(rows), embeddings=[v.tolist() for _, v in rows.values()], metadatas=[m for m, _ in rows.values()])
    kept = {cid: [m[chunk_records.SENTENCE_SPANS], m[chunk_records.SENTENCE_VECTORS]]
            for cid, m in zip(got["ids"], got["metadatas"])}
    chroma.chunks.delete(ids=got["ids"])
    chroma.chunks.add(ids=got["ids"], embeddings=got["embeddings"], documents=got["documents"],
                      metadatas=[{k: v for k, v in m.items() if k not in chunk_records.NOT_COPIED}
                                 for m in got["metadatas"]])
    return kept


def test_a_store_with_a_sentence_collection_is_upgraded_in_place_without_embedding(tmp_path, monkeypatch):
    store = tmp_path / "store"
    copy_releases(store / "releases")
    before = AssistantService.open(Settings.from_env().replace(store_dir=store))
    expected = before.ask(QUESTION)
    kept = _make_legacy(before)

    from assistant.index.embedding import E5Embedding

    monkeypatch.setattr(E5Embedding, "passage_vectors", lambda *_: pytest.fail("the upgrade embedded again"))
    after = AssistantService.open(Settings.from_env().replace(store_dir=store))
    assert {c.name for c in after.store.chroma.client.list_collections()} == {"chunks", "releases"}
    got = after.store.chroma.chunks.get(include=["metadatas"])
    for cid, meta in zip(got["ids"], got["metadatas"]):
        assert meta[chunk_records.SENTENCE_SPANS] == kept[cid][0]
        assert np.array_equal(chunk_records.unpack_vectors(meta[chunk_records.SENTENCE_VECTORS], 384),
                              chunk_records.unpack_vectors(kept[cid][1], 384))
    assert after.ask(QUESTION).to_dict() == expected.to_dict()


# --------------------------------------------------------------------------- other processes


def _variants(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(n):  # distinct texts: each needs its own embeddings
        text = (SHIPPED / "000_28533a0da6088d55.txt").read_text(encoding="utf-8")
        (folder / f"v{i:03d}.txt").write_text(text + f"\nNote de la rédaction numéro {i}.\n", encoding="utf-8")
    return folder


def _cli(store: Path, url: str | None, *args: str) -> list[str]:
    return [sys.executable, "-m", "assistant.cli", *args, "--store", str(store), *(["--chroma-url", url] if url else [])]


def _kill_after(cmd: list[str], done: bytes) -> None:
    """Run ``cmd`` and kill -9 it once its progress bar shows ``done``."""
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=ENV)
    seen, deadline = b"", time.monotonic() + 240
    while done not in seen and time.monotonic() < deadline:
        byte = proc.stderr.read(1)
        if not byte:
            break
        seen += byte
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert done in seen, seen.decode(errors="replace")[-500:]


@pytest.mark.parametrize("where", ["embedded", "server"])
def test_a_running_process_sees_an_ingest_a_killed_ingest_and_a_removal(where, tmp_path, request):
    url = request.getfixturevalue("server").url if where == "server" else None
    store = tmp_path / "store"
    settings = Settings.from_env().replace(store_dir=store, chroma_url=url)
    running = AssistantService(settings)
    running.ingest([write_programmes(tmp_path / "first", range(0, 3))])
    assert running.ask("Qui finance le programme Zorblax001 ?").citations[0].release_id == "z001"

    # another process ingests: the running one answers from its releases at the next question
    done = subprocess.run(_cli(store, url, "ingest", str(write_programmes(tmp_path / "second", range(3, 6)))),
                          capture_output=True, text=True, env=ENV, timeout=300)
    assert done.returncode == 0, done.stderr
    a = running.ask("Qui finance le programme Zorblax004 ?")
    assert {c.release_id for c in a.citations} == {"z004"}  # every quote from the new release

    # another ingest killed midway: nothing of it is seen, everything before still answers
    _kill_after(_cli(store, url, "ingest", str(_variants(tmp_path / "third", 8))), b" 2/8")
    assert {r.id for r in running.releases()} == {f"z{n:03d}" for n in range(6)}
    assert running.ask("Qui finance le programme Zorblax005 ?").citations[0].release_id == "z005"
    assert all(not c.release_id.startswith("v") for c in running.ask("Combien de victimes en Indonésie ?").citations)

    # another process removes a release: the running one stops citing it, BM25 side included
    done = subprocess.run(_cli(store, url, "remove", "z004"), capture_output=True, text=True, env=ENV, timeout=300)
    assert done.returncode == 0, done.stderr
    assert all(c.release_id != "z004" for c in running.ask("Qui finance le programme Zorblax004 ?").citations)
    assert "z004" not in {h.release_id for h in running.retriever.bm25("Zorblax004")}
    assert "z004" not in {r.id for r in running.releases()}
    # and once the killed ingest is run again, its releases answer too
    done = subprocess.run(_cli(store, url, "ingest", str(tmp_path / "third")), capture_output=True, text=True,
                          env=ENV, timeout=300)
    assert done.returncode == 0, done.stderr
    assert len(running.releases()) == 5 + 8
